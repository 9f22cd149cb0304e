package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console's new views with the keyboard alone: on each role's page the focus is walked with Tab
 * from the top to a new form, every control it passes showing its focus, and the form is filled in
 * and sent from the keyboard. Screenshots: target/screenshots/keyboard-*.png.
 */
class ConsoleKeyboardBrowserTest extends ConsoleBrowser {
  @Test
  void each_roles_new_forms_are_reached_filled_in_and_sent_with_the_keyboard_alone() throws Exception {
    String submitted = gateway.submitted();
    String issued = gateway.issued(); // moves the ledger's clock past its notice, so the next notice starts after it
    String inNotice = gateway.inNotice().path("regNo").asText();
    String checkNo = gateway.post("exchange", "/registrations/" + issued + "/listing-checks", Json.mapper().createObjectNode())
        .path("checkNo").asText();

    // A holder withdraws an application.
    signIn(gateway.identity("holder"));
    keys("#withdraw-abandon [name=regNo]", submitted);
    keys("#withdraw-abandon [name=reason]", "不再申请登记");
    send("#withdraw-abandon button[data-action=withdrawal]", "keyboard-holder-withdrawn.png");
    assertThat(read(gateway, "/api/v1/registrations/" + submitted).path("effectiveStatus").asText()).isEqualTo("WITHDRAWN");

    // Carol raises an objection.
    signIn(gateway.identity("stranger"));
    keys("#raise-objection [name=regNo]", inNotice);
    keys("#raise-objection [name=grounds]", "数据来源存疑");
    keys("#raise-objection [name=evidence]", "举报材料 1 份");
    send("#raise-objection button[data-action=raise-objection]", "keyboard-objector.png");
    assertThat(read(gateway, "/api/v1/registrations/" + inNotice).path("effectiveStatus").asText()).isEqualTo("OBJECTION_PENDING");

    // The exchange saves a listing-check voucher.
    signIn(gateway.identity("exchange"));
    keys("#listing-voucher [name=checkNo]", checkNo);
    send("#listing-voucher button[data-action=download-listing-voucher]", "keyboard-exchange-voucher.png");
    assertThat(new String(downloaded(browser.findElement(By.id("listing-voucher"))), StandardCharsets.UTF_8)).contains(checkNo);

    // The registrar runs the sweep.
    signIn(gateway.identity("registrar"));
    send("#sweep button[data-action=sweep]", "keyboard-registrar-sweep.png");

    // The regulator suspends a registration, then shows the period's report.
    signIn(gateway.identity("regulator"));
    keys("#standing [name=regNo]", issued);
    keys("#standing [name=reason]", "监管调查");
    send("#standing button[data-action=suspension]", null);
    assertThat(read(gateway, "/api/v1/registrations/" + issued).path("effectiveStatus").asText()).isEqualTo("SUSPENDED");
    String today = gateway.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    chromium.tabTo("#period-report [name=period]");
    chromium.press(Keys.END);
    chromium.press(Keys.BACK_SPACE.toString().repeat(12)); // the quarter the page starts with
    chromium.press(today.substring(0, 7));
    send("#period-report button[data-action=show-report]", "keyboard-regulator-report.png");
    assertThat(browser.findElements(By.cssSelector("#report-charts figure"))).isNotEmpty();

    // The registry admin enters a registrar in the role table.
    signIn(gateway.identity("admin"));
    keys("#grant-role [name=msp]", "RegistryMSP");
    keys("#grant-role [name=id]", "CN=registrar-2,OU=registrar");
    send("#grant-role button[data-action=grant-role]", "keyboard-admin-role.png");
    JsonNode roles = Json.mapper().readTree(gateway.get("admin", "/api/v1/roles").body());
    assertThat(roles.findValuesAsText("id")).contains("CN=registrar-2,OU=registrar");
  }

  /** Tabs to the field {@code css} names and types {@code text} into it. */
  private static void keys(String css, String text) {
    chromium.tabTo(css);
    chromium.press(text);
  }

  /** Tabs to the button {@code css} names, presses Enter and expects its form's outcome done; takes a screenshot if named. */
  private static void send(String css, String screenshot) throws Exception {
    chromium.tabTo(css);
    chromium.press(Keys.ENTER);
    WebElement form = browser.findElement(By.cssSelector(css)).findElement(By.xpath(".."));
    done(form);
    if (screenshot != null) {
      chromium.screenshot(screenshot);
    }
  }
}

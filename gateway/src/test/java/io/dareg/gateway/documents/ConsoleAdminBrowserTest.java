package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.ledger.SignedAuditReport;
import io.dareg.core.log.SignedNote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Every role's view of the console checked with axe-core and shown on a desktop and a phone, keyboard
 * use of the main flow, and the registry admin's page: settings, the calendar with its warning and
 * next year's record, the log's witnesses. Screenshots go to target/screenshots/.
 */
class ConsoleAdminBrowserTest extends ConsoleBrowser {
  @Test
  void every_roles_view_of_the_console_passes_axe_core_and_is_shown_on_a_desktop_and_a_phone() throws Exception {
    String regNo = gateway.issueCertificate().path("payload").path("regNo").asText();
    gateway.inNotice();
    gateway.submitted();

    browser.get(gateway.base() + "/console.html");
    chromium.until(d -> d.findElement(By.id("sign-in-button")).isDisplayed());
    shown("console-sign-in");
    Path holder = gateway.identity("holder");
    choose(holder.resolve("cert.pem"), gateway.identity("registrar").resolve("key.pem"));
    error();
    shown("console-sign-in-refused");

    // The registry's administrator (the dev identities' admin), then each role.
    for (String role : List.of("admin", "registrar", "reviewer", "holder", "exchange", "regulator")) {
      signIn(gateway.identity(role));
      shown("console-" + role);
    }
    // The regulator's search results, then one registration with its timeline.
    WebElement search = browser.findElement(By.id("search"));
    new Select(search.findElement(By.name("status"))).selectByValue("ISSUED");
    search.findElement(By.cssSelector("button[data-action=search]")).click();
    outcome(search);
    shown("console-regulator-search-results");
    browser.get(gateway.base() + "/console.html#registration/" + regNo);
    chromium.until(d -> d.findElements(By.cssSelector("#registration[data-reg-no='" + regNo + "']")).isEmpty() ? null : true);
    shown("console-regulator-registration");
  }

  @Test
  void a_holder_signs_in_records_a_delivery_and_checks_a_certificate_with_the_keyboard_alone() throws Exception {
    try (RunningGateway fresh = new RunningGateway()) {
      String regNo = fresh.issued();
      String certNo = fresh.post("registrar", "/registrations/" + regNo + "/certificates", Json.mapper().createObjectNode())
          .path("payload").path("certNo").asText();
      String tradeNo = fresh.licence(regNo);
      Path holder = fresh.identity("holder");
      browser.get(fresh.base() + "/console.html");

      // A file input opens the system's file chooser on Enter; WebDriver's upload stands in for that dialog.
      chromium.tabTo("#certificate-file");
      browser.switchTo().activeElement().sendKeys(holder.resolve("cert.pem").toAbsolutePath().toString());
      chromium.tabTo("#key-file");
      browser.switchTo().activeElement().sendKeys(holder.resolve("key.pem").toAbsolutePath().toString());
      chromium.tabTo("#sign-in-button");
      chromium.screenshot("keyboard-sign-in.png");
      chromium.press(Keys.ENTER);
      chromium.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-signed-in")));
      chromium.loaded();

      // The seller records the delivery of the trade, field by field.
      chromium.tabTo("#deliver [name=tradeNo]");
      chromium.press(tradeNo);
      chromium.tabTo("#deliver [name=scenario]");
      chromium.press("信用评估");
      chromium.tabTo("#deliver [name=payloadRoot]");
      String root = RunningGateway.h("payload by keyboard");
      chromium.press(root);
      chromium.tabTo("#deliver [name=size]");
      chromium.press("4096");
      chromium.tabTo("#deliver [name=parts]");
      chromium.press("1");
      chromium.tabTo("#deliver button[data-action=deliver]");
      chromium.press(Keys.SPACE);
      WebElement done = outcome(browser.findElement(By.id("deliver")));
      chromium.screenshot("keyboard-delivery.png");
      assertThat(done.getAttribute("data-outcome")).as(done.getText()).isEqualTo("done");
      JsonNode deliveries = Json.mapper().readTree(fresh.get("regulator", "/api/v1/trades/" + tradeNo).body()).path("deliveries");
      assertThat(deliveries).hasSize(1);
      assertThat(deliveries.get(0).path("payloadRoot").asText()).isEqualTo(root);

      // Back up to the statement, and from its certificate to the public check.
      chromium.tabBackTo("#holdings a[href='verify.html?cert=" + certNo + "']");
      chromium.press(Keys.ENTER);
      WebElement verdict = chromium.until(d -> {
        WebElement o = d.findElement(By.id("outcome"));
        return o.getAttribute("data-valid") != null ? o : null;
      });
      assertThat(verdict.getAttribute("data-valid")).isEqualTo("true");

      // The verify page by number, from the keyboard.
      browser.get(fresh.base() + "/verify.html");
      chromium.tabTo("#number-text");
      chromium.press(regNo);
      chromium.tabTo("#number-button");
      chromium.press(Keys.ENTER);
      chromium.until(d -> "true".equals(d.findElement(By.id("outcome")).getAttribute("data-valid")));
      chromium.screenshot("keyboard-verify.png");
      assertThat(browser.findElement(By.id("summary")).getText()).contains(certNo);
    }
  }

  @Test
  void the_registry_admin_sees_the_settings_and_is_warned_when_the_calendar_ends_within_60_days() throws Exception {
    // A gateway of its own: its clock moves to the calendar's last month, where the others' deadlines would be refused.
    try (RunningGateway fresh = new RunningGateway()) {
      signIn(fresh, fresh.identity("admin"));
      WebElement page = browser.findElement(By.id("registry-admin"));
      assertThat(page.getText()).contains("天津数据资产登记中心", "RegistryMSP", "TJ-DIP", "工作日历", "Working-day calendar", "尚未指定见证方");
      assertThat(browser.findElements(By.id("calendar-warning"))).as("a calendar that covers the year ahead").isEmpty();

      int lastYear = Json.mapper().readTree(fresh.get("admin", "/api/v1/calendar").body()).path("lastYear").asInt();
      fresh.at(Instant.parse(lastYear + "-12-01T02:00:00Z"));
      signIn(fresh, fresh.identity("admin"));
      WebElement warning = browser.findElement(By.id("calendar-warning"));
      assertThat(warning.getText()).contains(lastYear + "-12-31", "不足 60 天", "dareg calendar set " + (lastYear + 1), "less than 60");
      shown("console-admin-calendar-warning");
    }
  }

  @Test
  void the_registry_admin_records_next_years_calendar_and_names_the_logs_witnesses() throws Exception {
    try (RunningGateway fresh = new RunningGateway()) {
      int next = Json.mapper().readTree(fresh.get("admin", "/api/v1/calendar").body()).path("lastYear").asInt() + 1;
      LocalDate saturday = LocalDate.of(next, 10, 1).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
      signIn(fresh, fresh.identity("admin"));
      WebElement form = browser.findElement(By.id("calendar-year"));

      // A weekday listed as a swapped working day is refused in words, naming the line; nothing is recorded.
      type(form, "calendar", "year " + next + "\nsource 测试\n" + saturday.minusDays(1) + " workday\n");
      form.findElement(By.cssSelector("button[data-action=record-calendar]")).click();
      WebElement refused = outcome(form);
      assertThat(refused.getAttribute("data-outcome")).isEqualTo("refused");
      assertThat(refused.getText()).contains("第 3 行", "Line 3", "Saturday or Sunday");
      assertThat(read(fresh, "/api/v1/calendar").path("lastYear").asInt()).isEqualTo(next - 1);

      String text = "# 国务院办公厅关于" + next + "年部分节假日安排的通知（测试用）\nyear " + next + "\nsource 国办发明电（测试）\n"
          + next + "-01-01 holiday\n" + next + "-10-01/" + next + "-10-07 holiday\n" + saturday.plusWeeks(1) + " workday\n";
      form.findElement(By.id("calendar-file")).sendKeys(Files.writeString(Files.createTempFile("calendar", ".txt"), text).toAbsolutePath().toString());
      chromium.until(d -> form.findElement(By.name("calendar")).getAttribute("value").contains("国办发明电") ? true : null);
      form.findElement(By.cssSelector("button[data-action=record-calendar]")).click();
      chromium.until(d -> "done".equals(form.findElement(By.className("outcome")).getAttribute("data-outcome")) ? true : null);
      assertThat(form.findElement(By.className("outcome")).getText()).contains("已记录 " + next, "8", "1");
      JsonNode calendar = read(fresh, "/api/v1/calendar");
      assertThat(calendar.path("lastYear").asInt()).isEqualTo(next);
      assertThat(calendar.path("recorded").get(0).path("holidays")).hasSize(8);
      assertThat(calendar.path("recorded").get(0).path("source").asText()).isEqualTo("国办发明电（测试）");

      // Two witnesses, one of which must cosign.
      java.security.SecureRandom random = new java.security.SecureRandom();
      String exchangeKey = SignedNote.Signer.generate("exchange.example/witness", SignedNote.COSIGNATURE_V1, random).verifier().toString();
      String regulatorKey = SignedNote.Signer.generate("regulator.example/witness", SignedNote.COSIGNATURE_V1, random).verifier().toString();
      WebElement witnesses = browser.findElement(By.id("set-witnesses"));
      type(witnesses, "keys", exchangeKey + "\n" + regulatorKey);
      type(witnesses, "quorum", "1");
      witnesses.findElement(By.cssSelector("button[data-action=set-witnesses]")).click();
      assertThat(done(witnesses).getText()).contains("2 个见证方", "1 must cosign");
      JsonNode settings = read(fresh, "/api/v1/settings");
      assertThat(settings.path("logWitnesses")).extracting(JsonNode::asText).containsExactly(exchangeKey, regulatorKey);
      assertThat(settings.path("logWitnessQuorum").asInt()).isEqualTo(1);

      signIn(fresh, fresh.identity("admin"));
      assertThat(browser.findElement(By.id("witnesses")).getText()).contains("exchange.example/witness", "regulator.example/witness");
      shown("console-admin-recorded");
    }
  }

  @Test
  void the_registry_admin_audits_backs_up_reads_the_audit_log_and_the_witnessed_log_and_is_shown_how_to_restore() throws Exception {
    try (RunningGateway fresh = new RunningGateway(true)) {
      fresh.issued();
      // The dev witness cosigns every 200 ms: wait for a witnessed checkpoint, as the page would show one.
      chromium.until(d -> {
        try {
          return fresh.get("admin", "/api/v1/log/checkpoint/witnessed").statusCode() == 200 ? true : null;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      signIn(fresh, fresh.identity("admin"));

      // The audit: the chain verified, the node key's signature checked in the page; the saved report checks as dareg ledger check-report does.
      WebElement audit = browser.findElement(By.id("ledger-audit"));
      click(audit, "audit-ledger");
      WebElement audited = done(audit).findElement(By.cssSelector("[data-audit]"));
      assertThat(audited.getAttribute("data-audit")).isEqualTo("valid");
      assertThat(audited.getAttribute("data-signature")).isEqualTo("verified");
      assertThat(audit.getText()).contains("签名有效", "signature verifies", "Blocks");
      WebElement reportFile = browser.findElement(By.id("audit-report-file"));
      click(reportFile, "save-audit");
      JsonNode report = Json.mapper().readTree(downloaded(reportFile));
      Signatures signatures = new Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider());
      SignedAuditReport.Check check = SignedAuditReport.check(signatures, report, List.of());
      assertThat(check.valid()).as(check.detail()).isTrue();

      // The backup: the block file and the node key, which audit as dareg ledger verify --data would.
      WebElement backup = browser.findElement(By.id("ledger-backup"));
      click(backup, "backup-ledger");
      byte[] blocks = downloaded(backup);
      long announced = Long.parseLong(backup.findElement(By.cssSelector("[data-blocks]")).getAttribute("data-blocks"));
      WebElement keyFile = browser.findElement(By.id("node-key-file"));
      click(keyFile, "save-node-key");
      java.security.PublicKey nodeKey = signatures.publicKeyFromPem(new String(downloaded(keyFile), java.nio.charset.StandardCharsets.UTF_8));
      ChainAudit.Report copy = new ChainAudit(signatures, nodeKey).audit(Files.write(Files.createTempFile("blocks", ".dat"), blocks));
      assertThat(copy.valid()).as("%s", copy.finding()).isTrue();
      assertThat(copy.blocks()).isEqualTo(announced).isPositive();
      assertThat(copy.headHash()).isEqualTo(report.path("report").path("audit").path("headHash").asText());

      // Restoring works on a stopped gateway: the page says so and shows the commands.
      assertThat(browser.findElement(By.id("ledger-restore")).getText()).contains("网关停止", "cannot run from this page",
          "dareg ledger restore BACKUP-FOLDER --data DATA-DIR");

      // The request audit log, newest first, its chain intact; it holds the audit just made.
      WebElement log = browser.findElement(By.id("audit-log"));
      type(log, "limit", "20");
      click(log, "read-audit-log");
      WebElement chain = done(log).findElement(By.cssSelector("[data-chain]"));
      assertThat(chain.getAttribute("data-chain")).isEqualTo("valid");
      assertThat(log.findElements(By.cssSelector("#audit-entries tbody tr"))).hasSizeBetween(1, 20);
      assertThat(log.findElements(By.cssSelector("#audit-entries tr[data-operation=auditLedger]"))).isNotEmpty();

      // The transparency log: its size, the witnessed checkpoint and the dev witness that cosigned it.
      WebElement status = browser.findElement(By.id("log-status"));
      click(status, "log-status");
      WebElement sizes = done(status).findElement(By.cssSelector("[data-log-size]"));
      assertThat(Long.parseLong(sizes.getAttribute("data-log-size"))).isPositive();
      assertThat(sizes.getAttribute("data-witnessed-size")).isNotEmpty();
      assertThat(status.getText()).contains("联署见证方", "Quorum", "1 / 1");
      shown("console-admin-ledger");

      // A regulator audits and reads the audit log; backing up and restoring are the registry admin's.
      signIn(fresh, fresh.identity("regulator"));
      assertThat(browser.findElements(By.id("ledger-backup"))).isEmpty();
      assertThat(browser.findElements(By.id("ledger-restore"))).isEmpty();
      WebElement regulatorAudit = browser.findElement(By.id("ledger-audit"));
      click(regulatorAudit, "audit-ledger");
      assertThat(done(regulatorAudit).findElement(By.cssSelector("[data-signature]")).getAttribute("data-signature")).isEqualTo("verified");
      WebElement regulatorLog = browser.findElement(By.id("audit-log"));
      click(regulatorLog, "read-audit-log");
      assertThat(done(regulatorLog).findElement(By.cssSelector("[data-chain]")).getAttribute("data-chain")).isEqualTo("valid");
      shown("console-regulator-ledger");
    }
  }

  @Test
  void the_regulator_reads_the_supervision_feed_with_the_alert_of_a_revoked_certificate() throws Exception {
    try (RunningGateway fresh = new RunningGateway()) {
      String regNo = fresh.issued();
      fresh.revoke(regNo);
      signIn(fresh, fresh.identity("regulator"));
      WebElement feed = browser.findElement(By.id("supervision-feed"));
      type(feed, "from", "0");
      click(feed, "read-feed");
      WebElement counted = done(feed).findElement(By.cssSelector("[data-acts]"));
      assertThat(Integer.parseInt(counted.getAttribute("data-acts"))).isGreaterThan(5);
      assertThat(Integer.parseInt(counted.getAttribute("data-alerts"))).isPositive();
      assertThat(feed.findElement(By.cssSelector("#supervision-alerts tr[data-kind=certificate-revoked][data-subject='" + regNo + "']")).getText())
          .contains("(2026)津01");
      assertThat(feed.findElements(By.cssSelector("#supervision-acts tr[data-operation=revoke]"))).hasSize(1);
      shown("console-regulator-supervision");
      // Any other role is refused the feed by the gateway; the console offers it to regulators only.
      signIn(fresh, fresh.identity("registrar"));
      assertThat(browser.findElements(By.id("supervision-feed"))).isEmpty();
    }
  }

  @Test
  void a_regulator_uses_the_new_views_with_the_keyboard_alone() throws Exception {
    try (RunningGateway fresh = new RunningGateway()) {
      fresh.issued();
      signIn(fresh, fresh.identity("regulator"));
      // Each button reached with Tab (its focus visible on the way) and pressed with Enter.
      for (String[] view : new String[][] {{"account-list", "list-accounts"}, {"ledger-audit", "audit-ledger"}, {"audit-log", "read-audit-log"},
          {"log-status", "log-status"}, {"supervision-feed", "read-feed"}}) {
        chromium.tabTo("#" + view[0] + " button[data-action=" + view[1] + "]");
        chromium.press(Keys.ENTER);
        assertThat(done(browser.findElement(By.id(view[0]))).getAttribute("data-outcome")).as(view[0]).isEqualTo("done");
      }
      chromium.screenshot("keyboard-regulator-new-views.png");
    }
  }

  @Test
  void the_registrar_and_the_regulator_list_every_account_open_and_closed() throws Exception {
    try (RunningGateway fresh = new RunningGateway()) {
      String closing = fresh.post("registrar", "/accounts", io.dareg.gateway.TestRequests.account("戊公司", "EnterpriseMSP", "CN=erin"))
          .path("accountId").asText();
      fresh.post("registrar", "/accounts/" + closing + "/closure", Json.mapper().createObjectNode());
      for (String role : List.of("registrar", "regulator")) {
        signIn(fresh, fresh.identity(role));
        WebElement list = browser.findElement(By.id("account-list"));
        click(list, "list-accounts");
        WebElement counted = done(list).findElement(By.cssSelector("[data-accounts]"));
        assertThat(Integer.parseInt(counted.getAttribute("data-accounts"))).isGreaterThanOrEqualTo(2);
        WebElement closed = list.findElement(By.cssSelector("#accounts tr[data-account-id='" + closing + "']"));
        assertThat(closed.getAttribute("data-open")).isEqualTo("false");
        assertThat(closed.getText()).contains("戊公司", "已关闭", "EnterpriseMSP CN=erin");
        assertThat(list.findElements(By.cssSelector("#accounts tr[data-open=true]"))).isNotEmpty();
        shown("console-" + role + "-account-list");
      }
    }
  }

  @Test
  void the_registry_admin_keeps_the_role_table_prohibited_list_and_terms_and_the_registrar_opens_and_closes_an_account() throws Exception {
    String regNo = gateway.issued();
    gateway.post("registrar", "/registrations/" + regNo + "/certificates", Json.mapper().createObjectNode());

    signIn(gateway.identity("admin"));
    assertThat(browser.findElement(By.cssSelector("#roles tr[data-identity='ReviewMSP CN=reviewer-1,OU=reviewer']")).getAttribute("data-role"))
        .isEqualTo("REVIEWER");
    WebElement grant = browser.findElement(By.id("grant-role"));
    type(grant, "msp", "ExchangeMSP");
    type(grant, "id", "CN=exchange-2,OU=exchange");
    new Select(grant.findElement(By.name("role"))).selectByValue("EXCHANGE");
    click(grant, "grant-role");
    done(grant);
    assertThat(read(gateway, "admin", "/api/v1/roles").findValuesAsText("id")).contains("CN=exchange-2,OU=exchange");
    signIn(gateway.identity("admin"));
    browser.findElement(By.cssSelector("#roles tr[data-identity='ExchangeMSP CN=exchange-2,OU=exchange'] button[data-action=remove-role]")).click();
    done(browser.findElement(By.id("grant-role")));
    assertThat(read(gateway, "admin", "/api/v1/roles").findValuesAsText("id")).doesNotContain("CN=exchange-2,OU=exchange");

    WebElement prohibited = browser.findElement(By.id("prohibited-list"));
    type(prohibited, "regNos", regNo);
    type(prohibited, "basis", "津数据〔2026〕5 号");
    click(prohibited, "set-prohibited-list");
    assertThat(done(prohibited).findElement(By.cssSelector("[data-prohibited]")).getAttribute("data-prohibited")).isEqualTo("1");
    WebElement terms = browser.findElement(By.id("public-terms"));
    type(terms, "fees", "首次登记 | 免费 | 津发改价〔2024〕1 号\n变更登记 | 200 元 | 同上");
    type(terms, "operatingRules", "登记申请应于工作日提交。");
    click(terms, "set-public-terms");
    done(terms);
    shown("console-admin-roles-terms");
    JsonNode fees = Json.mapper().readTree(gateway.get("/api/v1/public/fees").body());
    assertThat(fees.path("fees").findValuesAsText("amount")).containsExactly("免费", "200 元");
    assertThat(fees.path("operatingRules").asText()).isEqualTo("登记申请应于工作日提交。");

    // The exchange's listing check now finds the asset on the prohibited list.
    signIn(gateway.identity("exchange"));
    WebElement check = browser.findElement(By.id("listing-check"));
    type(check, "regNo", regNo);
    click(check, "listing-check");
    assertThat(done(check).findElement(By.cssSelector("[data-listable]")).getAttribute("data-listable")).isEqualTo("false");

    signIn(gateway.identity("registrar"));
    WebElement open = browser.findElement(By.id("open-account"));
    type(open, "name", "丁数据有限公司");
    type(open, "creditCode", "91120000MA0000001X");
    type(open, "members", "dave");
    click(open, "open-account");
    assertThat(outcome(open).getText()).contains("第 1 行", "Line 1");
    type(open, "members", "EnterpriseMSP CN=dave,OU=holder");
    click(open, "open-account");
    String accountId = done(open).findElement(By.cssSelector("[data-account-id]")).getAttribute("data-account-id");
    assertThat(read(gateway, "/api/v1/accounts/" + accountId).path("creditCodeHash").asText()).isEqualTo(RunningGateway.h("91120000MA0000001X"));
    WebElement account = browser.findElement(By.id("account"));
    type(account, "accountId", accountId);
    click(account, "close-account");
    assertThat(done(account).getText()).contains("已关闭");
    shown("console-registrar-accounts");
    assertThat(read(gateway, "/api/v1/accounts/" + accountId).path("open").asBoolean()).isFalse();
  }

  /** {@code who}'s reading of {@code path}. */
  private static JsonNode read(RunningGateway at, String who, String path) throws Exception {
    return Json.mapper().readTree(at.get(who, path).body());
  }
}

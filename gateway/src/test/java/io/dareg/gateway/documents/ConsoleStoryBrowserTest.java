package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * One asset's whole story through the console, each step taken in a real browser by the role that
 * takes it, signed in with that role's own key: the holder applies jointly with the bank, which
 * confirms; registrar and reviewer review and publish the notice; carol objects and the registrar
 * dismisses it; the registrar issues; the holder changes the registration and the registrar approves;
 * the holder transfers it to carol with the bank's consent; the exchange checks the listing and records
 * a trade, carol delivers and the bank accepts; the regulator reads the provenance, saves the judicial
 * extract and sees the period's report with its charts. Every view is checked with axe-core and shown
 * (target/screenshots/story-*.png, with -phone.png).
 */
class ConsoleStoryBrowserTest extends ConsoleBrowser {
  @Test
  void an_asset_goes_from_application_to_provenance_each_step_by_the_role_that_takes_it() throws Exception {
    String bank = gateway.pledgeeAccount();
    String carol = gateway.strangerAccount();
    String today = gateway.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();

    // Apply: the holder, jointly with the bank; the bank confirms; the holder saves the evidence report.
    signIn(gateway.identity("holder"));
    WebElement form = browser.findElement(By.id("apply"));
    type(form, "coHolders", bank);
    apply(form, ("credit_code,score\n" + System.nanoTime() + ",710\n").getBytes(StandardCharsets.UTF_8),
        ("合规承诺书 " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
    String regNo = done(form).findElement(By.cssSelector("a[data-reg-link]")).getAttribute("data-reg-link");
    shown("story-1-holder-applied");
    String evidenceNo = read(gateway, "/api/v1/registrations/" + regNo).path("registration").path("evidenceNos").path(0).asText();
    WebElement report = browser.findElement(By.id("evidence-report"));
    type(report, "evidenceNo", evidenceNo);
    click(report, "download-evidence-report");
    assertThat(new String(downloaded(report), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");

    signIn(gateway.identity("bank"));
    WebElement confirm = browser.findElement(By.id("confirm-joint"));
    type(confirm, "regNo", regNo);
    click(confirm, "confirm-joint");
    assertThat(done(confirm).getText()).contains(regNo, "已确认共同申请");
    shown("story-2-coholder-confirmed");

    // Review and notice: the registrar accepts and passes the formal review, the reviewer the substantive one.
    signIn(gateway.identity("registrar"));
    act("SUBMITTED", regNo, "start", null);
    signIn(gateway.identity("registrar"));
    act("FORMAL_REVIEW", regNo, "formal-PASS", "材料齐全");
    signIn(gateway.identity("reviewer"));
    act("SUBSTANTIVE_REVIEW", regNo, "substantive-PASS", "数据来源真实");
    shown("story-3-reviewer");
    signIn(gateway.identity("registrar"));
    act("SUBSTANTIVE_REVIEW", regNo, "notice", null);
    shown("story-4-registrar-notice");

    // Objection: carol objects during the notice; the registrar dismisses it and the notice resumes.
    signIn(gateway.identity("stranger"));
    WebElement object = browser.findElement(By.id("raise-objection"));
    type(object, "regNo", regNo);
    type(object, "grounds", "该数据集部分数据来源于本公司");
    type(object, "evidence", "采购合同 2025-118");
    click(object, "raise-objection");
    String objectionNo = done(object).findElement(By.cssSelector("[data-objection-no]")).getAttribute("data-objection-no");
    shown("story-5-objector");
    JsonNode objection = read(gateway, "/api/v1/objections/" + objectionNo);
    assertThat(objection.path("groundsHash").asText()).isEqualTo(RunningGateway.h("该数据集部分数据来源于本公司"));
    assertThat(read(gateway, "/api/v1/registrations/" + regNo).path("effectiveStatus").asText()).isEqualTo("OBJECTION_PENDING");

    decideObjection(regNo, objectionNo, "异议缺乏证据", "objection-DISMISSED");
    assertThat(read(gateway, "/api/v1/registrations/" + regNo).path("effectiveStatus").asText()).isEqualTo("PUBLIC_NOTICE");

    // Issue: once the notice has run, the registrar issues and signs the certificate.
    gateway.passNotice(read(gateway, "/api/v1/registrations/" + regNo).path("registration"));
    signIn(gateway.identity("registrar"));
    WebElement notice = browser.findElement(By.cssSelector("[data-queue=PUBLIC_NOTICE] li[data-reg-no='" + regNo + "']"));
    click(notice, "issue");
    assertThat(done(notice).getText()).contains(regNo + "-C01");

    // Change: the holder applies, the registrar approves and signs the new certificate.
    signIn(gateway.identity("holder"));
    WebElement change = browser.findElement(By.id("change"));
    type(change, "regNo", regNo);
    type(change, "scope", "京津冀金融机构授信");
    type(change, "reason", "适用范围扩大至京津冀");
    click(change, "apply-change");
    done(change);
    signIn(gateway.identity("registrar"));
    WebElement afterIssue = browser.findElement(By.cssSelector("[data-queue=AFTER_ISSUE] li[data-reg-no='" + regNo + "']"));
    click(afterIssue, "change-approve");
    done(afterIssue).findElement(By.cssSelector("button[data-action=sign-after-change]")).click();
    chromium.until(d -> afterIssue.findElement(By.className("outcome")).getText().contains(regNo + "-C02") ? true : null);
    shown("story-6-registrar-change-approved");

    // Transfer: the holder proposes it to carol, the bank consents as co-holder, carol accepts; the registrar signs carol's certificate.
    signIn(gateway.identity("holder"));
    WebElement transfer = browser.findElement(By.id("transfer"));
    type(transfer, "regNo", regNo);
    type(transfer, "to", carol);
    type(transfer, "contract", "转让合同 2026-031");
    click(transfer, "propose-transfer");
    String transferNo = done(transfer).findElement(By.cssSelector("[data-transfer-no]")).getAttribute("data-transfer-no");
    answerTransfer("bank", transferNo, "transfer-consent");
    shown("story-7-coholder-consented");
    answerTransfer("stranger", transferNo, "transfer-acceptance");
    assertThat(read(gateway, "/api/v1/transfers/" + transferNo).path("status").asText()).isEqualTo("COMPLETED");
    signIn(gateway.identity("registrar"));
    WebElement issued = browser.findElement(By.cssSelector("[data-queue=ISSUED] li[data-reg-no='" + regNo + "']"));
    click(issued, "sign");
    assertThat(done(issued).getText()).contains(regNo + "-C03");

    // Listing check and trade: the exchange, which saves both vouchers.
    signIn(gateway.identity("exchange"));
    WebElement check = browser.findElement(By.id("listing-check"));
    type(check, "regNo", regNo);
    click(check, "listing-check");
    WebElement listable = done(check).findElement(By.cssSelector("[data-listable]"));
    assertThat(listable.getAttribute("data-listable")).isEqualTo("true");
    voucher("listing-voucher", "checkNo", listable.getAttribute("data-check-no"));
    WebElement trade = browser.findElement(By.id("trade"));
    type(trade, "regNo", regNo);
    type(trade, "seller", carol);
    type(trade, "buyer", bank);
    type(trade, "scope", "授信审批");
    type(trade, "scenarios", "信用评估");
    date(trade, "from", today);
    type(trade, "contract", "许可合同 2026-040");
    type(trade, "amount", "250000");
    click(trade, "trade");
    String tradeNo = done(trade).findElement(By.cssSelector("[data-trade-no]")).getAttribute("data-trade-no");
    JsonNode tradeVoucher = voucher("trade-voucher", "tradeNo", tradeNo);
    assertThat(tradeVoucher.toString()).contains(tradeNo, regNo);
    shown("story-8-exchange-traded");

    // Delivery and acceptance: carol, the seller, delivers; the bank, the buyer, accepts.
    signIn(gateway.identity("stranger"));
    WebElement deliver = browser.findElement(By.id("deliver"));
    type(deliver, "tradeNo", tradeNo);
    type(deliver, "scenario", "信用评估");
    type(deliver, "payloadRoot", RunningGateway.h("story payload"));
    type(deliver, "size", "8192");
    click(deliver, "deliver");
    String deliveryNo = done(deliver).findElement(By.cssSelector("[data-delivery-no]")).getAttribute("data-delivery-no");
    signIn(gateway.identity("bank"));
    WebElement answer = browser.findElement(By.id("answer-delivery"));
    type(answer, "deliveryNo", deliveryNo);
    type(answer, "note", "验收合格");
    click(answer, "accept-delivery");
    done(answer);
    shown("story-9-buyer-accepted");
    assertThat(read(gateway, "/api/v1/deliveries/" + deliveryNo).path("accepted").asBoolean()).isTrue();

    // Provenance: the regulator reads the asset's whole story, saves the judicial extract and sees the period's report.
    signIn(gateway.identity("regulator"));
    browser.get(gateway.base() + "/console.html#registration/" + regNo);
    chromium.until(d -> d.findElements(By.cssSelector("#registration[data-reg-no='" + regNo + "'] #provenance li")).isEmpty() ? null : true);
    List<String> records = new ArrayList<>();
    browser.findElements(By.cssSelector("#provenance li")).forEach(li -> records.add(li.getAttribute("data-record")));
    assertThat(records).contains("evidence", "registration", "review", "objection", "certificate", "transfer", "listingCheck", "trade", "delivery");
    WebElement documents = browser.findElement(By.id("registration-documents")).findElement(By.xpath(".."));
    click(documents, "download-extract");
    assertThat(new String(downloaded(documents), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    shown("story-10-regulator-provenance");
    browser.findElement(By.cssSelector("#who a[href='#']")).click();
    chromium.loaded();
    String quarter = today.substring(0, 4) + "-Q" + ((Integer.parseInt(today.substring(5, 7)) - 1) / 3 + 1);
    WebElement period = chromium.until(d -> d.findElements(By.id("period-report")).stream().findFirst().orElse(null));
    type(period, "period", quarter);
    click(period, "show-report");
    WebElement charts = chromium.until(d -> d.findElements(By.cssSelector("#report-charts figure[data-section=trades]")).stream().findFirst().orElse(null));
    assertThat(charts.findElement(By.cssSelector("dd[data-measure=recorded]")).getAttribute("data-count")).isEqualTo("1");
    assertThat(charts.getText()).contains("记录", "recorded");
    assertThat(browser.findElements(By.cssSelector("#report-charts figure[data-section=registrations] dd")))
        .extracting(d -> d.getAttribute("data-measure") + " " + d.getAttribute("data-count")).contains("submitted 1", "issued 1");
    shown("story-11-regulator-report");
  }

  /** {@code who} answers a transfer from their own console. */
  private static void answerTransfer(String who, String transferNo, String action) throws Exception {
    signIn(gateway.identity(who));
    WebElement reply = browser.findElement(By.id("transfer-answer"));
    type(reply, "transferNo", transferNo);
    click(reply, action);
    assertThat(done(reply).getText()).contains(transferNo);
  }

  /** Saves a voucher from the documents section; answers it, signed by the registry. */
  private static JsonNode voucher(String id, String field, String number) throws Exception {
    WebElement form = browser.findElement(By.id(id));
    type(form, field, number);
    click(form, "download-" + id);
    JsonNode voucher = Json.mapper().readTree(downloaded(form));
    assertThat(voucher.toString()).contains(number).contains("signature");
    return voucher;
  }
}

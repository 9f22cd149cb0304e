package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's acts that were command-line only before, in a real browser: an applicant attaches a
 * document, withdraws, abandons; an objector raises an ownership objection the registrar refers to
 * court and records the filing; registrar and regulator suspend and resume, the registrar records a
 * transfer by inheritance, cancels and sweeps. Each view is checked with axe-core and shown.
 */
class ConsoleActsBrowserTest extends ConsoleBrowser {
  @Test
  void an_applicant_attaches_a_document_withdraws_and_a_holder_abandons_and_a_missing_reason_is_refused_before_sending() throws Exception {
    String attached = gateway.submitted();
    String withdrawn = gateway.submitted();
    String abandoned = gateway.issued();
    byte[] report = ("第三方评估报告 " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);

    signIn(gateway.identity("holder"));
    WebElement attach = browser.findElement(By.id("attach"));
    type(attach, "regNo", attached);
    new Select(attach.findElement(By.name("kind"))).selectByValue("ASSESSMENT_REPORT");
    type(attach, "issuer", "某评估机构");
    date(attach, "date", "2026-03-01");
    attach.findElement(By.id("attach-file")).sendKeys(Files.write(Files.createTempFile("assessment", ".pdf"), report).toAbsolutePath().toString());
    click(attach, "attach");
    done(attach);
    assertThat(read(gateway, "/api/v1/registrations/" + attached).path("registration").path("attachments").findValuesAsText("hash"))
        .contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(report)));

    WebElement end = browser.findElement(By.id("withdraw-abandon"));
    type(end, "regNo", withdrawn);
    click(end, "withdrawal");
    WebElement refused = outcome(end);
    assertThat(refused.getAttribute("data-outcome")).isEqualTo("refused");
    assertThat(refused.getText()).contains("请填写理由", "Fill in the reason");
    assertThat(read(gateway, "/api/v1/registrations/" + withdrawn).path("effectiveStatus").asText()).isEqualTo("SUBMITTED");

    type(end, "reason", "业务调整，暂不登记");
    click(end, "withdrawal");
    assertThat(done(end).findElement(By.cssSelector("[data-status]")).getAttribute("data-status")).isEqualTo("WITHDRAWN");
    type(end, "regNo", abandoned);
    type(end, "reason", "数据已停止更新");
    click(end, "abandonment");
    done(end);
    shown("console-holder-withdrawn-abandoned");
    JsonNode view = read(gateway, "/api/v1/registrations/" + abandoned);
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("ABANDONED");
    assertThat(view.path("registration").path("reason").asText()).isEqualTo("数据已停止更新");
  }

  @Test
  void an_ownership_objection_is_raised_referred_to_court_and_its_filing_recorded_by_the_objector() throws Exception {
    String regNo = gateway.inNotice().path("regNo").asText();

    signIn(gateway.identity("stranger"));
    WebElement raise = browser.findElement(By.id("raise-objection"));
    type(raise, "regNo", regNo);
    new Select(raise.findElement(By.name("kind"))).selectByValue("OWNERSHIP");
    type(raise, "grounds", "该数据资产归本公司所有");
    type(raise, "evidence", "数据采集合同 2024-009");
    click(raise, "raise-objection");
    String objectionNo = done(raise).findElement(By.cssSelector("[data-objection-no]")).getAttribute("data-objection-no");
    assertThat(read(gateway, "/api/v1/objections/" + objectionNo).path("evidenceHash").asText()).isEqualTo(RunningGateway.h("数据采集合同 2024-009"));

    decideObjection(regNo, objectionNo, "权属争议，告知向法院起诉", "objection-refer");
    assertThat(read(gateway, "/api/v1/objections/" + objectionNo).path("status").asText()).isEqualTo("AWAITING_FILING");

    signIn(gateway.identity("stranger"));
    WebElement filing = browser.findElement(By.id("court-filing"));
    type(filing, "objectionNo", objectionNo);
    type(filing, "document", "（2026）津0101民初 123 号受理通知书");
    click(filing, "court-filing");
    assertThat(done(filing).findElement(By.cssSelector("[data-status]")).getAttribute("data-status")).isEqualTo("FILED");
    shown("console-objector-court-filing");
    assertThat(read(gateway, "/api/v1/objections/" + objectionNo).path("status").asText()).isEqualTo("FILED");
  }

  @Test
  void registrar_and_regulator_suspend_and_resume_and_the_registrar_records_an_inheritance_cancels_and_sweeps() throws Exception {
    String suspended = gateway.issued();
    String inherited = gateway.issued();
    String cancelled = gateway.issued();
    String carol = gateway.strangerAccount();

    signIn(gateway.identity("regulator"));
    WebElement standing = browser.findElement(By.id("standing"));
    assertThat(standing.findElements(By.cssSelector("button[data-action=cancellation]"))).as("cancelling is the registrar's").isEmpty();
    type(standing, "regNo", suspended);
    type(standing, "reason", "涉嫌数据来源违法，调查期间中止");
    click(standing, "suspension");
    done(standing);
    shown("console-regulator-suspended");
    assertThat(read(gateway, "/api/v1/registrations/" + suspended).path("effectiveStatus").asText()).isEqualTo("SUSPENDED");
    // The regulator revokes another by an order, as dareg revoke --basis ORDER.
    String revoked = gateway.issued();
    WebElement order = browser.findElement(By.id("revoke-by-order"));
    type(order, "regNo", revoked);
    type(order, "orderRef", "津网信决〔2026〕7号");
    type(order, "reason", "依监管决定撤销");
    click(order, "revoke-by-order");
    assertThat(done(order).getText()).contains(revoked, "已依决定撤销");
    JsonNode revocation = read(gateway, "/api/v1/registrations/" + revoked);
    assertThat(revocation.path("effectiveStatus").asText()).isEqualTo("REVOKED");

    signIn(gateway.identity("registrar"));
    standing = browser.findElement(By.id("standing"));
    type(standing, "regNo", suspended);
    type(standing, "reason", "调查结束，恢复");
    click(standing, "resumption");
    done(standing);
    assertThat(read(gateway, "/api/v1/registrations/" + suspended).path("effectiveStatus").asText()).isEqualTo("ISSUED");

    new Select(standing.findElement(By.name("basis"))).selectByValue("HOLDER_REQUEST");
    type(standing, "regNo", cancelled);
    type(standing, "reason", "权利人申请注销");
    click(standing, "cancellation");
    done(standing);
    assertThat(read(gateway, "/api/v1/registrations/" + cancelled).path("effectiveStatus").asText()).isEqualTo("CANCELLED");

    WebElement transfer = browser.findElement(By.id("record-transfer"));
    type(transfer, "regNo", inherited);
    new Select(transfer.findElement(By.name("basis"))).selectByValue("INHERITANCE");
    type(transfer, "to", carol);
    type(transfer, "document", "继承公证书（2026）津证字 88 号");
    click(transfer, "record-transfer");
    String transferNo = done(transfer).findElement(By.cssSelector("[data-transfer-no]")).getAttribute("data-transfer-no");
    assertThat(read(gateway, "/api/v1/transfers/" + transferNo).path("documentHash").asText()).isEqualTo(RunningGateway.h("继承公证书（2026）津证字 88 号"));
    assertThat(read(gateway, "/api/v1/registrations/" + inherited).path("registration").path("holders").toString()).isEqualTo("[\"" + carol + "\"]");

    WebElement sweep = browser.findElement(By.id("sweep"));
    click(sweep, "sweep");
    assertThat(done(sweep).getText()).contains("已清理", "Expired", "Lapsed objections");
    shown("console-registrar-decisions");
  }

  @Test
  void a_download_is_refused_in_plain_words_when_its_number_is_missing_or_not_the_callers() throws Exception {
    String regNo = gateway.issued();
    gateway.post("registrar", "/registrations/" + regNo + "/certificates", Json.mapper().createObjectNode());
    String tradeNo = gateway.licence(regNo);

    signIn(gateway.identity("stranger"));
    WebElement voucher = browser.findElement(By.id("trade-voucher"));
    click(voucher, "download-trade-voucher");
    assertThat(outcome(voucher).getText()).contains("请填写交易编号", "Fill in the trade no.");
    WebElement extract = browser.findElement(By.id("judicial-extract"));
    type(extract, "regNo", regNo);
    click(extract, "download-judicial-extract");
    WebElement refused = outcome(extract);
    assertThat(refused.getAttribute("data-outcome")).isEqualTo("refused");
    assertThat(refused.getText()).contains("您的身份无权执行此操作", "HTTP 403");

    signIn(gateway.identity("holder"));
    voucher = browser.findElement(By.id("trade-voucher"));
    type(voucher, "tradeNo", tradeNo);
    click(voucher, "download-trade-voucher");
    assertThat(new String(downloaded(voucher), StandardCharsets.UTF_8)).contains(tradeNo, "signature");
    shown("console-holder-downloaded");

    // A regulator saves an act with its proof, for dareg verify-act.
    String txId = read(gateway, "/api/v1/registrations/" + regNo + "/history").get(0).path("txId").asText();
    signIn(gateway.identity("regulator"));
    WebElement act = browser.findElement(By.id("act"));
    type(act, "txId", txId);
    click(act, "download-act");
    JsonNode saved = Json.mapper().readTree(downloaded(act));
    assertThat(saved.toString()).contains(txId);
    assertThat(saved.path("format").asText()).startsWith("dareg-act/");
  }
}

package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Holders, exchanges and regulators in the console, in a real browser: a holder sees a registration
 * with its provenance timeline and applies from the form; an exchange checks a listing, records a
 * trade, its settlement and a dispute; seller and buyer record and accept a delivery; joint holders
 * change, pledge and transfer with each other's consent; a regulator searches. Screenshots go to
 * target/screenshots/.
 */
class ConsoleHolderBrowserTest extends ConsoleBrowser {
  @Test
  void a_holder_sees_their_registration_and_its_provenance_timeline() throws Exception {
    String regNo = gateway.issueCertificate().path("payload").path("regNo").asText();

    signIn(gateway.identity("holder"));
    WebElement row = browser.findElement(By.cssSelector("#holdings tr[data-reg-no='" + regNo + "']"));
    assertThat(row.getText()).contains("企业信用评估数据集", "已登记", regNo + "-C01");
    assertThat(browser.findElement(By.className("details")).getText()).contains("甲数据科技有限公司");
    chromium.screenshot("console-holder.png");

    row.findElement(By.cssSelector("a[data-reg-link]")).click();
    chromium.until(d -> "registration".equals(d.findElement(By.tagName("body")).getAttribute("data-view")));
    chromium.loaded();
    chromium.screenshot("console-registration.png");
    assertThat(browser.findElement(By.id("registration")).getText())
        .contains(regNo, "已登记", "甲数据科技有限公司", "数据资源持有权", regNo + "-C01");

    // The timeline is the ledger's, entry for entry, in its order, with transaction ids.
    JsonNode provenance = Json.mapper().readTree(gateway.get("holder", "/api/v1/registrations/" + regNo + "/provenance").body());
    List<WebElement> shown = browser.findElements(By.cssSelector("#provenance li"));
    assertThat(shown).hasSize(provenance.size());
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < provenance.size(); i++) {
      JsonNode e = provenance.get(i);
      expected.add(e.path("record").asText() + " " + e.path("state").asText() + " " + e.path("txId").asText());
      WebElement li = shown.get(i);
      String tx = li.findElement(By.className("tx")).getText();
      actual.add(li.getAttribute("data-record") + " " + li.getAttribute("data-state") + " " + tx.substring(tx.lastIndexOf(' ') + 1));
    }
    assertThat(actual).isEqualTo(expected);
    // The asset's story starts with its evidence deposits, then the application.
    assertThat(actual.get(0)).startsWith("evidence deposited");
    assertThat(shown.get(0).getText()).contains("存证", "北京时间");
    int submitted = actual.indexOf(actual.stream().filter(a -> a.startsWith("registration SUBMITTED")).findFirst().orElseThrow());
    assertThat(actual.subList(0, submitted)).allMatch(a -> a.startsWith("evidence "));
    assertThat(shown.get(submitted).getText()).contains("登记", "已提交", "北京时间");
    assertThat(actual).anyMatch(a -> a.startsWith("registration ISSUED")).anyMatch(a -> a.startsWith("certificate ACTIVE"));
  }

  @Test
  void a_holder_applies_from_the_form_with_only_the_hash_of_the_data_leaving_the_browser() throws Exception {
    byte[] data = ("credit_code,score\n" + System.nanoTime() + ",700\n").getBytes(StandardCharsets.UTF_8);
    byte[] undertaking = ("合规承诺书 " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);

    signIn(gateway.identity("holder"));
    WebElement form = browser.findElement(By.id("apply"));
    apply(form, data, undertaking);
    WebElement outcome = outcome(form);
    chromium.screenshot("console-holder-applied.png");

    assertThat(outcome.getAttribute("data-outcome")).as(outcome.getText()).isEqualTo("done");
    String regNo = outcome.findElement(By.cssSelector("a[data-reg-link]")).getAttribute("data-reg-link");
    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("SUBMITTED");
    assertThat(view.path("registration").path("attachments").get(0).path("hash").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(undertaking)));
    assertThat(view.path("registration").path("asset").path("scenarios").toString()).isEqualTo("[\"信用评估\",\"授信审批\"]");
    JsonNode evidence = Json.mapper().readTree(gateway.get("regulator",
        "/api/v1/evidence/" + view.path("registration").path("evidenceNos").path(0).asText()).body());
    assertThat(evidence.path("hash").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    assertThat(evidence.path("size").asLong()).isEqualTo(data.length);
  }

  @Test
  void an_exchange_checks_a_listing_and_records_a_licence_trade() throws Exception {
    String regNo = gateway.issued();
    gateway.post("registrar", "/registrations/" + regNo + "/certificates", Json.mapper().createObjectNode());

    signIn(gateway.identity("exchange"));
    WebElement check = browser.findElement(By.id("listing-check"));
    type(check, "regNo", regNo);
    check.findElement(By.cssSelector("button[data-action=listing-check]")).click();
    WebElement checked = outcome(check);
    assertThat(checked.findElement(By.cssSelector("[data-listable]")).getAttribute("data-listable")).as(checked.getText()).isEqualTo("true");
    assertThat(checked.getText()).contains("可以挂牌交易", "已登记", gateway.holderAccount());

    WebElement trade = browser.findElement(By.id("trade"));
    type(trade, "regNo", regNo);
    type(trade, "seller", gateway.holderAccount());
    type(trade, "buyer", gateway.pledgeeAccount());
    type(trade, "scope", "授信审批");
    type(trade, "scenarios", "信用评估");
    date(trade, "from", gateway.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString());
    type(trade, "contract", "contract 2026-001");
    type(trade, "amount", "100000");
    trade.findElement(By.cssSelector("button[data-action=trade]")).click();
    WebElement traded = outcome(trade);
    chromium.screenshot("console-exchange.png");
    assertThat(traded.getAttribute("data-outcome")).as(traded.getText()).isEqualTo("done");
    String tradeNo = traded.getText().replaceAll("(?s).*Trade recorded: (\\S+).*", "$1");
    JsonNode recorded = Json.mapper().readTree(gateway.get("regulator", "/api/v1/trades/" + tradeNo).body()).path("trade");
    assertThat(recorded.path("regNo").asText()).isEqualTo(regNo);
    assertThat(recorded.path("kind").asText()).isEqualTo("LICENCE");
    assertThat(recorded.path("amount").isNumber()).as("the amount is kept private unless published").isFalse();
    assertThat(recorded.path("amountHash").asText()).as("recorded as dareg trade record does").isEqualTo(RunningGateway.h("100000:contract 2026-001"));
    assertThat(recorded.path("contractHash").asText()).isEqualTo(RunningGateway.h("contract 2026-001"));

    // The exchange finds it in its list of trades of that asset, served by the query index.
    WebElement list = browser.findElement(By.id("trade-list"));
    type(list, "regNo", regNo);
    list.findElement(By.cssSelector("button[data-action=trade-list]")).click();
    WebElement listed = outcome(list);
    chromium.screenshot("console-exchange-trades.png");
    assertThat(listed.getAttribute("data-outcome")).as(listed.getText()).isEqualTo("done");
    assertThat(browser.findElements(By.cssSelector("#trade-results tr[data-trade-no]")))
        .extracting(r -> r.getAttribute("data-trade-no")).containsExactly(tradeNo);
  }

  @Test
  void the_seller_records_a_delivery_and_the_buyer_accepts_it_from_their_holder_pages() throws Exception {
    String regNo = gateway.issued();
    gateway.post("registrar", "/registrations/" + regNo + "/certificates", Json.mapper().createObjectNode());
    String today = gateway.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    ObjectNode licence = Json.mapper().createObjectNode().put("seller", gateway.holderAccount()).put("buyer", gateway.pledgeeAccount())
        .put("kind", "LICENCE").put("scope", "授信审批").put("contractHash", RunningGateway.h("c")).put("amountHash", RunningGateway.h("a"))
        .put("pricingMethod", "negotiated");
    licence.putArray("scenarios").add("信用评估");
    licence.putObject("term").put("from", today);
    gateway.post("exchange", "/registrations/" + regNo + "/listing-checks", Json.mapper().createObjectNode()); // a trade needs one that day
    String tradeNo = gateway.post("exchange", "/registrations/" + regNo + "/trades", licence).path("tradeNo").asText();
    String root = RunningGateway.h("payload " + tradeNo);

    signIn(gateway.identity("holder"));
    WebElement form = browser.findElement(By.id("deliver"));
    type(form, "tradeNo", tradeNo);
    type(form, "scenario", "信用评估");
    type(form, "payloadRoot", root.toUpperCase(Locale.ROOT));
    type(form, "size", "2048");
    type(form, "parts", "2");
    form.findElement(By.cssSelector("button[data-action=deliver]")).click();
    WebElement done = outcome(form);
    chromium.screenshot("console-delivery.png");
    assertThat(done.getAttribute("data-outcome")).as(done.getText()).isEqualTo("done");
    JsonNode deliveries = Json.mapper().readTree(gateway.get("regulator", "/api/v1/trades/" + tradeNo).body()).path("deliveries");
    assertThat(deliveries).hasSize(1);
    assertThat(deliveries.get(0).path("payloadRoot").asText()).isEqualTo(root);
    assertThat(deliveries.get(0).path("size").asLong()).isEqualTo(2048);
    String deliveryNo = deliveries.get(0).path("deliveryNo").asText();
    assertThat(done.getText()).contains(deliveryNo);

    // The buyer (the bank's holder account) accepts it from their own console.
    signIn(gateway.newIdentity("bank", "EnterpriseMSP", "holder", SignatureAlgorithm.ECDSA_P256_SHA256));
    WebElement answer = browser.findElement(By.id("answer-delivery"));
    type(answer, "deliveryNo", deliveryNo);
    type(answer, "note", "数据已收到，核对无误");
    answer.findElement(By.cssSelector("button[data-action=accept-delivery]")).click();
    WebElement accepted = outcome(answer);
    chromium.screenshot("console-delivery-accepted.png");
    assertThat(accepted.getAttribute("data-outcome")).as(accepted.getText()).isEqualTo("done");
    JsonNode answered = Json.mapper().readTree(gateway.get("regulator", "/api/v1/deliveries/" + deliveryNo).body());
    assertThat(answered.path("accepted").asBoolean()).isTrue();
    assertThat(answered.path("answerHash").asText()).isEqualTo(RunningGateway.h("数据已收到，核对无误"));

    // A regulator lists the accepted deliveries and finds this one.
    signIn(gateway.identity("regulator"));
    WebElement list = browser.findElement(By.id("trade-list"));
    new Select(list.findElement(By.name("list"))).selectByValue("deliveries");
    new Select(list.findElement(By.name("status"))).selectByValue("ACCEPTED");
    list.findElement(By.cssSelector("button[data-action=trade-list]")).click();
    WebElement listed = outcome(list);
    assertThat(listed.getAttribute("data-outcome")).as(listed.getText()).isEqualTo("done");
    assertThat(browser.findElements(By.cssSelector("#trade-results tr[data-delivery-no]")))
        .extracting(r -> r.getAttribute("data-delivery-no")).contains(deliveryNo);

    // The seller records it complete.
    signIn(gateway.identity("holder"));
    WebElement complete = browser.findElement(By.id("complete-delivery"));
    type(complete, "deliveryNo", deliveryNo);
    complete.findElement(By.cssSelector("button[data-action=delivery-completion]")).click();
    done(complete);
    assertThat(read(gateway, "/api/v1/deliveries/" + deliveryNo).path("completedAt").isTextual()).as("completed on the ledger").isTrue();
  }

  @Test
  void a_regulator_searches_by_status_and_opens_a_registration() throws Exception {
    String regNo = gateway.issued();

    signIn(gateway.identity("regulator"));
    WebElement search = browser.findElement(By.id("search"));
    new Select(search.findElement(By.name("status"))).selectByValue("ISSUED");
    search.findElement(By.cssSelector("button[data-action=search]")).click();
    outcome(search);
    WebElement row = browser.findElement(By.cssSelector("#results tr[data-reg-no='" + regNo + "']"));
    assertThat(browser.findElements(By.cssSelector("#results tr[data-reg-no]")))
        .allMatch(r -> "ISSUED".equals(r.getAttribute("data-status")));
    chromium.screenshot("console-regulator-search.png");
    row.findElement(By.cssSelector("a[data-reg-link]")).click();
    chromium.until(d -> d.findElements(By.cssSelector("#registration[data-reg-no='" + regNo + "']")).isEmpty() ? null : true);
    assertThat(browser.findElements(By.cssSelector("#provenance li"))).isNotEmpty();
  }

  @Test
  void joint_holders_change_pledge_and_transfer_with_each_others_consent_and_the_registrar_approves_the_change() throws Exception {
    String regNo = gateway.jointlyIssued();
    String today = gateway.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    String carol = gateway.strangerAccount();
    String bank = gateway.pledgeeAccount();

    // The holder applies to change the asset's scope of use.
    signIn(gateway.identity("holder"));
    WebElement change = browser.findElement(By.id("change"));
    type(change, "regNo", regNo);
    type(change, "scope", "京津冀金融机构授信");
    type(change, "reason", "适用范围扩大至京津冀");
    type(change, "documents", "董事会决议 2026-07");
    change.findElement(By.cssSelector("button[data-action=apply-change]")).click();
    WebElement applied = done(change);
    shown("console-holder-change-applied");
    String changeNo = applied.findElement(By.cssSelector("[data-change-no]")).getAttribute("data-change-no");
    JsonNode application = read(gateway, "/api/v1/changes/" + changeNo);
    assertThat(application.path("status").asText()).isEqualTo("APPLIED");
    assertThat(application.path("asset").path("scope").asText()).isEqualTo("京津冀金融机构授信");
    assertThat(application.path("asset").path("name").asText()).as("what was not changed stays").isEqualTo("企业信用评估数据集");
    assertThat(application.path("reasonHash").asText()).isEqualTo(RunningGateway.h("董事会决议 2026-07"));

    // The registrar finds it among the issued registrations with something pending, approves it and signs the new certificate.
    signIn(gateway.identity("registrar"));
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=AFTER_ISSUE] li[data-reg-no='" + regNo + "']"));
    assertThat(entry.getText()).contains(changeNo, "变更登记", "适用范围扩大至京津冀");
    type(entry, "decision", "同意变更");
    entry.findElement(By.cssSelector("button[data-action=change-approve]")).click();
    WebElement approved = done(entry);
    assertThat(approved.getText()).contains("变更已批准", regNo + "-C01");
    shown("console-registrar-change-approved");
    approved.findElement(By.cssSelector("button[data-action=sign-after-change]")).click();
    chromium.until(d -> entry.findElement(By.className("outcome")).getText().contains(regNo + "-C02") ? true : null);
    assertThat(read(gateway, "/api/v1/changes/" + changeNo).path("status").asText()).isEqualTo("APPROVED");
    JsonNode view = read(gateway, "/api/v1/registrations/" + regNo);
    assertThat(view.path("registration").path("asset").path("scope").asText()).isEqualTo("京津冀金融机构授信");
    assertThat(view.path("certificate").path("certNo").asText()).isEqualTo(regNo + "-C02");
    assertThat(read(gateway, "/api/v1/certificates/" + regNo + "-C01/record").path("status").asText()).isEqualTo("SUPERSEDED");

    // The holder pledges the asset to carol; it waits for the bank, the co-holder, whose consent puts it in force.
    signIn(gateway.identity("holder"));
    WebElement encumber = browser.findElement(By.id("encumber"));
    new Select(encumber.findElement(By.name("kind"))).selectByValue("PLEDGE");
    type(encumber, "regNo", regNo);
    type(encumber, "counterparty", carol);
    date(encumber, "from", today);
    date(encumber, "contractDate", today);
    type(encumber, "contract", "质押合同 2026-015");
    encumber.findElement(By.cssSelector("button[data-action=encumber]")).click();
    WebElement filed = done(encumber);
    assertThat(filed.getText()).contains("待共有人同意", bank);
    String encumbranceNo = filed.findElement(By.cssSelector("[data-encumbrance-no]")).getAttribute("data-encumbrance-no");
    assertThat(read(gateway, "/api/v1/encumbrances/" + encumbranceNo).path("status").asText()).isEqualTo("PENDING_CONSENT");

    signIn(gateway.identity("bank"));
    browser.get(gateway.base() + "/console.html#registration/" + regNo);
    WebElement pending = chromium.until(d -> d.findElements(By.cssSelector("#pending [data-encumbrance-no='" + encumbranceNo + "']")).stream().findFirst().orElse(null));
    assertThat(pending.getText()).contains("待同意", bank);
    browser.findElement(By.cssSelector("#who a[href='#']")).click();
    WebElement answer = chromium.until(d -> d.findElements(By.id("encumbrance-answer")).stream().findFirst().orElse(null));
    type(answer, "encumbranceNo", encumbranceNo);
    answer.findElement(By.cssSelector("button[data-action=encumbrance-consent]")).click();
    assertThat(done(answer).getText()).contains(encumbranceNo, "IN_FORCE");
    JsonNode pledge = read(gateway, "/api/v1/encumbrances/" + encumbranceNo);
    assertThat(pledge.path("status").asText()).isEqualTo("IN_FORCE");
    assertThat(pledge.path("contractHash").asText()).isEqualTo(RunningGateway.h("质押合同 2026-015"));

    // Carol, the pledgee, releases it.
    signIn(gateway.identity("stranger"));
    answer = browser.findElement(By.id("encumbrance-answer"));
    type(answer, "encumbranceNo", encumbranceNo);
    type(answer, "document", "解除质押通知书");
    answer.findElement(By.cssSelector("button[data-action=encumbrance-release]")).click();
    done(answer);
    assertThat(read(gateway, "/api/v1/encumbrances/" + encumbranceNo).path("status").asText()).isEqualTo("RELEASED");

    // The holder proposes to transfer the asset to carol; the bank consents and carol accepts.
    signIn(gateway.identity("holder"));
    WebElement transfer = browser.findElement(By.id("transfer"));
    type(transfer, "regNo", regNo);
    type(transfer, "to", carol);
    type(transfer, "contract", "转让合同 2026-020");
    transfer.findElement(By.cssSelector("button[data-action=propose-transfer]")).click();
    WebElement proposed = done(transfer);
    assertThat(proposed.getText()).contains("转让已提出", bank);
    String transferNo = proposed.findElement(By.cssSelector("[data-transfer-no]")).getAttribute("data-transfer-no");

    signIn(gateway.identity("bank"));
    WebElement reply = browser.findElement(By.id("transfer-answer"));
    type(reply, "transferNo", transferNo);
    reply.findElement(By.cssSelector("button[data-action=transfer-consent]")).click();
    done(reply);
    assertThat(read(gateway, "/api/v1/transfers/" + transferNo).path("status").asText()).as("the recipient has not accepted yet").isEqualTo("PROPOSED");

    signIn(gateway.identity("stranger"));
    reply = browser.findElement(By.id("transfer-answer"));
    type(reply, "transferNo", transferNo);
    reply.findElement(By.cssSelector("button[data-action=transfer-acceptance]")).click();
    assertThat(done(reply).getText()).contains(transferNo, "COMPLETED");
    JsonNode moved = read(gateway, "/api/v1/transfers/" + transferNo);
    assertThat(moved.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(moved.path("documentHash").asText()).isEqualTo(RunningGateway.h("转让合同 2026-020"));
    assertThat(read(gateway, "/api/v1/registrations/" + regNo).path("registration").path("holders").toString()).isEqualTo("[\"" + carol + "\"]");

    // The transfer superseded the certificate: the registrar signs carol's from the queue.
    assertThat(read(gateway, "/api/v1/certificates/" + regNo + "-C02/record").path("status").asText()).isEqualTo("SUPERSEDED");
    signIn(gateway.identity("registrar"));
    WebElement issued = browser.findElement(By.cssSelector("[data-queue=ISSUED] li[data-reg-no='" + regNo + "']"));
    issued.findElement(By.cssSelector("button[data-action=sign]")).click();
    assertThat(done(issued).getText()).contains(regNo + "-C03");

    // Carol's statement now lists the asset with its certificate, whose PDF the link serves.
    signIn(gateway.identity("stranger"));
    WebElement row = browser.findElement(By.cssSelector("#holdings tr[data-reg-no='" + regNo + "']"));
    shown("console-holder-after-transfer");
    String pdf = row.findElement(By.cssSelector("a[href$='/pdf']")).getAttribute("href");
    assertThat(pdf).endsWith("/api/v1/certificates/" + regNo + "-C03/pdf");
    assertThat(new String(gateway.get(URI.create(pdf).getPath()).body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
  }

  @Test
  void an_exchange_records_a_trades_settlement_a_dispute_and_its_resolution() throws Exception {
    final String disputeShown = "const e = document.querySelector('#settle .outcome [data-dispute]'); return e && e.dataset.dispute;";
    String regNo = gateway.issued();
    gateway.post("registrar", "/registrations/" + regNo + "/certificates", Json.mapper().createObjectNode());
    String tradeNo = gateway.licence(regNo);

    signIn(gateway.identity("exchange"));
    WebElement form = browser.findElement(By.id("settle"));
    type(form, "tradeNo", tradeNo);
    type(form, "document", "工商银行流水 2026-0001");
    form.findElement(By.cssSelector("button[data-action=settle]")).click();
    assertThat(done(form).getText()).contains(tradeNo, "已结算");
    JsonNode trade = read(gateway, "/api/v1/trades/" + tradeNo).path("trade");
    assertThat(trade.path("settledAt").isTextual()).isTrue();
    assertThat(trade.path("settlementHash").asText()).isEqualTo(RunningGateway.h("工商银行流水 2026-0001"));

    type(form, "document", "买方投诉函");
    form.findElement(By.cssSelector("button[data-action=trade-DISPUTED]")).click();
    chromium.until(d -> "DISPUTED".equals(((JavascriptExecutor) d).executeScript(disputeShown)) ? true : null);
    shown("console-exchange-disputed");
    assertThat(read(gateway, "/api/v1/trades/" + tradeNo).path("trade").path("dispute").asText()).isEqualTo("DISPUTED");

    type(form, "document", "调解书 (2026)津调 12 号");
    form.findElement(By.cssSelector("button[data-action=trade-RESOLVED]")).click();
    chromium.until(d -> "RESOLVED".equals(((JavascriptExecutor) d).executeScript(disputeShown)) ? true : null);
    trade = read(gateway, "/api/v1/trades/" + tradeNo).path("trade");
    assertThat(trade.path("dispute").asText()).isEqualTo("RESOLVED");
    assertThat(trade.path("disputeHash").asText()).isEqualTo(RunningGateway.h("调解书 (2026)津调 12 号"));
  }
}

package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.RequestSigner;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.api.Operations;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.TrustedRoot;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The signed-in console in a real browser (headless Chromium) against a gateway that accepts each
 * token once, as outside dev mode: with the key loaded into it, the page signs a fresh token per
 * read and each write as its author's signed request (docs/signed-requests.md), whose canonical
 * form and signature are checked here against the published vectors and core. A registrar issues
 * a certificate from the work queue; registrar and reviewer take an application to notice and
 * decide an objection; a holder applies, sees the registration with its provenance timeline and
 * records a delivery; an exchange checks a listing and records a trade; a regulator searches.
 * Refusals and unusable keys are told in plain words. Screenshots go to target/.
 */
class ConsoleBrowserTest {
  /** The test vectors of docs/signed-requests.md (tests run in the gateway module's directory). */
  private static final Path VECTORS = Path.of("../core/src/test/resources/signed-requests/vectors.json");
  private static RunningGateway gateway;
  private static TrustingGateway trusting;
  private static HeadlessBrowser chromium;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    chromium = HeadlessBrowser.start();
    browser = chromium.driver();
    gateway = new RunningGateway();
    trusting = new TrustingGateway();
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (trusting != null) {
      trusting.close();
    }
  }

  @Test
  void a_registrar_issues_a_certificate_from_the_work_queue() throws Exception {
    JsonNode notice = gateway.inNotice();
    String regNo = notice.path("regNo").asText();
    gateway.passNotice(notice);

    signIn(gateway.identity("registrar"));
    assertThat(browser.findElement(By.id("role")).getAttribute("data-role")).isEqualTo("REGISTRAR");
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=PUBLIC_NOTICE] li[data-reg-no='" + regNo + "']"));
    assertThat(entry.getText()).contains("企业信用评估数据集", "公示中");
    entry.findElement(By.cssSelector("button[data-action=issue]")).click();
    WebElement outcome = outcome(entry);
    chromium.screenshot("console-registrar-issued.png");

    assertThat(outcome.getAttribute("data-outcome")).isEqualTo("done");
    assertThat(outcome.getText()).contains("证书已签发", "Certificate issued", regNo + "-C01");
    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("ISSUED");
    assertThat(view.path("certificate").path("certNo").asText()).isEqualTo(regNo + "-C01");

    // The certificate's link opens the public check, which finds it valid.
    outcome.findElement(By.cssSelector("a[href^='verify.html']")).click();
    WebElement verdict = chromium.until(d -> {
      WebElement o = d.findElement(By.id("outcome"));
      return o.getAttribute("data-valid") != null ? o : null;
    });
    chromium.screenshot("console-registrar-certificate-checked.png");
    assertThat(verdict.getAttribute("data-valid")).isEqualTo("true");
    assertThat(browser.findElement(By.id("summary")).getText()).contains(regNo + "-C01", "甲数据科技有限公司");
  }

  @Test
  void the_queue_shows_fifty_at_a_time_and_pages_on() throws Exception {
    // A gateway of its own, so that the other tests' applications stay on the first page of theirs.
    try (RunningGateway busy = new RunningGateway()) {
      Set<String> created = new HashSet<>();
      for (int i = 0; i < 51; i++) {
        created.add(busy.submitted());
      }
      signIn(busy, busy.identity("registrar"));
      pagesOn(created);
    }
  }

  private static void pagesOn(Set<String> created) {
    WebElement queue = browser.findElement(By.cssSelector("[data-queue=SUBMITTED]"));
    assertThat(queue.findElements(By.cssSelector("li[data-reg-no]"))).hasSize(50);
    assertThat(queue.findElement(By.className("count")).getText()).contains("50+");
    queue.findElement(By.className("more")).click();
    chromium.until(d -> queue.findElements(By.cssSelector("li[data-reg-no]")).size() > 50);
    assertThat(queue.findElements(By.cssSelector("li[data-reg-no]")).stream().map(li -> li.getAttribute("data-reg-no")))
        .containsAll(created).doesNotHaveDuplicates();
  }

  @Test
  void issuing_before_the_notice_ends_is_refused_in_plain_words_and_changes_nothing() throws Exception {
    String regNo = gateway.inNotice().path("regNo").asText();

    signIn(gateway.identity("registrar"));
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=PUBLIC_NOTICE] li[data-reg-no='" + regNo + "']"));
    entry.findElement(By.cssSelector("button[data-action=issue]")).click();
    WebElement outcome = outcome(entry);
    chromium.screenshot("console-refusal.png");

    assertThat(outcome.getAttribute("data-outcome")).isEqualTo("refused");
    assertThat(outcome.findElement(By.className("words")).getText())
        .contains("登记机构拒绝了此操作", "The registry refused", "state or a deadline does not allow this");
    assertThat(outcome.findElement(By.className("why")).getText())
        .contains("公示期至", "尚未结束，期满后才能颁发", "The public notice has not ended", "issue after it ends");
    assertThat(outcome.findElement(By.className("detail")).getText()).contains("runs until", "HTTP 409");
    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("PUBLIC_NOTICE");
  }

  @Test
  void an_application_is_reviewed_and_put_in_notice_from_the_queues_of_registrar_and_reviewer() throws Exception {
    String regNo = gateway.submitted();

    signIn(gateway.identity("registrar"));
    act("SUBMITTED", regNo, "start", null);
    signIn(gateway.identity("registrar"));
    act("FORMAL_REVIEW", regNo, "formal-PASS", "材料齐全");
    signIn(gateway.identity("reviewer"));
    assertThat(browser.findElement(By.id("role")).getAttribute("data-role")).isEqualTo("REVIEWER");
    act("SUBSTANTIVE_REVIEW", regNo, "substantive-PASS", "数据来源真实");
    signIn(gateway.identity("registrar"));
    WebElement done = act("SUBSTANTIVE_REVIEW", regNo, "notice", null);
    chromium.screenshot("console-notice-published.png");
    assertThat(done.getText()).contains("已公示", "In public notice until");

    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("PUBLIC_NOTICE");
    JsonNode reviews = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo + "/reviews").body());
    assertThat(reviews.findValuesAsText("opinionHash")).contains(RunningGateway.h("材料齐全"), RunningGateway.h("数据来源真实"));
  }

  @Test
  void a_registrar_dismisses_an_objection_and_the_notice_resumes() throws Exception {
    String regNo = gateway.inNotice().path("regNo").asText();
    ObjectNode objection = Json.mapper().createObjectNode().put("kind", "GENERAL")
        .put("groundsHash", RunningGateway.h("grounds")).put("evidenceHash", RunningGateway.h("evidence"));
    String objectionNo = gateway.post("exchange", "/registrations/" + regNo + "/objections", objection).path("objectionNo").asText();

    signIn(gateway.identity("registrar"));
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=OBJECTION_PENDING] li[data-reg-no='" + regNo + "']"));
    WebElement item = chromium.until(d -> entry.findElements(By.cssSelector("li[data-objection='" + objectionNo + "']")).stream().findFirst().orElse(null));
    type(item, "outcome", "异议缺乏证据");
    item.findElement(By.cssSelector("button[data-action=objection-DISMISSED]")).click();
    WebElement done = outcome(entry);
    chromium.screenshot("console-objection-dismissed.png");
    assertThat(done.getAttribute("data-outcome")).as(done.getText()).isEqualTo("done");
    assertThat(done.getText()).contains(objectionNo, "异议不成立");
    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("PUBLIC_NOTICE");
  }

  @Test
  void a_revocation_needs_its_basis_and_then_revokes_the_certificate() throws Exception {
    String certNo = gateway.issueCertificate().path("payload").path("certNo").asText();
    String regNo = certNo.substring(0, certNo.lastIndexOf("-C"));

    signIn(gateway.identity("registrar"));
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=ISSUED] li[data-reg-no='" + regNo + "']"));
    type(entry, "reason", "权利人申请撤销");
    entry.findElement(By.cssSelector("button[data-action=revoke]")).click();
    WebElement refused = outcome(entry);
    assertThat(refused.getAttribute("data-outcome")).isEqualTo("refused");
    assertThat(refused.getText()).contains("填写的内容有误", "Something entered is not right", "basis", "HTTP 400");
    assertThat(Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body()).path("effectiveStatus").asText())
        .isEqualTo("ISSUED");

    new Select(entry.findElement(By.name("basis"))).selectByValue("PETITION");
    entry.findElement(By.cssSelector("button[data-action=revoke]")).click();
    WebElement revoked = chromium.until(d -> "done".equals(entry.findElement(By.className("outcome")).getAttribute("data-outcome"))
        ? entry.findElement(By.className("outcome")) : null);
    chromium.screenshot("console-revoked.png");
    assertThat(revoked.getText()).contains("登记已撤销", "Revoked");
    JsonNode certificate = Json.mapper().readTree(gateway.get("regulator", "/api/v1/certificates/" + certNo + "/record").body());
    assertThat(certificate.path("status").asText()).isEqualTo("REVOKED");
  }

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
  void a_key_that_is_not_the_certificates_an_sm2_key_or_a_stranger_is_refused_with_what_to_do() throws Exception {
    Path holder = gateway.identity("holder");
    Path registrar = gateway.identity("registrar");
    browser.get(gateway.base() + "/console.html");
    choose(holder.resolve("cert.pem"), registrar.resolve("key.pem"));
    assertThat(error()).contains("私钥与证书不匹配", "The key does not belong to the certificate");

    Path sm2 = gateway.newIdentity("sm2-holder", "EnterpriseMSP", "holder", SignatureAlgorithm.SM2_SM3);
    browser.get(gateway.base() + "/console.html");
    choose(sm2.resolve("cert.pem"), sm2.resolve("key.pem"));
    String words = error();
    chromium.screenshot("console-sm2-key.png");
    assertThat(words).contains("SM2", "WebCrypto cannot sign with SM2", "dareg command line");
    assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("who")).isDisplayed()).as("no signed-in bar before signing in").isFalse();

    // A well-formed identity from another CA: the gateway refuses it, and the page says so.
    Path other = Files.createTempDirectory("dareg-other-ca");
    CertificateAuthority stranger = CertificateAuthority.loadOrCreate(other.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, Clock.systemUTC());
    KeyPair pair = new Signatures(new BouncyCastleProvider()).generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    Files.writeString(other.resolve("cert.pem"), CertificateAuthority.pem(
        stranger.issueClient("RegistryMSP", "registrar", "mallory", pair.getPublic(), Duration.ofDays(30))));
    Files.writeString(other.resolve("key.pem"), Signatures.toPem(pair.getPrivate()));
    browser.get(gateway.base() + "/console.html");
    choose(other.resolve("cert.pem"), other.resolve("key.pem"));
    assertThat(error()).contains("登录凭证未被接受", "did not accept your sign-in", "not issued by this registry's CA", "HTTP 401");
    assertThat(browser.findElement(By.tagName("body")).getAttribute("data-signed-in")).isNull();
  }

  @Test
  void the_consoles_canonical_json_is_the_signing_input_of_the_published_vectors_byte_for_byte() throws Exception {
    browser.get(gateway.base() + "/console.html");
    JsonNode vectors = Json.mapper().readTree(VECTORS.toFile());
    JsonNode inBrowser = Json.mapper().readTree(inPage("""
        const { canonicalJson } = await import('/jcs.js');
        const out = [];
        for (const v of JSON.parse(arguments[0])) {
          const unsigned = { ...v.signedRequest };
          delete unsigned.signature;
          const text = canonicalJson(unsigned);
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
          out.push({ text, sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') });
        }
        return out;""", vectors.toString()));

    assertThat(inBrowser).hasSize(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      assertThat(inBrowser.get(i).path("text").asText()).as(vectors.get(i).path("name").asText())
          .isEqualTo(vectors.get(i).path("signingInput").asText());
      assertThat(inBrowser.get(i).path("sha256").asText()).as("the UTF-8 bytes hashed")
          .isEqualTo(vectors.get(i).path("signingInputSha256").asText());
    }
  }

  @Test
  void a_request_the_console_signs_with_the_vectors_key_verifies_as_the_ledger_checks_it() throws Exception {
    browser.get(gateway.base() + "/console.html");
    JsonNode vector = Json.mapper().readTree(VECTORS.toFile()).get(0);
    assertThat(vector.path("signedRequest").path("algorithm").asText()).isEqualTo("ECDSA-P256-SHA256");
    String signed = inPage("""
        const { signRequest } = await import('/session.js');
        const v = JSON.parse(arguments[0]);
        const pkcs8 = Uint8Array.from(atob(v.privateKey.replace(/-----[A-Z ]+-----|\\s+/g, '')), (c) => c.charCodeAt(0));
        const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
        const r = v.signedRequest;
        return signRequest(key, r.certificate, { ledger: r.ledger, operation: r.operation, args: r.arguments, time: Date.parse(r.time) });""",
        vector.toString());

    SignedRequest request = SignedRequest.parse(signed.getBytes(StandardCharsets.UTF_8));
    X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(vector.path("rootCertificate").asText())));
    request.verify(new Signatures(new BouncyCastleProvider()), "dareg:RegistryMSP:dareg", List.of(root),
        Instant.parse(vector.path("ledgerTime").asText()), Duration.ofMinutes(5));
    ObjectNode expected = ((ObjectNode) vector.path("signedRequest").deepCopy());
    expected.remove(List.of("requestId", "signature"));
    ObjectNode actual = request.toJson();
    assertThat(actual.path("requestId").asText()).matches("[0-9a-f]{32}").isNotEqualTo(vector.path("signedRequest").path("requestId").asText());
    actual.remove(List.of("requestId", "signature"));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void an_application_leaves_the_browser_as_its_authors_signed_requests_with_no_token_and_the_ledger_takes_them() throws Exception {
    browser.get(trusting.base() + "/console.html");
    // From here on, every request as the page asks its fetch to send it.
    ((JavascriptExecutor) browser).executeScript("""
        window.sent = [];
        const send = window.fetch;
        window.fetch = (url, init = {}) => {
          window.sent.push({ url: String(url), method: init.method || 'GET', headers: init.headers || {}, body: init.body || null });
          return send(url, init);
        };""");
    Path holder = trusting.identity("holder");
    choose(holder.resolve("cert.pem"), holder.resolve("key.pem"));
    chromium.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
    WebElement form = browser.findElement(By.id("apply"));
    apply(form, ("credit_code,score\n" + System.nanoTime() + ",650\n").getBytes(StandardCharsets.UTF_8),
        ("合规承诺书 " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
    WebElement outcome = outcome(form);
    assertThat(outcome.getAttribute("data-outcome")).as(outcome.getText()).isEqualTo("done");
    String regNo = outcome.findElement(By.cssSelector("a[data-reg-link]")).getAttribute("data-reg-link");
    JsonNode sent = Json.mapper().readTree((String) ((JavascriptExecutor) browser).executeScript("return JSON.stringify(window.sent)"));

    List<SignedRequest> writes = new ArrayList<>();
    for (JsonNode r : sent) {
      if (r.path("method").asText().equals("POST")) {
        assertThat(r.path("headers").has("Authorization")).as("a write carries no token: " + r.path("url")).isFalse();
        SignedRequest request = SignedRequest.parse(r.path("body").asText().getBytes(StandardCharsets.UTF_8));
        request.verify(new Signatures(new BouncyCastleProvider()), TrustingGateway.LEDGER, List.of(trusting.root()), trusting.now(),
            Duration.ofMinutes(5));
        assertThat(request.signer().getSubjectX500Principal().getName()).contains("CN=alice");
        writes.add(request);
      } else if (r.path("url").asText().matches("/api/v1/(openapi\\.json|ledger/identity|dev/clock)")) {
        assertThat(r.path("headers").has("Authorization")).as("public: " + r.path("url")).isFalse();
      } else {
        assertThat(r.path("headers").path("Authorization").asText()).as("a read keeps its token: " + r.path("url")).startsWith("Bearer ");
      }
    }
    assertThat(writes).extracting(SignedRequest::operation).containsExactly("depositEvidence", "submit");
    String evidenceNo = writes.get(1).arguments().path("evidenceNos").path(0).asText();
    JsonNode view = trusting.get("registrar", "/registrations/" + regNo);
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("SUBMITTED");
    assertThat(view.path("registration").path("evidenceNos").path(0).asText()).isEqualTo(evidenceNo);
    assertThat(writes.get(1).signedAt()).as("signed at the ledger's time, from its dev clock").isEqualTo(trusting.now().truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void from_application_to_certificate_every_write_in_the_console_is_signed_by_its_author() throws Exception {
    signIn(trusting.base(), trusting.identity("holder"));
    WebElement form = browser.findElement(By.id("apply"));
    apply(form, ("credit_code,score\n" + System.nanoTime() + ",720\n").getBytes(StandardCharsets.UTF_8),
        ("合规承诺书 " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
    WebElement applied = outcome(form);
    assertThat(applied.getAttribute("data-outcome")).as(applied.getText()).isEqualTo("done");
    String regNo = applied.findElement(By.cssSelector("a[data-reg-link]")).getAttribute("data-reg-link");

    signIn(trusting.base(), trusting.identity("registrar"));
    act("SUBMITTED", regNo, "start", null);
    signIn(trusting.base(), trusting.identity("registrar"));
    act("FORMAL_REVIEW", regNo, "formal-PASS", "材料齐全");
    signIn(trusting.base(), trusting.identity("reviewer"));
    act("SUBSTANTIVE_REVIEW", regNo, "substantive-PASS", "数据来源真实");
    signIn(trusting.base(), trusting.identity("registrar"));
    act("SUBSTANTIVE_REVIEW", regNo, "notice", null);
    // The notice runs its course on the ledger's clock, which the page reads from the dev clock.
    trusting.at(Instant.parse(trusting.get("registrar", "/registrations/" + regNo).path("registration").path("noticeEnd").asText())
        .plusSeconds(60));

    signIn(trusting.base(), trusting.identity("registrar"));
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=PUBLIC_NOTICE] li[data-reg-no='" + regNo + "']"));
    entry.findElement(By.cssSelector("button[data-action=issue]")).click();
    WebElement issued = outcome(entry);
    chromium.screenshot("console-signed-certificate.png");
    assertThat(issued.getAttribute("data-outcome")).as(issued.getText()).isEqualTo("done");
    assertThat(issued.getText()).contains("证书已签发", regNo + "-C01");
    JsonNode view = trusting.get("registrar", "/registrations/" + regNo);
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("ISSUED");
    assertThat(view.path("certificate").path("certNo").asText()).isEqualTo(regNo + "-C01");
  }

  @Test
  void an_application_with_confidential_material_signs_its_hash_and_the_gateway_keeps_the_material() throws Exception {
    Path holder = trusting.identity("holder");
    browser.get(trusting.base() + "/console.html");
    ObjectNode material = Json.mapper().createObjectNode().put("legalRepresentative", "张三").put("contact", "+86 22 0000 " + System.nanoTime() % 10000);
    JsonNode registration = Json.mapper().readTree(inPage("""
        const { signIn } = await import('/session.js');
        const [cert, key, confidential] = arguments;
        const s = await signIn(cert, key);
        const hash = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
        const evidence = await s.post('/evidence', { algorithm: 'SHA256', hash, size: 10, channel: 'dareg' });
        return s.post('/registrations', {
          rightType: 'HOLDING', evidenceNos: [evidence.evidenceNo], confidential: JSON.parse(confidential),
          attachments: [{ kind: 'COMPLIANCE_UNDERTAKING', issuer: '甲公司', algorithm: 'SHA256', hash, date: '2026-03-01' }],
          asset: {
            name: '保密材料测试', version: '1.0', assetClass: 'DATA_PRODUCT', form: 'DATASET', industry: 'I64', coverageArea: '天津市',
            timeSpan: { from: '2020-01-01' }, sources: ['ENTERPRISE'], acquisition: 'ORIGINAL', structure: [], scale: { records: 1, bytes: 1 },
            updateFrequency: 'MONTHLY', scenarios: ['信用评估'], scope: '天津市内', algorithmSummary: '汇总', classification: 'GENERAL',
          },
        });""", Files.readString(holder.resolve("cert.pem")), Files.readString(holder.resolve("key.pem")), material.toString()));

    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.serialize(material)));
    assertThat(registration.path("confidentialHash").asText()).as(registration.toString()).isEqualTo(hash);
    assertThat(trusting.get("registrar", "/registrations/" + registration.path("regNo").asText() + "/confidential")).isEqualTo(material);
  }

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
  void the_holder_corrects_and_answers_an_objection_and_the_registrar_forwards_decides_and_sees_overdue_reviews() throws Exception {
    // A gateway of its own: its clock moves on until formal reviews are overdue.
    try (RunningGateway fresh = new RunningGateway()) {
      String regNo = fresh.submitted();
      fresh.post("registrar", "/registrations/" + regNo + "/formal-review/start", Json.mapper().createObjectNode());
      fresh.post("registrar", "/registrations/" + regNo + "/formal-review", Json.mapper().createObjectNode()
          .put("outcome", "NEEDS_CORRECTION").put("opinionHash", RunningGateway.h("来源不清")).put("reason", "请补充数据来源说明"));
      // The holder sees what to correct and corrects it.
      signIn(fresh, fresh.identity("holder"));
      WebElement item = browser.findElement(By.cssSelector("#corrections li[data-reg-no='" + regNo + "']"));
      assertThat(item.getText()).contains("请补充数据来源说明");
      type(item, "scope", "天津市内金融机构授信（来源：企业自有经营数据）");
      item.findElement(By.cssSelector("button[data-action=correct]")).click();
      done(item);
      shown("console-holder-corrected");
      JsonNode corrected = read(fresh, "/api/v1/registrations/" + regNo).path("registration");
      assertThat(corrected.path("status").asText()).isEqualTo("FORMAL_REVIEW");
      assertThat(corrected.path("asset").path("scope").asText()).isEqualTo("天津市内金融机构授信（来源：企业自有经营数据）");

      // Another registration, issued (the clock passes its notice), that someone objects to.
      String issued = fresh.issued();
      String objectionNo = fresh.object(issued).path("objectionNo").asText();

      // The registrar forwards the objection registered after issue to the holder.
      signIn(fresh, fresh.identity("registrar"));
      WebElement entry = browser.findElement(By.cssSelector("[data-queue=AFTER_ISSUE] li[data-reg-no='" + issued + "']"));
      WebElement objection = entry.findElement(By.cssSelector("[data-objection='" + objectionNo + "']"));
      type(objection, "outcome", "转送函 2026-3");
      objection.findElement(By.cssSelector("button[data-action=objection-forward]")).click();
      assertThat(done(entry).getText()).contains("已记录转送");
      shown("console-registrar-objection-forwarded");
      assertThat(read(fresh, "/api/v1/objections/" + objectionNo).path("forwardedAt").isTextual()).isTrue();

      // The holder answers it.
      signIn(fresh, fresh.identity("holder"));
      WebElement answer = browser.findElement(By.id("answer-objection"));
      type(answer, "objectionNo", objectionNo);
      type(answer, "answer", "数据为本公司自行采集");
      answer.findElement(By.cssSelector("button[data-action=answer-objection]")).click();
      done(answer);
      assertThat(read(fresh, "/api/v1/objections/" + objectionNo).path("answerHash").asText()).isEqualTo(RunningGateway.h("数据为本公司自行采集"));

      // The registrar dismisses it; the registration stays issued.
      signIn(fresh, fresh.identity("registrar"));
      WebElement decided = browser.findElement(By.cssSelector("[data-queue=AFTER_ISSUE] li[data-reg-no='" + issued + "']"));
      type(decided, "outcome", "异议缺乏证据");
      decided.findElement(By.cssSelector("button[data-action=objection-DISMISSED]")).click();
      assertThat(done(decided).getText()).contains(objectionNo, "异议不成立");
      assertThat(read(fresh, "/api/v1/objections/" + objectionNo).path("status").asText()).isEqualTo("DISMISSED");
      assertThat(read(fresh, "/api/v1/registrations/" + issued).path("effectiveStatus").asText()).isEqualTo("ISSUED");

      // Forty days on, the corrected application's formal review is overdue, and is passed from that queue.
      fresh.at(fresh.now().plus(Duration.ofDays(40)));
      signIn(fresh, fresh.identity("registrar"));
      WebElement late = browser.findElement(By.cssSelector("[data-queue=OVERDUE] li[data-reg-no='" + regNo + "']"));
      assertThat(late.getText()).contains("审查期限", "due");
      shown("console-registrar-overdue");
      act("OVERDUE", regNo, "formal-PASS", "补正后材料齐全");
      assertThat(read(fresh, "/api/v1/registrations/" + regNo).path("effectiveStatus").asText()).isEqualTo("SUBSTANTIVE_REVIEW");
    }
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

  /** The regulator's reading of {@code path} at {@code at}. */
  private static JsonNode read(RunningGateway at, String path) throws Exception {
    return Json.mapper().readTree(at.get("regulator", path).body());
  }

  /** The outcome of an action in a form or queue entry, which must be done. */
  private static WebElement done(WebElement entry) {
    WebElement o = outcome(entry);
    assertThat(o.getAttribute("data-outcome")).as(o.getText()).isEqualTo("done");
    return o;
  }

  /** Checks the page with axe-core, then takes it whole on a desktop and on a phone. */
  private static void shown(String name) throws Exception {
    chromium.accessible(name);
    chromium.pageShots(name);
  }

  /** Runs an async function body in the page with {@code arguments}; answers its result as JSON text. */
  private static String inPage(String body, String... arguments) {
    Object result = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "(async function () {" + body + "}).apply(null, Array.from(arguments).slice(0, -1))"
            + ".then((r) => done(JSON.stringify(r)), (e) => done('failed: ' + (e.message || e) + ' ' + JSON.stringify(e.problem || '')));",
        (Object[]) arguments);
    assertThat(String.valueOf(result)).doesNotStartWith("failed:");
    return String.valueOf(result);
  }

  /** Opens the console and signs in with an identity directory (cert.pem, key.pem). */
  private static void signIn(Path identity) {
    signIn(gateway, identity);
  }

  private static void signIn(RunningGateway at, Path identity) {
    signIn(at.base(), identity);
  }

  private static void signIn(String base, Path identity) {
    browser.get(base + "/console.html");
    choose(identity.resolve("cert.pem"), identity.resolve("key.pem"));
    chromium.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-signed-in")));
    chromium.loaded();
    assertThat(browser.findElement(By.id("error")).isDisplayed()).as("an error after signing in").isFalse();
  }

  private static void choose(Path certificate, Path key) {
    browser.findElement(By.id("certificate-file")).sendKeys(certificate.toAbsolutePath().toString());
    browser.findElement(By.id("key-file")).sendKeys(key.toAbsolutePath().toString());
    browser.findElement(By.id("sign-in-button")).click();
  }

  private static String error() {
    return chromium.until(d -> {
      WebElement e = d.findElement(By.id("error"));
      return e.isDisplayed() ? e.getText() : null;
    });
  }

  /** Fills in the holder's application form for {@code data} with its signed compliance undertaking, and applies. */
  private static void apply(WebElement form, byte[] data, byte[] undertaking) throws Exception {
    type(form, "name", "信用评估+企业经营数据");
    type(form, "industry", "I64");
    type(form, "coverageArea", "天津市");
    date(form, "from", "2021-01-01");
    new Select(form.findElement(By.name("source"))).selectByValue("ENTERPRISE");
    type(form, "scenarios", "信用评估，授信审批");
    type(form, "scope", "天津市内金融机构授信");
    type(form, "algorithmSummary", "去标识化后汇总");
    form.findElement(By.id("evidence-file")).sendKeys(Files.write(Files.createTempFile("part-1", ".csv"), data).toAbsolutePath().toString());
    // TJ-DIP (the default profile) asks for the signed compliance undertaking, by hash.
    new Select(form.findElement(By.name("attachmentKind"))).selectByValue("COMPLIANCE_UNDERTAKING");
    type(form, "attachmentIssuer", "甲公司");
    date(form, "attachmentDate", "2026-03-01");
    form.findElement(By.id("attachment-file"))
        .sendKeys(Files.write(Files.createTempFile("undertaking", ".pdf"), undertaking).toAbsolutePath().toString());
    form.findElement(By.cssSelector("button[data-action=apply]")).click();
  }

  /** In the queue of a status, on one registration: writes the opinion (if any), clicks the action, expects it done. */
  private static WebElement act(String status, String regNo, String action, String opinion) {
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=" + status + "] li[data-reg-no='" + regNo + "']"));
    if (opinion != null) {
      type(entry, "opinion", opinion);
    }
    entry.findElement(By.cssSelector("button[data-action=" + action + "]")).click();
    WebElement done = outcome(entry);
    assertThat(done.getAttribute("data-outcome")).as(action + ": " + done.getText()).isEqualTo("done");
    return done;
  }

  private static void type(WebElement form, String name, String text) {
    WebElement input = form.findElement(By.name(name));
    input.clear();
    input.sendKeys(text);
  }

  /** Sets a date input's value, which typing would enter in the browser's locale. */
  private static void date(WebElement form, String name, String isoDate) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", form.findElement(By.name(name)), isoDate);
  }

  /** The outcome of an action in a queue entry or form, once it has one. */
  private static WebElement outcome(WebElement entry) {
    WebElement outcome = chromium.until(d -> {
      WebElement o = entry.findElement(By.className("outcome"));
      return o.getAttribute("data-outcome") != null ? o : null;
    });
    // In view for the screenshots.
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", outcome);
    return outcome;
  }

  /**
   * A gateway over an embedded ledger initialised with trusted roots, as ledgers are since issue 23:
   * it takes each write only as its author's signed request. The ledger's clock is the test's, and
   * the gateway serves it as the dev clock so that the page signs at the ledger's time. The set-up's
   * own writes are signed here with core's RequestSigner; reads carry tokens.
   */
  private static final class TrustingGateway implements AutoCloseable {
    static final String LEDGER = "dareg:RegistryMSP:console-test";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, KeyPair> keys = new HashMap<>();
    private final Map<String, X509Certificate> certificates = new HashMap<>();
    private final Vertx vertx = Vertx.vertx();
    private final CertificateAuthority ca;
    private final EmbeddedLedger ledger;
    private final ApiServer api;
    private final String base;

    TrustingGateway() throws Exception {
      Path dir = Files.createTempDirectory("dareg-console-signed");
      ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
      Signatures signatures = new Signatures(new BouncyCastleProvider());
      String[][] ids = {
        {"admin", "RegistryMSP", "admin", "registry-admin"}, {"registrar", "RegistryMSP", "registrar", "registrar-1"},
        {"reviewer", "ReviewMSP", "reviewer", "reviewer-1"}, {"holder", "EnterpriseMSP", "holder", "alice"}
      };
      for (String[] id : ids) {
        KeyPair pair = signatures.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        keys.put(id[0], pair);
        certificates.put(id[0], ca.issueClient(id[1], id[2], id[3], pair.getPublic(), Duration.ofDays(3650)));
      }
      ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
      Map<String, Handler<RoutingContext>> devClock = Map.of(
          "getDevClock", ctx -> ctx.response().putHeader("content-type", "application/json")
              .end(Json.mapper().createObjectNode().put("now", clock.instant().toString()).toString()),
          "advanceDevClock", ctx -> ctx.fail(404));
      api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock,
          1 << 20, Operations.dev(), devClock);
      base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();

      // One CA serves every organisation here: the ledger takes an author's organisation from the O it names.
      ObjectNode init = Json.mapper().createObjectNode().put("registryMsp", "RegistryMSP").put("registryName", "天津数据资产登记中心")
          .put("defaultProfile", "TJ-DIP").put("ledgerId", LEDGER);
      for (String msp : List.of("RegistryMSP", "ReviewMSP", "EnterpriseMSP")) {
        init.withArray("trustedRoots").add(Json.mapper().valueToTree(TrustedRoot.of(msp, ca.root())));
      }
      post("admin", "initLedger", "/ledger/init", init);
      ObjectNode grant = Json.mapper().createObjectNode().put("role", "REVIEWER");
      grant.putObject("identity").put("msp", "ReviewMSP").put("id", "CN=reviewer-1,OU=reviewer");
      post("admin", "grantRole", "/roles", grant);
      ObjectNode account = Json.mapper().createObjectNode().put("creditCodeHash", RunningGateway.h("code alice")).put("name", "甲数据科技有限公司")
          .put("kind", "ENTERPRISE");
      account.putArray("members").addObject().put("msp", "EnterpriseMSP").put("id", "CN=alice,OU=holder");
      post("registrar", "openAccount", "/accounts", account);
    }

    String base() {
      return base;
    }

    X509Certificate root() {
      return ca.root();
    }

    Instant now() {
      return clock.instant();
    }

    void at(Instant t) {
      clock.set(t);
    }

    /** {@code who}'s cert.pem and key.pem in a new directory. */
    Path identity(String who) throws Exception {
      Path dir = Files.createTempDirectory("dareg-identity-" + who);
      Files.writeString(dir.resolve("cert.pem"), CertificateAuthority.pem(certificates.get(who)));
      Files.writeString(dir.resolve("key.pem"), Signatures.toPem(keys.get(who).getPrivate()));
      return dir;
    }

    /** A read of /api/v1 + {@code path} as {@code who}, with a token. */
    JsonNode get(String who, String path) throws Exception {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + Tokens.sign(certificates.get(who), keys.get(who).getPrivate(), Instant.now(), Duration.ofMinutes(2)))
          .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
      return Json.mapper().readTree(r.body());
    }

    /** A write as {@code who}'s signed request for {@code operation}, with no token. */
    private JsonNode post(String who, String operation, String path, ObjectNode arguments) throws Exception {
      SignedRequest signed = new RequestSigner(certificates.get(who), keys.get(who).getPrivate(), LEDGER, clock).sign(operation, arguments);
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.serialize(signed.toJson()))).build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isLessThan(300);
      return Json.mapper().readTree(r.body());
    }

    @Override
    public void close() {
      api.close();
      vertx.close();
      ledger.close();
    }
  }
}

package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Several registries in the console (issue 25), on one embedded ledger that trusts a second registry
 * organisation (Registry2MSP) and an exchange: the second registry opened by its admin, a recognition
 * agreement proposed there and accepted by the first registry's admin (from the keyboard), a peer
 * registry of another ledger entered from a pasted PEM; a listing check at a venue relying on the
 * second registry naming the agreement, then refused once it is withdrawn; a duplicate across the
 * registries flagged to the registrar and named on the registration's page. Each step builds on the
 * one before, so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleRegistriesBrowserTest extends ConsoleBrowser {
  private static TrustingGateway ledger;
  /** A ledger of its own with registry SH, the venue ledger's peer (from the fifth test on). */
  private static TrustingGateway peer;
  private static String agreementNo;
  private static String issued;

  @BeforeAll
  static void startLedger() throws Exception {
    ledger = new TrustingGateway();
  }

  @AfterAll
  static void stopLedger() {
    for (TrustingGateway g : new TrustingGateway[] {peer, ledger}) {
      if (g != null) {
        g.close();
      }
    }
  }

  @Test
  @Order(1)
  void a_second_organisations_admin_opens_its_registry_and_proposes_a_recognition_agreement() throws Exception {
    signIn(ledger.base(), ledger.identity("admin2"));
    assertThat(browser.findElements(By.cssSelector("#registries tr[data-registry]"))).extracting(r -> r.getAttribute("data-registry"))
        .containsExactly("DR");
    WebElement open = browser.findElement(By.id("open-registry"));
    type(open, "code", "SZ");
    type(open, "name", "深圳数据交易登记中心");
    new Select(open.findElement(By.name("defaultProfile"))).selectByValue("TJ-DIP");
    shown("console-registries-open");
    click(open, "open-registry");
    assertThat(done(open).getText()).contains("SZ");

    signIn(ledger.base(), ledger.identity("admin2"));
    assertThat(browser.findElement(By.id("registries-admin")).getAttribute("data-own-registry")).isEqualTo("SZ");
    assertThat(browser.findElements(By.id("open-registry"))).as("an organisation opens one registry").isEmpty();
    WebElement propose = browser.findElement(By.id("propose-recognition"));
    assertThat(new Select(propose.findElement(By.name("counterparty"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("DR");
    propose.findElement(By.cssSelector("input[data-choice=assetClasses][value=DATA_PRODUCT]")).click();
    click(propose, "propose-recognition");
    WebElement proposed = done(propose).findElement(By.cssSelector("[data-agreement]"));
    assertThat(proposed.getAttribute("data-status")).isEqualTo("PROPOSED");
    agreementNo = proposed.getAttribute("data-agreement");
    shown("console-registries-second-registry");
  }

  @Test
  @Order(2)
  void the_first_registrys_admin_accepts_the_agreement_from_the_keyboard_and_enters_a_peer_registry_from_its_pem() throws Exception {
    signIn(ledger.base(), ledger.identity("admin"));
    String row = "#recognitions tr[data-agreement='" + agreementNo + "']";
    assertThat(browser.findElement(By.cssSelector(row)).getText()).contains("SZ ⇄ DR").contains("数据产品");
    assertThat(browser.findElements(By.cssSelector(row + " button[data-action=withdraw-recognition]"))).as("either party may withdraw").hasSize(1);
    chromium.tabTo(row + " button[data-action=accept-recognition]");
    chromium.press(Keys.ENTER);
    WebElement accepted = done(browser.findElement(By.cssSelector("#recognitions")).findElement(By.xpath(".."))).findElement(By.cssSelector("[data-agreement]"));
    assertThat(accepted.getAttribute("data-status")).isEqualTo("ACTIVE");
    assertThat(ledger.get("exchange", "/recognitions/" + agreementNo).path("status").asText()).isEqualTo("ACTIVE");

    WebElement peer = browser.findElement(By.id("add-peer"));
    type(peer, "code", "GZ");
    type(peer, "msp", "GzRegistryMSP");
    type(peer, "name", "广州数据交易所登记中心");
    type(peer, "root", "不是证书");
    type(peer, "url", "https://gz.example.cn");
    click(peer, "add-peer");
    WebElement refused = outcome(peer);
    assertThat(refused.getAttribute("data-outcome")).isEqualTo("refused");
    assertThat(refused.getText()).contains("PEM");
    String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(ledger.root().getEncoded()) + "\n-----END CERTIFICATE-----\n";
    type(peer, "root", pem);
    // The peer log's witness, as dareg registry add-peer --witness KEY --quorum 1.
    String witness = io.dareg.core.log.SignedNote.Signer.generate("gz.example.cn/witness", io.dareg.core.log.SignedNote.COSIGNATURE_V1,
        new java.security.SecureRandom()).verifier().toString();
    type(peer, "witnesses", witness);
    type(peer, "quorum", "1");
    click(peer, "add-peer");
    assertThat(done(peer).getText()).contains("GZ");
    JsonNode peers = ledger.get("exchange", "/peer-registries");
    assertThat(peers.get(0).path("root").asText()).as("the PEM as base64 DER").isEqualTo(Base64.getEncoder().encodeToString(ledger.root().getEncoded()));
    assertThat(peers.get(0).path("logWitnesses").get(0).asText()).isEqualTo(witness);
    assertThat(peers.get(0).path("logWitnessQuorum").asInt()).isEqualTo(1);

    signIn(ledger.base(), ledger.identity("admin"));
    assertThat(browser.findElement(By.cssSelector("#peer-registries tr[data-peer=GZ]")).getText()).contains("https://gz.example.cn",
        "1 / 1", "gz.example.cn/witness");
    assertThat(browser.findElement(By.cssSelector(row)).getAttribute("data-status")).isEqualTo("ACTIVE");
    assertThat(browser.findElements(By.cssSelector("#registries tr[data-registry]"))).extracting(r -> r.getAttribute("data-registry"))
        .containsExactly("DR", "SZ");
    shown("console-registries-admin");
  }

  @Test
  @Order(3)
  void a_listing_check_at_a_venue_relying_on_the_other_registry_names_the_agreement_and_is_refused_once_it_is_withdrawn() throws Exception {
    issued = ledger.issued("registries data set");
    signIn(ledger.base(), ledger.identity("exchange"));
    WebElement check = browser.findElement(By.id("listing-check"));
    type(check, "regNo", issued);
    new Select(check.findElement(By.name("venue"))).selectByValue("SZ");
    Path junk = Files.writeString(Files.createTempFile("voucher", ".json"), "not json");
    check.findElement(By.id("listing-voucher-file")).sendKeys(junk.toAbsolutePath().toString());
    click(check, "listing-check");
    assertThat(outcome(check).getText()).contains("JSON");
    check.findElement(By.id("listing-voucher-file")).clear();
    click(check, "listing-check");
    WebElement result = done(check);
    assertThat(result.findElement(By.cssSelector("[data-listable]")).getAttribute("data-listable")).as(result.getText()).isEqualTo("true");
    assertThat(result.findElement(By.cssSelector("[data-recognition]")).getText()).isEqualTo(agreementNo);
    shown("console-exchange-listing-check-recognition");

    signIn(ledger.base(), ledger.identity("admin2"));
    WebElement withdraw = browser.findElement(By.cssSelector("#recognitions tr[data-agreement='" + agreementNo + "'] button[data-action=withdraw-recognition]"));
    withdraw.click();
    assertThat(done(browser.findElement(By.id("recognitions")).findElement(By.xpath(".."))).findElement(By.cssSelector("[data-agreement]"))
        .getAttribute("data-status")).isEqualTo("WITHDRAWN");

    signIn(ledger.base(), ledger.identity("exchange"));
    check = browser.findElement(By.id("listing-check"));
    type(check, "regNo", issued);
    new Select(check.findElement(By.name("venue"))).selectByValue("SZ");
    click(check, "listing-check");
    result = done(check);
    assertThat(result.findElement(By.cssSelector("[data-listable]")).getAttribute("data-listable")).isEqualTo("false");
    assertThat(result.getText()).contains("does not recognise");
  }

  @Test
  @Order(4)
  void a_duplicate_across_registries_is_flagged_to_the_registrar_and_named_on_the_registrations_page() throws Exception {
    String first = issued != null ? issued : ledger.issued("registries data set");
    String again = ledger.submitted("registries data set", "SZ").path("regNo").asText();
    assertThat(again).startsWith("SZ-");

    signIn(ledger.base(), ledger.identity("registrar"));
    WebElement flag = browser.findElement(By.cssSelector("#duplicates tr[data-reg-no='" + again + "']"));
    assertThat(flag.getAttribute("data-other")).isEqualTo(first);
    shown("console-registrar-duplicates");

    signIn(ledger.base(), ledger.identity("holder"));
    browser.get(ledger.base() + "/console.html#registration/" + again);
    WebElement notice = chromium.until(d -> d.findElements(By.id("duplicate-of")).stream().findFirst().orElse(null));
    assertThat(notice.findElements(By.cssSelector("a[data-reg-link]"))).extracting(WebElement::getText).containsExactly(first);
    shown("console-holder-duplicate-of");
  }

  @Test
  @Order(5)
  void an_asset_of_a_peer_ledger_is_checked_with_the_peers_voucher_under_an_agreement_both_signed_here() throws Exception {
    peer = new TrustingGateway("SH", "Registry3MSP", "dareg:Registry3MSP:peer-test");
    String regNo = peer.issued("peer data set");
    java.time.Instant now = peer.now().isAfter(ledger.now()) ? peer.now() : ledger.now();
    peer.at(now);
    ledger.at(now);
    // The exchange's check there, and its voucher, which it hands in here.
    String checkNo = peer.post("exchange", "recordListingCheck", "/registrations/" + regNo + "/listing-checks", obj().put("regNo", regNo))
        .path("checkNo").asText();
    Path voucher = Files.writeString(Files.createTempFile("listing-voucher", ".json"), peer.text("exchange", "/listing-checks/" + checkNo + "/voucher"));
    ledger.post("admin", "addPeerRegistry", "/peer-registries", obj().put("code", "SH").put("msp", "Registry3MSP").put("name", "上海数据交易所登记中心")
        .put("root", Base64.getEncoder().encodeToString(peer.root().getEncoded())).put("url", "https://sh.example.cn"));
    String no = ledger.post("admin", "proposeRecognition", "/recognitions", obj().put("counterparty", "SH")).path("agreementNo").asText();
    peer.postTo(ledger, "admin", "acceptRecognition", "/recognitions/" + no + "/acceptance", obj().put("id", no));

    signIn(ledger.base(), ledger.identity("exchange"));
    WebElement check = browser.findElement(By.id("listing-check"));
    type(check, "regNo", regNo);
    new Select(check.findElement(By.name("venue"))).selectByValue("DR");
    click(check, "listing-check");
    assertThat(outcome(check).getText()).as("no voucher").contains("voucher");
    check.findElement(By.id("listing-voucher-file")).sendKeys(voucher.toAbsolutePath().toString());
    click(check, "listing-check");
    WebElement result = done(check);
    assertThat(result.findElement(By.cssSelector("[data-listable]")).getAttribute("data-listable")).as(result.getText()).isEqualTo("true");
    assertThat(result.findElement(By.cssSelector("[data-recognition]")).getText()).isEqualTo(no);
    shown("console-exchange-peer-voucher");
  }

  @Test
  @Order(6)
  void the_registrar_records_a_duplicate_on_a_peer_ledger_from_the_peers_registered_hash_voucher() throws Exception {
    String regNo = ledger.submitted("peer data set", null).path("regNo").asText();
    Path voucher = Files.writeString(Files.createTempFile("hash-voucher", ".json"),
        new String(peer.publicGet("/api/v1/public/hashes/" + RunningGateway.h("peer data set") + "/voucher"), StandardCharsets.UTF_8));
    signIn(ledger.base(), ledger.identity("registrar"));
    WebElement form = browser.findElement(By.id("peer-duplicate"));
    type(form, "regNo", regNo);
    // What dareg registry check-peers asks, as links: each peer registry's public voucher of each hash the registration rests on.
    WebElement questions = browser.findElement(By.id("peer-questions"));
    questions.findElement(By.cssSelector("button[data-action=peer-questions]")).click();
    assertThat(Integer.parseInt(done(questions).findElement(By.cssSelector("[data-questions]")).getAttribute("data-questions"))).isPositive();
    String hash = RunningGateway.h("peer data set");
    assertThat(questions.findElement(By.cssSelector("li[data-peer=GZ][data-hash='" + hash + "'] a")).getAttribute("href"))
        .isEqualTo("https://gz.example.cn/api/v1/public/hashes/" + hash + "/voucher");
    form.findElement(By.id("peer-duplicate-file")).sendKeys(voucher.toAbsolutePath().toString());
    chromium.tabTo("#peer-duplicate button[data-action=record-peer-duplicate]");
    chromium.press(Keys.ENTER);
    assertThat(done(form).findElement(By.cssSelector("[data-duplicate-of]")).getAttribute("data-duplicate-of")).startsWith("SH-");
    assertThat(ledger.get("registrar", "/registrations/" + regNo).path("registration").path("duplicateOf").get(0).asText()).startsWith("SH-");
    shown("console-registrar-peer-duplicate");
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode obj() {
    return io.dareg.core.json.Json.mapper().createObjectNode();
  }
}

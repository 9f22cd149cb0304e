package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.model.TrustedRoot;
import io.dareg.gateway.cert.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The verify page checks an act (issue 27) as {@code dareg verify-act} does, in a real browser: acts a
 * ledger with trusted roots committed, signed by a P-256 author and by an SM2 one and exported by the
 * gateway's act route, pass every line, as core's ActProof.verify passes them; a changed transaction,
 * a changed header signature, a root that did not issue the author's certificate and a request signed
 * for another operation than the one recorded each fail on their own line.
 */
class VerifyActBrowserTest extends ConsoleBrowser {
  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private static TrustingGateway ledger;
  private static Path root;

  @BeforeAll
  static void startLedger() throws Exception {
    ledger = new TrustingGateway();
    ledger.newKey("holder-sm2", "EnterpriseMSP", "holder", "alice", SignatureAlgorithm.SM2_SM3);
    root = pem(ledger.root().getEncoded());
  }

  @AfterAll
  static void stopLedger() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  void an_act_signed_with_p256_checks_valid_in_the_page_line_for_line_as_dareg_verify_act() throws Exception {
    byte[] act = exported("holder", "p256 act data");
    ActProof.Check java = ActProof.parse(act).verify(SIGNATURES, List.of(TrustedRoot.of("EnterpriseMSP", ledger.root())), Duration.ofMinutes(5));
    assertThat(java.valid()).as(java.lines().toString()).isTrue();

    assertThat(checkAct(act, root, "EnterpriseMSP")).isEqualTo("true");
    assertThat(actChecks()).containsExactly(Map.entry("TX_ROOT", "PASS"), Map.entry("HEADER_SIGNATURE", "PASS"), Map.entry("AUTHOR", "PASS"),
        Map.entry("LOG_RECEIPT", "NONE"));
    String shown = browser.findElement(By.id("act-result")).getText();
    // The page's English is the command line's line: one for one, word for word.
    for (String line : java.lines()) {
      assertThat(shown).contains(line.substring("ok: ".length()));
    }
    assertThat(shown).contains("行为有效", "CN=alice,OU=holder,O=EnterpriseMSP,C=CN", "signed submit for ledger " + TrustingGateway.LEDGER);
    assertThat(browser.findElement(By.id("act-summary")).getText()).contains("EnterpriseMSP");
    chromium.screenshot("verify-act-valid.png");
    shown("verify-act-valid");
    // The root's subject O names its organisation unless the reader names one, as --trust MSP=ROOT.pem does.
    assertThat(checkAct(act, root, "")).isEqualTo("true");
    assertThat(browser.findElement(By.id("act-summary")).getText()).contains("RegistryMSP");
  }

  @Test
  void an_act_signed_with_sm2_checks_valid_and_fails_when_its_signed_request_is_changed() throws Exception {
    byte[] act = exported("holder-sm2", "sm2 act data");
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(act);
    assertThat(Json.mapper().readTree(Json.mapper().readTree(tree.path("transaction").asText()).path("args").asText()).path("algorithm").asText())
        .isEqualTo("SM2-SM3");
    assertThat(checkAct(act, root, "")).isEqualTo("true");
    assertThat(actChecks()).containsEntry("AUTHOR", "PASS");

    // The same act whose request's signature is another SM2 signature's: the page's SM2 check refuses it.
    JsonNode tx = Json.mapper().readTree(tree.path("transaction").asText());
    ObjectNode args = (ObjectNode) Json.mapper().readTree(tx.path("args").asText());
    byte[] sig = Base64.getDecoder().decode(args.path("signature").asText());
    KeyPair other = SIGNATURES.generate(SignatureAlgorithm.SM2_SM3);
    args.put("signature", Base64.getEncoder().encodeToString(SIGNATURES.sign(SignatureAlgorithm.SM2_SM3, other.getPrivate(), sig)));
    assertThat(checkAct(resealed(tx, args), root, "")).isEqualTo("false");
    assertThat(actChecks()).containsEntry("TX_ROOT", "PASS").containsEntry("HEADER_SIGNATURE", "PASS").containsEntry("AUTHOR", "FAIL");
    assertThat(line("AUTHOR")).contains("the signature does not match the request and the key of its certificate");
  }

  @Test
  void a_changed_transaction_a_changed_header_signature_a_wrong_root_and_another_operation_each_fail_their_line() throws Exception {
    byte[] act = exported("holder", "tampered act data");
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(act);

    ObjectNode changed = tree.deepCopy();
    changed.put("transaction", tree.path("transaction").asText().replace("\"time\":\"", "\"time\":\"1"));
    assertThat(checkAct(Json.mapper().writeValueAsBytes(changed), root, "")).isEqualTo("false");
    assertThat(actChecks()).containsEntry("TX_ROOT", "FAIL").containsEntry("HEADER_SIGNATURE", "PASS");
    assertThat(line("TX_ROOT")).contains("交易通不到区块", "the transaction does not lead to the txRoot of block " + tree.path("block").asLong());

    ObjectNode resigned = tree.deepCopy();
    byte[] signature = Base64.getDecoder().decode(tree.path("headerSignature").asText());
    signature[signature.length - 1] ^= 1;
    resigned.put("headerSignature", Base64.getEncoder().encodeToString(signature));
    assertThat(checkAct(Json.mapper().writeValueAsBytes(resigned), root, "")).isEqualTo("false");
    assertThat(actChecks()).containsEntry("TX_ROOT", "PASS").containsEntry("HEADER_SIGNATURE", "FAIL").containsEntry("AUTHOR", "PASS");
    assertThat(line("HEADER_SIGNATURE")).contains("the block header's signature does not verify with node key");

    // A root of another CA (even one of the same name) did not issue the author's certificate.
    CertificateAuthority stranger = CertificateAuthority.loadOrCreate(Files.createTempDirectory("dareg-other-ca").resolve("ca"),
        SignatureAlgorithm.ECDSA_P256_SHA256, Clock.systemUTC());
    assertThat(checkAct(act, pem(stranger.root().getEncoded()), "")).isEqualTo("false");
    assertThat(actChecks()).containsEntry("TX_ROOT", "PASS").containsEntry("HEADER_SIGNATURE", "PASS").containsEntry("AUTHOR", "FAIL");
    assertThat(line("AUTHOR")).contains("作者的签名请求未通过", "is not issued by a CA this ledger trusts");

    // A node that records the author's submit as another operation, in a block of its own that it signs.
    JsonNode tx = Json.mapper().readTree(tree.path("transaction").asText());
    ObjectNode renamed = ((ObjectNode) tx.deepCopy()).put("name", "withdraw");
    byte[] forged = forgedBlock(tree, renamed);
    ActProof.Check java = ActProof.parse(forged).verify(SIGNATURES, List.of(TrustedRoot.of("EnterpriseMSP", ledger.root())), Duration.ofMinutes(5));
    assertThat(java.lines().get(java.lines().size() - 1)).isEqualTo("FAILED: the request was signed for submit but recorded as withdraw");
    assertThat(checkAct(forged, root, "")).isEqualTo("false");
    assertThat(actChecks()).containsExactly(Map.entry("TX_ROOT", "PASS"), Map.entry("HEADER_SIGNATURE", "PASS"), Map.entry("AUTHOR", "PASS"),
        Map.entry("OPERATION", "FAIL"), Map.entry("LOG_RECEIPT", "NONE"));
    assertThat(line("OPERATION")).contains("请求签署的是 submit，记录的却是 withdraw", "the request was signed for submit but recorded as withdraw");
    chromium.screenshot("verify-act-failed.png");
    shown("verify-act-failed");
  }

  @Test
  void a_file_that_is_not_an_act_and_a_missing_root_are_refused_saying_what_to_give() throws Exception {
    assertThat(refusal(Files.writeString(Files.createTempFile("not-an-act", ".json"), "{\"format\":\"dareg-certificate\"}"), root))
        .contains("这不是可以核验的行为文件", "not a dareg-act/1 file");
    assertThat(refusal(Files.write(Files.createTempFile("act", ".json"), exported("holder", "no root data")), null))
        .contains("请选择受信的根证书", "Choose the roots you trust");
    // An act exported from Fabric needs the network's CA roots, as dareg verify-act needs --fabric-trust (VerifyFabricActBrowserTest).
    assertThat(refusal(Files.writeString(Files.createTempFile("fabric-act", ".json"), "{\"format\":\"dareg-fabric-act/1\"}"), root))
        .contains("这不是可以核验的行为文件", "exported from Fabric", "as --fabric-trust MSP=CA.pem");
  }

  // issue 24: the act carries its log receipt; without the keys what needs none is checked, and the page asks for them
  @Test
  void a_log_receipt_the_act_carries_is_checked_as_far_as_the_page_can_and_says_what_is_left() throws Exception {
    try (RunningGateway witnessed = new RunningGateway(true)) {
      ObjectNode act = witnessed.witnessedAct();
      assertThat(act.has("logReceipt")).isTrue();
      browser.get(witnessed.base() + "/verify.html");
      Path witnessedRoot = pem(witnessed.root().getEncoded());
      // That ledger takes writes without signed requests: the author line fails, as dareg verify-act's does; the receipt is this act's.
      assertThat(checkAct(Json.mapper().writeValueAsBytes(act), witnessedRoot, "")).isEqualTo("false");
      assertThat(actChecks()).containsEntry("TX_ROOT", "PASS").containsEntry("AUTHOR", "FAIL").containsEntry("LOG_RECEIPT", "PARTIAL");
      assertThat(line("AUTHOR")).contains("the transaction carries no signed request of its author");
      assertThat(line("LOG_RECEIPT")).contains("leaf " + act.path("logReceipt").path("index").asLong(), "NOT checked here",
          "give the log\u2019s key and the witnesses\u2019 keys above (as --log-key and --witness)", "本页未核验日志对检查点的签名");

      ObjectNode otherLeaf = act.deepCopy();
      ((ObjectNode) otherLeaf.path("logReceipt")).put("leafHash", "00".repeat(32));
      assertThat(checkAct(Json.mapper().writeValueAsBytes(otherLeaf), witnessedRoot, "")).isEqualTo("false");
      assertThat(actChecks()).containsEntry("LOG_RECEIPT", "FAIL");
      assertThat(line("LOG_RECEIPT")).contains("wrong leaf");
      ObjectNode otherRoot = act.deepCopy();
      String checkpoint = act.path("logReceipt").path("checkpoint").asText();
      String[] lines = checkpoint.split("\n", -1);
      lines[2] = Base64.getEncoder().encodeToString(new byte[32]);
      ((ObjectNode) otherRoot.path("logReceipt")).put("checkpoint", String.join("\n", lines));
      assertThat(checkAct(Json.mapper().writeValueAsBytes(otherRoot), witnessedRoot, "")).isEqualTo("false");
      assertThat(line("LOG_RECEIPT")).contains("bad proof: the inclusion path does not lead from leaf");
    }
  }

  /** {@code who}'s application of {@code text}'s data, its submit exported with its proof by the gateway's act route. */
  private static byte[] exported(String who, String text) throws Exception {
    String regNo = ledger.submitted(who, text, null).path("regNo").asText();
    JsonNode history = ledger.get("registrar", "/registrations/" + regNo + "/history");
    String txId = history.get(0).path("txId").asText();
    return ledger.text("registrar", "/acts/" + txId).getBytes(StandardCharsets.UTF_8);
  }

  /** The act of {@code tree} with its transaction's arguments replaced, in a one-transaction block a new node key signs. */
  private static byte[] resealed(JsonNode tx, ObjectNode args) throws Exception {
    ObjectNode changed = ((ObjectNode) tx.deepCopy()).put("args", CanonicalJson.toString(args));
    return forgedBlock((ObjectNode) Json.mapper().readTree(exported("holder", "carrier " + System.nanoTime())), changed);
  }

  /**
   * {@code act} holding {@code tx} alone in its block, the header's txRoot its leaf, signed by a new node key: what a node that
   * records something else than was signed could show (the header check names the key, to compare with the ledger's).
   */
  private static byte[] forgedBlock(ObjectNode act, JsonNode tx) throws Exception {
    String transaction = CanonicalJson.toString(tx);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] inner = sha.digest(transaction.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    String leaf = HexFormat.of().formatHex(sha.digest(inner));
    ObjectNode header = ((ObjectNode) Json.mapper().readTree(act.path("header").asText())).put("txRoot", leaf);
    String headerText = CanonicalJson.toString(header);
    KeyPair node = SIGNATURES.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    ObjectNode forged = act.deepCopy().put("transaction", transaction).put("header", headerText).put("index", 0).put("count", 1)
        .put("nodeKey", Base64.getEncoder().encodeToString(node.getPublic().getEncoded()))
        .put("headerSignature", Base64.getEncoder().encodeToString(
            SIGNATURES.sign(SignatureAlgorithm.ECDSA_P256_SHA256, node.getPrivate(), headerText.getBytes(StandardCharsets.UTF_8))));
    forged.putArray("path");
    return Json.mapper().writeValueAsBytes(forged);
  }

  private static Path pem(byte[] der) throws Exception {
    return Files.writeString(Files.createTempFile("root", ".pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END CERTIFICATE-----\n");
  }

  /** Chooses the act, the root (or none) and the organisation in the page and checks; answers its verdict, "true" or "false". */
  private static String checkAct(byte[] act, Path rootPem, String organisation) throws Exception {
    choose(Files.write(Files.createTempFile("act", ".json"), act), rootPem, organisation);
    return chromium.until(d -> {
      WebElement o = d.findElement(By.id("act-outcome"));
      return o.getAttribute("data-valid") != null && o.isDisplayed() ? o.getAttribute("data-valid") : null;
    });
  }

  private static String refusal(Path act, Path rootPem) throws Exception {
    choose(act, rootPem, "");
    return error();
  }

  private static void choose(Path act, Path rootPem, String organisation) {
    if (!browser.getCurrentUrl().endsWith("/verify.html")) {
      browser.get(ledger.base() + "/verify.html");
    }
    WebElement file = browser.findElement(By.id("act-file"));
    file.clear();
    file.sendKeys(act.toAbsolutePath().toString());
    WebElement roots = browser.findElement(By.id("act-roots"));
    roots.clear();
    if (rootPem != null) {
      roots.sendKeys(rootPem.toAbsolutePath().toString());
    }
    WebElement msp = browser.findElement(By.id("act-organisation"));
    msp.clear();
    msp.sendKeys(organisation);
    ((JavascriptExecutor) browser).executeScript("document.getElementById('act-outcome').removeAttribute('data-valid');"
        + "document.getElementById('error').hidden = true;");
    browser.findElement(By.id("act-button")).click();
  }

  private static Map<String, String> actChecks() {
    Map<String, String> out = new LinkedHashMap<>();
    browser.findElements(By.cssSelector("#act-checks li")).forEach(li -> out.put(li.getAttribute("data-check"), li.getAttribute("data-outcome")));
    return out;
  }

  private static String line(String name) {
    return browser.findElement(By.cssSelector("#act-checks li[data-check=" + name + "]")).getText();
  }
}

package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.ledger.SignedAuditReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * SM2 in the verify page (issue 27): sm2.js verifies Bouncy Castle's SM3withSM2 signatures with the
 * default signer ID; a registry whose CA is SM2 (root and issuing key) writes judicial extracts the
 * page checks, signature and chain, and a changed one it refuses; audit reports signed with an SM2
 * node key and with an SM2 operator certificate issued by that root check, and changed ones do not.
 */
class VerifySm2BrowserTest extends ConsoleBrowser {
  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private static RunningGateway sm2;
  private static Path root;

  @BeforeAll
  static void startSm2Registry() throws Exception {
    sm2 = new RunningGateway(false, SignatureAlgorithm.SM2_SM3);
    root = Files.writeString(Files.createTempFile("sm2-root", ".pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sm2.root().getEncoded()) + "\n-----END CERTIFICATE-----\n");
  }

  @AfterAll
  static void stopSm2Registry() {
    if (sm2 != null) {
      sm2.close();
    }
  }

  @Test
  void sm2_js_verifies_bouncy_castles_sm3_with_sm2_signatures_and_refuses_changed_ones() throws Exception {
    KeyPair pair = SIGNATURES.generate(SignatureAlgorithm.SM2_SM3);
    byte[] message = "数据资产登记 SM2 verify".getBytes(StandardCharsets.UTF_8);
    byte[] der = SIGNATURES.sign(SignatureAlgorithm.SM2_SM3, pair.getPrivate(), message);
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    browser.get(sm2.base() + "/verify.html");
    String verdicts = inPage("""
        const { sm2Verify } = await import('/sm2.js');
        const { p1363Signature } = await import('/session.js');
        const bytes = (h) => Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
        const point = [BigInt('0x' + arguments[0]), BigInt('0x' + arguments[1])];
        const message = bytes(arguments[2]);
        const signature = p1363Signature(bytes(arguments[3]));
        const changed = message.slice();
        changed[0] ^= 1;
        const otherS = signature.slice();
        otherS[63] ^= 1;
        return [sm2Verify(point, message, signature), sm2Verify(point, changed, signature), sm2Verify(point, message, otherS),
          (() => { try { return sm2Verify([point[0], point[1] + 1n], message, signature); } catch (e) { return e.message; } })()];""",
        key.getW().getAffineX().toString(16), key.getW().getAffineY().toString(16), HexFormat.of().formatHex(message), HexFormat.of().formatHex(der));
    assertThat(verdicts).isEqualTo("[true,false,false,\"the public key is not a point of the SM2 curve\"]");
  }

  @Test
  void a_judicial_extract_an_sm2_registry_signed_checks_in_the_page_and_a_changed_one_does_not() throws Exception {
    String regNo = sm2.issueCertificate().path("payload").path("regNo").asText();
    byte[] pdf = sm2.get("registrar", "/api/v1/registrations/" + regNo + "/extract").body();
    // Its CMS signature names SM3 (OID 1.2.156.10197.1.401) as its digest: signed with the SM2 issuing key.
    assertThat(new String(pdf, StandardCharsets.ISO_8859_1).toLowerCase()).contains("06082a811ccf55018311");
    browser.get(sm2.base() + "/verify.html");
    assertThat(checkFile(Files.write(Files.createTempFile(regNo, "-extract.pdf"), pdf), root)).isEqualTo("true");
    assertThat(documentChecks()).containsExactly(Map.entry("COVERAGE", "PASS"), Map.entry("SIGNATURE", "PASS"), Map.entry("CHAIN", "PASS"),
        Map.entry("ATTACHMENT", "PASS"));
    assertThat(browser.findElement(By.id("signed-file-result")).getText()).contains("司法存证摘录有效", "Issued by the registry root dareg registry root");
    chromium.screenshot("verify-extract-sm2.png");
    shown("verify-extract-sm2");

    byte[] altered = pdf.clone();
    int at = new String(pdf, StandardCharsets.ISO_8859_1).indexOf("/Producer");
    altered[at > 0 ? at + 2 : 200] ^= 1;
    assertThat(checkFile(Files.write(Files.createTempFile("altered", ".pdf"), altered), root)).isEqualTo("false");
    assertThat(documentChecks()).containsEntry("SIGNATURE", "FAIL");
    // The P-256 registry's root did not issue the SM2 registry's signer.
    Path other = Files.writeString(Files.createTempFile("p256-root", ".pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(gateway.root().getEncoded()) + "\n-----END CERTIFICATE-----\n");
    assertThat(checkFile(Files.write(Files.createTempFile(regNo, "-extract.pdf"), pdf), other)).isEqualTo("false");
    assertThat(documentChecks()).containsEntry("SIGNATURE", "PASS").containsEntry("CHAIN", "FAIL");
  }

  @Test
  void audit_reports_signed_with_an_sm2_node_key_or_an_sm2_operator_certificate_check_and_changed_ones_do_not() throws Exception {
    JsonNode gatewayReport = Json.mapper().readTree(sm2.get("admin", "/api/v1/ledger/audit").body());
    ChainAudit.Report audit = Json.mapper().treeToValue(gatewayReport.path("report").path("audit"), ChainAudit.Report.class);
    browser.get(sm2.base() + "/verify.html");

    // A node whose key is SM2 signs its own audit.
    KeyPair node = SIGNATURES.generate(SignatureAlgorithm.SM2_SM3);
    ChainAudit.Report byNode = new ChainAudit.Report(audit.bytes(), audit.blocks(), audit.transactions(), audit.headHash(), audit.headTime(),
        Signatures.keyId(node.getPublic()), audit.finding());
    JsonNode nodeSigned = SignedAuditReport.signWithNodeKey(SIGNATURES, byNode, Instant.now(), "test", node.getPublic(), node.getPrivate());
    assertThat(SignedAuditReport.check(SIGNATURES, nodeSigned, java.util.List.of()).valid()).isTrue();
    assertThat(checkFile(report(nodeSigned), null)).isEqualTo("true");
    assertThat(documentChecks()).containsEntry("REPORT", "PASS");
    assertThat(browser.findElement(By.id("signed-file-result")).getText()).contains("node key " + Signatures.keyId(node.getPublic()));
    assertThat(checkFile(report(changed(nodeSigned)), null)).isEqualTo("false");
    assertThat(browser.findElement(By.id("signed-file-result")).getText()).contains("does not verify");

    // An operator's SM2 certificate issued by the SM2 registry root (dareg ledger verify --data --report).
    Path operator = sm2.newIdentity("operator", "RegistryMSP", "admin", SignatureAlgorithm.SM2_SM3);
    X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509", new BouncyCastleProvider())
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(operator.resolve("cert.pem"))));
    PrivateKey key = SIGNATURES.privateKeyFromPem(Files.readString(operator.resolve("key.pem")));
    JsonNode operatorSigned = SignedAuditReport.signWithCertificate(SIGNATURES, audit, Instant.now(), "offline", certificate, key);
    assertThat(checkFile(report(operatorSigned), root)).isEqualTo("true");
    assertThat(browser.findElement(By.id("signed-file-result")).getText()).contains("operator", "issued by a registry root");
    assertThat(checkFile(report(changed(operatorSigned)), root)).isEqualTo("false");
    assertThat(documentChecks()).containsEntry("REPORT", "FAIL");
    // Signed, but by a certificate the chosen root did not issue.
    Path p256Root = Files.writeString(Files.createTempFile("p256-root", ".pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(gateway.root().getEncoded()) + "\n-----END CERTIFICATE-----\n");
    assertThat(checkFile(report(operatorSigned), p256Root)).isEqualTo("false");
    assertThat(browser.findElement(By.id("signed-file-result")).getText()).contains("not issued by the registry root chosen");
  }

  private static Path report(JsonNode signed) throws Exception {
    return Files.write(Files.createTempFile("audit", ".json"), Json.mapper().writeValueAsBytes(signed));
  }

  private static JsonNode changed(JsonNode signed) {
    ObjectNode copy = signed.deepCopy();
    ((ObjectNode) copy.path("report").path("audit")).put("transactions", signed.path("report").path("audit").path("transactions").asLong() + 1);
    return copy;
  }

  /** Chooses the file (and the root, or none) in the verify page's signed-file check; answers its verdict, "true" or "false". */
  private static String checkFile(Path file, Path rootPem) {
    WebElement input = browser.findElement(By.id("signed-file-input"));
    input.clear();
    input.sendKeys(file.toAbsolutePath().toString());
    WebElement roots = browser.findElement(By.id("roots-file"));
    roots.clear();
    if (rootPem != null) {
      roots.sendKeys(rootPem.toAbsolutePath().toString());
    }
    ((JavascriptExecutor) browser).executeScript("document.getElementById('signed-file-outcome').removeAttribute('data-valid')");
    browser.findElement(By.id("signed-file-button")).click();
    return chromium.until(d -> {
      WebElement o = d.findElement(By.id("signed-file-outcome"));
      return o.getAttribute("data-valid") != null && o.isDisplayed() ? o.getAttribute("data-valid") : null;
    });
  }

  private static Map<String, String> documentChecks() {
    Map<String, String> out = new LinkedHashMap<>();
    browser.findElements(By.cssSelector("#document-checks li")).forEach(li -> out.put(li.getAttribute("data-check"), li.getAttribute("data-outcome")));
    return out;
  }
}

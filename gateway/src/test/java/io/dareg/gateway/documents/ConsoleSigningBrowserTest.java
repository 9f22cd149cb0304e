package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.gateway.cert.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Signing in and signing writes in the console, in a real browser: the page signs a fresh token per
 * read and each write as its author's signed request (docs/signed-requests.md), whose canonical form
 * and signature are checked here against the published vectors and core, and which a ledger with
 * trusted roots takes from application to certificate. Unusable keys are refused in plain words.
 */
class ConsoleSigningBrowserTest extends ConsoleBrowser {
  /** The test vectors of docs/signed-requests.md (tests run in the gateway module's directory). */
  private static final Path VECTORS = Path.of("../core/src/test/resources/signed-requests/vectors.json");
  private static TrustingGateway trusting;

  @BeforeAll
  static void startTrusting() throws Exception {
    trusting = new TrustingGateway();
  }

  @AfterAll
  static void stopTrusting() {
    if (trusting != null) {
      trusting.close();
    }
  }

  @Test
  void a_key_that_is_not_the_certificates_an_sm2_key_or_a_stranger_is_refused_with_what_to_do() throws Exception {
    Path holder = gateway.identity("holder");
    Path registrar = gateway.identity("registrar");
    browser.get(gateway.base() + "/console.html");
    choose(holder.resolve("cert.pem"), registrar.resolve("key.pem"));
    assertThat(error()).contains("私钥与证书不匹配", "The key does not belong to the certificate");

    // An SM2 key that is not the SM2 certificate's is refused the same way.
    Path sm2 = gateway.newIdentity("sm2-holder", "EnterpriseMSP", "holder", SignatureAlgorithm.SM2_SM3);
    Path otherSm2 = gateway.newIdentity("sm2-other", "EnterpriseMSP", "holder", SignatureAlgorithm.SM2_SM3);
    browser.get(gateway.base() + "/console.html");
    choose(sm2.resolve("cert.pem"), otherSm2.resolve("key.pem"));
    assertThat(error()).contains("私钥与证书不匹配", "The key does not belong to the certificate");
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
  void an_sm2_identity_signs_in_its_tokens_signed_sm2sm3_in_the_page_as_the_command_line_does() throws Exception {
    Path sm2 = gateway.newIdentity("sm2-signer", "EnterpriseMSP", "holder", SignatureAlgorithm.SM2_SM3);
    browser.get(gateway.base() + "/console.html");
    ((JavascriptExecutor) browser).executeScript("""
        window.tokens = [];
        const send = window.fetch;
        window.fetch = (url, init = {}) => {
          const auth = (init.headers || {}).Authorization;
          if (auth) window.tokens.push(JSON.parse(atob(auth.slice(7).split('.')[0].replace(/-/g, '+').replace(/_/g, '/'))).alg);
          return send(url, init);
        };""");
    choose(sm2.resolve("cert.pem"), sm2.resolve("key.pem"));
    chromium.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-signed-in")));
    chromium.loaded();
    // The gateway took the page's SM2 tokens: who this is, and the holder's page.
    assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("role")).getAttribute("data-role")).isEqualTo("HOLDER");
    assertThat(browser.findElement(By.id("identity")).getText()).contains("sm2-signer");
    @SuppressWarnings("unchecked")
    List<Object> algs = (List<Object>) ((JavascriptExecutor) browser).executeScript("return window.tokens");
    assertThat(algs).isNotEmpty().containsOnly("SM2SM3");
    shown("console-sm2-signed-in");
  }

  @Test
  void a_request_the_console_signs_with_the_sm2_vectors_key_verifies_as_the_ledger_checks_it() throws Exception {
    browser.get(gateway.base() + "/console.html");
    JsonNode vector = Json.mapper().readTree(VECTORS.toFile()).get(1);
    assertThat(vector.path("signedRequest").path("algorithm").asText()).isEqualTo("SM2-SM3");
    String signed = inPage("""
        const { signRequest, signerFor } = await import('/session.js');
        const v = JSON.parse(arguments[0]);
        const der = (b64) => Uint8Array.from(atob(b64.replace(/-----[A-Z ]+-----|\\s+/g, '')), (c) => c.charCodeAt(0));
        const r = v.signedRequest;
        const signer = await signerFor(der(r.certificate), der(v.privateKey));
        return signRequest(signer, r.certificate, { ledger: r.ledger, operation: r.operation, args: r.arguments, time: Date.parse(r.time) });""",
        vector.toString());

    SignedRequest request = SignedRequest.parse(signed.getBytes(StandardCharsets.UTF_8));
    assertThat(request.algorithm()).isEqualTo("SM2-SM3");
    // SM3 as GB/T 32905 gives it: its two examples, "abc" and "abcd" 16 times.
    assertThat(inPage("""
        const { sm3 } = await import('/sm2.js');
        const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
        return [hex(sm3(new TextEncoder().encode('abc'))), hex(sm3(new TextEncoder().encode('abcd'.repeat(16))))];"""))
        .isEqualTo("[\"66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0\","
            + "\"debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732\"]");
    X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509", new BouncyCastleProvider())
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(vector.path("rootCertificate").asText())));
    // Bouncy Castle's SM3withSM2 with the default signer ID, as the ledger's rules check it; it throws when the signature does not verify.
    request.verify(new Signatures(new BouncyCastleProvider()), vector.path("signedRequest").path("ledger").asText(), List.of(root),
        Instant.parse(vector.path("ledgerTime").asText()), Duration.ofMinutes(5));
    ObjectNode expected = ((ObjectNode) vector.path("signedRequest").deepCopy());
    expected.remove(List.of("requestId", "signature"));
    ObjectNode actual = request.toJson();
    actual.remove(List.of("requestId", "signature"));
    assertThat(actual).isEqualTo(expected);
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
    // issue 26: the picked file's deposit and the application are one signed transaction
    assertThat(writes).extracting(SignedRequest::operation).containsExactly("register");
    String hash = writes.get(0).arguments().path("evidence").path(0).path("hash").asText();
    JsonNode view = trusting.get("registrar", "/registrations/" + regNo);
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("SUBMITTED");
    String evidenceNo = view.path("registration").path("evidenceNos").path(0).asText();
    assertThat(trusting.get("registrar", "/evidence/" + evidenceNo).path("hash").asText()).isEqualTo(hash);
    assertThat(writes.get(0).signedAt()).as("signed at the ledger's time, from its dev clock").isEqualTo(trusting.now().truncatedTo(ChronoUnit.MILLIS));
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
}

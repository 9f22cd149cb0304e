package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.RequestSigner;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.TrustedRoot;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Issue 25: the gateway's own verification (POST /certificates/verify, the public verify page's) of a certificate of another
 * registry on its ledger. Tianjin's registry (DR) and Shenzhen's (SZ, Registry2MSP) share one embedded ledger, each with its
 * own CA and gateway, as one gateway per registry runs; SZ's gateway signs SZ's certificate under SZ's root, and DR's gateway
 * verifies it with its ledger as the venue: only under an agreement in force that covers it, which the chain check names.
 * (The other gateway tests with two registries certify every organisation with one CA, so a certificate chains to the
 * gateway's own root and never asks the venue.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyOtherRegistryTest {
  private static final String LEDGER_ID = "dareg:RegistryMSP:verify-other-registry";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, KeyPair> keys = new HashMap<>();
  private final Map<String, X509Certificate> certificates = new HashMap<>();
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer drApi;
  private ApiServer szApi;
  private CertificateAuthority drCa;
  private CertificateAuthority szCa;
  private String dr;
  private String sz;
  /** The peer registry GZ's certificate, kept for the page's test after its own. */
  private JsonNode peerCertificate;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("dareg-verify-other-registry");
    drCa = CertificateAuthority.loadOrCreate(dir.resolve("dr-ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    szCa = CertificateAuthority.loadOrCreate(dir.resolve("sz-ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures signatures = new Signatures(new BouncyCastleProvider());
    Object[][] ids = {
      {"admin", drCa, "RegistryMSP", "admin", "registry-admin"}, {"holder", drCa, "EnterpriseMSP", "holder", "alice"},
      {"reviewer2", drCa, "ReviewMSP", "reviewer", "reviewer-2"},
      {"admin2", szCa, "Registry2MSP", "admin", "admin2"}, {"registrar2", szCa, "Registry2MSP", "registrar", "registrar-2"}
    };
    for (Object[] id : ids) {
      KeyPair pair = signatures.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      keys.put((String) id[0], pair);
      certificates.put((String) id[0], ((CertificateAuthority) id[1]).issueClient((String) id[2], (String) id[3], (String) id[4],
          pair.getPublic(), Duration.ofDays(3650)));
    }
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    Tokens tokens = new Tokens(List.of(drCa.root(), szCa.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED);
    drApi = new ApiServer(vertx, ledger, tokens, drCa, Files.createDirectories(dir.resolve("dr")), clock, 1 << 20, List.of(), Map.of());
    szApi = new ApiServer(vertx, ledger, tokens, szCa, Files.createDirectories(dir.resolve("sz")), clock, 1 << 20, List.of(), Map.of());
    dr = "http://127.0.0.1:" + drApi.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
    sz = "http://127.0.0.1:" + szApi.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();

    ObjectNode init = obj().put("registryMsp", "RegistryMSP").put("registryName", "天津数据资产登记中心").put("defaultProfile", "TJ-DIP")
        .put("ledgerId", LEDGER_ID);
    Map<String, X509Certificate> roots = Map.of("RegistryMSP", drCa.root(), "EnterpriseMSP", drCa.root(), "ReviewMSP", drCa.root(),
        "Registry2MSP", szCa.root());
    roots.forEach((msp, root) -> init.withArray("trustedRoots").add(Json.mapper().valueToTree(TrustedRoot.of(msp, root))));
    post(dr, "admin", "initLedger", "/ledger/init", init);
    post(sz, "admin2", "openRegistry", "/registries", obj().put("code", "SZ").put("name", "深圳数据资产登记中心").put("defaultProfile", "TJ-DIP"));
    ObjectNode grant = obj().put("role", "REVIEWER");
    grant.putObject("identity").put("msp", "ReviewMSP").put("id", "CN=reviewer-2,OU=reviewer");
    post(sz, "admin2", "grantRole", "/roles", grant);
    ObjectNode account = obj().put("creditCodeHash", RunningGateway.h("code alice")).put("name", "甲数据科技有限公司").put("kind", "ENTERPRISE");
    account.putArray("members").addObject().put("msp", "EnterpriseMSP").put("id", "CN=alice,OU=holder");
    post(sz, "registrar2", "openAccount", "/accounts", account);
  }

  @AfterAll
  void stop() {
    drApi.close();
    szApi.close();
    vertx.close();
    ledger.close();
  }

  @Test
  @Order(1)
  void the_gateway_verifies_another_registrys_certificate_only_under_an_agreement_in_force_that_covers_it_and_names_it() throws Exception {
    JsonNode cert = issuedAtShenzhen("深圳的企业信用数据");
    String szRoot = szCa.root().getSubjectX500Principal().getName();

    // Without an agreement, the venue (DR, the ledger's first registry) holds SZ's root but does not recognise SZ.
    JsonNode none = verify(cert, null);
    assertThat(none.path("valid").asBoolean()).as(none.toString()).isFalse();
    assertThat(check(none, "CHAIN").path("outcome").asText()).isEqualTo("FAIL");
    assertThat(check(none, "CHAIN").path("detail").asText()).contains("the certificate is registry SZ's (")
        .contains("registry DR does not recognise registry SZ's registrations of profile TJ-DIP, class DATA_PRODUCT and right HOLDING")
        .contains("no recognition agreement between them is on the ledger");

    // An agreement in force over another asset class does not cover it.
    String elements = post(sz, "admin2", "proposeRecognition", "/recognitions", recognition("DATA_ELEMENT")).path("agreementNo").asText();
    post(dr, "admin", "acceptRecognition", "/recognitions/" + elements + "/acceptance", obj().put("id", elements));
    JsonNode otherClass = verify(cert, null);
    assertThat(otherClass.path("valid").asBoolean()).isFalse();
    assertThat(check(otherClass, "CHAIN").path("detail").asText()).contains(elements + " covers profiles (all), classes [DATA_ELEMENT]");

    // Proposed by SZ over data products, accepted by DR: in force, it covers the certificate, and the check names it.
    String agreement = post(sz, "admin2", "proposeRecognition", "/recognitions", recognition("DATA_PRODUCT")).path("agreementNo").asText();
    assertThat(check(verify(cert, null), "CHAIN").path("detail").asText()).contains(agreement + " is PROPOSED, not accepted by both");
    post(dr, "admin", "acceptRecognition", "/recognitions/" + agreement + "/acceptance", obj().put("id", agreement));
    JsonNode recognised = verify(cert, null);
    assertThat(recognised.path("valid").asBoolean()).as(recognised.toString()).isTrue();
    assertThat(check(recognised, "CHAIN").path("outcome").asText()).isEqualTo("PASS");
    assertThat(check(recognised, "CHAIN").path("detail").asText()).startsWith("signed by registry SZ under " + szRoot)
        .contains("the root of Registry2MSP on the ledger").contains("recognised by DR under " + agreement + " (SZ <-> DR, no end)");
    assertThat(agreement).startsWith("RA-");
    // The record and status are this ledger's, where SZ's registrations are.
    assertThat(check(recognised, "LEDGER_RECORDED").path("outcome").asText()).isEqualTo("PASS");
    assertThat(check(recognised, "LEDGER_STATUS").path("outcome").asText()).isEqualTo("PASS");
    // A venue named in the request: SZ does not vouch for its own root, and a code no registry has is named as such.
    assertThat(check(verify(cert, "SZ"), "CHAIN").path("detail").asText()).contains("the certificate is registry SZ's own");
    assertThat(check(verify(cert, "GZ"), "CHAIN").path("detail").asText()).contains("registry GZ is not a registry of this ledger");
    HttpResponse<String> badVenue = send(dr, verifyBody(cert, null).put("venue", "dr"));
    assertThat(badVenue.statusCode()).isEqualTo(400);
    assertThat(badVenue.body()).contains("venue").contains("is not a registry code");

    // Withdrawn, the venue recognises nothing from that moment, and says so.
    post(dr, "admin", "withdrawRecognition", "/recognitions/" + agreement + "/withdrawal", obj().put("id", agreement));
    JsonNode withdrawn = verify(cert, null);
    assertThat(withdrawn.path("valid").asBoolean()).isFalse();
    assertThat(check(withdrawn, "CHAIN").path("detail").asText()).contains(agreement + " was withdrawn at");
  }

  @Test
  @Order(2)
  void a_peer_registrys_certificate_is_recognised_with_the_root_entered_for_it_and_its_status_is_said_not_checked_here() throws Exception {
    try (TrustingGateway gz = new TrustingGateway("GZ", "GzRegistryMSP", "dareg:GzRegistryMSP:verify-peer")) {
      String regNo = gz.issued("广州的数据");
      String certNo = gz.get("holder", "/registrations/" + regNo).path("certificate").path("certNo").asText();
      JsonNode cert = Json.mapper().readTree(gz.publicGet("/api/v1/certificates/" + certNo));
      peerCertificate = cert;
      if (clock.instant().isBefore(gz.now())) {
        clock.set(gz.now().plusSeconds(60));
      }
      post(dr, "admin", "addPeerRegistry", "/peer-registries", obj().put("code", "GZ").put("msp", "GzRegistryMSP").put("name", "广州数据交易所登记中心")
          .put("root", Base64.getEncoder().encodeToString(gz.root().getEncoded())).put("url", gz.base()));
      JsonNode unrecognised = verify(cert, null);
      assertThat(check(unrecognised, "CHAIN").path("detail").asText())
          .contains("registry DR does not recognise registry GZ's registrations of profile TJ-DIP, class unknown");

      // The registration's class is on GZ's ledger, which this gateway does not read: only an agreement over every class covers it.
      String agreement = post(dr, "admin", "proposeRecognition", "/recognitions", obj().put("counterparty", "GZ")).path("agreementNo").asText();
      Path gzAdmin = gz.identity("admin");
      X509Certificate gzAdminCert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(gzAdmin.resolve("cert.pem"))));
      PrivateKey gzAdminKey = new Signatures(new BouncyCastleProvider()).privateKeyFromPem(Files.readString(gzAdmin.resolve("key.pem")));
      signedPost(dr, gzAdminCert, gzAdminKey, "acceptRecognition", "/recognitions/" + agreement + "/acceptance", obj().put("id", agreement));
      JsonNode recognised = verify(cert, null);
      assertThat(recognised.path("valid").asBoolean()).as(recognised.toString()).isTrue();
      assertThat(check(recognised, "CHAIN").path("detail").asText()).startsWith("signed by registry GZ under " + gz.root().getSubjectX500Principal().getName())
          .contains("peer registry, " + gz.base()).contains("recognised by DR under " + agreement);
      for (String ledgerCheck : List.of("LEDGER_RECORDED", "LEDGER_STATUS")) {
        assertThat(check(recognised, ledgerCheck).path("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(check(recognised, ledgerCheck).path("detail").asText()).contains("registry GZ is a peer registry")
            .contains("were not checked here").contains(gz.base());
      }
    }
  }

  @Test
  @Order(3)
  void the_public_verify_page_names_the_agreement_relied_on_and_says_a_peers_status_was_not_checked_here() throws Exception {
    assertThat(peerCertificate).as("runs after the peer registry's test, which keeps its certificate").isNotNull();
    JsonNode cert = issuedAtShenzhen("深圳的第三份数据");
    String agreement = post(sz, "admin2", "proposeRecognition", "/recognitions", recognition("DATA_PRODUCT")).path("agreementNo").asText();
    post(dr, "admin", "acceptRecognition", "/recognitions/" + agreement + "/acceptance", obj().put("id", agreement));
    try (HeadlessBrowser chromium = HeadlessBrowser.start()) {
      WebElement outcome = onVerifyPage(chromium, cert);
      chromium.screenshot("verify-recognised-registry.png");
      assertThat(outcome.getAttribute("data-valid")).isEqualTo("true");
      assertThat(outcome.getText()).contains("证书有效");
      String chain = chromium.driver().findElement(By.cssSelector("#checks li[data-check=CHAIN]")).getText();
      assertThat(chain).contains("签名密钥属于登记机构 SZ，本登记机构依互认协议认可其根证书").contains("whose root this registry recognises")
          .contains("recognised by DR under " + agreement);

      WebElement peer = onVerifyPage(chromium, peerCertificate);
      assertThat(peer.getAttribute("data-valid")).isEqualTo("true");
      assertThat(peer.getText()).contains("未在本处查询其是否仍然有效").contains("whether it is still in force was not checked here");
      assertThat(chromium.driver().findElement(By.cssSelector("#checks li[data-check=LEDGER_STATUS]")).getText())
          .contains("本处未查询").contains("registry GZ is a peer registry");

      // Withdrawn, the page says the venue does not recognise it, and why.
      post(dr, "admin", "withdrawRecognition", "/recognitions/" + agreement + "/withdrawal", obj().put("id", agreement));
      WebElement refused = onVerifyPage(chromium, cert);
      assertThat(refused.getAttribute("data-valid")).isEqualTo("false");
      assertThat(chromium.driver().findElement(By.cssSelector("#checks li[data-check=CHAIN]")).getText())
          .contains("证书由登记机构 SZ 签发，本登记机构未依现行互认协议认可其根证书").contains(agreement + " was withdrawn at");
    }
  }

  /** DR's verify page with {@code cert} pasted and checked; answers the outcome once shown. */
  private WebElement onVerifyPage(HeadlessBrowser chromium, JsonNode cert) {
    WebDriver browser = chromium.driver();
    browser.get(dr + "/verify.html");
    ((JavascriptExecutor) browser).executeScript("document.getElementById('certificate-text').value = arguments[0]", cert.toString());
    browser.findElement(By.id("verify-button")).click();
    return chromium.until(d -> {
      WebElement o = d.findElement(By.id("outcome"));
      return o.getAttribute("data-valid") != null && o.isDisplayed() ? o : null;
    });
  }

  private static ObjectNode recognition(String assetClass) {
    ObjectNode r = obj().put("counterparty", "DR");
    r.putArray("assetClasses").add(assetClass);
    return r;
  }

  /** The holder's registration of {@code text}'s data at SZ, taken to ISSUED by SZ's people, its certificate signed by SZ's gateway. */
  private JsonNode issuedAtShenzhen(String text) throws Exception {
    ObjectNode evidence = obj().put("algorithm", "SM3").put("hash", RunningGateway.h(text)).put("size", text.length()).put("channel", "dareg");
    ObjectNode application = RunningGateway.application(post(sz, "holder", "depositEvidence", "/evidence", evidence).path("evidenceNo").asText());
    application.put("registry", "SZ");
    String regNo = post(sz, "holder", "submit", "/registrations", application).path("regNo").asText();
    assertThat(regNo).startsWith("SZ-");
    act("registrar2", "startFormalReview", regNo, "/formal-review/start", obj());
    act("registrar2", "formalReview", regNo, "/formal-review", obj().put("outcome", "PASS").put("opinionHash", RunningGateway.h("ok")));
    act("reviewer2", "substantiveReview", regNo, "/substantive-review", obj().put("outcome", "PASS").put("opinionHash", RunningGateway.h("authentic")));
    JsonNode notice = act("registrar2", "publishNotice", regNo, "/notice", obj());
    clock.set(Instant.parse(notice.path("noticeEnd").asText()).plusSeconds(60));
    act("registrar2", "issue", regNo, "/issue", obj());
    return act("registrar2", "issueCertificate", regNo, "/certificates", obj());
  }

  private JsonNode act(String who, String operation, String regNo, String tail, ObjectNode args) throws Exception {
    return post(sz, who, operation, "/registrations/" + regNo + tail, args.put("regNo", regNo));
  }

  /** DR's gateway's verification of {@code cert}, relying on {@code venue} (null: the ledger's first registry). */
  private JsonNode verify(JsonNode cert, String venue) throws Exception {
    HttpResponse<String> r = send(dr, verifyBody(cert, venue));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private static ObjectNode verifyBody(JsonNode cert, String venue) {
    ObjectNode body = obj();
    body.set("certificate", cert);
    if (venue != null) {
      body.put("venue", venue);
    }
    return body;
  }

  private HttpResponse<String> send(String base, ObjectNode body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/certificates/verify")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode check(JsonNode report, String name) {
    for (JsonNode c : report.path("checks")) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + report);
  }

  /** A write as {@code who}'s signed request for {@code operation} at the gateway at {@code base}, with no token. */
  private JsonNode post(String base, String who, String operation, String path, ObjectNode arguments) throws Exception {
    return signedPost(base, certificates.get(who), keys.get(who).getPrivate(), operation, path, arguments);
  }

  /** A write signed with {@code certificate}'s key, for this ledger. */
  private JsonNode signedPost(String base, X509Certificate certificate, PrivateKey key, String operation, String path, ObjectNode arguments)
      throws Exception {
    SignedRequest signed = new RequestSigner(certificate, key, LEDGER_ID, clock).sign(operation, arguments);
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.serialize(signed.toJson()))).build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isLessThan(300);
    return Json.mapper().readTree(r.body());
  }

  private static ObjectNode obj() {
    return Json.mapper().createObjectNode();
  }
}

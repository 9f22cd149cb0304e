package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS: the gateway serves its certificate, takes a renewed one without a restart, with client roots
 * demands client certificates, and takes a registry-issued client certificate as the caller's identity.
 */
class TlsTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private CertificateAuthority ca;
  private KeyPair rootKeys;
  private X509Certificate root;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(tmp.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    rootKeys = ecKeys();
    root = certificate("CN=TLS test root", "CN=TLS test root", rootKeys.getPublic(), rootKeys.getPrivate(), 1, true);
  }

  @AfterEach
  void stop() {
    vertx.close();
    ledger.close();
  }

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate certificate(String subject, String issuer, java.security.PublicKey key, PrivateKey signer, long serial,
      boolean authority) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), key);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
    if (!authority) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  /** Writes a server certificate with {@code serial} and its key where the gateway reads them. */
  private Tls serverFiles(long serial, Path clientRoots) throws Exception {
    KeyPair keys = ecKeys();
    X509Certificate cert = certificate("CN=dareg gateway", "CN=TLS test root", keys.getPublic(), rootKeys.getPrivate(), serial, false);
    Files.writeString(tmp.resolve("server.pem"), CertificateAuthority.pem(cert));
    Files.writeString(tmp.resolve("server.key"), Signatures.toPem(keys.getPrivate()));
    return new Tls(tmp.resolve("server.pem"), tmp.resolve("server.key"), clientRoots);
  }

  private HttpClient client(X509Certificate clientCert, PrivateKey clientKey) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", root);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (clientCert != null) {
      KeyStore mine = KeyStore.getInstance("PKCS12");
      mine.load(null, null);
      mine.setKeyEntry("me", clientKey, "x".toCharArray(), new java.security.cert.Certificate[] {clientCert});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(mine, "x".toCharArray());
    }
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).build();
  }

  private ApiServer server() throws IOException {
    return new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, tmp, clock,
        1 << 16, List.of(), Map.of());
  }

  private static BigInteger servedSerial(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/openapi.json")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
  }

  @Test
  void serves_https_and_a_renewed_certificate_without_a_restart() throws Exception {
    Tls tls = serverFiles(100, null);
    ApiServer api = server();
    String url = "https://127.0.0.1:" + api.listen("127.0.0.1", 0, tls).toCompletionStage().toCompletableFuture().join();
    assertThat(servedSerial(client(null, null), url)).isEqualTo(BigInteger.valueOf(100));
    assertThat(api.reloadTls().toCompletionStage().toCompletableFuture().join()).as("nothing changed").isFalse();

    serverFiles(200, null);
    assertThat(api.reloadTls().toCompletionStage().toCompletableFuture().join()).isTrue();
    // A new client makes a new connection, which gets the renewed certificate.
    assertThat(servedSerial(client(null, null), url)).isEqualTo(BigInteger.valueOf(200));
    api.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void with_client_roots_only_callers_with_a_certificate_from_them_connect() throws Exception {
    Path clientRoots = tmp.resolve("client-roots.pem");
    Files.writeString(clientRoots, CertificateAuthority.pem(ca.root()));
    ApiServer api = server();
    String url = "https://127.0.0.1:" + api.listen("127.0.0.1", 0, serverFiles(300, clientRoots)).toCompletionStage().toCompletableFuture().join();

    assertThatThrownBy(() -> servedSerial(client(null, null), url)).isInstanceOf(IOException.class);
    KeyPair stranger = ecKeys();
    X509Certificate foreign = certificate("CN=mallory", "CN=TLS test root", stranger.getPublic(), rootKeys.getPrivate(), 9, false);
    assertThatThrownBy(() -> servedSerial(client(foreign, stranger.getPrivate()), url)).isInstanceOf(IOException.class);

    KeyPair alice = ecKeys();
    X509Certificate aliceCert = ca.issueClient("EnterpriseMSP", "holder", "alice", alice.getPublic(), Duration.ofDays(3650));
    assertThat(servedSerial(client(aliceCert, alice.getPrivate()), url)).isEqualTo(BigInteger.valueOf(300));
    api.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void a_client_certificate_from_the_registry_ca_identifies_the_caller_without_a_token() throws Exception {
    // The TLS roots admit two CAs; only the registry's names callers.
    Path clientRoots = tmp.resolve("client-roots.pem");
    Files.writeString(clientRoots, CertificateAuthority.pem(ca.root()) + CertificateAuthority.pem(root));
    ApiServer api = server();
    String url = "https://127.0.0.1:" + api.listen("127.0.0.1", 0, serverFiles(400, clientRoots)).toCompletionStage().toCompletableFuture().join();

    KeyPair alice = ecKeys();
    X509Certificate aliceCert = ca.issueClient("EnterpriseMSP", "holder", "alice", alice.getPublic(), Duration.ofDays(3650));
    HttpResponse<String> me = whoAmI(client(aliceCert, alice.getPrivate()), url);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("CN=alice,OU=holder").contains("EnterpriseMSP");

    KeyPair stranger = ecKeys();
    X509Certificate foreign = certificate("CN=mallory,OU=registrar,O=RegistryMSP", "CN=TLS test root", stranger.getPublic(),
        rootKeys.getPrivate(), 10, false);
    HttpResponse<String> refused = whoAmI(client(foreign, stranger.getPrivate()), url);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("not issued by this registry's CA");
    api.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void without_mutual_tls_a_caller_with_no_token_is_told_both_ways_in() throws Exception {
    ApiServer api = server();
    String url = "https://127.0.0.1:" + api.listen("127.0.0.1", 0, serverFiles(500, null)).toCompletionStage().toCompletableFuture().join();
    HttpResponse<String> r = whoAmI(client(null, null), url);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Authorization: Bearer").contains("client certificate");
    api.close().toCompletionStage().toCompletableFuture().join();
  }

  private static HttpResponse<String> whoAmI(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/whoami")).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void on_linux_x86_64_tls_runs_through_the_bundled_boringssl() {
    // The engine the tests above ran on. Should the bundled library stop loading (a Netty upgrade
    // without a matching tcnative), the gateway would fall back to the JDK's engine silently.
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "BoringSSL is bundled for Linux x86-64 only");
    assertThat(Tls.engine()).isInstanceOf(io.vertx.core.net.OpenSSLEngineOptions.class);
    assertThat(Tls.engineName()).isEqualTo("BoringSSL");
  }

  @Test
  void a_missing_file_is_named() {
    assertThatThrownBy(() -> new Tls(tmp.resolve("nope.pem"), tmp.resolve("nope.key"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.pem");
  }
}

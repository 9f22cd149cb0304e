package io.dareg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.http.Tls;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client on an HTTPS gateway whose certificate comes from a CA the JVM does not know, with
 * mutual TLS: it trusts the roots it is given and presents the caller's certificate.
 */
class ClientTlsTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final Signatures sig = new Signatures(new BouncyCastleProvider());
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private CertificateAuthority ca;
  private ApiServer api;
  private X509Certificate webRoot;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(tmp.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    // The gateway's HTTPS certificate, from a web CA of its own.
    KeyPair rootKeys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    webRoot = certificate("CN=web root", rootKeys, rootKeys, true);
    KeyPair serverKeys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate server = certificate("CN=dareg gateway", serverKeys, rootKeys, false);
    Files.writeString(tmp.resolve("server.pem"), CertificateAuthority.pem(server));
    Files.writeString(tmp.resolve("server.key"), Signatures.toPem(serverKeys.getPrivate()));
    Files.writeString(tmp.resolve("client-roots.pem"), CertificateAuthority.pem(ca.root()));
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, tmp, clock,
        1 << 20, List.of(), Map.of());
    int port = api.listen("127.0.0.1", 0, new Tls(tmp.resolve("server.pem"), tmp.resolve("server.key"), tmp.resolve("client-roots.pem")))
        .toCompletionStage().toCompletableFuture().join();
    base = URI.create("https://127.0.0.1:" + port);
  }

  @AfterEach
  void stop() {
    // Waited for: the gateway writes its transparency log into the temporary folder as it closes.
    api.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    ledger.close();
  }

  private X509Certificate certificate(String subject, KeyPair keys, KeyPair signer, boolean authority) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(authority ? subject : "CN=web root"),
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
        new X500Name(subject), keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
    if (!authority) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private DaregClient.Builder alice() {
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    return DaregClient.builder().baseUrl(base)
        .identity(ca.issueClient("EnterpriseMSP", "holder", "alice", keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate())
        .trustedRoots(List.of(ca.root()));
  }

  @Test
  void trusts_the_given_roots_and_presents_the_callers_certificate() {
    DaregClient client = alice().tlsRoots(List.of(webRoot)).build();
    assertThat(client.whoAmI().identity().id()).isEqualTo("CN=alice,OU=holder");
  }

  @Test
  void without_the_roots_the_gateway_certificate_is_not_trusted() {
    DaregClient client = alice().build();
    assertThatThrownBy(client::whoAmI).hasStackTraceContaining("PKIX");
  }
}

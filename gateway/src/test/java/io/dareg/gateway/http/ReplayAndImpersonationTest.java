package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Over HTTP: a token past its window, signed by another key, from another CA, or altered, gets 401 and writes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayAndImpersonationTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final Signatures sig = new Signatures(new BouncyCastleProvider());
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private CertificateAuthority ca;
  private String base;
  private KeyPair keys;
  private X509Certificate cert;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("dareg-replay");
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    cert = ca.issueClient("RegistryMSP", "admin", "registry-admin", keys.getPublic(), Duration.ofDays(3650));
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20, List.of(), Map.of());
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
  }

  @AfterAll
  void stop() {
    api.close();
    vertx.close();
    ledger.close();
  }

  private int init(String token) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ledger/init"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"x\",\"defaultProfile\":\"TJ-DIP\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 401) {
      assertThat(r.body()).contains("https://dareg.io/problems/unauthorized");
    }
    return r.statusCode();
  }

  @Test
  void tokens_outside_their_window_or_bound_to_another_key_are_refused() throws Exception {
    Instant now = Instant.now();
    // Replayed after its window.
    assertThat(init(Tokens.sign(cert, keys.getPrivate(), now.minus(Duration.ofMinutes(10)), Duration.ofMinutes(5)))).isEqualTo(401);
    // Issued for the future.
    assertThat(init(Tokens.sign(cert, keys.getPrivate(), now.plus(Duration.ofMinutes(10)), Duration.ofMinutes(5)))).isEqualTo(401);
    // The admin's certificate, signed with somebody else's key.
    assertThat(init(Tokens.sign(cert, sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256).getPrivate(), now, Duration.ofMinutes(1)))).isEqualTo(401);
    // A look-alike admin certificate from another CA.
    CertificateAuthority rogue = CertificateAuthority.loadOrCreate(Files.createTempDirectory("rogue"), SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate fake = rogue.issueClient("RegistryMSP", "admin", "registry-admin", keys.getPublic(), Duration.ofDays(1));
    assertThat(init(Tokens.sign(fake, keys.getPrivate(), now, Duration.ofMinutes(1)))).isEqualTo(401);
    // Claims altered after signing (a longer expiry).
    String good = Tokens.sign(cert, keys.getPrivate(), now, Duration.ofMinutes(1));
    String[] parts = good.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replaceAll("\"exp\":\\d+", "\"exp\":" + now.plus(Duration.ofDays(1)).getEpochSecond());
    assertThat(init(parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + parts[2])).isEqualTo(401);
    assertThat(ledger.height()).as("nothing was written").isZero();
    // The genuine token works.
    assertThat(init(good)).isEqualTo(200);
    assertThat(ledger.height()).isEqualTo(1);
    // Outside dev mode a token is good for one request: the same token again is a replay.
    HttpResponse<String> replay = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/whoami"))
        .header("Authorization", "Bearer " + good).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("used before");
  }
}

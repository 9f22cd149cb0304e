package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.Subscription;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public operations are rate-limited per address with 429 and Retry-After; a request that hangs gets 503. */
class LimitsTest {
  @TempDir Path tmp;

  /** A ledger that never answers: every call hangs. */
  private static final class HangingLedger implements Ledger {
    @Override
    public CompletableFuture<Committed> submit(Caller caller, String transaction, String argsJson) {
      return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
      return new CompletableFuture<>();
    }

    @Override
    public Subscription events(long fromBlock, EventListener listener) {
      return () -> {};
    }

    @Override
    public long height() {
      return 0;
    }

    @Override
    public LedgerHealth health() {
      return new LedgerHealth(LedgerHealth.State.READY, "hangs");
    }

    @Override
    public void close() {}
  }

  @Test
  void the_bucket_allows_a_minutes_allowance_then_says_how_long_to_wait_and_refills() {
    AtomicLong now = new AtomicLong();
    PublicRateLimit limit = new PublicRateLimit(6, now::get);
    for (int i = 0; i < 6; i++) {
      assertThat(limit.take("10.0.0.1")).isZero();
    }
    assertThat(limit.take("10.0.0.1")).isEqualTo(10);
    assertThat(limit.take("10.0.0.2")).as("another address has its own allowance").isZero();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(limit.take("10.0.0.1")).isZero();
    assertThat(limit.take("10.0.0.1")).isEqualTo(10);
    assertThatThrownBy(() -> new PublicRateLimit(0, now::get)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new Limits(1024, 10, Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("positive");
  }

  @Test
  void public_requests_beyond_the_limit_get_429_with_retry_after_and_a_hanging_request_gets_503() throws Exception {
    Clock clock = Clock.systemUTC();
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    String token = Tokens.sign(ca.issueClient("EnterpriseMSP", "holder", "alice", keys.getPublic(), Duration.ofDays(1)),
        keys.getPrivate(), Instant.now(), Duration.ofMinutes(5));
    Vertx vertx = Vertx.vertx();
    try {
      ApiServer api = new ApiServer(vertx, new HangingLedger(), new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED),
          ca, tmp, clock, new Limits(1 << 16, 3, Duration.ofMillis(300), Duration.ofSeconds(60)), List.of(), Map.of());
      String base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest certificate = HttpRequest.newBuilder(URI.create(base + "/api/v1/certificates/NO-SUCH-CERT")).GET().build();
      for (int i = 0; i < 3; i++) {
        assertThat(http.send(certificate, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
      }
      HttpResponse<String> limited = http.send(certificate, HttpResponse.BodyHandlers.ofString());
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
      JsonNode problem = Json.mapper().readTree(limited.body());
      assertThat(problem.path("type").asText()).isEqualTo("https://dareg.io/problems/too-many-requests");
      assertThat(problem.path("detail").asText()).contains("more than 3 public requests in a minute");

      // A signed caller is not held to the public limit; its request hangs in the ledger and times out.
      HttpResponse<String> hung = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/whoami"))
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(hung.statusCode()).isEqualTo(503);
      assertThat(Json.mapper().readTree(hung.body()).path("detail").asText()).contains("gave up after 300 ms").contains("send the same signed request again");
      api.close().toCompletionStage().toCompletableFuture().join();
    } finally {
      vertx.close();
    }
  }
}

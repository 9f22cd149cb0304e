package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} as an operator's Prometheus scrapes it from a gateway started as GatewayMain
 * starts it: dareg's own meters under their names, beside Vert.x's HTTP server, event loop and JVM meters.
 */
class MetricsTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void metrics_show_requests_commits_and_the_index_beside_the_http_server_event_loops_and_jvm() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    Path dir = Files.createTempDirectory("dareg-metrics");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    String admin = Tokens.sign(ca.issueClient("RegistryMSP", "admin", "admin", keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate(),
        Instant.now(), Duration.ofHours(1));
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(Metrics.vertxOptions()));
    EmbeddedLedger ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    try {
      ApiServer api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca, dir,
          clock, 16 * 1024, List.of(), Map.of());
      String base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
      HttpResponse<String> init = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ledger/init"))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"m\",\"defaultProfile\":\"TJ-DIP\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ledger/init")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
      assertThat(metrics.body())
          // dareg's own, under the names operators and tests already read
          .contains("dareg_http_requests_total{operation=\"initLedger\",status=\"200\"} 1.0")
          .contains("dareg_http_requests_total{operation=\"initLedger\",status=\"401\"} 1.0")
          .contains("dareg_http_request_duration_seconds_bucket{le=\"0.001\"}", "dareg_http_request_duration_seconds_bucket{le=\"+Inf\"} 2")
          .contains("dareg_http_request_duration_seconds_count 2")
          .contains("dareg_ledger_commits_total 1.0")
          .contains("dareg_index_block ", "dareg_index_lag_blocks ", "dareg_index_pending_events ", "dareg_index_rebuilds_total ",
              "dareg_index_records{kind=\"trade\"} ", "dareg_index_records{kind=\"delivery\"} ", "dareg_index_up 1.0")
          // Vert.x's HTTP server, its event loops (Netty's executors) and the JVM
          .contains("vertx_http_server_requests_total", "vertx_http_server_response_time_seconds")
          .contains("netty_eventexecutor_tasks_pending")
          .contains("jvm_memory_used_bytes", "jvm_threads_live_threads");
      api.close().toCompletionStage().toCompletableFuture().join();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      ledger.close();
    }
  }
}

package io.dareg.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The dev clock's route takes whole days only, and says which field is wrong; anyone can read the ledger's time from it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevClockRouteTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final DevClock clock = new DevClock();
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private String base;
  private String adminToken;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("dareg-dev-clock");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    KeyPair keys = new Signatures(new BouncyCastleProvider()).generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    adminToken = Tokens.sign(ca.issueClient("RegistryMSP", "admin", "admin", keys.getPublic(), Duration.ofDays(30)), keys.getPrivate(),
        Instant.now(), Duration.ofHours(1));
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca, dir, clock,
        16 * 1024, io.dareg.core.api.Operations.dev(), Map.of("advanceDevClock", ctx -> GatewayMain.advance(ctx, clock, ledger, null),
            "getDevClock", ctx -> GatewayMain.time(ctx, clock)));
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
  }

  @AfterAll
  void stop() {
    api.close();
    vertx.close();
    ledger.close();
  }

  @Test
  void days_given_as_text_or_as_a_fraction_are_refused_naming_the_field() throws Exception {
    Duration start = clock.offset();
    for (String body : List.of("{\"days\":\"3\"}", "{\"days\":1.5}", "{\"days\":2.0}")) {
      HttpResponse<String> r = advance(body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
      JsonNode p = Json.mapper().readTree(r.body());
      assertThat(p.path("field").asText()).as(body).isEqualTo("days");
      assertThat(p.path("detail").asText()).as(body).contains("integer");
    }
    assertThat(clock.offset()).as("the clock did not move").isEqualTo(start);
    HttpResponse<String> whole = advance("{\"days\":2}");
    assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
    assertThat(clock.offset()).isEqualTo(start.plus(Duration.ofDays(2)));
  }

  @Test
  void anyone_reads_the_ledgers_time_without_a_token_so_that_certificates_can_be_judged_at_it() throws Exception {
    HttpResponse<String> moved = advance("{\"days\":3}");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    Instant before = clock.instant();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/clock")).GET().build(), HttpResponse.BodyHandlers.ofString());
    Instant after = clock.instant();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode time = Json.mapper().readTree(r.body());
    assertThat(Instant.parse(time.path("now").asText())).isBetween(before, after).isAfter(Instant.now().plus(Duration.ofDays(2)));
    assertThat(time.path("offsetDays").asLong()).isEqualTo(clock.offset().toDays());
  }

  private HttpResponse<String> advance(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/clock")).header("Authorization", "Bearer " + adminToken)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

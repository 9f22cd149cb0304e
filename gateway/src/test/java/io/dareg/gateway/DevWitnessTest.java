package io.dareg.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.act.RequestSigner;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.RegistrySettings;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode's witness: named in the dev ledger's settings, it cosigns the gateway's own log within seconds of a write. */
class DevWitnessTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path data;

  @Test
  void the_witnessed_checkpoint_follows_each_write_within_seconds_and_an_older_dev_ledger_gets_the_witness_named() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Vertx vertx = Vertx.vertx();
    EmbeddedLedger ledger = EmbeddedLedger.open(data.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    try {
      DevIdentities.ensure(data, ca, clock.instant());
      // a dev ledger made before issue 24 names no witness; the next start names the dev witness
      DevIdentities.initialise(ledger, data, List.of(ca.root()), clock);
      SignedNote.Verifier witness = DevWitness.key(data).verifier();
      DevIdentities.initialise(ledger, data, List.of(ca.root()), clock, witness);
      RegistrySettings settings = Json.mapper().readValue(
          ledger.evaluate(DevIdentities.caller(data, "admin"), "getSettings", "{}").join(), RegistrySettings.class);
      assertThat(settings.logWitnesses()).containsExactly(witness.toString());
      assertThat(settings.logWitnessQuorum()).isEqualTo(1);
      assertThat(DevWitness.key(data).verifier()).isEqualTo(witness); // kept, not made anew

      ApiServer api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca,
          data, clock, 64 * 1024, List.of(), Map.of());
      String base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join() + "/api/v1";
      try (DevWitness dev = DevWitness.start(data, api, Duration.ofMillis(200))) {
        Checkpoint first = witnessedAtLeast(base, witness, 1);
        RequestSigner admin = DevIdentities.author(data, "admin", settings.ledgerId(), clock);
        String signed = CanonicalJson.toString(admin.sign("setPublicTerms",
            Json.mapper().readTree("{\"operatingRules\":\"dev rules\",\"fees\":[]}")).toJson());
        long before = System.nanoTime();
        ledger.submit(ApiServer.SERVICE_CALLER, "setPublicTerms", signed).join();
        Checkpoint after = witnessedAtLeast(base, witness, first.size() + 1);
        long millis = (System.nanoTime() - before) / 1_000_000;
        assertThat(after.size()).isGreaterThan(first.size());
        assertThat(millis).as("witnessed %d ms after the write", millis).isLessThan(5_000);
        System.out.println("dev witness: checkpoint of size " + after.size() + " witnessed " + millis + " ms after the write committed");
      } finally {
        api.close().toCompletionStage().toCompletableFuture().join();
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      ledger.close();
    }
  }

  /** Polls the witnessed checkpoint until it covers {@code size} entries (at most 10 s); checks the witness's cosignature. */
  private Checkpoint witnessedAtLeast(String base, SignedNote.Verifier witness, long size) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HttpResponse<String> r = null;
    while (System.nanoTime() < deadline) {
      r = http.send(HttpRequest.newBuilder(URI.create(base + "/log/checkpoint/witnessed")).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && Checkpoint.parse(SignedNote.text(r.body())).size() >= size) {
        assertThat(SignedNote.open(r.body(), List.of(witness))).hasSize(1);
        return Checkpoint.parse(SignedNote.text(r.body()));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no witnessed checkpoint of " + size + " entries within 10 s; last answer " + (r == null ? "none"
        : r.statusCode() + " " + r.body()));
  }
}

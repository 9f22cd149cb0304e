package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transparency log's routes as a witness or an auditor uses them, with no token: the checkpoint checks against
 * the published key, and the proofs it serves check against the checkpoint's root with nothing but the RFC 9162 rules.
 */
class LogRoutesTest {
  private static final HexFormat HEX = HexFormat.of();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_checkpoint_and_its_proofs_check_against_the_published_key_without_a_token() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    String admin = Tokens.sign(ca.issueClient("RegistryMSP", "admin", "admin", keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate(),
        Instant.now(), Duration.ofHours(1));
    Vertx vertx = Vertx.vertx();
    EmbeddedLedger ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    try {
      ApiServer api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca, dir,
          clock, 16 * 1024, List.of(), Map.of());
      String base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join() + "/api/v1";
      HttpResponse<String> init = http.send(HttpRequest.newBuilder(URI.create(base + "/ledger/init"))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"m\",\"defaultProfile\":\"TJ-DIP\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
      for (int i = 0; i < 50 && api.log().size() < 1; i++) {
        Thread.sleep(10);
      }

      SignedNote.Verifier key = SignedNote.Verifier.parse(get(base + "/log/key").body().trim());
      HttpResponse<String> checkpoint = get(base + "/log/checkpoint");
      assertThat(checkpoint.statusCode()).isEqualTo(200);
      assertThat(checkpoint.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      assertThat(SignedNote.open(checkpoint.body(), List.of(key))).hasSize(1);
      Checkpoint c = Checkpoint.parse(SignedNote.text(checkpoint.body()));
      assertThat(c.origin()).startsWith("dareg.local/ledger-");
      assertThat(c.size()).isEqualTo(1); // initLedger

      JsonNode proof = Json.mapper().readTree(get(base + "/log/proofs/inclusion?index=0&size=1").body());
      assertThat(proof.path("block").asLong()).isZero();
      List<byte[]> hashes = new ArrayList<>();
      proof.path("hashes").forEach(h -> hashes.add(HEX.parseHex(h.asText())));
      assertThat(MerkleLog.verifyInclusion(0, 1, HEX.parseHex(proof.path("leafHash").asText()), hashes, c.rootHash())).isTrue();

      HttpResponse<String> outside = get(base + "/log/proofs/inclusion?index=5");
      assertThat(outside.statusCode()).isEqualTo(400);
      assertThat(outside.body()).contains("entry 5 is not in a tree of 1");
      HttpResponse<String> notANumber = get(base + "/log/proofs/consistency?from=one");
      assertThat(notANumber.statusCode()).isEqualTo(400);
      assertThat(notANumber.body()).contains("?from= must be a whole number");
      api.close().toCompletionStage().toCompletableFuture().join();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      ledger.close();
    }
  }
}

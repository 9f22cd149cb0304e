package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway collects the witnesses' cosignatures (issue 24 item 3): only of witnesses the registry's settings name,
 * only over checkpoints the log signed; serves the newest checkpoint with them and the newest one that meets k of n.
 */
class LogCosignaturesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final SignedNote.Signer exchange = SignedNote.Signer.generate("exchange.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
  private final SignedNote.Signer regulator = SignedNote.Signer.generate("regulator.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
  private final SignedNote.Signer registry2 = SignedNote.Signer.generate("registry-2.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
  @TempDir Path dir;
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private CertificateAuthority ca;
  private ApiServer api;
  private String base;
  private String admin;

  @BeforeEach
  void start() throws Exception {
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    admin = Tokens.sign(ca.issueClient("RegistryMSP", "admin", "admin", keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate(),
        Instant.now(), Duration.ofHours(1));
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    serve();
    var init = Json.mapper().createObjectNode().put("registryMsp", "RegistryMSP").put("registryName", "m").put("defaultProfile", "TJ-DIP");
    init.putArray("logWitnesses").add(exchange.verifier().toString()).add(regulator.verifier().toString()).add(registry2.verifier().toString());
    init.put("logWitnessQuorum", 2);
    HttpResponse<String> r = post("/ledger/init", admin, init.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (int i = 0; i < 100 && api.log().size() < 1; i++) {
      Thread.sleep(10);
    }
  }

  private void serve() throws Exception {
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca, dir,
        clock, 16 * 1024, List.of(), Map.of());
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join() + "/api/v1";
  }

  @AfterEach
  void stop() {
    api.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    ledger.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> cosign(String text, SignedNote.Signer... witnesses) throws Exception {
    return hand(SignedNote.sign(text, List.of(witnesses), Instant.now()));
  }

  private HttpResponse<String> hand(String note) throws Exception {
    return post("/log/cosignatures", null, Json.mapper().createObjectNode().put("checkpoint", note).toString());
  }

  private String checkpointText() throws Exception {
    return SignedNote.text(get("/log/checkpoint").body());
  }

  @Test
  void a_checkpoint_is_witnessed_once_k_of_the_n_named_witnesses_cosigned_it_and_served_with_their_cosignatures() throws Exception {
    String text = checkpointText();
    HttpResponse<String> none = get("/log/checkpoint/witnessed");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("need 2 of 3 witnesses").contains("no cosignature was collected yet");

    HttpResponse<String> first = cosign(text, exchange);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(Json.mapper().readTree(first.body()).path("witnessed").asBoolean()).isFalse();
    assertThat(get("/log/checkpoint/witnessed").body()).contains("(size 1) has 1");
    // the newest checkpoint is served with the cosignature collected for it, after the log's own line
    String served = get("/log/checkpoint").body();
    assertThat(SignedNote.open(served, List.of(exchange.verifier()))).hasSize(1);
    SignedNote.Verifier logKey = SignedNote.Verifier.parse(get("/log/key").body().strip());
    assertThat(SignedNote.open(served, List.of(logKey))).hasSize(1);

    assertThat(cosign(text, regulator).statusCode()).isEqualTo(200);
    HttpResponse<String> witnessed = get("/log/checkpoint/witnessed");
    assertThat(witnessed.statusCode()).isEqualTo(200);
    assertThat(SignedNote.text(witnessed.body())).isEqualTo(text);
    assertThat(SignedNote.open(witnessed.body(), List.of(logKey, exchange.verifier(), regulator.verifier(), registry2.verifier())))
        .extracting(l -> l.key().name()).containsExactly(logKey.name(), "exchange.example/witness", "regulator.example/witness");

    // the log grows; a cosignature of the older checkpoint still lands, and the witnessed one stays until 2 cosign the new one
    HttpResponse<String> write = post("/settings/log-witnesses", admin, Json.mapper().createObjectNode()
        .set("logWitnesses", Json.mapper().createArrayNode().add(exchange.verifier().toString()).add(regulator.verifier().toString())
            .add(registry2.verifier().toString())).toString());
    assertThat(write.statusCode()).as(write.body()).isEqualTo(200); // quorum left out: all three now
    for (int i = 0; i < 100 && api.log().size() < 2; i++) {
      Thread.sleep(10);
    }
    assertThat(get("/log/checkpoint/witnessed").statusCode()).isEqualTo(404);
    assertThat(cosign(text, registry2).statusCode()).isEqualTo(200);
    assertThat(Checkpoint.parse(SignedNote.text(get("/log/checkpoint/witnessed").body())).size()).isEqualTo(1);
    String text2 = checkpointText();
    assertThat(Checkpoint.parse(text2).size()).isEqualTo(2);
    assertThat(Json.mapper().readTree(cosign(text2, exchange, regulator, registry2).body()).path("witnessed").asBoolean()).isTrue();
    assertThat(Checkpoint.parse(SignedNote.text(get("/log/checkpoint/witnessed").body())).size()).isEqualTo(2);

    // kept durably: a restarted gateway serves the same
    api.close().toCompletionStage().toCompletableFuture().join();
    serve();
    HttpResponse<String> again = get("/log/checkpoint/witnessed");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(SignedNote.open(again.body(), List.of(exchange.verifier(), regulator.verifier(), registry2.verifier()))).hasSize(3);
  }

  @Test
  void refuses_a_cosignature_by_an_unknown_key_a_bad_signature_and_one_over_a_checkpoint_the_log_never_signed() throws Exception {
    String text = checkpointText();
    SignedNote.Signer stranger = SignedNote.Signer.generate("stranger.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
    HttpResponse<String> unknown = cosign(text, stranger);
    assertThat(unknown.statusCode()).isEqualTo(403);
    assertThat(unknown.body()).contains("stranger.example/witness").contains("by no witness the registry's settings name");
    // a known name with another key is just as unknown
    SignedNote.Signer impostor = SignedNote.Signer.generate("exchange.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
    assertThat(cosign(text, impostor).statusCode()).isEqualTo(403);

    // a named witness's line that does not verify: its signature bytes changed
    String good = SignedNote.sign(text, List.of(exchange), Instant.now());
    String line = good.substring(text.length() + 1).strip();
    String b64 = line.substring(line.lastIndexOf(' ') + 1);
    byte[] raw = Base64.getDecoder().decode(b64);
    raw[raw.length - 1] ^= 1;
    HttpResponse<String> bad = hand(text + "\n" + line.substring(0, line.lastIndexOf(' ') + 1) + Base64.getEncoder().encodeToString(raw) + "\n");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("the cosignature of exchange.example/witness").contains("does not verify");

    // a genuine cosignature over a checkpoint this log never signed (another root at its size, or a size it never reached)
    Checkpoint real = Checkpoint.parse(text);
    byte[] otherRoot = real.rootHash();
    otherRoot[0] ^= 1;
    HttpResponse<String> forged = cosign(new Checkpoint(real.origin(), real.size(), otherRoot, List.of()).body(), exchange);
    assertThat(forged.statusCode()).isEqualTo(409);
    assertThat(forged.body()).contains("this log did not sign that checkpoint");
    assertThat(cosign(new Checkpoint(real.origin(), 99, real.rootHash(), List.of()).body(), exchange).statusCode()).isEqualTo(409);

    assertThat(hand("not a note").statusCode()).isEqualTo(400);
    assertThat(post("/log/cosignatures", null, "{}").statusCode()).isEqualTo(400);
    // nothing refused was kept
    assertThat(get("/log/checkpoint").body()).doesNotContain("exchange.example/witness");
    assertThat(get("/log/checkpoint/witnessed").statusCode()).isEqualTo(404);
  }
}

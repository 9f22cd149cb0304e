package io.dareg.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.SignedNote;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.StringWriter;
import java.io.PrintWriter;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dareg witness} against a running gateway: it cosigns a log that grows, and refuses one inconsistent with its state. */
class WitnessCommandTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  @TempDir Path dir;
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private String url;
  private String admin;
  private Path key;
  private Path state;
  private String witnessKey;

  private record Run(int code, String out, String err) {}

  private static Run dareg(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Dareg.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeEach
  void start() throws Exception {
    key = dir.resolve("witness.key");
    state = dir.resolve("witness-state");
    Run keygen = dareg("witness", "keygen", "--name", "exchange.example/witness", "-o", key.toString());
    assertThat(keygen.code()).as(keygen.err()).isZero();
    witnessKey = keygen.out().strip();
    assertThat(SignedNote.Verifier.parse(witnessKey).type()).isEqualTo(SignedNote.COSIGNATURE_V1);
    assertThat(Files.readString(key)).startsWith("PRIVATE+KEY+exchange.example/witness+");
    assertThat(dareg("witness", "keygen", "--name", "x", "-o", key.toString()).err()).contains("exists");

    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    admin = Tokens.sign(ca.issueClient("RegistryMSP", "admin", "admin", keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate(),
        Instant.now(), Duration.ofHours(1));
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca, dir,
        clock, 16 * 1024, List.of(), Map.of());
    url = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
    var init = Json.mapper().createObjectNode().put("registryMsp", "RegistryMSP").put("registryName", "m").put("defaultProfile", "TJ-DIP");
    init.putArray("logWitnesses").add(witnessKey);
    assertThat(write("/ledger/init", init.toString()).statusCode()).isEqualTo(200);
    awaitSize(1);
  }

  @AfterEach
  void stop() {
    api.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    ledger.close();
  }

  private HttpResponse<String> write(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1" + path)).header("Authorization", "Bearer " + admin)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1" + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void awaitSize(long size) throws InterruptedException {
    for (int i = 0; i < 200 && api.log().size() < size; i++) {
      Thread.sleep(10);
    }
    assertThat(api.log().size()).isGreaterThanOrEqualTo(size);
  }

  /** One more transaction on the ledger: the registry admin publishes its terms. */
  private void grow(int n) throws Exception {
    long before = api.log().size();
    for (int i = 0; i < n; i++) {
      assertThat(write("/settings/public-terms", "{\"operatingRules\":\"rules " + i + "\",\"fees\":[]}").statusCode()).isEqualTo(200);
    }
    awaitSize(before + n);
  }

  private Run once() {
    return dareg("witness", "--log", url, "--key", key.toString(), "--state", state.toString(), "--once");
  }

  @Test
  void cosigns_the_log_as_it_grows_and_the_gateway_serves_the_witnessed_checkpoint() throws Exception {
    assertThat(get("/log/checkpoint/witnessed").statusCode()).isEqualTo(404);
    Run first = once();
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("pinned the log's key").contains("cosigned size 1 (the first checkpoint seen)");
    HttpResponse<String> witnessed = get("/log/checkpoint/witnessed");
    assertThat(witnessed.statusCode()).isEqualTo(200);
    assertThat(SignedNote.open(witnessed.body(), List.of(SignedNote.Verifier.parse(witnessKey)))).hasSize(1);

    grow(3);
    Run second = once();
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).doesNotContain("pinned").contains("cosigned size 4, consistent with size 1");
    assertThat(Checkpoint.parse(SignedNote.text(get("/log/checkpoint/witnessed").body())).size()).isEqualTo(4);
    assertThat(once().out()).contains("unchanged at size 4");
  }

  @Test
  void refuses_a_log_whose_history_differs_from_the_one_it_cosigned_keeps_the_evidence_and_exits_5() throws Exception {
    grow(2);
    assertThat(once().code()).isZero();
    // The log's own key signs another history of the same size, which this witness is taken to have cosigned:
    // as if the log had shown it one history and now shows another.
    SignedNote.Signer logKey = SignedNote.Signer.parse(Files.readString(dir.resolve("log").resolve("log-key")));
    Checkpoint real = Checkpoint.parse(SignedNote.text(get("/log/checkpoint").body()));
    byte[] otherRoot = real.rootHash();
    otherRoot[5] ^= 0x40;
    String other = SignedNote.sign(new Checkpoint(real.origin(), real.size(), otherRoot, List.of()).body(), List.of(logKey), Instant.now());
    var s = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(state.resolve("state.json").toFile());
    s.put("checkpoint", other);
    Files.write(state.resolve("state.json"), Json.mapper().writeValueAsBytes(s));
    grow(2);

    Run refused = once();
    assertThat(refused.code()).isEqualTo(Dareg.LOG_INCONSISTENT);
    assertThat(refused.err()).contains("IS INCONSISTENT").contains("consistency proof from size 3").contains("does not verify");
    List<Path> evidence;
    try (var list = Files.list(state.resolve("evidence"))) {
      evidence = list.toList();
    }
    assertThat(evidence).hasSize(1);
    assertThat(Files.readString(evidence.get(0).resolve("cosigned-checkpoint.txt"))).isEqualTo(other);
    assertThat(Checkpoint.parse(SignedNote.text(Files.readString(evidence.get(0).resolve("new-checkpoint.txt")))).size()).isEqualTo(5);
    assertThat(evidence.get(0).resolve("consistency-proof.txt")).exists();
    // nothing of size 5 was cosigned
    assertThat(Checkpoint.parse(SignedNote.text(get("/log/checkpoint/witnessed").body())).size()).isEqualTo(3);
  }

  @Test
  void says_what_is_wrong_with_bad_input_and_an_unreachable_gateway() throws Exception {
    Run noKey = dareg("witness", "--log", url, "--key", dir.resolve("missing.key").toString(), "--state", state.toString(), "--once");
    assertThat(noKey.code()).isEqualTo(Dareg.USAGE);
    assertThat(noKey.err()).contains("cannot read the witness key").contains("dareg witness keygen");
    Files.writeString(dir.resolve("garbage.key"), "not a key\n");
    assertThat(dareg("witness", "--log", url, "--key", dir.resolve("garbage.key").toString(), "--state", state.toString(), "--once").err())
        .contains("does not hold a witness's signer key");
    // a gateway that is not there: --once exits 4 and says which
    assertThat(once().code()).isZero(); // pins the real log's key first
    Run down = dareg("witness", "--log", "http://127.0.0.1:9", "--key", key.toString(), "--state", state.toString(), "--once");
    assertThat(down.code()).isEqualTo(Dareg.UNREACHABLE);
    assertThat(down.err()).contains("is unreachable");
    // a witness the registry does not name: the gateway refuses its cosignature, exit 3
    Path otherKey = dir.resolve("other.key");
    assertThat(dareg("witness", "keygen", "--name", "stranger.example/witness", "-o", otherKey.toString()).code()).isZero();
    Run stranger = dareg("witness", "--log", url, "--key", otherKey.toString(), "--state", dir.resolve("other-state").toString(), "--once");
    assertThat(stranger.code()).as(stranger.err()).isEqualTo(Dareg.REFUSED);
    assertThat(stranger.err()).contains("403").contains("by no witness the registry's settings name");
  }
}

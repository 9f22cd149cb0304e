package io.dareg.client.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.dareg.chaincode.registry.Caller;
import io.dareg.client.cli.Dareg;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.Json;
import io.dareg.core.log.EntryBundle;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dareg monitor} against a real gateway's log: it reports the acts on a watched account and nothing else,
 * takes up where it stopped, and refuses, keeping the evidence, a log whose entries are not those its checkpoint signs
 * or whose checkpoint is not signed by its key.
 */
class LogMonitorTest {
  private static final Caller ADMIN = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
  private static final Caller REGISTRAR = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T02:00:00Z"));
  @TempDir Path dir;
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private String url;

  /** What one run of the command printed. */
  private record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca,
        dir.resolve("gateway"), clock, 1 << 20, List.of(), Map.of());
    url = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
  }

  @AfterEach
  void stop() throws Exception {
    api.close().toCompletionStage().toCompletableFuture().join();
    ledger.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** Opens an account for {@code name}, with a member of its own; its account id. */
  private String openAccount(String name) {
    IdentityRef member = new IdentityRef("EnterpriseMSP", "CN=" + sha256(name).substring(0, 8));
    String result = ledger.submit(REGISTRAR, "openAccount", json(new OpenAccountRequest(sha256(name), name, AccountKind.ENTERPRISE,
        List.of(member)))).join().resultJson();
    return readTree(result).path("accountId").asText();
  }

  /** The transactions committed so far (each submit of a test is one). */
  private long submitted;

  /** Waits until the log holds every transaction submitted. */
  private void awaitLog() throws InterruptedException {
    for (int i = 0; i < 500 && api.log().size() < submitted; i++) {
      Thread.sleep(10);
    }
    assertThat(api.log().size()).isEqualTo(submitted);
  }

  private Run monitor(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("monitor"));
    all.addAll(List.of(args));
    int code = Dareg.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static List<String> alarms(Run r) {
    return r.out().lines().filter(l -> l.startsWith("ALARM")).toList();
  }

  @Test
  void reports_the_acts_on_a_watched_account_ignores_the_others_and_takes_up_where_it_stopped() throws Exception {
    ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
    String watched = openAccount("甲公司");
    String other = openAccount("乙公司");
    ledger.submit(REGISTRAR, "closeAccount", json(new IdRequest(other))).join();
    submitted = 4;
    awaitLog();
    Path state = dir.resolve("monitor");

    Run first = monitor("--log", url, "--watch", watched, "--state", state.toString(), "--once");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(alarms(first)).hasSize(1);
    assertThat(alarms(first).get(0)).contains("index=1 ").contains("block=1 ").contains("op=openAccount")
        .contains("by='RegistryMSP/CN=registrar'").contains("watched=" + watched).contains("time=2026-03-10T02:00");
    assertThat(first.out()).doesNotContain(other);
    assertThat(first.err()).contains("pinned the log's key");
    assertThat(Files.readString(state.resolve("log-key")).trim()).isEqualTo(api.log().verifier().toString());

    // more acts: only the new one on the watched account is reported
    ledger.submit(REGISTRAR, "closeAccount", json(new IdRequest(watched))).join();
    openAccount("丙公司");
    submitted = 6;
    awaitLog();
    Run second = monitor("--log", url + "/api/v1/log/tiles", "--watch", watched, "--state", state.toString(), "--once");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(alarms(second)).singleElement().asString().contains("index=4 ").contains("op=closeAccount");
    assertThat(state.resolve("evidence")).doesNotExist();

    // nothing new: nothing reported, still consistent
    Run third = monitor("--log", url, "--watch", watched, "--state", state.toString(), "--once");
    assertThat(third.code()).isZero();
    assertThat(alarms(third)).isEmpty();
  }

  @Test
  void refuses_a_log_whose_entries_do_not_give_its_checkpoint_root_and_keeps_the_evidence() throws Exception {
    ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
    String watched = openAccount("甲公司");
    submitted = 2;
    awaitLog();
    // a log that serves the real checkpoint and key but entries of its own: one byte of the watched account's act changed
    HttpServer liar = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpClient http = HttpClient.newHttpClient();
    liar.createContext("/", exchange -> {
      try {
        HttpResponse<byte[]> real = http.send(HttpRequest.newBuilder(URI.create(url + exchange.getRequestURI())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = real.body();
        if (exchange.getRequestURI().getPath().contains("/tile/entries/")) {
          List<byte[]> entries = new ArrayList<>(EntryBundle.decode(body));
          String forged = new String(entries.get(1), StandardCharsets.UTF_8).replace("甲公司", "丁公司");
          entries.set(1, forged.getBytes(StandardCharsets.UTF_8));
          body = EntryBundle.encode(entries);
        }
        exchange.sendResponseHeaders(real.statusCode(), body.length);
        exchange.getResponseBody().write(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
      }
    });
    liar.start();
    try {
      Path state = dir.resolve("fooled");
      Run r = monitor("--log", "http://127.0.0.1:" + liar.getAddress().getPort(), "--watch", watched, "--state", state.toString(),
          "--once");
      assertThat(r.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
      assertThat(r.err()).contains("THE LOG MISBEHAVED (entries-do-not-match)");
      assertThat(alarms(r)).as("no entry is trusted before the root is").isEmpty();
      assertThat(state.resolve("frontier")).doesNotExist();
      try (Stream<Path> kept = Files.list(state.resolve("evidence"))) {
        Path evidence = kept.findFirst().orElseThrow();
        assertThat(evidence.getFileName().toString()).endsWith("entries-do-not-match");
        assertThat(Files.readString(evidence.resolve("checkpoint"))).contains(api.log().origin());
        assertThat(Files.readString(evidence.resolve("report.txt"))).contains("give the root");
      }
      // the same log, honest, is followed from a fresh state
      Run honest = monitor("--log", url, "--watch", watched, "--state", dir.resolve("honest").toString(), "--once");
      assertThat(honest.code()).as(honest.err()).isZero();
      assertThat(alarms(honest)).hasSize(1);
    } finally {
      liar.stop(0);
    }
  }

  @Test
  void refuses_a_checkpoint_not_signed_by_the_key_it_was_given() throws Exception {
    ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
    submitted = 1;
    awaitLog();
    String impostor = SignedNote.Signer.generate(api.log().origin(), SignedNote.ED25519, new SecureRandom()).verifier().toString();
    Path state = dir.resolve("monitor");
    Run r = monitor("--log", url, "--watch", "X", "--state", state.toString(), "--log-key", impostor, "--once");
    assertThat(r.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(r.err()).contains("THE LOG MISBEHAVED (bad-signature)");
    assertThat(state.resolve("evidence")).isDirectory();
    // the pinned key stays: another one given later is refused as usage
    Run other = monitor("--log", url, "--watch", "X", "--state", state.toString(), "--log-key", api.log().verifier().toString(), "--once");
    assertThat(other.code()).isEqualTo(Dareg.USAGE);
    assertThat(other.err()).contains("is not the key pinned");
  }

  @Test
  void reads_the_entries_one_by_one_where_the_log_cannot_bundle_them() throws Exception {
    ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
    String watched = openAccount("甲公司");
    submitted = 2;
    awaitLog();
    // a gateway whose bundle holds an entry over 65535 bytes answers 501 for it, as TileHandlers does
    HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpClient http = HttpClient.newHttpClient();
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    proxy.createContext("/", exchange -> {
      try {
        asked.add(exchange.getRequestURI().getPath());
        if (exchange.getRequestURI().getPath().contains("/tile/entries/")) {
          exchange.sendResponseHeaders(501, -1);
          return;
        }
        HttpResponse<byte[]> real = http.send(HttpRequest.newBuilder(URI.create(url + exchange.getRequestURI())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        exchange.sendResponseHeaders(real.statusCode(), real.body().length);
        exchange.getResponseBody().write(real.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
      }
    });
    proxy.start();
    try {
      Run r = monitor("--log", "http://127.0.0.1:" + proxy.getAddress().getPort(), "--watch", watched, "--state",
          dir.resolve("one-by-one").toString(), "--once");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).contains("too long for a bundle");
      assertThat(asked).contains("/api/v1/log/entries/0", "/api/v1/log/entries/1");
      assertThat(alarms(r)).singleElement().asString().contains("index=1 ");
    } finally {
      proxy.stop(0);
    }
  }

  private static String json(Object o) {
    return new String(Json.canonical(o), StandardCharsets.UTF_8);
  }

  private static JsonNode readTree(String s) {
    try {
      return Json.mapper().readTree(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.UnavailableException;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory that stops taking writes: transactions get a clear 503, queries keep working,
 * the block file is left exactly as the verified chain, and writes resume once the disk allows.
 *
 * <p>Tests may run as root, where chmod does not stop a write, so most cases refuse through the
 * block file's {@link BlockFile.WriteCheck} exactly as a read-only file system would (EROFS); the
 * chmod case runs only when the tests are not root.
 */
class ReadOnlyDiskTest {
  static final Caller ADMIN = EmbeddedLedgerDurabilityTest.ADMIN;
  static final Caller REGISTRAR = EmbeddedLedgerDurabilityTest.REGISTRAR;
  static final Caller HOLDER = EmbeddedLedgerDurabilityTest.HOLDER;

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final AtomicBoolean readOnly = new AtomicBoolean();
  private final BlockFile.WriteCheck disk = file -> {
    if (readOnly.get()) {
      throw new FileSystemException(file.toString(), null, "Read-only file system");
    }
  };

  private Path dir() {
    return tmp.resolve("ledger");
  }

  private EmbeddedLedger open() throws Exception {
    return EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults(), disk);
  }

  private static void initialise(EmbeddedLedger ledger, Caller holder) {
    ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
    ledger.submit(REGISTRAR, "openAccount",
        json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(holder.identity())))).join();
  }

  @Test
  void over_http_writes_get_503_reads_keep_working_and_writes_resume_when_the_disk_allows() throws Exception {
    Path caDir = tmp.resolve("gateway");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(caDir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate cert = ca.issueClient("EnterpriseMSP", "holder", "alice", keys.getPublic(), Duration.ofDays(3650));
    String token = Tokens.sign(cert, keys.getPrivate(), Instant.now(), Duration.ofMinutes(5));
    Vertx vertx = Vertx.vertx();
    String first;
    String second;
    try (EmbeddedLedger ledger = open()) {
      initialise(ledger, Tokens.caller(cert));
      ApiServer api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.ALLOWED), ca, caDir, clock,
          64 * 1024, List.of(), Map.of());
      String base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
      HttpClient http = HttpClient.newHttpClient();

      HttpResponse<String> ok = post(http, base + "/api/v1/evidence", token, 1);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
      first = Json.mapper().readTree(ok.body()).path("evidenceNo").asText();
      byte[] chain = Files.readAllBytes(dir().resolve("blocks.dat"));

      readOnly.set(true);
      HttpResponse<String> refused = post(http, base + "/api/v1/evidence", token, 2);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
      JsonNode problem = Json.mapper().readTree(refused.body());
      assertThat(problem.path("type").asText()).isEqualTo("https://dareg.io/problems/unavailable");
      assertThat(problem.path("detail").asText()).contains("cannot write to disk").contains("Read-only file system");
      // Still refused while the disk refuses, and reads keep working meanwhile.
      assertThat(post(http, base + "/api/v1/evidence", token, 3).statusCode()).isEqualTo(503);
      assertThat(get(http, base + "/api/v1/evidence/" + first, token).statusCode()).isEqualTo(200);
      HttpResponse<String> health = get(http, base + "/health", null);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(Json.mapper().readTree(health.body()).path("ledger").asText()).isEqualTo("READ_ONLY");
      assertThat(Json.mapper().readTree(health.body()).path("detail").asText()).contains("resumes by itself");
      assertThat(Files.readAllBytes(dir().resolve("blocks.dat"))).as("nothing written while refused").isEqualTo(chain);

      readOnly.set(false);
      HttpResponse<String> again = post(http, base + "/api/v1/evidence", token, 4);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
      second = Json.mapper().readTree(again.body()).path("evidenceNo").asText();
      assertThat(get(http, base + "/health", null).statusCode()).isEqualTo(200);
      api.close().toCompletionStage().toCompletableFuture().join();
    } finally {
      vertx.close();
    }
    try (EmbeddedLedger reopened = EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults())) {
      assertThat(reopened.health().ready()).as(reopened.health().detail()).isTrue();
      assertThat(reopened.height()).isEqualTo(4);
      assertThat(reopened.evaluate(HOLDER, "getEvidence", "{\"id\":\"" + first + "\"}").join()).contains(first);
      assertThat(reopened.evaluate(HOLDER, "getEvidence", "{\"id\":\"" + second + "\"}").join()).contains(second);
    }
  }

  @Test
  void a_block_file_that_cannot_be_opened_for_writing_is_served_read_only_until_it_can() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      initialise(ledger, HOLDER);
      ledger.submit(HOLDER, "depositEvidence", deposit(1)).join();
    }
    // A write cut short before the disk went read-only: it cannot be cut while the file is read-only.
    Files.write(dir().resolve("blocks.dat"), new byte[] {'D', 'R', 'G', 'B', 1, 0, 0}, StandardOpenOption.APPEND);
    readOnly.set(true);
    try (EmbeddedLedger ledger = open()) {
      assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.READ_ONLY);
      assertThat(ledger.health().detail()).contains("3 blocks").contains("Read-only file system").contains("unfinished block 3")
          .contains("cut off once the file is writable");
      assertThat(ledger.evaluate(HOLDER, "whoAmI", "{}").join()).contains("\"role\":\"HOLDER\"");
      assertThatThrownBy(() -> ledger.submit(HOLDER, "depositEvidence", deposit(2)).join())
          .hasCauseInstanceOf(UnavailableException.class)
          .hasMessageContaining("the block file cannot be written");
      // An audit of a ledger that takes no writes covers the whole file, torn tail included.
      JsonNode audit = ledger.signedAudit(clock.instant()).path("report").path("audit");
      assertThat(audit.path("blocks").asLong()).isEqualTo(3);
      assertThat(audit.path("finding").path("block").asLong()).isEqualTo(3);
      assertThat(audit.path("finding").path("what").asText()).contains("truncated mid-block");

      readOnly.set(false);
      assertThat(ledger.submit(HOLDER, "depositEvidence", deposit(3)).join().blockNumber()).isEqualTo(3);
      assertThat(ledger.health().ready()).isTrue();
    }
    try (EmbeddedLedger reopened = EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults())) {
      assertThat(reopened.health().ready()).as(reopened.health().detail()).isTrue();
      assertThat(reopened.health().detail()).doesNotContain("unfinished");
      assertThat(reopened.height()).isEqualTo(4);
    }
  }

  @Test
  void a_read_only_ledger_resumes_by_itself_once_the_disk_takes_writes() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      initialise(ledger, HOLDER);
      readOnly.set(true);
      assertThatThrownBy(() -> ledger.submit(HOLDER, "depositEvidence", deposit(1)).join())
          .hasCauseInstanceOf(UnavailableException.class);
      assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.READ_ONLY);
      readOnly.set(false);
      // No write is needed to come back: the writer tries the disk about once a second.
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!ledger.health().ready() && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(ledger.health().ready()).as(ledger.health().detail()).isTrue();
      assertThat(ledger.health().detail()).contains("writes resumed");
    }
  }

  @Test
  void a_block_file_made_read_only_with_chmod_is_served_read_only_until_it_is_writable() throws Exception {
    assumeThat(System.getProperty("user.name")).as("chmod does not stop root from writing").isNotEqualTo("root");
    Path blocks = dir().resolve("blocks.dat");
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults())) {
      initialise(ledger, HOLDER);
    }
    Files.setPosixFilePermissions(blocks, PosixFilePermissions.fromString("r--------"));
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults())) {
      assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.READ_ONLY);
      assertThat(ledger.health().detail()).contains("permission denied");
      assertThat(ledger.evaluate(HOLDER, "whoAmI", "{}").join()).contains("\"role\":\"HOLDER\"");
      assertThatThrownBy(() -> ledger.submit(HOLDER, "depositEvidence", deposit(1)).join())
          .hasCauseInstanceOf(UnavailableException.class);
      Files.setPosixFilePermissions(blocks, PosixFilePermissions.fromString("rw-------"));
      assertThat(ledger.submit(HOLDER, "depositEvidence", deposit(2)).join().blockNumber()).isEqualTo(2);
    }
  }

  private static HttpResponse<String> post(HttpClient http, String url, String token, int i) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(deposit(i))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

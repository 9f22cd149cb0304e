package io.dareg.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.SignedNote;
import io.dareg.gateway.DevWitness;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Receipts on the command line (issue 24 item 4), against a gateway whose ledger names the dev witness: a certificate
 * fetched with --wait-witnessed verifies with its receipt offline, a tampered receipt does not, and --online notices a
 * newer checkpoint that does not extend the receipt's (served by a fake log).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptCommandsTest {
  record Run(int code, String out, String err) {}

  private static final String LEDGER_ID = "dareg:receipt-test";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private Path dir;
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private DevWitness witness;
  private String url;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("dareg-receipt-test");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20,
        DevClockRoute.operations(), DevClockRoute.handlers(clock, () -> true));
    url = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
    Signatures sig = new Signatures(new BouncyCastleProvider());
    for (String[] id : new String[][] {
        {"admin", "RegistryMSP", "admin", "admin"}, {"registrar", "RegistryMSP", "registrar", "registrar"},
        {"reviewer", "ReviewMSP", "reviewer", "reviewer"}, {"holder", "EnterpriseMSP", "holder", "alice"}}) {
      KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      Path d = dir.resolve(id[0]);
      Files.createDirectories(d);
      Files.writeString(d.resolve("cert.pem"), CertificateAuthority.pem(ca.issueClient(id[1], id[2], id[3], keys.getPublic(), Duration.ofDays(3650))));
      Files.writeString(d.resolve("key.pem"), Signatures.toPem(keys.getPrivate()));
    }
    Files.writeString(dir.resolve("root.pem"), CertificateAuthority.pem(ca.root()));
    var admin = io.dareg.client.DaregClient.builder().baseUrl(java.net.URI.create(url)).identity(
        Connection.certificates(dir.resolve("admin/cert.pem")).get(0), sig.privateKeyFromPem(Files.readString(dir.resolve("admin/key.pem")))).build();
    // the ledger names the dev witness, quorum 1, as serve --dev does
    admin.initLedger(new io.dareg.core.api.InitLedgerRequest("RegistryMSP", "测试登记中心", "TJ-DIP", LEDGER_ID,
        java.util.stream.Stream.of("RegistryMSP", "ReviewMSP", "EnterpriseMSP").map(msp -> io.dareg.core.model.TrustedRoot.of(msp, ca.root())).toList(),
        null, List.of(DevWitness.key(dir).verifier().toString()), 1));
    admin.grantRole(new io.dareg.core.api.GrantRoleRequest(new io.dareg.core.model.IdentityRef("ReviewMSP", "CN=reviewer,OU=reviewer"),
        io.dareg.core.model.Role.REVIEWER));
    witness = DevWitness.start(dir, api, Duration.ofMillis(200));
  }

  @AfterAll
  void stop() throws Exception {
    witness.close();
    api.close().toCompletionStage().toCompletableFuture().join();
    vertx.close();
    ledger.close();
  }

  private Run dareg(String who, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--url") && !args[0].equals("verify-act")) {
      all.addAll(List.of("--url", url, "--roots", dir.resolve("root.pem").toString()));
    }
    if (args[0].equals("verify")) {
      all.addAll(List.of("--at", clock.instant().toString()));
    }
    if (who != null) {
      all.addAll(List.of("--identity", dir.resolve(who).toString()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Dareg.run(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static Run ok(Run r) {
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    return r;
  }

  private String issued() throws Exception {
    var registrar = io.dareg.client.DaregClient.builder().baseUrl(java.net.URI.create(url)).identity(
        Connection.certificates(dir.resolve("registrar/cert.pem")).get(0),
        new Signatures(new BouncyCastleProvider()).privateKeyFromPem(Files.readString(dir.resolve("registrar/key.pem")))).build();
    registrar.openAccount(new io.dareg.core.api.OpenAccountRequest("a1".repeat(32), "甲公司", io.dareg.core.model.AccountKind.ENTERPRISE,
        List.of(new io.dareg.core.model.IdentityRef("EnterpriseMSP", "CN=alice,OU=holder"))));
    Path data = dir.resolve("dataset");
    Files.createDirectories(data);
    Files.writeString(data.resolve("part-1.csv"), "credit_code,score\n1,87\n");
    String ev = Json.mapper().readTree(ok(dareg("holder", "evidence", data.toString(), "--json")).out()).path("evidenceNo").asText();
    String regNo = Json.mapper().readTree(ok(dareg("holder", "apply", Path.of(System.getProperty("user.dir")).getParent()
        .resolve("docs/sample-application.yaml").toString(), "--evidence", ev, "--json")).out()).path("regNo").asText();
    ok(dareg("registrar", "review", regNo, "--start"));
    ok(dareg("registrar", "review", regNo, "--formal", "PASS", "--opinion", "complete"));
    ok(dareg("reviewer", "review", regNo, "--substantive", "PASS", "--opinion", "authentic"));
    JsonNode notice = Json.mapper().readTree(ok(dareg("registrar", "notice", regNo, "--json")).out());
    clock.set(Instant.parse(notice.path("noticeEnd").asText()).plusSeconds(60));
    ok(dareg("registrar", "issue", regNo, "-o", dir.resolve("issued.json").toString()));
    return regNo + "-C01";
  }

  @Test
  void a_witnessed_certificate_verifies_with_its_receipt_offline_and_a_tampered_one_does_not() throws Exception {
    String certNo = issued();
    Path cert = dir.resolve("cert.json");
    Run got = ok(dareg(null, "cert", "get", certNo, "--wait-witnessed", "--timeout", "30", "-o", cert.toString()));
    assertThat(got.err()).contains("with its log receipt");
    String logKey = dir.resolve("log/log-key.pub").toString();
    String witnessKey = dir.resolve("dev/witness/witness.vkey").toString();
    Run good = ok(dareg(null, "verify", cert.toString(), "--log-key", logKey, "--witness", witnessKey));
    assertThat(good.out()).containsPattern("LOG_RECEIPT +PASS +recorded in the log at \\d+, witnessed by 1 of 1").contains("VALID " + certNo);

    // a changed node of the inclusion path
    ObjectNode doc = (ObjectNode) Json.mapper().readTree(cert.toFile());
    ArrayNode path = (ArrayNode) doc.path("logReceipt").path("inclusionPath");
    assertThat(path.size()).isPositive();
    String node = path.get(0).asText();
    path.set(0, Json.mapper().getNodeFactory().textNode((node.charAt(0) == '0' ? "1" : "0") + node.substring(1)));
    Path tampered = dir.resolve("tampered.json");
    Files.write(tampered, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    Run bad = dareg(null, "verify", tampered.toString(), "--log-key", logKey, "--witness", witnessKey);
    assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(bad.out()).contains("LOG_RECEIPT").contains("NOT VALID: bad proof").contains("NOT VALID " + certNo);

    // the receipt of another transaction does not pass for this certificate's
    ObjectNode other = (ObjectNode) Json.mapper().readTree(cert.toFile());
    LogReceipt mine = LogReceipt.fromJson(other.get("logReceipt"));
    var client = io.dareg.client.DaregClient.builder().baseUrl(java.net.URI.create(url)).build();
    String someTx = LogReceipt.topLevelText(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(url + "/api/v1/log/entries/0")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), "txId");
    other.set("logReceipt", client.logReceipt(someTx).toJson());
    Path wrong = dir.resolve("wrong-leaf.json");
    Files.write(wrong, Json.mapper().writeValueAsBytes(other));
    Run wrongLeaf = dareg(null, "verify", wrong.toString(), "--log-key", logKey, "--witness", witnessKey);
    assertThat(wrongLeaf.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(wrongLeaf.out()).contains("NOT VALID: wrong leaf");

    // a witness the registry did not name, required as a second one: too few cosignatures
    Path stranger = dir.resolve("stranger.vkey");
    Files.writeString(stranger, SignedNote.Signer.generate("x.example/witness", SignedNote.COSIGNATURE_V1, new SecureRandom()).verifier() + "\n");
    Run few = dareg(null, "verify", cert.toString(), "--log-key", logKey, "--witness", witnessKey, "--witness", stranger.toString());
    assertThat(few.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(few.out()).contains("NOT VALID: too few cosignatures");
    assertThat(ok(dareg(null, "verify", cert.toString(), "--log-key", logKey, "--witness", witnessKey, "--witness", stranger.toString(),
        "--quorum", "1")).out()).contains("witnessed by 1 of 2");
    // the log's own key is no witness's: a usage error naming the option, before anything is checked
    Run notWitness = dareg(null, "verify", cert.toString(), "--log-key", logKey, "--witness", logKey);
    assertThat(notWitness.code()).as(notWitness.out() + notWitness.err()).isEqualTo(Dareg.USAGE);
    assertThat(notWitness.err()).contains("--witness: ").contains("tlog-cosignature/v1");

    // no receipt: said, and a failure only when --log-key asks for one
    Path bare = dir.resolve("issued.json");
    assertThat(ok(dareg(null, "verify", bare.toString())).out()).contains("no log receipt is attached");
    Run missing = dareg(null, "verify", bare.toString(), "--log-key", logKey, "--witness", witnessKey);
    assertThat(missing.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(missing.out()).contains("no log receipt is attached, and --log-key asks for one");

    // --online: the real log's newest checkpoint extends the receipt's ...
    assertThat(ok(dareg("holder", "verify", cert.toString(), "--online", "--log-key", logKey, "--witness", witnessKey)).out())
        .contains("LOG_CONSISTENCY  PASS");
    // ... a fake log signing, with the log's own key, a larger tree with another history does not
    SignedNote.Signer logSigner = SignedNote.Signer.parse(Files.readString(dir.resolve("log/log-key")));
    byte[] otherRoot = new byte[32];
    new SecureRandom().nextBytes(otherRoot);
    String forked = SignedNote.sign(new Checkpoint(logSigner.name(), mine.treeSize() + 5, otherRoot, List.of()).body(), List.of(logSigner),
        Instant.now());
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/", exchange -> {
      String p = exchange.getRequestURI().getPath();
      byte[] body;
      if (p.equals("/api/v1/log/checkpoint")) {
        body = forked.getBytes(StandardCharsets.UTF_8);
      } else if (p.equals("/api/v1/log/proofs/consistency")) {
        body = ("{\"hashes\":[\"" + "ab".repeat(32) + "\",\"" + "cd".repeat(32) + "\"]}").getBytes(StandardCharsets.UTF_8);
      } else {
        body = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    fake.start();
    try {
      String fakeUrl = "http://127.0.0.1:" + fake.getAddress().getPort();
      Path act = dir.resolve("act.json");
      ok(dareg("registrar", "act", mine.txId(), "-o", act.toString()));
      String root = dir.resolve("root.pem").toString();
      Run actOk = dareg(null, "verify-act", act.toString(), "--trust", "RegistryMSP=" + root, "--trust", "EnterpriseMSP=" + root,
          "--log-key", logKey, "--witness", witnessKey, "--online", "--url", url);
      assertThat(actOk.out()).containsPattern("LOG_RECEIPT +PASS +recorded in the log at " + mine.index() + ", witnessed by 1 of 1")
          .contains("LOG_CONSISTENCY  PASS");
      Run actForked = dareg(null, "verify-act", act.toString(), "--trust", "RegistryMSP=" + root, "--trust", "EnterpriseMSP=" + root,
          "--log-key", logKey, "--witness", witnessKey, "--online", "--url", fakeUrl);
      assertThat(actForked.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
      assertThat(actForked.out()).contains("LOG_CONSISTENCY  FAIL").contains("is not consistent with the receipt's")
          .contains("The act is NOT VALID.");
    } finally {
      fake.stop(0);
    }
  }
}

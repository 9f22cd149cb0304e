package io.dareg.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.client.DaregClient;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code dareg ledger}: audits offline and at the gateway, signed reports, backup while writing, restore. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerCommandsTest {
  record Run(int code, String out, String err) {}

  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private Path dir;
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private CertificateAuthority ca;
  private String url;
  private DaregClient holder;
  private static final String LEDGER_ID = "dareg:ledger-cli-test";
  /** How the ledger was initialised, by the command line. */
  private Run init;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("dareg-ledger-cli-test");
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    // The dev clock tells the command line the ledger's time, which it signs its writes at (issue 23).
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20,
        DevClockRoute.operations(), DevClockRoute.handlers(clock));
    url = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
    identity("admin", "RegistryMSP", "admin", "admin");
    identity("registrar", "RegistryMSP", "registrar", "registrar");
    identity("holder", "EnterpriseMSP", "holder", "alice");
    Files.writeString(dir.resolve("root.pem"), CertificateAuthority.pem(ca.root()));
    String root = dir.resolve("root.pem").toString();
    init = dareg("admin", "ledger", "init", "--name", "测试登记中心", "--ledger-id", LEDGER_ID, "--trust", "RegistryMSP=" + root,
        "--trust", "EnterpriseMSP=" + root, "--request-skew", "120");
    assertThat(init.code()).as(init.err()).isZero();
    client("registrar").openAccount(new OpenAccountRequest("a1".repeat(32), "甲公司", AccountKind.ENTERPRISE,
        List.of(new IdentityRef("EnterpriseMSP", "CN=alice,OU=holder"))));
    holder = client("holder");
    for (int i = 0; i < 5; i++) {
      deposit("before " + i);
    }
  }

  @AfterAll
  void stop() {
    api.close();
    vertx.close();
    ledger.close();
  }

  private String deposit(String data) {
    return holder.depositEvidence(new DepositEvidenceRequest(HashAlgorithm.SHA256,
        io.dareg.core.crypto.Hashes.hex(HashAlgorithm.SHA256, data.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        null, data.length(), "dareg", null)).evidenceNo();
  }

  private DaregClient client(String who) throws Exception {
    return DaregClient.builder().baseUrl(URI.create(url)).identity(Connection.certificates(dir.resolve(who).resolve("cert.pem")).get(0),
        SIGNATURES.privateKeyFromPem(Files.readString(dir.resolve(who).resolve("key.pem")))).build();
  }

  private void identity(String name, String msp, String role, String user) throws Exception {
    KeyPair keys = SIGNATURES.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    Path d = dir.resolve(name);
    Files.createDirectories(d);
    Files.writeString(d.resolve("cert.pem"), CertificateAuthority.pem(ca.issueClient(msp, role, user, keys.getPublic(), Duration.ofDays(3650))));
    Files.writeString(d.resolve("key.pem"), Signatures.toPem(keys.getPrivate()));
  }

  private Run dareg(String who, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", url, "--roots", dir.resolve("root.pem").toString()));
    if (who != null) {
      all.addAll(List.of("--identity", dir.resolve(who).toString()));
    }
    return local(all.toArray(new String[0]));
  }

  private static Run local(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Dareg.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** A copy of the live ledger's block file and public key, as a backup folder would hold them. */
  private Path copyOfLedger(String name) throws Exception {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy);
    Files.copy(dir.resolve("ledger/blocks.dat"), copy.resolve("blocks.dat"));
    Files.copy(dir.resolve("ledger/node-key.pub.pem"), copy.resolve("node-key.pub.pem"));
    return copy;
  }

  // issue 23: the ledger's first act names its identity and the roots of those who may write
  @Test
  void init_names_the_ledger_and_its_trusted_roots_and_says_what_is_wrong_with_its_options() throws Exception {
    assertThat(init.out()).contains(LEDGER_ID).contains("RegistryMSP: CN=").contains("EnterpriseMSP: CN=").contains("120 s");
    assertThat(init.err()).isEmpty();
    String root = dir.resolve("root.pem").toString();
    Run again = dareg("admin", "ledger", "init", "--name", "again", "--ledger-id", "dareg:again", "--trust", "RegistryMSP=" + root);
    assertThat(again.code()).as("once only: " + again.err()).isEqualTo(Dareg.REFUSED);

    Files.writeString(dir.resolve("not.pem"), "not a certificate");
    Map<List<String>, String> wrong = Map.of(
        List.of("--trust", "RegistryMSP=" + dir.resolve("absent.pem")), "absent.pem does not exist",
        List.of("--trust", "RegistryMSP=" + dir.resolve("not.pem")), "not.pem",
        List.of("--trust", "RegistryMSP=" + dir.resolve("admin/cert.pem")), "is not a CA certificate",
        List.of("--trust", "EnterpriseMSP=" + root), "no --trust for the registry organisation RegistryMSP",
        List.of("--trust", root), "give MSP=ROOT.pem",
        List.of("--trust", "RegistryMSP=" + root, "--request-skew", "5"), "--request-skew 5",
        List.of("--trust", "RegistryMSP=" + root, "--ledger-id", "has spaces"), "ledgerId");
    for (Map.Entry<List<String>, String> w : wrong.entrySet()) {
      List<String> args = new ArrayList<>(List.of("ledger", "init", "--name", "x"));
      if (!w.getKey().contains("--ledger-id")) {
        args.addAll(List.of("--ledger-id", "dareg:other"));
      }
      args.addAll(w.getKey());
      Run r = dareg("admin", args.toArray(new String[0]));
      assertThat(r.code()).as(w.getKey() + ": " + r.err()).isEqualTo(Dareg.USAGE);
      assertThat(r.err()).as(w.getKey().toString()).contains(w.getValue());
    }
    Run noLedgerId = dareg("admin", "ledger", "init", "--name", "x", "--trust", "RegistryMSP=" + root);
    assertThat(noLedgerId.code()).isEqualTo(Dareg.USAGE);
    assertThat(noLedgerId.err()).contains("--ledger-id");
  }

  @Test
  void offline_verify_signs_its_report_with_the_operator_identity_and_the_report_checks() throws Exception {
    Path report = dir.resolve("offline-report.json");
    Run r = dareg("admin", "ledger", "verify", "--data", dir.toString(), "--report", report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("chain verified: " + ledger.height() + " blocks").contains("report signed by CN=admin,OU=admin,O=RegistryMSP");
    // issue 23: who signed what, checked again from the blocks: init, the account, the deposits, all signed
    assertThat(r.out()).containsPattern("authors verified: \\d+ signed requests verify against the roots ledger " + LEDGER_ID);
    assertThat(dareg(null, "ledger", "check-report", report.toString()).out()).startsWith("report verifies");

    ObjectNode edited = (ObjectNode) Json.mapper().readTree(report.toFile());
    ((ObjectNode) edited.path("report").path("audit")).put("transactions", 1);
    Files.write(report, Json.mapper().writeValueAsBytes(edited));
    Run check = dareg(null, "ledger", "check-report", report.toString());
    assertThat(check.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(check.out()).contains("does NOT verify").contains("signature does not verify");
  }

  // issue 23, item 4: one act exported with its proof, checked offline by anyone with the roots they trust
  @Test
  void an_act_exported_from_the_blocks_verifies_offline_and_not_against_roots_one_does_not_trust() throws Exception {
    String txId = null;
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("ledger/blocks.dat"))) {
      List<String> ids = new ArrayList<>();
      io.dareg.core.ledger.BlockFrames.scan(ch, ch.size(), frame -> {
        try {
          for (var tx : Json.mapper().readTree(frame.body())) {
            if (tx.path("name").asText().equals("depositEvidence")) {
              ids.add(tx.path("txId").asText());
            }
          }
        } catch (java.io.IOException e) {
          return e.getMessage();
        }
        return null;
      });
      txId = ids.get(0);
    }
    Path act = dir.resolve("act.json");
    Run export = local("act", txId, "--data", dir.toString(), "-o", act.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).contains("written to " + act);
    String root = dir.resolve("root.pem").toString();
    Run ok = local("verify-act", act.toString(), "--trust", "RegistryMSP=" + root, "--trust", "EnterpriseMSP=" + root);
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("CN=alice").contains("signed depositEvidence for ledger " + LEDGER_ID).contains("The act is VALID.");
    Path other = dir.resolve("other-root.pem");
    Files.writeString(other, CertificateAuthority.pem(CertificateAuthority.loadOrCreate(dir.resolve("other-ca"),
        SignatureAlgorithm.ECDSA_P256_SHA256, clock).root()));
    Run untrusted = local("verify-act", act.toString(), "--trust", "EnterpriseMSP=" + other);
    assertThat(untrusted.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(untrusted.out()).contains("not issued by a CA").contains("The act is NOT VALID.");
    // The same act through the gateway (the registry admin is staff): the same proof.
    Path fetched = dir.resolve("act-fetched.json");
    Run viaGateway = dareg("admin", "act", txId, "-o", fetched.toString());
    assertThat(viaGateway.code()).as(viaGateway.err()).isZero();
    assertThat(Json.mapper().readTree(fetched.toFile())).isEqualTo(Json.mapper().readTree(act.toFile()));
    Run unknown = local("act", "0".repeat(64), "--data", dir.toString(), "-o", dir.resolve("none.json").toString());
    assertThat(unknown.code()).isEqualTo(Dareg.USAGE);
    assertThat(unknown.err()).contains("no transaction " + "0".repeat(64));
  }

  @Test
  void offline_verify_names_the_block_of_a_flipped_byte_and_of_a_truncation() throws Exception {
    Path flipped = copyOfLedger("flipped");
    byte[] all = Files.readAllBytes(flipped.resolve("blocks.dat"));
    all[all.length - 40] ^= 0x01;
    Files.write(flipped.resolve("blocks.dat"), all);
    Run r = dareg("admin", "ledger", "verify", "--data", flipped.toString());
    assertThat(r.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(r.out()).containsPattern("chain FAILED at block \\d+ \\(offset \\d+\\): checksum mismatch");

    Path cut = copyOfLedger("cut");
    Files.write(cut.resolve("blocks.dat"), java.util.Arrays.copyOf(all, all.length - 10));
    Run t = dareg("admin", "ledger", "verify", "--data", cut.toString());
    assertThat(t.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(t.out()).contains("truncated mid-block");
  }

  @Test
  void offline_verify_names_missing_blocks_and_accept_truncation_puts_the_loss_on_the_record(@org.junit.jupiter.api.io.TempDir Path data)
      throws Exception {
    Path ledgerDir = data.resolve("ledger");
    var admin = new io.dareg.chaincode.registry.Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
    try (EmbeddedLedger own = EmbeddedLedger.open(ledgerDir, clock, EmbeddedLedger.Options.defaults())) {
      // The ledger's first act, signed by the registry's admin (issue 23).
      io.dareg.core.act.RequestSigner signer = new io.dareg.core.act.RequestSigner(Connection.certificates(dir.resolve("admin/cert.pem")).get(0),
          SIGNATURES.privateKeyFromPem(Files.readString(dir.resolve("admin/key.pem"))), "dareg:truncated", clock);
      own.submit(admin, "initLedger", io.dareg.core.json.CanonicalJson.toString(signer.sign("initLedger", Json.mapper().valueToTree(
          new io.dareg.core.api.InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP", "dareg:truncated",
              List.of(io.dareg.core.model.TrustedRoot.of("RegistryMSP", ca.root()))))).toJson())).join();
      for (int i = 0; i < 3; i++) {
        own.recordDevClock(admin, Duration.ofDays(i + 1)).join();
      }
    }
    Path blocks = ledgerDir.resolve("blocks.dat");
    byte[] all = Files.readAllBytes(blocks);
    // Cut inside block 2: blocks 2 and 3 were acknowledged, the mark says so.
    long block2 = blockOffsets(blocks).get(2);
    Files.write(blocks, java.util.Arrays.copyOf(all, (int) block2 + 30));
    Run v = dareg("admin", "ledger", "verify", "--data", data.toString());
    assertThat(v.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(v.out()).contains("blocks 2..3 are missing").contains("inside block 2 at offset " + block2);

    // The gateway's query index (issue 22: a RocksDB store of its own) vouched for the lost blocks too.
    Files.createDirectories(data.resolve("index/trades.rocksdb"));
    Files.writeString(data.resolve("index/trades.rocksdb/CURRENT"), "MANIFEST-000005\n");
    Run wrong = local("ledger", "accept-truncation", "--data", data.toString(), "--to", "3");
    assertThat(wrong.code()).isNotZero();
    assertThat(wrong.err()).contains("give --to 2");
    Run ok = local("ledger", "accept-truncation", "--data", data.toString(), "--to", "2");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("blocks 2..3 lost, recorded in the audit log");
    assertThat(ok.out()).contains("index/trades.rocksdb.before-truncation-");
    assertThat(data.resolve("index/trades.rocksdb")).as("set aside, rebuilt on the next start").doesNotExist();
    String log = Files.readString(data.resolve("audit/audit.log"));
    assertThat(log).contains("\"operation\":\"acceptTruncation\"").contains("\"lost\":\"blocks 2..3\"");
    assertThat(io.dareg.gateway.http.AuditLog.check(data.resolve("audit/audit.log")).valid()).isTrue();
    try (EmbeddedLedger again = EmbeddedLedger.open(ledgerDir, clock, EmbeddedLedger.Options.defaults())) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      assertThat(again.height()).isEqualTo(2);
      assertThat(again.devClockOffset()).as("the state of the lost blocks is gone").isEqualTo(Duration.ofDays(1));
    }
    assertThat(dareg("admin", "ledger", "verify", "--data", data.toString()).code()).isZero();
  }

  /** Where each block starts in a block file. */
  private static List<Long> blockOffsets(Path blocks) throws Exception {
    List<Long> out = new ArrayList<>();
    try (var ch = java.nio.channels.FileChannel.open(blocks)) {
      io.dareg.core.ledger.BlockFrames.scan(ch, ch.size(), f -> {
        out.add(f.offset());
        return null;
      });
    }
    return out;
  }

  @Test
  void online_verify_is_for_the_registry_admin_and_its_report_is_signed_by_the_node_key() throws Exception {
    Run r = dareg("admin", "ledger", "verify", "--online");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("chain verified").contains("report signed by node key " + ledger.nodeKeyId());
    Run refused = dareg("holder", "ledger", "verify", "--online");
    assertThat(refused.code()).as(refused.err()).isEqualTo(Dareg.REFUSED);
    assertThat(refused.err()).contains("403");
    assertThat(dareg("admin", "ledger", "verify").code()).isEqualTo(Dareg.USAGE);
  }

  @Test
  void a_backup_taken_while_writing_restores_and_verifies() throws Exception {
    Set<String> before = ConcurrentHashMap.newKeySet();
    before.add(deposit("just before the backup"));
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          deposit("during " + id + " " + i);
        }
      });
      t.start();
      writers.add(t);
    }
    Path backup = dir.resolve("backup");
    Run b;
    try {
      b = dareg("admin", "ledger", "backup", "-o", backup.toString());
    } finally {
      stop.set(true);
      for (Thread t : writers) {
        t.join(10_000);
      }
    }
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(b.out()).contains("verified in " + backup);
    assertThat(dareg(null, "ledger", "check-report", backup.resolve("audit.json").toString()).code()).isZero();
    assertThat(dareg("admin", "ledger", "backup", "-o", backup.toString()).code()).as("never over an existing backup").isEqualTo(Dareg.USAGE);

    // Restore into the data directory of the same node (its keys, and a block file that is now behind).
    Path node = dir.resolve("restored");
    Files.createDirectories(node.resolve("ledger"));
    for (String f : List.of("node-key.pem", "node-key.pub.pem")) {
      Files.copy(dir.resolve("ledger").resolve(f), node.resolve("ledger").resolve(f));
    }
    Files.write(node.resolve("ledger/blocks.dat"), new byte[] {1, 2, 3});
    Run restored = local("ledger", "restore", backup.toString(), "--data", node.toString());
    assertThat(restored.code()).as(restored.err()).isZero();
    assertThat(restored.out()).contains("kept as blocks.dat.before-restore-");
    assertThat(local("ledger", "verify", "--data", node.toString()).code()).isZero();
    long blocks = Json.mapper().readTree(backup.resolve("audit.json").toFile()).path("report").path("audit").path("blocks").asLong();
    try (EmbeddedLedger again = EmbeddedLedger.open(node.resolve("ledger"), clock, EmbeddedLedger.Options.defaults())) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      assertThat(again.height()).isEqualTo(blocks);
      for (String evidenceNo : before) {
        assertThat(again.evaluate(io.dareg.gateway.auth.Tokens.caller(Connection.certificates(dir.resolve("holder/cert.pem")).get(0)),
            "getEvidence", "{\"id\":\"" + evidenceNo + "\"}").join()).contains(evidenceNo);
      }
    }

    // A backup is never restored into another node's data directory.
    Path other = dir.resolve("other-node");
    Files.createDirectories(other.resolve("ledger"));
    KeyPair foreign = SIGNATURES.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    Files.writeString(other.resolve("ledger/node-key.pub.pem"), Signatures.toPem(foreign.getPublic()));
    Run refused = local("ledger", "restore", backup.toString(), "--data", other.toString());
    assertThat(refused.code()).isEqualTo(Dareg.USAGE);
    assertThat(refused.err()).contains("restore into the data directory of the node that made the backup");
    assertThat(other.resolve("ledger/blocks.dat")).doesNotExist();
  }
}

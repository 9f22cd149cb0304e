package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.checked;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.AuthorAudit;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23: who signed what is checked again from the block file alone, with the trust the ledger's first act named. */
class AuthorAuditTest {
  private static final String LEDGER = "dareg-test:audit";
  private static final Caller SUBMITTER = new Caller(new IdentityRef("RegistryMSP", "CN=dareg-gateway"), null, false);
  private final ThrowawayAuthority ca = new ThrowawayAuthority();
  private final ThrowawayAuthority.Author admin = ca.author("RegistryMSP", "admin", null, true);
  private final ThrowawayAuthority.Author holder = ca.author("EnterpriseMSP", "alice", null, false);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  @TempDir Path tmp;

  private Path writeLedger() throws Exception {
    Path dir = tmp.resolve("ledger");
    try (EmbeddedLedger ledger = checked(EmbeddedLedger.open(dir, clock, EmbeddedLedger.Options.defaults()))) {
      ledger.submit(SUBMITTER, "initLedger", admin.sign(LEDGER, "initLedger",
          json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP", LEDGER, ca.roots())), clock.instant())).join();
      ledger.submit(SUBMITTER, "sweep", "{}").join(); // the one write that needs no author
      // A holder without an account is refused by the rules; an account is not needed to check signatures of what committed.
      ledger.submit(SUBMITTER, "grantRole", admin.sign(LEDGER, "grantRole",
          "{\"identity\":{\"id\":\"CN=alice\",\"msp\":\"EnterpriseMSP\"},\"role\":\"REGULATOR\"}", clock.instant())).join();
    }
    return dir.resolve("blocks.dat");
  }

  @Test
  void every_signed_act_verifies_again_from_the_block_file_and_the_unsigned_are_counted() throws Exception {
    Path blocks = writeLedger();
    AuthorAudit.Report r = new AuthorAudit(new Signatures(new BouncyCastleProvider())).audit(blocks, Long.MAX_VALUE);
    assertThat(r.problems()).isEmpty();
    assertThat(r.ledgerId()).isEqualTo(LEDGER);
    assertThat(r.signed()).isEqualTo(2);
    assertThat(r.unsigned()).isEqualTo(1);
  }

  @Test
  void one_act_exported_with_its_proof_is_checked_offline_and_a_changed_one_is_refused() throws Exception {
    Path dir = tmp.resolve("ledger");
    String txId;
    java.security.PublicKey nodeKey;
    try (EmbeddedLedger ledger = checked(EmbeddedLedger.open(dir, clock, EmbeddedLedger.Options.defaults()))) {
      ledger.submit(SUBMITTER, "initLedger", admin.sign(LEDGER, "initLedger",
          json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP", LEDGER, ca.roots())), clock.instant())).join();
      txId = ledger.submit(SUBMITTER, "grantRole", admin.sign(LEDGER, "grantRole",
          "{\"identity\":{\"id\":\"CN=alice\",\"msp\":\"EnterpriseMSP\"},\"role\":\"REGULATOR\"}", clock.instant())).join().txId();
      nodeKey = ledger.nodePublicKey();
    }
    Signatures signatures = new Signatures(new BouncyCastleProvider());
    io.dareg.core.ledger.ActProof act = io.dareg.core.ledger.ActProof.find(dir.resolve("blocks.dat"), txId, nodeKey);
    io.dareg.core.ledger.ActProof again = io.dareg.core.ledger.ActProof.parse(act.toJson());
    io.dareg.core.ledger.ActProof.Check ok = again.verify(signatures, ca.roots(), java.time.Duration.ofMinutes(5));
    assertThat(ok.lines()).allMatch(l -> l.startsWith("ok: "));
    assertThat(ok.valid()).isTrue();
    assertThat(ok.organisation()).isEqualTo("RegistryMSP");
    assertThat(ok.operation()).isEqualTo("grantRole");
    // The same act with the role changed: its path no longer leads to the block's txRoot, and its signature no longer holds.
    io.dareg.core.ledger.ActProof changed = new io.dareg.core.ledger.ActProof(act.format(), act.block(), act.index(), act.count(),
        act.transaction().replace("REGULATOR", "REGISTRAR"), act.header(), act.headerSignature(), act.nodeKey(), act.path());
    io.dareg.core.ledger.ActProof.Check bad = changed.verify(signatures, ca.roots(), java.time.Duration.ofMinutes(5));
    assertThat(bad.valid()).isFalse();
    assertThat(bad.lines()).anyMatch(l -> l.contains("does not lead to the txRoot")).anyMatch(l -> l.contains("changed after signing"));
    // Checked against roots the checker does not trust: the author is not vouched for.
    assertThat(act.verify(signatures, new ThrowawayAuthority().roots(), java.time.Duration.ofMinutes(5)).valid()).isFalse();
  }

  @Test
  void an_act_whose_recorded_request_was_changed_afterwards_is_named() throws Exception {
    Path blocks = writeLedger();
    // The operator changes what the admin asked (the role granted) in the block file, after the fact.
    List<byte[]> frames = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(blocks)) {
      BlockFrames.scan(ch, ch.size(), frame -> {
        byte[] body = frame.body();
        try {
          ArrayNode txs = (ArrayNode) Json.mapper().readTree(body);
          for (JsonNode tx : txs) {
            if (tx.path("name").asText().equals("grantRole")) {
              ObjectNode signed = (ObjectNode) Json.mapper().readTree(tx.path("args").asText());
              ((ObjectNode) signed.get("arguments")).put("role", "REGISTRAR");
              ((ObjectNode) tx).put("args", CanonicalJson.toString(signed));
            }
          }
          body = Json.canonical(txs);
        } catch (java.io.IOException e) {
          return e.getMessage();
        }
        frames.add(BlockFrames.encode(frame.header(), body, frame.signature()));
        return null;
      });
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      out.write(f);
    }
    Files.write(blocks, out.toByteArray());
    AuthorAudit.Report r = new AuthorAudit(new Signatures(new BouncyCastleProvider())).audit(blocks, Long.MAX_VALUE);
    assertThat(r.valid()).isFalse();
    assertThat(r.problems()).singleElement().asString().contains("grantRole").contains("changed after signing");
  }
}

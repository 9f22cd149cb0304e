package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.ADMIN;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.HOLDER;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.REGISTRAR;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.checked;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.log.TransparencyLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transparency log over the embedded ledger (issue 24): one leaf per committed transaction, its bytes those of
 * the block file; checkpoints signed by the log's key; proofs that verify; a log lost or damaged is derived again with
 * the same root; a ledger rewritten under the log is named, not followed.
 */
class TransparencyLogTest {
  private static final String ORIGIN = "dareg.test/ledger";
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T02:00:00Z"));

  private EmbeddedLedger ledger(String name) throws Exception {
    return checked(EmbeddedLedger.open(tmp.resolve(name), clock, EmbeddedLedger.Options.defaults()));
  }

  private TransparencyLog log(EmbeddedLedger ledger) throws IOException {
    return TransparencyLog.open(tmp.resolve("log"), ledger, ORIGIN, clock);
  }

  /** Some transactions, several to a block where they are sent together. */
  private static void write(EmbeddedLedger ledger, int deposits) {
    ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
    ledger.submit(REGISTRAR, "openAccount",
        json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = 0; i < deposits; i++) {
      sent.add(ledger.submit(HOLDER, "depositEvidence", deposit(i)));
    }
    sent.forEach(CompletableFuture::join);
  }

  /** Each committed transaction's canonical bytes, in order, read from the block file. */
  private List<byte[]> transactions(String ledger) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(tmp.resolve(ledger).resolve("blocks.dat"))) {
      BlockFrames.scan(ch, ch.size(), frame -> {
        try {
          for (JsonNode tx : Json.mapper().readTree(frame.body())) {
            out.add(CanonicalJson.serialize(tx));
          }
        } catch (IOException e) {
          return e.getMessage();
        }
        return null;
      });
    }
    return out;
  }

  private static void awaitSize(TransparencyLog log, long size) throws InterruptedException {
    for (int i = 0; i < 500 && log.size() < size; i++) {
      Thread.sleep(10);
    }
    assertThat(log.size()).isEqualTo(size);
  }

  @Test
  void every_committed_transaction_is_a_leaf_and_its_proof_verifies_against_a_signed_checkpoint() throws Exception {
    try (EmbeddedLedger ledger = ledger("ledger"); TransparencyLog log = log(ledger)) {
      write(ledger, 20);
      List<byte[]> txs = transactions("ledger");
      awaitSize(log, txs.size());
      List<byte[]> leaves = txs.stream().map(MerkleLog::leafHash).toList();

      String note = log.checkpoint();
      assertThat(SignedNote.open(note, List.of(log.verifier()))).hasSize(1);
      Checkpoint c = Checkpoint.parse(SignedNote.text(note));
      assertThat(c.origin()).isEqualTo(ORIGIN);
      assertThat(c.size()).isEqualTo(txs.size());
      assertThat(c.rootHash()).isEqualTo(MerkleLog.root(MerkleLog.Leaves.of(leaves), leaves.size()));
      for (int i = 0; i < leaves.size(); i++) {
        assertThat(MerkleLog.verifyInclusion(i, c.size(), leaves.get(i), log.inclusionProof(i, c.size()), c.rootHash()))
            .as("entry %d", i).isTrue();
      }
      for (long m = 1; m <= c.size(); m++) {
        assertThat(MerkleLog.verifyConsistency(m, c.size(), log.consistencyProof(m, c.size()), log.root(m), c.rootHash())).isTrue();
      }
      // the first leaf is the ledger's first transaction, initLedger, in block 0
      assertThat(log.blockOf(0)).isZero();
      assertThat(new String(txs.get(0), java.nio.charset.StandardCharsets.UTF_8)).contains("\"initLedger\"");
      assertThatThrownBy(() -> log.inclusionProof(txs.size(), txs.size())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not in a tree of " + txs.size());
    }
  }

  @Test
  void a_log_lost_or_damaged_is_derived_again_from_the_blocks_with_the_same_root() throws Exception {
    byte[] root;
    long size;
    try (EmbeddedLedger ledger = ledger("ledger"); TransparencyLog log = log(ledger)) {
      write(ledger, 12);
      size = transactions("ledger").size();
      awaitSize(log, size);
      root = log.root(size);
    }
    // the tree's leaf file loses its end and a byte in the middle changes
    Path leaves = tmp.resolve("log").resolve("tree").resolve("level-00");
    try (FileChannel ch = FileChannel.open(leaves, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 40);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {7}), 33);
    }
    try (EmbeddedLedger ledger = ledger("ledger"); TransparencyLog log = log(ledger)) {
      awaitSize(log, size);
      assertThat(log.failure()).isNull();
      assertThat(log.root(size)).isEqualTo(root);
    }
    // the whole tree gone; the key and the last checkpoint kept
    try (Stream<Path> files = Files.list(tmp.resolve("log").resolve("tree"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    try (EmbeddedLedger ledger = ledger("ledger"); TransparencyLog log = log(ledger)) {
      awaitSize(log, size);
      assertThat(log.root(size)).isEqualTo(root);
      ledger.submit(HOLDER, "depositEvidence", deposit(99)).join();
      awaitSize(log, size + 1);
      assertThat(MerkleLog.verifyConsistency(size, size + 1, log.consistencyProof(size, size + 1), root, log.root(size + 1)))
          .isTrue();
    }
  }

  @Test
  void a_ledger_rewritten_under_the_log_is_named_and_the_log_serves_nothing() throws Exception {
    try (EmbeddedLedger ledger = ledger("ledger"); TransparencyLog log = log(ledger)) {
      write(ledger, 5);
      awaitSize(log, transactions("ledger").size());
    }
    // Another history, longer: the operator starts over and keeps the log's directory. A minute later, so that no block
    // of it is the same as the first history's (with the same transactions cut into the same blocks at the same time,
    // the first blocks would be the same history, and the log rightly follows it).
    clock.advance(java.time.Duration.ofMinutes(1));
    try (EmbeddedLedger other = ledger("rewritten")) {
      write(other, 6);
      for (int i = 10; i < 15; i++) {
        other.submit(HOLDER, "depositEvidence", deposit(i)).join(); // a block each: longer than the first history
      }
    }
    try (EmbeddedLedger other = ledger("rewritten"); TransparencyLog log = log(other)) {
      assertThat(log.failure()).contains("rewritten");
      assertThatThrownBy(log::checkpoint).isInstanceOf(IllegalStateException.class).hasMessageContaining("serves nothing");
    }
  }

  @Test
  void a_ledger_shorter_than_the_last_checkpoint_is_named() throws Exception {
    try (EmbeddedLedger ledger = ledger("ledger"); TransparencyLog log = log(ledger)) {
      write(ledger, 5);
      awaitSize(log, transactions("ledger").size());
    }
    try (EmbeddedLedger fresh = ledger("fresh"); TransparencyLog log = log(fresh)) {
      assertThat(log.failure()).contains("committed history is missing");
    }
  }
}

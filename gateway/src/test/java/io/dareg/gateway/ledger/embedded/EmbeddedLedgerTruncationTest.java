package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.ADMIN;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.HOLDER;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.REGISTRAR;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.checked;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.frames;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.ledger.CommittedMark;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.UnavailableException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged history never disappears without a word: a block file cut shorter than what the
 * ledger itself wrote says was committed (its high-water mark, its state store's checkpoint) leaves
 * the ledger FAILED, naming the missing blocks, on this start and the next, with or without the state
 * store; only a tail nothing vouches for is a torn write.
 */
class EmbeddedLedgerTruncationTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));

  private Path dir() {
    return tmp.resolve("ledger");
  }

  private EmbeddedLedger open() throws Exception {
    return checked(EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults()));
  }

  /** Seven blocks: init, account, five deposits. */
  private void populate() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      ledger.submit(REGISTRAR, "openAccount",
          json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
      for (int i = 0; i < 5; i++) {
        ledger.submit(HOLDER, "depositEvidence", deposit(i)).join();
      }
      assertThat(ledger.height()).isEqualTo(7);
    }
  }

  private void cut(long size) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dir().resolve("blocks.dat").toFile(), "rw")) {
      f.setLength(size);
    }
  }

  private void removeStateStore() throws Exception {
    try (var paths = Files.walk(dir().resolve("state"))) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void assertFailedNaming(String missing, String end) throws Exception {
    for (int start = 0; start < 2; start++) {
      try (EmbeddedLedger again = open()) {
        LedgerHealth h = again.health();
        assertThat(h.state()).as("start %d: %s", start, h.detail()).isEqualTo(LedgerHealth.State.FAILED);
        assertThat(h.detail()).contains(missing).contains(end);
        assertThatThrownBy(() -> again.evaluate(HOLDER, "whoAmI", "{}").join())
            .hasCauseInstanceOf(UnavailableException.class).hasMessageContaining(missing);
        assertThatThrownBy(() -> again.submit(HOLDER, "depositEvidence", deposit(9)).join())
            .hasCauseInstanceOf(UnavailableException.class).hasMessageContaining(missing);
      }
    }
  }

  @Test
  void whole_blocks_cut_off_the_end_leave_the_ledger_failed_naming_them() throws Exception {
    populate();
    List<long[]> f = frames(dir().resolve("blocks.dat"));
    long end = f.get(3)[0] + f.get(3)[1];
    cut(end);
    assertFailedNaming("blocks 4..6 are missing", "the block file ends at offset " + end + ", after block 3");
  }

  @Test
  void whole_blocks_cut_off_without_the_state_store_are_still_missing() throws Exception {
    populate();
    List<long[]> f = frames(dir().resolve("blocks.dat"));
    long end = f.get(3)[0] + f.get(3)[1];
    cut(end);
    removeStateStore();
    assertFailedNaming("blocks 4..6 are missing", "after block 3");
  }

  @Test
  void the_state_store_checkpoint_alone_shows_the_loss() throws Exception {
    populate();
    Files.delete(dir().resolve(CommittedMark.FILE));
    List<long[]> f = frames(dir().resolve("blocks.dat"));
    cut(f.get(5)[0]);
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().state()).isEqualTo(LedgerHealth.State.FAILED);
      assertThat(again.health().detail()).contains("blocks 5..6 are missing").contains("state store");
    }
  }

  @Test
  void a_cut_inside_a_committed_block_is_a_loss_not_a_torn_write() throws Exception {
    populate();
    List<long[]> f = frames(dir().resolve("blocks.dat"));
    long inside = f.get(2)[0] + f.get(2)[1] / 2;
    cut(inside);
    assertFailedNaming("blocks 2..6 are missing", "the block file ends at offset " + inside + ", inside block 2");
    assertThat(Files.size(dir().resolve("blocks.dat"))).as("nothing is cut off what remains").isEqualTo(inside);
  }

  @Test
  void a_cut_inside_a_committed_block_without_the_state_store_is_a_loss_too() throws Exception {
    populate();
    List<long[]> f = frames(dir().resolve("blocks.dat"));
    long inside = f.get(6)[0] + 10;
    cut(inside);
    removeStateStore();
    assertFailedNaming("blocks 6..6 are missing", "inside block 6");
  }

  @Test
  void damage_to_the_last_blocks_length_is_a_loss_not_a_write_cut_short() throws Exception {
    populate();
    Path blocks = dir().resolve("blocks.dat");
    List<long[]> f = frames(blocks);
    long size = Files.size(blocks);
    try (RandomAccessFile file = new RandomAccessFile(blocks.toFile(), "rw")) {
      file.seek(f.get(6)[0] + 10); // block 6's body length grows by 65,536 bytes: past the end of the file
      int b = file.read();
      file.seek(f.get(6)[0] + 10);
      file.write(b ^ 0x01);
    }
    assertFailedNaming("blocks 6..6 are missing", "inside block 6 at offset " + f.get(6)[0]);
    assertThat(Files.size(blocks)).as("nothing committed is cut").isEqualTo(size);
  }

  @Test
  void an_accepted_truncation_serves_again_and_a_later_truncation_is_caught() throws Exception {
    populate();
    Path blocks = dir().resolve("blocks.dat");
    List<long[]> f = frames(blocks);
    cut(f.get(4)[0]);
    // What dareg ledger accept-truncation --to 4 does: lower the mark, set the derived state aside.
    CommittedMark before = CommittedMark.read(dir());
    ChainAudit.Report report = new ChainAudit(new io.dareg.core.crypto.Signatures(
        new org.bouncycastle.jce.provider.BouncyCastleProvider()), nodeKey()).audit(blocks);
    before.next(report.blocks(), report.bytes(), report.headHash()).writeBoth(dir());
    removeStateStore();
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      assertThat(again.height()).isEqualTo(4);
      assertThat(again.submit(HOLDER, "depositEvidence", deposit(20)).join().blockNumber()).isEqualTo(4);
      assertThat(again.submit(HOLDER, "depositEvidence", deposit(21)).join().blockNumber()).isEqualTo(5);
    }
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).as("accepted once, the loss does not fail the next start").isTrue();
    }
    cut(frames(blocks).get(5)[0]);
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().state()).isEqualTo(LedgerHealth.State.FAILED);
      assertThat(again.health().detail()).contains("blocks 5..5 are missing");
    }
  }

  @Test
  void a_torn_tail_beyond_the_mark_is_still_cut_as_a_write_cut_short() throws Exception {
    populate();
    Path blocks = dir().resolve("blocks.dat");
    long size = Files.size(blocks);
    try (RandomAccessFile f = new RandomAccessFile(blocks.toFile(), "rw")) {
      f.seek(size);
      f.write(Files.readAllBytes(blocks), 0, 40);
    }
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      assertThat(again.health().detail()).contains("unfinished block 7");
      assertThat(again.height()).isEqualTo(7);
    }
    assertThat(Files.size(blocks)).isEqualTo(size);
  }

  private java.security.PublicKey nodeKey() throws Exception {
    return new io.dareg.core.crypto.Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider())
        .publicKeyFromPem(Files.readString(dir().resolve("node-key.pub.pem")));
  }
}

package io.dareg.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.gateway.ledger.LedgerAdministration.CommittedBlock;
import io.dareg.gateway.ledger.LogSource;
import io.dareg.gateway.ledger.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transparency log over a source with no block file of entries (a Fabric channel): it keeps the entries itself,
 * serves them back, resumes after a restart and derives a lost directory again from block 0, to the same root.
 */
class LogWithOwnEntriesTest {
  private static final String ORIGIN = "dareg.fabric/test-channel";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  /** Blocks of entries, served from any block on (on the caller's thread, as a feed would after catching up). */
  private static final class Blocks implements LogSource {
    final List<List<byte[]>> blocks = new ArrayList<>();

    @Override
    public long height() {
      return blocks.size();
    }

    @Override
    public Path entryFile() {
      return null;
    }

    @Override
    public Subscription logBlocks(long fromBlock, Consumer<CommittedBlock> listener) {
      for (long n = fromBlock; n < blocks.size(); n++) {
        listener.accept(new CommittedBlock(n, "head-" + n, blocks.get((int) n), -1));
      }
      return () -> { };
    }

    void add(String... entries) {
      List<byte[]> b = new ArrayList<>();
      for (String e : entries) {
        b.add(e.getBytes(StandardCharsets.UTF_8));
      }
      blocks.add(b);
    }

    List<byte[]> all() {
      return blocks.stream().flatMap(List::stream).toList();
    }
  }

  private static void awaitSize(TransparencyLog log, long size) throws InterruptedException {
    for (int i = 0; i < 500 && log.size() < size; i++) {
      Thread.sleep(10);
    }
    assertThat(log.size()).isEqualTo(size);
  }

  private static byte[] expectedRoot(List<byte[]> entries) {
    List<byte[]> leaves = entries.stream().map(MerkleLog::leafHash).toList();
    return MerkleLog.root(i -> leaves.get((int) i), leaves.size());
  }

  private static byte[] checkpointRoot(TransparencyLog log) {
    return Checkpoint.parse(SignedNote.text(log.checkpoint())).rootHash();
  }

  @Test
  void keeps_its_entries_serves_them_back_and_derives_a_lost_directory_again_to_the_same_root() throws Exception {
    Blocks source = new Blocks();
    source.add(); // a configuration block: no entries
    source.add("{\"tx\":1}", "{\"tx\":2,\"名\":\"证书\"}");
    source.add("{\"tx\":3}");
    Path dir = tmp.resolve("log");
    byte[] root;
    try (TransparencyLog log = TransparencyLog.open(dir, source, ORIGIN, CLOCK)) {
      awaitSize(log, 3);
      root = checkpointRoot(log);
      assertThat(root).isEqualTo(expectedRoot(source.all()));
      assertThat(log.origin()).isEqualTo(ORIGIN);
      assertThat(new String(log.entry(1), StandardCharsets.UTF_8)).isEqualTo("{\"tx\":2,\"名\":\"证书\"}");
      assertThat(log.blockOf(2)).isEqualTo(2);
      assertThat(Files.size(dir.resolve("tree").resolve("entry-data"))).isEqualTo(source.all().stream().mapToInt(e -> e.length).sum());
    }

    source.add("{\"tx\":4}", "{\"tx\":5}");
    try (TransparencyLog log = TransparencyLog.open(dir, source, ORIGIN, CLOCK)) {
      awaitSize(log, 5);
      assertThat(log.failure()).isNull();
      assertThat(checkpointRoot(log)).isEqualTo(expectedRoot(source.all()));
      assertThat(log.consistencyProof(3, 5)).isNotEmpty();
      assertThat(MerkleLog.verifyConsistency(3, 5, log.consistencyProof(3, 5), root, checkpointRoot(log))).isTrue();
      assertThat(new String(log.entry(4), StandardCharsets.UTF_8)).isEqualTo("{\"tx\":5}");
      root = checkpointRoot(log);
    }

    // the log's directory lost (the key kept elsewhere is not needed: the root is the blocks', whoever signs)
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    try (TransparencyLog log = TransparencyLog.open(dir, source, ORIGIN, CLOCK)) {
      awaitSize(log, 5);
      assertThat(checkpointRoot(log)).isEqualTo(root);
      assertThat(new String(log.entry(0), StandardCharsets.UTF_8)).isEqualTo("{\"tx\":1}");
    }
  }

  @Test
  void an_entry_data_file_cut_short_by_a_crash_is_derived_again_from_the_blocks() throws IOException, InterruptedException {
    Blocks source = new Blocks();
    source.add("{\"a\":1}", "{\"a\":2}");
    Path dir = tmp.resolve("log");
    try (TransparencyLog log = TransparencyLog.open(dir, source, ORIGIN, CLOCK)) {
      awaitSize(log, 2);
    }
    try (var ch = java.nio.channels.FileChannel.open(dir.resolve("tree").resolve("entry-data"), java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(3);
    }
    try (TransparencyLog log = TransparencyLog.open(dir, source, ORIGIN, CLOCK)) {
      awaitSize(log, 2);
      assertThat(checkpointRoot(log)).isEqualTo(expectedRoot(source.all()));
      assertThat(new String(log.entry(1), StandardCharsets.UTF_8)).isEqualTo("{\"a\":2}");
    }
  }
}

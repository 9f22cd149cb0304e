package io.dareg.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.gateway.ledger.LedgerAdministration.CommittedBlock;
import io.dareg.gateway.ledger.LogSource;
import io.dareg.gateway.ledger.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transaction id finds its leaf, after a restart too, and a lost or cut {@code tree/txids} is derived again from the entries. */
class TxIndexTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);
  @TempDir Path tmp;

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
  }

  private static void awaitSize(TransparencyLog log, long size) throws InterruptedException {
    for (int i = 0; i < 500 && log.size() < size; i++) {
      Thread.sleep(10);
    }
    assertThat(log.size()).isEqualTo(size);
  }

  @Test
  void finds_each_transaction_and_rebuilds_a_lost_index_from_the_entries() throws Exception {
    Blocks source = new Blocks();
    int n = 0;
    for (int b = 0; b < 30; b++) {
      List<byte[]> block = new ArrayList<>();
      for (int t = 0; t < 50; t++, n++) {
        // a txId inside the arguments must not be taken for the transaction's own
        block.add(("{\"args\":{\"txId\":\"decoy-" + n + "\"},\"name\":\"act\",\"txId\":\"tx-" + n + "\"}").getBytes(StandardCharsets.UTF_8));
      }
      source.blocks.add(block);
    }
    Path dir = tmp.resolve("log");
    try (TransparencyLog log = TransparencyLog.open(dir, source, "dareg.test/log", CLOCK)) {
      awaitSize(log, n);
      assertThat(log.indexOf("tx-0")).isZero();
      assertThat(log.indexOf("tx-777")).isEqualTo(777);
      assertThat(log.indexOf("tx-" + (n - 1))).isEqualTo(n - 1);
      assertThat(log.indexOf("decoy-5")).isEqualTo(-1);
      assertThat(log.indexOf("tx-" + n)).isEqualTo(-1);
    }
    Path file = dir.resolve("tree").resolve(TxIndex.FILE);
    assertThat(Files.size(file)).isEqualTo(8L * n); // 8 bytes a leaf
    // a restart reads it back; a lost file is derived again; a cut one is completed
    try (TransparencyLog log = TransparencyLog.open(dir, source, "dareg.test/log", CLOCK)) {
      awaitSize(log, n);
      assertThat(log.indexOf("tx-1234")).isEqualTo(1234);
    }
    Files.delete(file);
    try (TransparencyLog log = TransparencyLog.open(dir, source, "dareg.test/log", CLOCK)) {
      awaitSize(log, n);
      assertThat(log.indexOf("tx-1499")).isEqualTo(1499);
      assertThat(log.indexOf("tx-3")).isEqualTo(3);
    }
    assertThat(Files.size(file)).isEqualTo(8L * n);
    try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(8L * 100 + 3);
    }
    try (TransparencyLog log = TransparencyLog.open(dir, source, "dareg.test/log", CLOCK)) {
      awaitSize(log, n);
      assertThat(log.indexOf("tx-100")).isEqualTo(100);
      assertThat(log.indexOf("tx-99")).isEqualTo(99);
      assertThat(log.indexOf("tx-1400")).isEqualTo(1400);
    }
  }
}

package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.ADMIN;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.HOLDER;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.REGISTRAR;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.UnavailableException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check of the chain before the start-up checkpoint gives way to queries, yet finishes while
 * they keep arriving, and still fails the ledger on damage.
 */
class EmbeddedLedgerBackgroundCheckTest {
  private static final int BLOCKS = 40;

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));

  private Path dir() {
    return tmp.resolve("ledger");
  }

  /** A ledger of {@link #BLOCKS} blocks, all of them in the state store's checkpoint once it is closed. */
  private void populate() {
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults())) {
      ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      ledger.submit(REGISTRAR, "openAccount",
          json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
      for (int i = 2; i < BLOCKS; i++) {
        ledger.submit(HOLDER, "depositEvidence", deposit(i)).join();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Two clients asking one query after another, without a pause, until stopped. */
  private static final class Queries implements AutoCloseable {
    final AtomicLong answered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();

    Queries(EmbeddedLedger ledger) {
      for (int c = 0; c < 2; c++) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            try {
              ledger.evaluate(HOLDER, "whoAmI", "{}").join();
              answered.incrementAndGet();
            } catch (CompletionException e) {
              refused.incrementAndGet();
            }
          }
        }, "test-query-client");
        t.start();
        clients.add(t);
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread t : clients) {
        t.join();
      }
    }
  }

  @Test
  void the_check_finishes_while_queries_keep_arriving_and_they_are_answered_meanwhile() throws Exception {
    populate();
    // A query that takes all the while, as a long listing might, running from before the check
    // starts (so the check gives way from its first block, whatever the timing): without a share
    // of its own under queries that never pause, the check would never end.
    BackgroundCheckPace pace = new BackgroundCheckPace();
    pace.queryStarted();
    try (EmbeddedLedger again = EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults(), pace);
        Queries queries = new Queries(again)) {
      assertThat(again.health().detail()).contains("the " + BLOCKS + " blocks before are verified in the background");
      assertThat(again.awaitChainCheck(60, TimeUnit.SECONDS)).as("the background check of the chain ends").isTrue();
      pace.queryEnded();
      assertThat(again.health().state()).isEqualTo(LedgerHealth.State.READY);
      assertThat(again.health().detail()).contains("the " + BLOCKS + " blocks before verified in the background in")
          .contains("of it giving way to queries");
      queries.close();
      assertThat(queries.answered).as("queries answered").hasPositiveValue();
      assertThat(queries.refused).as("queries refused").hasValue(0);
    }
  }

  @Test
  void damage_before_the_checkpoint_is_found_while_queries_keep_arriving_and_then_they_are_refused() throws Exception {
    populate();
    Path blocks = dir().resolve("blocks.dat");
    List<Long> offsets = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(blocks, StandardOpenOption.READ)) {
      BlockFrames.scan(channel, channel.size(), frame -> {
        offsets.add(frame.offset());
        return null;
      });
    }
    assertThat(offsets).hasSize(BLOCKS);
    int damaged = BLOCKS - 5;
    long offset = offsets.get(damaged);
    // One byte of the block's body: its checksum no longer holds. The store's checkpoint, at the
    // last block, still matches the chain, so the ledger opens and only the background check sees it.
    try (RandomAccessFile f = new RandomAccessFile(blocks.toFile(), "rw")) {
      long position = offset + BlockFile.PREFIX + 40;
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0x01);
    }
    BackgroundCheckPace pace = new BackgroundCheckPace();
    pace.queryStarted(); // as above: the check gives way from its first block, so it is still running below
    try (EmbeddedLedger again = EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults(), pace);
        Queries queries = new Queries(again)) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      assertThat(again.awaitChainCheck(60, TimeUnit.SECONDS)).as("the background check of the chain ends").isTrue();
      pace.queryEnded();
      LedgerHealth h = again.health();
      assertThat(h.state()).isEqualTo(LedgerHealth.State.FAILED);
      assertThat(h.detail()).contains("block " + damaged + " at offset " + offset)
          .contains("found by the background check of the chain");
      assertThatThrownBy(() -> again.evaluate(HOLDER, "whoAmI", "{}").join())
          .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UnavailableException.class);
      queries.close();
    }
  }
}

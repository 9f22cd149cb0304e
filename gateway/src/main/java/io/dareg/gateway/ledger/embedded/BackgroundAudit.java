package io.dareg.gateway.ledger.embedded;

import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.gateway.ledger.LedgerHealth;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Verifies, while the ledger serves, the blocks the state store held at start-up: the same checks
 * as on replay, from block 0 to the checkpoint, giving way to queries between blocks ({@link
 * BackgroundCheckPace}). Damage leaves the ledger FAILED, as if it had been found before ready.
 */
final class BackgroundAudit {
  private static final Logger LOG = Logger.getLogger(BackgroundAudit.class.getName());
  /** What the health says while the chain before the start-up checkpoint is being verified. */
  static final String IN_BACKGROUND = " are verified in the background";

  private final Path blocks;
  private final ChainAudit audit;
  private final BackgroundCheckPace pace;
  private final ChainState chain;
  /** Counted down when the check is over (or there was nothing to check). */
  private final CountDownLatch checked = new CountDownLatch(1);
  private Thread thread;

  BackgroundAudit(Path blocks, ChainAudit audit, BackgroundCheckPace pace, ChainState chain) {
    this.blocks = blocks;
    this.audit = audit;
    this.pace = pace;
    this.chain = chain;
  }

  /** Starts checking the blocks up to {@code checkpoint}; with null, there is nothing to check. */
  void start(StateStore.Checkpoint checkpoint) {
    if (checkpoint == null) {
      checked.countDown();
      return;
    }
    thread = new Thread(() -> check(checkpoint), "dareg-ledger-audit");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until the check is over (the ledger then FAILED when it found damage); true when it is. */
  boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    return checked.await(timeout, unit);
  }

  /** Waits for the check to notice the ledger closed. */
  void join(long millis) throws InterruptedException {
    if (thread != null) {
      thread.join(millis);
    }
  }

  private void check(StateStore.Checkpoint checkpoint) {
    long started = System.nanoTime();
    long[] number = {0};
    long[] rested = {0};
    String[] previous = {ChainAudit.GENESIS};
    Instant[] previousTime = {null};
    try (FileChannel channel = FileChannel.open(blocks, StandardOpenOption.READ)) {
      long[] blockStarted = {System.nanoTime()};
      BlockFrames.Tail tail = BlockFrames.scan(channel, checkpoint.end(), frame -> {
        if (chain.closed) {
          return "closed";
        }
        String problem = audit.check(frame, number[0], previous[0], previousTime[0]);
        if (problem == null) {
          number[0]++;
          previous[0] = ChainAudit.headerHash(frame.header());
          previousTime[0] = ChainAudit.timeOf(frame);
          // A block's share is earned by reading it from the block file as well as checking it.
          long now = System.nanoTime();
          rested[0] += pace.rest(now - blockStarted[0], () -> chain.closed);
          blockStarted[0] = System.nanoTime();
        }
        return problem;
      });
      if (chain.closed) {
        return;
      }
      String what = null;
      if (tail instanceof BlockFrames.Corrupt bad) {
        what = "block " + number[0] + " at offset " + bad.offset() + ": " + bad.what();
      } else if (tail instanceof BlockFrames.Torn torn) {
        what = "block " + number[0] + " at offset " + torn.offset() + ": the file ends inside this block";
      } else if (number[0] != checkpoint.blocks() || !previous[0].equals(checkpoint.headHash())) {
        what = "the chain does not end at block " + (checkpoint.blocks() - 1) + " as the state store says";
      }
      if (what != null) {
        chain.fail(what + " (found by the background check of the chain); the ledger serves nothing until an operator"
            + " restores a verified copy");
      } else {
        long ms = (System.nanoTime() - started) / 1_000_000;
        String took = ms + " ms"
            + (rested[0] >= 1_000_000 ? " (" + rested[0] / 1_000_000 + " ms of it giving way to queries)" : "");
        LOG.info("the background check verified blocks 0 to " + (checkpoint.blocks() - 1) + " in " + took);
        synchronized (chain.writes) {
          LedgerHealth h = chain.health;
          if (h.state() != LedgerHealth.State.FAILED && h.detail().contains(IN_BACKGROUND)) {
            chain.health = new LedgerHealth(h.state(), h.detail().replace(IN_BACKGROUND, " verified in the background in " + took));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!chain.closed) {
        chain.fail("the background check of the chain could not read the block file: " + e.getMessage()
            + "; the ledger serves nothing until the chain verifies");
      }
    } finally {
      checked.countDown();
    }
  }
}

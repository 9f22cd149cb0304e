package io.dareg.gateway.report;

import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.Subscription;
import io.dareg.gateway.ledger.UnavailableException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Replays the events a ledger has committed, from block 0 up to its height at the start of the
 * replay, to one consumer, and returns when they are all delivered. Events committed meanwhile are
 * left out, so a report describes one height of the chain.
 */
public final class CommittedEvents {
  /**
   * How long the feed may stay silent before the replay takes it as finished: Fabric's last blocks
   * may carry no event of ours (a configuration block, a transaction the peers marked invalid).
   */
  private static final Duration QUIET = Duration.ofSeconds(2);
  /** The same before the first event: a feed may take a while to connect. */
  private static final Duration FIRST = Duration.ofSeconds(10);

  private CommittedEvents() {}

  /**
   * Feeds {@code consumer} every event of blocks below the ledger's current height, in order, on
   * the calling thread's behalf; answers the height replayed.
   *
   * @param timeout the longest the whole replay may take
   * @throws UnavailableException when the ledger cannot say its height or the replay takes longer
   */
  public static long replay(Ledger ledger, Consumer<LedgerEvent> consumer, Duration timeout) {
    long height = ledger.height();
    if (height == 0) {
      return 0;
    }
    Feed feed = new Feed(height, consumer);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Subscription s = ledger.events(0, feed::take)) {
      synchronized (feed) {
        while (!feed.done) {
          long now = System.nanoTime();
          if (now >= deadline) {
            throw new UnavailableException("the ledger did not deliver its events up to block " + (height - 1) + " within "
                + timeout.toSeconds() + " s (reached block " + feed.lastBlock + ")", null);
          }
          if (now - feed.lastAt >= (feed.lastBlock >= 0 ? QUIET : FIRST).toNanos()) {
            break;
          }
          feed.wait(Math.max(1, Math.min(QUIET.toMillis(), (deadline - now) / 1_000_000)));
        }
        feed.done = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while reading the ledger's events", e);
    }
    return height;
  }

  /** Hands events below the height to the consumer, one at a time, until the replay is over. */
  private static final class Feed {
    private final long height;
    private final Consumer<LedgerEvent> consumer;
    private boolean done;
    private long lastBlock = -1;
    private long lastAt = System.nanoTime();

    Feed(long height, Consumer<LedgerEvent> consumer) {
      this.height = height;
      this.consumer = consumer;
    }

    synchronized void take(LedgerEvent e) {
      if (done) {
        return;
      }
      if (e.blockNumber() >= height) {
        done = true;
      } else {
        consumer.accept(e);
        lastBlock = e.blockNumber();
        lastAt = System.nanoTime();
        if (lastBlock >= height - 1) {
          done = true;
        }
      }
      notifyAll();
    }
  }
}

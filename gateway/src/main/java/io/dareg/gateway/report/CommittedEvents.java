package io.dareg.gateway.report;

import io.dareg.gateway.ledger.EventListener;
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
  private CommittedEvents() {}

  /**
   * Feeds {@code consumer} every event of blocks below the ledger's current height, in order, on
   * the calling thread's behalf; answers the height replayed. Done when the ledger has delivered the
   * end of the last of those blocks (however many blocks without events of the registry come before
   * it, as on a Fabric channel shared with other chaincodes), never on a pause of the feed.
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
    try (Subscription s = ledger.events(0, feed)) {
      synchronized (feed) {
        while (!feed.done) {
          long now = System.nanoTime();
          if (now >= deadline) {
            feed.done = true;
            throw new UnavailableException("the ledger did not deliver its events up to block " + (height - 1) + " within "
                + timeout.toSeconds() + " s (it delivered through block " + feed.ended + "); try again, or ask for a report"
                + " when the ledger is less busy", null);
          }
          feed.wait(Math.max(1, (deadline - now) / 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while reading the ledger's events", e);
    }
    return height;
  }

  /** Hands events below the height to the consumer, one at a time, until the last block's end. */
  private static final class Feed implements EventListener {
    private final long height;
    private final Consumer<LedgerEvent> consumer;
    private boolean done;
    /** The last block whose end was delivered. */
    private long ended = -1;

    Feed(long height, Consumer<LedgerEvent> consumer) {
      this.height = height;
      this.consumer = consumer;
    }

    @Override
    public synchronized void event(LedgerEvent e) {
      if (done) {
        return;
      }
      if (e.blockNumber() >= height) {
        done = true;
        notifyAll();
      } else {
        consumer.accept(e);
      }
    }

    @Override
    public synchronized void blockEnd(long number) {
      ended = Math.max(ended, number);
      if (number >= height - 1) {
        done = true;
        notifyAll();
      }
    }
  }
}

package io.dareg.gateway.supervision;

import io.dareg.gateway.log.TransparencyLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The regulator's supervision feed (issue 25): every committed act by its position in the transparency log, and the
 * alerts derived from them. One follower thread reads the log's entries in order from position 0 and derives the
 * alerts ({@link AlertRules}), keeping only the alerts (by position) and the reviews still waiting; the acts
 * themselves are read again from the log when a reader asks, so the feed holds no copy of the ledger and a reader
 * resumes at any position. A reader is served positions only once the follower has derived them, so an act always
 * comes with all of its alerts.
 *
 * <p>The follower polls the log's size every {@link #POLL_MILLIS} ms (the log follows the ledger a moment behind) and
 * tells the readers waiting for more when it has derived new positions.
 */
public final class SupervisionFeed implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SupervisionFeed.class.getName());
  static final long POLL_MILLIS = 100;
  /** How long the follower waits before reading again when the ledger did not answer. */
  private static final long RETRY_MILLIS = 1000;
  /** Entries the follower reads at once. */
  private static final int BATCH = 256;

  /** Where the feed reads the log's entries: the transparency log, or a test's list. */
  public interface Entries {
    /** How many entries the log holds now. */
    long size();

    /** Entry {@code index}, as the log holds it. */
    byte[] entry(long index);

    /** The entries of the transparency log. */
    static Entries of(TransparencyLog log) {
      return new Entries() {
        @Override
        public long size() {
          return log.size();
        }

        @Override
        public byte[] entry(long index) {
          return log.entry(index);
        }
      };
    }
  }

  private final Entries entries;
  private final Map<Long, List<Alert>> alerts = new ConcurrentSkipListMap<>();
  private final CopyOnWriteArraySet<Runnable> waiting = new CopyOnWriteArraySet<>();
  private final AlertRules rules;
  private final Thread follower;
  private volatile long derived;
  private volatile boolean closed;
  private volatile String failure;

  private SupervisionFeed(Entries entries, LedgerRecords records) {
    this.entries = entries;
    this.rules = new AlertRules(records);
    this.follower = new Thread(this::follow, "dareg-supervision");
    follower.setDaemon(true);
  }

  /** A feed over {@code entries} whose acts carry their events (the embedded ledger's), its follower started. */
  public static SupervisionFeed start(Entries entries) {
    return start(entries, null);
  }

  /**
   * A feed over {@code entries}, its follower started, that reads the records an act left through {@code records} when
   * its entry carries no event (a Fabric entry), so the same alerts are raised on both ledgers; null: never.
   */
  public static SupervisionFeed start(Entries entries, LedgerRecords records) {
    SupervisionFeed feed = new SupervisionFeed(entries, records);
    feed.follower.start();
    return feed;
  }

  /** How many positions have been derived: a reader is served positions 0 to {@code derived() - 1}. */
  public long derived() {
    return derived;
  }

  /** How many acts the log holds now (the follower may not have derived them all yet). */
  public long committed() {
    return entries.size();
  }

  /** Why the feed stopped following the log, or null while it follows. */
  public String failure() {
    return failure;
  }

  /**
   * The acts from position {@code from}, at most {@code max} of them and, after the first, at most {@code maxBytes} of
   * entries, each with its alerts; fewer (or none) when the follower has not derived more yet. Reads the log: call it
   * off the event loop.
   */
  public List<Item> read(long from, int max, int maxBytes) {
    long to = Math.min(derived, from + max);
    List<Item> out = new ArrayList<>();
    long bytes = 0;
    for (long p = from; p < to && (out.isEmpty() || bytes < maxBytes); p++) {
      byte[] entry = entries.entry(p);
      bytes += entry.length;
      out.add(new Item(Act.parse(p, entry), alerts.getOrDefault(p, List.of())));
    }
    return out;
  }

  /** One position of the feed: the act and the alerts derived from it (often none). */
  public record Item(Act act, List<Alert> alerts) {}

  /** Runs {@code listener} each time the follower has derived new positions, on its thread (it must not block). */
  public void whenDerived(Runnable listener) {
    waiting.add(listener);
  }

  /** Stops telling {@code listener}. */
  public void stopTelling(Runnable listener) {
    waiting.remove(listener);
  }

  /** How many alerts have been derived so far (for tests and metrics). */
  public int alertCount() {
    return alerts.values().stream().mapToInt(List::size).sum();
  }

  private void follow() {
    while (!closed) {
      try {
        long size = entries.size();
        if (derived >= size) {
          pause(POLL_MILLIS);
          continue;
        }
        long to = Math.min(size, derived + BATCH);
        try {
          for (long p = derived; p < to && !closed; p++) {
            List<Alert> found = rules.next(Act.parse(p, entries.entry(p)));
            if (!found.isEmpty()) {
              alerts.put(p, List.copyOf(found));
            }
            derived = p + 1;
          }
        } catch (LedgerRecords.Unavailable e) {
          // The ledger did not answer a read (a peer restarting): the act is fed again, the rules unchanged by it.
          LOG.log(Level.WARNING, "the supervision feed waits at position " + derived + ": " + e.getMessage());
          pause(RETRY_MILLIS);
        }
        waiting.forEach(Runnable::run);
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        // The log serves nothing (it found the ledger rewritten) or an entry cannot be read: readers are told why.
        failure = "the supervision feed stopped at position " + derived + ": " + e.getMessage();
        LOG.log(Level.SEVERE, failure, e);
        waiting.forEach(Runnable::run);
        return;
      }
    }
  }

  /**
   * Waits up to {@code millis} or until {@link #close}. Parked, not slept: interrupting the follower could land inside a
   * read of the log's file, and an interrupted read closes the log's shared channel for every reader and for the log's
   * own last checkpoint (a bench run's restart printed exactly that).
   */
  private void pause(long millis) {
    if (!closed) {
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(millis));
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(follower);
    try {
      follower.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

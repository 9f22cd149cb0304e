package io.dareg.gateway.ledger.fabric;

import io.dareg.gateway.ledger.Subscription;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.client.CloseableIterator;

/**
 * A stream the peer delivers from a block on (chaincode events, whole blocks), read in its own daemon thread and
 * opened again from the next block it still needs, a second after it breaks, until it is closed or the ledger is.
 *
 * @param <T> what the stream delivers
 */
abstract class ReconnectingFeed<T> implements Runnable, Subscription {
  private static final Logger LOG = Logger.getLogger(ReconnectingFeed.class.getName());

  private final String stream;
  private final BooleanSupplier ledgerClosed;
  private volatile boolean stopped;
  private volatile CloseableIterator<T> current;
  /** The first block not yet fully delivered: where a reconnection starts. */
  protected long next;

  /**
   * @param stream what the warning on a break calls the stream, e.g. "the Fabric event stream"
   * @param fromBlock the first block to read
   * @param ledgerClosed true once the ledger is closed (the feed then ends quietly)
   */
  ReconnectingFeed(String stream, long fromBlock, BooleanSupplier ledgerClosed) {
    this.stream = stream;
    this.next = Math.max(0, fromBlock);
    this.ledgerClosed = ledgerClosed;
  }

  /** Starts {@code feed} in a daemon thread named {@code threadName}. */
  static <F extends ReconnectingFeed<?>> F start(F feed, String threadName) {
    Thread t = new Thread(feed, threadName);
    t.setDaemon(true);
    t.start();
    return feed;
  }

  /** Opens the stream at block {@code from}. */
  abstract CloseableIterator<T> open(long from);

  /** Hands one item on and moves {@link #next} past what it completes; an item seen again after a reconnection is skipped here. */
  abstract void deliver(T item);

  /** Runs once in the feed's thread before the stream is first opened. */
  void starting() {}

  @Override
  public final void run() {
    starting();
    while (!stopped && !ledgerClosed.getAsBoolean()) {
      try (CloseableIterator<T> items = open(next)) {
        current = items;
        while (!stopped && items.hasNext()) {
          deliver(items.next());
        }
      } catch (RuntimeException e) {
        if (stopped || ledgerClosed.getAsBoolean()) {
          return;
        }
        LOG.log(Level.WARNING, stream + " broke; reconnecting from block " + next + ": " + e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public final void close() {
    stopped = true;
    CloseableIterator<T> c = current;
    if (c != null) {
      c.close();
    }
  }
}

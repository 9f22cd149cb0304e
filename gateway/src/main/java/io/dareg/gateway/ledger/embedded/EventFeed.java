package io.dareg.gateway.ledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded ledger's events: each listener is served every committed block's events once, in
 * order, from the block it asked for; the last block's from memory, older ones read back from the
 * block file (positional reads only, so the block writer is never held up).
 */
final class EventFeed implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EventFeed.class.getName());

  private final ChainState chain;
  private final StateStore store;
  /** Reads committed blocks back; positional reads only. */
  private final FileChannel reader;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /** Serialises deliveries so every listener sees each event once, in order. */
  private final Object delivery = new Object();
  /** The last committed block, for listeners that are up to date. */
  private volatile FedBlock lastBlock;

  /** A subscriber and the next block it is to be served. */
  private static final class Listener {
    final Consumer<FedBlock> consumer;
    long next;

    Listener(Consumer<FedBlock> consumer, long fromBlock) {
      this.consumer = consumer;
      this.next = Math.max(0, fromBlock);
    }
  }

  /**
   * A committed block as the feed serves it.
   *
   * @param number the block
   * @param headerHash hex SHA-256 of its header
   * @param events the events its transactions raised, in order
   * @param transactions the canonical bytes of each of its transactions, in order (what its txRoot covers)
   * @param bodyOffset where its body (the JSON array of those bytes) starts in the block file
   */
  record FedBlock(long number, String headerHash, List<LedgerEvent> events, List<byte[]> transactions, long bodyOffset) {}

  EventFeed(Path blocks, ChainState chain, StateStore store) throws IOException {
    this.chain = chain;
    this.store = store;
    this.reader = FileChannel.open(blocks, StandardOpenOption.READ);
  }

  /** The events the transactions of block {@code number} raised, in order. */
  static List<LedgerEvent> eventsOf(long number, List<BlockRecords.Transaction> txs) {
    List<LedgerEvent> out = new ArrayList<>();
    for (BlockRecords.Transaction tx : txs) {
      if (tx.eventName() != null) {
        out.add(new LedgerEvent(number, tx.txId(), tx.eventName(), tx.eventPayload()));
      }
    }
    return out;
  }

  /** Serves {@code listener} the events and the end of every block from {@code fromBlock} on, then each new block's. */
  Subscription subscribe(long fromBlock, EventListener listener) {
    return subscribeBlocks(fromBlock, block -> EventListener.deliver(listener, block.number(), block.events()));
  }

  /** Serves {@code listener} every committed block from {@code fromBlock} on, once each, in order. */
  Subscription subscribeBlocks(long fromBlock, Consumer<FedBlock> listener) {
    Listener l = new Listener(listener, fromBlock);
    // Catch up from the block file before joining the listeners, so that reading old blocks does
    // not hold up the delivery of new ones; the last few are served under the lock.
    deliver(l);
    synchronized (delivery) {
      listeners.add(l);
      deliver(l);
    }
    return () -> listeners.remove(l);
  }

  /** Keeps block {@code number}, just committed, for listeners that are up to date. */
  void committed(long number, String headerHash, List<BlockRecords.Transaction> txs, List<byte[]> txBytes, long bodyOffset) {
    lastBlock = new FedBlock(number, headerHash, eventsOf(number, txs), txBytes, bodyOffset);
  }

  /** Hands every listener the events of the blocks committed since it was last served. */
  void deliverAll() {
    if (!listeners.isEmpty()) {
      synchronized (delivery) {
        listeners.forEach(this::deliver);
      }
    }
  }

  /**
   * Hands {@code l} the events of every committed block it has not been served yet, block by block
   * (caller holds {@code delivery} once {@code l} is among the listeners).
   */
  private void deliver(Listener l) {
    long height = chain.height();
    for (; l.next < height; l.next++) {
      FedBlock block = block(l.next);
      try {
        l.consumer.accept(block);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "a listener of block " + block.number() + " failed", ex);
      }
    }
  }

  /** Committed block {@code number}: from memory when it is the last, else read back from the block file. */
  private FedBlock block(long number) {
    FedBlock last = lastBlock;
    if (last != null && last.number() == number) {
      return last;
    }
    try {
      long offset;
      chain.lock.readLock().lock();
      try {
        offset = store.offsetOf(number);
      } finally {
        chain.lock.readLock().unlock();
      }
      BlockFrames.Frame frame = offset < 0 ? null : BlockFrames.read(reader, offset, reader.size());
      if (frame == null) {
        throw new IllegalStateException("block " + number + " cannot be read back from the block file");
      }
      List<LedgerEvent> out = new ArrayList<>();
      List<byte[]> txBytes = new ArrayList<>();
      for (JsonNode tx : Json.mapper().readTree(frame.body())) {
        txBytes.add(CanonicalJson.serialize(tx));
        if (tx.hasNonNull("eventName")) {
          out.add(new LedgerEvent(number, tx.path("txId").asText(), tx.path("eventName").asText(),
              tx.hasNonNull("eventPayload") ? tx.path("eventPayload").asText() : null));
        }
      }
      return new FedBlock(number, ChainAudit.headerHash(frame.header()), out, txBytes,
          frame.offset() + BlockFrames.PREFIX + frame.header().length);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the events of block " + number + " from the block file", e);
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}

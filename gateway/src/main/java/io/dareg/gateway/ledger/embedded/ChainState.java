package io.dareg.gateway.ledger.embedded;

import io.dareg.core.ledger.ChainAudit;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.UnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;

/**
 * Where the verified chain of one embedded ledger ends (next block number, head hash, last block
 * time, end in the block file), the ledger's time and its health: what recovery sets up, the block
 * writer moves on, the background audit may fail, and queries read.
 *
 * <p>The head changes under the write half of {@link #lock}; queries read the committed state
 * under its read half. Changes of health that race (a commit, a resume, the background audit) are
 * made while holding {@link #writes}.
 */
final class ChainState {
  private static final Logger LOG = Logger.getLogger(ChainState.class.getName());

  /** Guards the head and the committed state in the state store. */
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Held while a block is committed, while writes resume, and while health changes outside them. */
  final Object writes = new Object();
  private final Clock clock;
  long nextNumber;
  String lastHeaderHash = ChainAudit.GENESIS;
  /** The last block's time (null before block 0): no block, and no transaction, is dated before it. */
  volatile Instant lastBlockTime;
  /** Where the verified chain ends in the block file. */
  long verifiedEnd;
  /** The latest time {@link #now} handed out: it never goes back, whatever the clock does. */
  private final AtomicReference<Instant> latest = new AtomicReference<>(Instant.EPOCH);
  volatile LedgerHealth health = new LedgerHealth(LedgerHealth.State.STARTING, "verifying the chain");
  volatile boolean closed;

  ChainState(Clock clock) {
    this.clock = clock;
  }

  /** The clock the ledger was opened with, unadjusted. */
  Clock clock() {
    return clock;
  }

  /** The number of blocks on the chain. */
  long height() {
    lock.readLock().lock();
    try {
      return nextNumber;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Moves the head past one more block, ending at {@code end} (caller holds the write lock or is recovering). */
  void advance(long end, String headHash, Instant time) {
    verifiedEnd = end;
    nextNumber++;
    lastHeaderHash = headHash;
    lastBlockTime = time;
  }

  /** After recovery: nothing is handed out before the last block's time. */
  void startClockAtLastBlock() {
    if (lastBlockTime != null) {
      latest.set(lastBlockTime);
    }
  }

  /**
   * The ledger's time: the clock's, but never before the last block's time nor before any time it
   * handed out already, so that transaction times and block times never decrease, even when the
   * clock is set back or a data directory moves to a machine whose clock is behind.
   */
  Instant now() {
    Instant t = clock.instant();
    return latest.accumulateAndGet(t, (a, b) -> b.isAfter(a) ? b : a);
  }

  /**
   * The time a read is answered at: the clock's, but never before the last time handed out. Unlike
   * {@link #now()} it hands nothing out, so a read on a clock set ahead does not date later writes.
   */
  Instant readTime() {
    Instant t = clock.instant();
    Instant last = latest.get();
    return last != null && last.isAfter(t) ? last : t;
  }

  /** Leaves the ledger FAILED: it serves nothing, whatever it was doing. */
  void fail(String what) {
    LOG.severe(what);
    synchronized (writes) {
      health = new LedgerHealth(LedgerHealth.State.FAILED, what);
    }
  }

  /** Why a transaction cannot be taken now, or null when it can. */
  UnavailableException unavailable() {
    if (closed) {
      return new UnavailableException("the ledger is closed", null);
    }
    LedgerHealth h = health;
    return h.ready() ? null : new UnavailableException("the ledger takes no transactions: " + h.detail(), null);
  }

  /** Why a query cannot be answered now, or null when it can. */
  UnavailableException unreadable() {
    if (closed) {
      return new UnavailableException("the ledger is closed", null);
    }
    LedgerHealth h = health;
    return h.readable() ? null : new UnavailableException("the ledger is not serving: " + h.detail(), null);
  }
}

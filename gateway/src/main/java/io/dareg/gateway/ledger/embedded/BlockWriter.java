package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.UnavailableException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded ledger's single writer: runs submitted transactions through the rules in order,
 * cuts them into hash-chained blocks signed by the node key, appends each block to the block file
 * and forces it to disk before any of its callers hears "committed" (group commit: every
 * transaction waiting when a block is cut shares one fsync).
 *
 * <p>Two threads share the work of a block. The writer runs the rules over a batch of submitted
 * transactions and hands the result (a {@link Draft}) to the syncer, which cuts the block (number,
 * chain link, Merkle roots, signature), appends it, forces it to disk, applies it to the committed
 * state and only then answers its callers. While the syncer writes and forces block N the writer
 * already runs the rules for block N+1 over the committed state plus N's writes (the in-flight
 * layers). If block N cannot be written, every draft executed on top of it is dropped unwritten:
 * its callers hear "not committed" and may simply try again.
 *
 * <p>When the disk refuses a write the ledger goes READ_ONLY; once the disk takes writes again the
 * writer cuts whatever the refused write left behind and resumes by itself.
 */
final class BlockWriter {
  private static final Logger LOG = Logger.getLogger(BlockWriter.class.getName());
  private static final long RESUME_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final int maxBatch;
  private final RegistryTransactions rules;
  private final Signatures signatures;
  private final NodeKey key;
  private final BlockFile file;
  private final StateStore store;
  private final ChainState chain;
  private final CommittedMarkFile marks;
  private final EventFeed feed;
  private final BlockingQueue<Draft.Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Thread syncer;
  /** Drafts the writer hands to the syncer, one at a time. */
  private final SynchronousQueue<Draft> drafts = new SynchronousQueue<>();
  /** The writer's: serialises transaction after transaction in one buffer. */
  private final CanonicalWriter txWriter = new CanonicalWriter(16 << 10);
  /** Guards {@link #generation}, {@link #inFlight} and {@link #lastFailure}. */
  private final Object pipeline = new Object();
  /** Writes of drafts handed to the syncer and not yet applied, oldest first. */
  private final List<NavigableMap<String, byte[]>> inFlight = new ArrayList<>();
  /** Bumped when a block cannot be written, so that drafts built on it are dropped. */
  private long generation;
  private String lastFailure = "";
  private volatile boolean writerDone;
  private long lastResumeAttempt = System.nanoTime();

  BlockWriter(int maxBatch, RegistryTransactions rules, Signatures signatures, NodeKey key, BlockFile file, StateStore store,
      ChainState chain, CommittedMarkFile marks, EventFeed feed) {
    this.maxBatch = maxBatch;
    this.rules = rules;
    this.signatures = signatures;
    this.key = key;
    this.file = file;
    this.store = store;
    this.chain = chain;
    this.marks = marks;
    this.feed = feed;
    this.writer = new Thread(this::writeLoop, "dareg-ledger-writer");
    this.syncer = new Thread(this::syncLoop, "dareg-ledger-sync");
    writer.setDaemon(true);
    syncer.setDaemon(true);
  }

  void start() {
    writer.start();
    syncer.start();
  }

  /** Queues {@code p} for the next block; its future completes once the block is durable (or not). */
  void submit(Draft.Pending p) {
    queue.add(p);
  }

  /**
   * Stops the writer and waits for the syncer to finish the draft it holds (its callers hear the
   * outcome); the ledger is marked closed before.
   */
  void stop() throws InterruptedException {
    writer.interrupt();
    writer.join(10_000);
    syncer.join(10_000);
  }

  /** Tells the callers of transactions still queued that the ledger was closed. */
  void failQueued() {
    for (Draft.Pending p; (p = queue.poll()) != null; ) {
      p.future().completeExceptionally(new UnavailableException("the ledger was closed", null));
    }
  }

  /** Which of the two threads did not stop, or null when both did. */
  String stillRunning() {
    return syncer.isAlive() ? "syncer" : writer.isAlive() ? "writer" : null;
  }

  private void writeLoop() {
    List<Draft.Pending> batch = new ArrayList<>();
    Draft draft = null;
    try {
      while (!chain.closed) {
        try {
          batch.clear();
          if (draft != null) {
            // Hand the draft on the moment the syncer is free; until then, run what arrives into it,
            // so that a block carries everything that came in while the previous one was written.
            boolean full = draft.txs.size() >= maxBatch;
            if (handOff(draft, full)) {
              draft = null;
            } else if (!full) {
              queue.drainTo(batch, maxBatch - draft.txs.size());
              draft = execute(batch, draft);
            }
            continue;
          }
          Draft.Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            if (chain.health.state() == LedgerHealth.State.READ_ONLY && System.nanoTime() - lastResumeAttempt > RESUME_EVERY_NANOS) {
              resume();
            }
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, maxBatch - 1);
          draft = execute(batch, null);
        } catch (InterruptedException e) {
          if (chain.closed) {
            return;
          }
        } catch (RuntimeException e) {
          LOG.log(Level.SEVERE, "the ledger writer failed", e);
          UnavailableException down = new UnavailableException("the ledger writer failed: " + e.getMessage(), e);
          for (Draft.Pending p : batch) {
            p.future().completeExceptionally(down);
          }
          if (draft != null) {
            draft.fail(down);
            draft = null;
          }
        }
      }
    } finally {
      if (draft != null) {
        draft.fail(new UnavailableException("the ledger was closed before this transaction was committed", null));
      }
      writerDone = true;
    }
  }

  /**
   * After the disk refused a write: reopens the block file for writing if it was read-only, cuts
   * anything past the verified chain (the refused block, a torn tail) and forces the cut. Succeeds
   * only when the disk takes writes again; then the file is exactly the chain in memory.
   */
  private void resume() {
    synchronized (chain.writes) {
      if (chain.health.state() != LedgerHealth.State.READ_ONLY) {
        return;
      }
      lastResumeAttempt = System.nanoTime();
      try {
        file.reopenForWriting();
        if (file.size() != chain.verifiedEnd) {
          file.truncate(chain.verifiedEnd);
        }
        file.force();
      } catch (IOException | RuntimeException e) {
        return;
      }
      LOG.info("the block file takes writes again: transactions resume at block " + chain.nextNumber);
      chain.health = new LedgerHealth(LedgerHealth.State.READY,
          chain.nextNumber + " blocks; writes resumed at " + chain.clock().instant() + " after the disk refused them");
    }
  }

  /**
   * Runs the rules over {@code batch}, adding what they accept to {@code draft} (or to a new draft
   * when it is null); returns the draft, or null when it holds nothing.
   */
  private Draft execute(List<Draft.Pending> batch, Draft draft) {
    if (batch.isEmpty()) {
      return draft;
    }
    if (chain.health.state() == LedgerHealth.State.READ_ONLY) {
      resume();
    }
    if (!chain.health.ready()) {
      batch.forEach(p -> p.future().completeExceptionally(chain.unavailable()));
      return draft;
    }
    synchronized (pipeline) {
      if (draft != null && draft.generation != generation) {
        // A block this draft read from could not be written: nothing of it may be written either.
        draft.fail(new UnavailableException(notCommitted(), null));
        draft = null;
      }
      if (draft == null) {
        List<NavigableMap<String, byte[]>> below = new ArrayList<>(inFlight);
        draft = new Draft(generation, below);
      }
    }
    for (Draft.Pending p : batch) {
      draft.run(p, rules, store, txWriter);
    }
    return draft.accepted.isEmpty() ? null : draft;
  }

  /**
   * Hands {@code draft} to the syncer: waiting until it takes it when {@code wait}, else only if it
   * takes it within a millisecond, or at once when transactions wait to be run. True when handed
   * on (or dropped, its callers told).
   */
  private boolean handOff(Draft draft, boolean wait) throws InterruptedException {
    synchronized (pipeline) {
      if (draft.generation != generation) {
        draft.fail(new UnavailableException(notCommitted(), null));
        return true;
      }
      if (!draft.inFlight) {
        // From now on later drafts read its writes; the syncer removes them once they are applied.
        inFlight.add(draft.overlay);
        draft.inFlight = true;
      }
    }
    try {
      while (true) {
        if (drafts.offer(draft)) {
          return true; // the syncer was waiting for it
        }
        if (!wait && !queue.isEmpty()) {
          return false;
        }
        if (drafts.offer(draft, 1, TimeUnit.MILLISECONDS)) {
          return true;
        }
        if (!wait) {
          return false;
        }
      }
    } catch (InterruptedException e) {
      draft.fail(new UnavailableException("the ledger was closed before this transaction was committed", null));
      throw e;
    }
  }

  /** What callers of a dropped draft hear. */
  private String notCommitted() {
    return "the ledger cannot write to disk (" + lastFailure + "); this transaction was not committed, try again later";
  }

  /** The syncer: cuts, writes and commits drafts one after another, until the writer has stopped. */
  private void syncLoop() {
    while (true) {
      Draft draft;
      try {
        draft = drafts.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        continue;
      }
      if (draft == null) {
        if (writerDone) {
          return;
        }
        continue;
      }
      try {
        synchronized (chain.writes) {
          commit(draft);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "the ledger syncer failed", e);
        dropInFlight(String.valueOf(e.getMessage()));
        draft.fail(new UnavailableException("the ledger writer failed: " + e.getMessage(), e));
      }
    }
  }

  /** After a block could not be written: drafts executed on top of it must not be written. */
  private void dropInFlight(String why) {
    synchronized (pipeline) {
      lastFailure = why;
      generation++;
      inFlight.clear();
    }
  }

  /** Cuts {@code draft} into the next block, makes it durable, applies it and answers its callers. */
  private void commit(Draft draft) {
    synchronized (pipeline) {
      if (draft.generation != generation) {
        draft.fail(new UnavailableException(notCommitted(), null));
        return;
      }
    }
    List<BlockRecords.Transaction> txs = draft.txs;
    long number = chain.nextNumber;
    Instant time = chain.now();
    Instant lastBlockTime = chain.lastBlockTime;
    if (lastBlockTime != null && time.isBefore(lastBlockTime)) {
      // now() never goes below the last block's time; this guards the rule itself.
      draft.fail(new UnavailableException("the ledger will not date block " + number + " " + time + ", before block "
          + (number - 1) + " (" + lastBlockTime + "): block time never decreases", null));
      dropInFlight("block time would go backwards");
      return;
    }
    byte[] header = Json.canonical(new BlockRecords.Header(number, chain.lastHeaderHash, ChainAudit.txRoot(draft.txBytes),
        ChainAudit.stateRootOfLastWrites(draft.lastWrites.values()), time, txs.size(), key.keyId));
    byte[] signature = signatures.sign(SignatureAlgorithm.ECDSA_P256_SHA256, key.privateKey, header);
    long before = chain.verifiedEnd;
    long end;
    try {
      end = before + file.append(header, draft.txBytes, signature);
      file.force();
    } catch (IOException | RuntimeException e) {
      refused(draft, number, before, e);
      return;
    }
    String headHash = ChainAudit.headerHash(header);
    chain.lock.writeLock().lock();
    try {
      try {
        store.add(number, before, end, headHash, before + BlockFrames.PREFIX + header.length, BlockRecords.lengths(draft.txBytes),
            txs, draft.values);
        store.flush();
      } catch (RuntimeException e) {
        // The block is on disk, so its transactions are committed; the state in the store may lack
        // part of it. Serve nothing more: a restart brings the store up to date from the block file.
        LOG.log(Level.SEVERE, "cannot write block " + number + " to the state store", e);
        store.forget();
        chain.fail("block " + number + " is committed but the state store could not take it (" + e.getMessage()
            + "); the ledger serves nothing until it is restarted, which replays the block into the store");
      }
      feed.committed(number, headHash, txs, draft.txBytes, before + BlockFrames.PREFIX + header.length);
      chain.advance(end, headHash, time);
      synchronized (pipeline) {
        // Its writes are in the committed state now; drafts read them from there.
        inFlight.removeIf(o -> o == draft.overlay);
      }
    } finally {
      chain.lock.writeLock().unlock();
    }
    marks.write(number + 1, end, headHash);
    for (int i = 0; i < draft.accepted.size(); i++) {
      Draft.Pending p = draft.accepted.get(i);
      p.future().complete(new Committed(p.txId(), number, draft.results.get(i)));
    }
    marks.persistWhenDue();
    feed.deliverAll();
  }

  /** The disk refused block {@code number} (to start at {@code before}): cut what it took, tell the callers. */
  private void refused(Draft draft, long number, long before, Exception e) {
    LOG.log(Level.SEVERE, "cannot write block " + number, e);
    boolean removed = false;
    try {
      // Cut the partial block and make the cut durable: the file is then exactly the chain
      // before this block, so a later write (once the disk has room again) may simply retry.
      file.truncate(before);
      removed = true;
    } catch (IOException | RuntimeException ignored) {
      // Then the refused block may still be on disk: resume() cuts it before the next write.
    }
    String why = e instanceof IOException io ? BlockFile.reason(io) : String.valueOf(e.getMessage());
    dropInFlight(why);
    if (!removed && chain.health.state() != LedgerHealth.State.FAILED) {
      // The disk takes no writes at all: keep answering queries from the verified state in
      // memory, refuse transactions, and try the disk again now and then.
      lastResumeAttempt = System.nanoTime();
      chain.health = new LedgerHealth(LedgerHealth.State.READ_ONLY, "cannot write block " + number + " at offset " + before
          + " (" + why + "); queries are answered, transactions refused until the disk takes writes again (make the data"
          + " directory writable; the ledger resumes by itself)");
    }
    draft.fail(new UnavailableException(removed
        ? "the ledger cannot write to disk (" + why + "); this transaction was not committed, try again later"
        : "the ledger cannot write to disk (" + why + "); whether this transaction was committed is unknown until the"
            + " ledger writes again or restarts: look it up before you try again", e));
  }
}

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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded ledger's single writer: runs submitted transactions through the rules in order,
 * cuts them into hash-chained blocks signed by the node key, appends each block to the block file
 * and forces it to disk before any of its callers hears "committed" (group commit: every
 * transaction waiting when a block is cut shares one fsync).
 *
 * <p>Three threads share the work of a block, one stage each. The writer runs the rules over a batch of
 * submitted transactions and hands the result (a {@link Draft}) to the syncer, which cuts the block
 * (number, chain link, Merkle roots, signature), appends it and forces it to disk; the applier then
 * writes it to the state store, moves the committed head past it and only then answers its callers,
 * so that a caller who hears "committed" reads its writes. While the syncer writes and forces block
 * N+1, the applier applies N and the writer runs the rules for N+2 over the committed state plus the
 * writes of every block not yet applied (the in-flight layers). If a block cannot be written, every
 * draft executed on top of it is dropped unwritten: its callers hear "not committed" and may simply
 * try again; blocks already on disk are applied all the same.
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
  private final Thread applier;
  /** Drafts the writer hands to the syncer, one at a time. */
  private final SynchronousQueue<Draft> drafts = new SynchronousQueue<>();
  /**
   * Blocks the syncer made durable, for the applier, oldest first; bounded, so that the syncer waits
   * rather than run far ahead of what queries can see.
   */
  private final BlockingQueue<Durable> durable = new ArrayBlockingQueue<>(2);
  /** The writer's: serialises transaction after transaction in one buffer. */
  private final CanonicalWriter txWriter = new CanonicalWriter(16 << 10);
  /** Guards {@link #generation}, {@link #inFlight} and {@link #lastFailure}. */
  private final Object pipeline = new Object();
  /** Drafts handed to the syncer and not yet applied, oldest first: later drafts read their writes. */
  private final List<Draft> inFlight = new ArrayList<>();
  /** Bumped when a block cannot be written, so that drafts built on it are dropped. */
  private long generation;
  private String lastFailure = "";
  /**
   * Where the chain on disk ends: the next block's number, the last header's hash and time, the end
   * in the block file. Ahead of the committed head in {@link ChainState} by the blocks the applier has
   * yet to apply. Guarded by {@code chain.writes}; set from the committed head at start.
   */
  private long diskNext;
  private String diskHeadHash;
  private Instant diskLastTime;
  private long diskEnd;
  private volatile boolean writerDone;
  private volatile boolean syncerDone;
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
    this.applier = new Thread(this::applyLoop, "dareg-ledger-apply");
    writer.setDaemon(true);
    syncer.setDaemon(true);
    applier.setDaemon(true);
  }

  /** Starts the three threads from the committed head recovery left. */
  void start() {
    synchronized (chain.writes) {
      diskNext = chain.nextNumber;
      diskHeadHash = chain.lastHeaderHash;
      diskLastTime = chain.lastBlockTime;
      diskEnd = chain.verifiedEnd;
    }
    writer.start();
    syncer.start();
    applier.start();
  }

  /** Queues {@code p} for the next block; its future completes once the block is durable (or not). */
  void submit(Draft.Pending p) {
    queue.add(p);
  }

  /**
   * Stops the writer and waits for the syncer to finish the draft it holds and the applier the blocks
   * it was given (their callers hear the outcome); the ledger is marked closed before.
   */
  void stop() throws InterruptedException {
    writer.interrupt();
    writer.join(10_000);
    syncer.join(10_000);
    applier.join(10_000);
  }

  /** Tells the callers of transactions still queued that the ledger was closed. */
  void failQueued() {
    for (Draft.Pending p; (p = queue.poll()) != null; ) {
      p.future().completeExceptionally(new UnavailableException("the ledger was closed", null));
    }
  }

  /** Which of the three threads did not stop, or null when all did. */
  String stillRunning() {
    return applier.isAlive() ? "applier" : syncer.isAlive() ? "syncer" : writer.isAlive() ? "writer" : null;
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
        if (file.size() != diskEnd) {
          file.truncate(diskEnd);
        }
        file.force();
      } catch (IOException | RuntimeException e) {
        return;
      }
      LOG.info("the block file takes writes again: transactions resume at block " + diskNext);
      chain.health = new LedgerHealth(LedgerHealth.State.READY,
          diskNext + " blocks; writes resumed at " + chain.clock().instant() + " after the disk refused them");
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
        List<NavigableMap<String, byte[]>> below = new ArrayList<>(inFlight.size());
        inFlight.forEach(d -> below.add(d.overlay));
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
        // From now on later drafts read its writes; the applier removes them once they are in the store.
        inFlight.add(draft);
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

  /** The syncer: cuts, writes and forces drafts one after another, until the writer has stopped. */
  private void syncLoop() {
    try {
      for (Draft draft; (draft = next(drafts, () -> writerDone)) != null; ) {
        Durable written;
        try {
          synchronized (chain.writes) {
            written = write(draft);
          }
        } catch (RuntimeException e) {
          LOG.log(Level.SEVERE, "the ledger syncer failed", e);
          dropInFlight(String.valueOf(e.getMessage()));
          draft.fail(new UnavailableException("the ledger writer failed: " + e.getMessage(), e));
          continue;
        }
        if (written != null) {
          // Not while holding chain.writes: the applier may need it to report a failure.
          putUninterruptibly(written);
        }
      }
    } finally {
      syncerDone = true;
    }
  }

  /** Hands a durable block to the applier: it must be applied, so an interrupt does not stop the wait. */
  private void putUninterruptibly(Durable written) {
    boolean interrupted = false;
    while (true) {
      try {
        durable.put(written);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * After a block could not be written: drafts executed on top of it must not be written. Drafts
   * already on disk stay among the in-flight layers until the applier has them in the store.
   */
  private void dropInFlight(String why) {
    synchronized (pipeline) {
      lastFailure = why;
      generation++;
      inFlight.removeIf(d -> !d.durable);
    }
  }

  /**
   * The next item a stage takes from {@code queue}, waiting as long as it takes; null once the stage
   * before it has stopped ({@code stopped}) and nothing is left. An interrupt does not end the wait:
   * what the stage before handed on must still be finished.
   */
  private static <T> T next(BlockingQueue<T> queue, BooleanSupplier stopped) {
    while (true) {
      try {
        T item = queue.poll(200, TimeUnit.MILLISECONDS);
        if (item != null) {
          return item;
        }
      } catch (InterruptedException e) {
        continue;
      }
      if (stopped.getAsBoolean() && queue.isEmpty()) {
        return null;
      }
    }
  }

  /** The applier: applies durable blocks in order and answers their callers, until the syncer has stopped. */
  private void applyLoop() {
    for (Durable next; (next = next(durable, () -> syncerDone)) != null; ) {
      try {
        apply(next);
      } catch (RuntimeException e) {
        // The block is durable; what failed is telling others about it. Its callers must still hear.
        LOG.log(Level.SEVERE, "the ledger applier failed after block " + next.number + " was written", e);
        next.draft.fail(new UnavailableException("block " + next.number + " was written but the ledger failed after it ("
            + e.getMessage() + "); look the transaction up before you try again", e));
      }
    }
  }

  /**
   * A block on disk, not yet in the state store: its draft, number, place in the block file (from
   * {@code before} to {@code end}, its body at {@code bodyOffset}), header hash and time.
   */
  private record Durable(Draft draft, long number, long before, long end, long bodyOffset, String headHash, Instant time) {}

  /**
   * Cuts {@code draft} into the next block and makes it durable (caller holds {@code chain.writes});
   * returns it for the applier, or null when it was not written (its callers told).
   */
  private Durable write(Draft draft) {
    synchronized (pipeline) {
      if (draft.generation != generation) {
        draft.fail(new UnavailableException(notCommitted(), null));
        return null;
      }
    }
    long number = diskNext;
    Instant time = chain.now();
    if (diskLastTime != null && time.isBefore(diskLastTime)) {
      // now() never goes below the last block's time; this guards the rule itself.
      draft.fail(new UnavailableException("the ledger will not date block " + number + " " + time + ", before block "
          + (number - 1) + " (" + diskLastTime + "): block time never decreases", null));
      dropInFlight("block time would go backwards");
      return null;
    }
    byte[] header = Json.canonical(new BlockRecords.Header(number, diskHeadHash, ChainAudit.txRoot(draft.txBytes),
        ChainAudit.stateRootOfLastWrites(draft.lastWrites.values()), time, draft.txs.size(), key.keyId));
    byte[] signature = signatures.sign(SignatureAlgorithm.ECDSA_P256_SHA256, key.privateKey, header);
    long before = diskEnd;
    long end;
    try {
      end = before + file.append(header, draft.txBytes, signature);
      file.force();
    } catch (IOException | RuntimeException e) {
      refused(draft, number, before, e);
      return null;
    }
    String headHash = ChainAudit.headerHash(header);
    diskNext = number + 1;
    diskHeadHash = headHash;
    diskLastTime = time;
    diskEnd = end;
    synchronized (pipeline) {
      draft.durable = true;
    }
    return new Durable(draft, number, before, end, before + BlockFrames.PREFIX + header.length, headHash, time);
  }

  /**
   * Applies durable block {@code b} to the state store, moves the committed head past it and answers
   * its callers: from then on queries read its writes.
   */
  private void apply(Durable b) {
    Draft draft = b.draft;
    chain.lock.writeLock().lock();
    try {
      try {
        store.add(b.number, b.before, b.end, b.headHash, b.bodyOffset, BlockRecords.lengths(draft.txBytes), draft.txs,
            draft.values);
        store.flush();
      } catch (RuntimeException e) {
        // The block is on disk, so its transactions are committed; the state in the store may lack
        // part of it. Serve nothing more: a restart brings the store up to date from the block file.
        LOG.log(Level.SEVERE, "cannot write block " + b.number + " to the state store", e);
        store.forget();
        chain.fail("block " + b.number + " is committed but the state store could not take it (" + e.getMessage()
            + "); the ledger serves nothing until it is restarted, which replays the block into the store");
      }
      feed.committed(b.number, b.headHash, draft.txs, draft.txBytes, b.bodyOffset);
      chain.advance(b.end, b.headHash, b.time);
      synchronized (pipeline) {
        // Its writes are in the committed state now; drafts read them from there.
        inFlight.remove(draft);
      }
    } finally {
      chain.lock.writeLock().unlock();
    }
    marks.write(b.number + 1, b.end, b.headHash);
    for (int i = 0; i < draft.accepted.size(); i++) {
      Draft.Pending p = draft.accepted.get(i);
      p.future().complete(new Committed(p.txId(), b.number, draft.results.get(i)));
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

package io.dareg.gateway.ledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.ledger.CommittedMark;
import io.dareg.core.ledger.SignedAuditReport;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.RefusedException;
import io.dareg.gateway.ledger.Subscription;
import io.dareg.gateway.ledger.UnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The registry's rules on one machine: a single writer runs submitted transactions through {@link
 * RegistryTransactions} in order, cuts them into hash-chained blocks signed by the node key, appends
 * each block to the block file and forces it to disk before any of its callers hears "committed"
 * (group commit: every transaction waiting when a block is cut shares one fsync). Queries run on a
 * small pool against committed state only.
 *
 * <p>World state and key history live in a {@link StateStore} on disk, written as of a block after
 * that block is forced; events are read back from the block file. On open the ledger takes the
 * store as it stands (rebuilding it from the block file when it is missing, damaged or does not
 * match the chain), verifies and replays only the blocks after its checkpoint (checksum, chain
 * link, Merkle roots, signature), and is ready; the blocks before the checkpoint are verified in
 * the background meanwhile, giving way to queries. A torn last block is cut and reported; any
 * other damage, found on open or by the background check, leaves the ledger FAILED, naming the
 * block and its offset, and it serves nothing until an operator acts.
 *
 * <p>When the disk refuses a write (a read-only file or file system, a full disk) the ledger goes
 * READ_ONLY: queries are answered from the verified state, transactions are refused, and once the
 * disk takes writes again the ledger cuts whatever the refused write left behind and resumes by
 * itself.
 *
 * <p>This class is the front of the {@link Ledger} port; the work is done by its parts: {@link
 * Recovery} (open, replay, truncation checks), {@link BlockWriter} (rules, block cutting, group
 * commit), {@link BackgroundAudit}, {@link EventFeed}, {@link CommittedMarkFile}, {@link TxIds}, all
 * sharing one {@link ChainState}.
 */
public final class EmbeddedLedger implements Ledger, io.dareg.gateway.ledger.LedgerAdministration, io.dareg.gateway.ledger.ActSource {
  private static final Logger LOG = Logger.getLogger(EmbeddedLedger.class.getName());
  private static final String BLOCKS = "blocks.dat";
  /** The name of the transaction that records a move of the dev clock. */
  public static final String DEV_CLOCK_MOVE = "moveDevClock";
  /** Where the dev clock's offset is kept: a plain key, outside every composite key the rules read. */
  static final String DEV_CLOCK_KEY = "~dareg/devClockOffset";

  private final RegistryTransactions rules;
  private final Signatures signatures = Signatures.fastest();
  private final TxIds txIds = new TxIds();
  private final ChainState chain;
  private final StateStore store;
  private final ExecutorService readers;
  private final BlockWriter writer;
  private final BackgroundAudit backgroundAudit;
  /** Lets the background audit give way to queries. */
  private final BackgroundCheckPace checkPace;
  private final NodeKey key;
  private final BlockFile file;
  private final CommittedMarkFile marks;
  private final EventFeed feed;
  private final Path blocksPath;
  private final ChainAudit audit;

  /**
   * Tuning of the embedded ledger.
   *
   * @param maxBatch the most transactions one block holds
   * @param readerThreads threads that run queries
   */
  public record Options(int maxBatch, int readerThreads) {
    /** The defaults: blocks of up to 2048 transactions, two query threads. */
    public static Options defaults() {
      return new Options(2048, 2);
    }
  }

  /**
   * Something written outside the ledger that says how many blocks were committed: the gateway's
   * audit log names the block of each acknowledged write, the query index its checkpoint. A block
   * file holding fewer blocks is a loss (see {@link CommittedMark}).
   *
   * @param source what says so, as an operator reads it
   * @param blocks how many blocks it says were committed, from block 0
   */
  public record Claim(String source, long blocks) {}

  private EmbeddedLedger(Path dir, Clock clock, Options options, RegistryTransactions rules, BlockFile.WriteCheck check,
      BackgroundCheckPace checkPace, List<Claim> claims) throws IOException {
    this.chain = new ChainState(clock);
    this.rules = rules;
    this.checkPace = checkPace;
    this.key = NodeKey.loadOrCreate(dir, signatures);
    this.audit = new ChainAudit(signatures, key.publicKey);
    Path blocks = dir.resolve(BLOCKS);
    this.blocksPath = blocks;
    boolean fresh = !blocks.toFile().exists();
    this.file = new BlockFile(blocks, check);
    if (fresh) {
      Files.setPosixFilePermissions(blocks, PosixFilePermissions.fromString("rw-------"));
    }
    long opening = System.nanoTime();
    this.store = StateStore.open(dir.resolve("state"), blocks);
    long storeOpenNanos = System.nanoTime() - opening;
    this.feed = new EventFeed(blocks, chain, store);
    this.marks = new CommittedMarkFile(dir, file.readOnlyBecause() != null, store);
    this.readers = Executors.newFixedThreadPool(options.readerThreads(), r -> {
      Thread t = new Thread(r, "dareg-ledger-query");
      t.setDaemon(true);
      return t;
    });
    StateStore.Checkpoint toAudit =
        new Recovery(file, store, marks, List.copyOf(claims), audit, chain, storeOpenNanos).run();
    this.writer = new BlockWriter(options.maxBatch(), rules, signatures, key, file, store, chain, marks, feed);
    this.backgroundAudit = new BackgroundAudit(blocks, audit, checkPace, chain);
    writer.start();
    backgroundAudit.start(toAudit);
  }

  /** Opens (or creates) the ledger in {@code dir} with the standard rules. */
  public static EmbeddedLedger open(Path dir, Clock clock, Options options) throws IOException {
    return open(dir, clock, options, RegistryTransactions.standard());
  }

  /** Opens (or creates) the ledger in {@code dir} with the given rules. */
  public static EmbeddedLedger open(Path dir, Clock clock, Options options, RegistryTransactions rules) throws IOException {
    return new EmbeddedLedger(dir, clock, options, rules, BlockFile.WriteCheck.DISK, new BackgroundCheckPace(), List.of());
  }

  /**
   * Opens (or creates) the ledger in {@code dir} with the standard rules, holding its block file to
   * {@code claims} as well as to what it wrote itself: the gateway passes what its audit log and
   * query index say was committed.
   */
  public static EmbeddedLedger open(Path dir, Clock clock, Options options, List<Claim> claims) throws IOException {
    return new EmbeddedLedger(dir, clock, options, RegistryTransactions.standard(), BlockFile.WriteCheck.DISK,
        new BackgroundCheckPace(), claims);
  }

  /** Opens the ledger with a check before every write to its block file (tests of a refusing disk). */
  static EmbeddedLedger open(Path dir, Clock clock, Options options, BlockFile.WriteCheck check) throws IOException {
    return new EmbeddedLedger(dir, clock, options, RegistryTransactions.standard(), check, new BackgroundCheckPace(), List.of());
  }

  /**
   * Opens the ledger with the given pacing of its background check (tests that hold a query open
   * from before the check starts).
   */
  static EmbeddedLedger open(Path dir, Clock clock, Options options, BackgroundCheckPace checkPace) throws IOException {
    return new EmbeddedLedger(dir, clock, options, RegistryTransactions.standard(), BlockFile.WriteCheck.DISK, checkPace, List.of());
  }

  /** The number of blocks on the chain. */
  @Override
  public long height() {
    return chain.height();
  }

  /** The last committed block's time, or null when there is no block yet. */
  public Instant lastBlockTime() {
    return chain.lastBlockTime;
  }

  /**
   * Records on the chain that the dev clock now runs {@code offset} ahead of the system clock (a
   * transaction {@value #DEV_CLOCK_MOVE} by {@code caller}, outside the registry's rules): auditors
   * see each move, and {@link #devClockOffset} restores it after a restart. Only {@code serve --dev}
   * calls it.
   */
  public CompletableFuture<Committed> recordDevClock(Caller caller, Duration offset) {
    CompletableFuture<Committed> f = new CompletableFuture<>();
    UnavailableException down = chain.unavailable();
    if (down != null) {
      f.completeExceptionally(down);
      return f;
    }
    String args = "{\"offsetSeconds\":" + offset.getSeconds() + "}";
    writer.submit(new Draft.Pending(caller, DEV_CLOCK_MOVE, args, txIds.next(caller, DEV_CLOCK_MOVE), chain.now(), f));
    return f;
  }

  /** How far ahead of the system clock the dev clock was last recorded to run (zero when it never moved). */
  public Duration devClockOffset() {
    chain.lock.readLock().lock();
    try {
      byte[] v = store.get(DEV_CLOCK_KEY);
      return v == null ? Duration.ZERO : Duration.ofSeconds(Json.mapper().readTree(v).path("offsetSeconds").asLong());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      chain.lock.readLock().unlock();
    }
  }

  /** The node key's id, as the block headers carry it. */
  public String nodeKeyId() {
    return key.keyId;
  }

  /**
   * The committed chain as it stands.
   *
   * @param blockFile the block file
   * @param bytes how many of its bytes hold the committed blocks; that prefix never changes
   * @param blocks how many blocks it holds
   * @param headHash hex SHA-256 of the last block's header (64 zeros when there is none)
   */
  public record ChainEnd(Path blockFile, long bytes, long blocks, String headHash) {}

  /** Where the committed chain ends now. */
  public ChainEnd chainEnd() {
    chain.lock.readLock().lock();
    try {
      return new ChainEnd(blocksPath, chain.verifiedEnd, chain.nextNumber, chain.lastHeaderHash);
    } finally {
      chain.lock.readLock().unlock();
    }
  }

  /** Where the committed chain ends now, for the administration port. */
  @Override
  public io.dareg.gateway.ledger.LedgerAdministration.CommittedPrefix committedPrefix() {
    ChainEnd end = chainEnd();
    return new io.dareg.gateway.ledger.LedgerAdministration.CommittedPrefix(end.blockFile(), end.bytes(), end.blocks(), end.headHash());
  }

  /** The act {@code txId} among the committed blocks, with the path to its block's txRoot and the node's signature. */
  @Override
  public byte[] exportAct(String txId) {
    ChainEnd end = chainEnd();
    try {
      return io.dareg.core.ledger.ActProof.find(end.blockFile(), end.bytes(), txId, key.publicKey).toJson();
    } catch (IllegalArgumentException e) {
      throw new io.dareg.gateway.ledger.RefusedException(io.dareg.chaincode.registry.RuleException.Code.NOT_FOUND, "txId",
          "no transaction " + txId + " in this ledger's committed blocks");
    } catch (java.io.IOException e) {
      throw new io.dareg.gateway.ledger.UnavailableException("cannot read the block file: " + e.getMessage(), e);
    }
  }

  /** The node key's public half: what every block's signature verifies with. */
  public PublicKey nodePublicKey() {
    return key.publicKey;
  }

  /**
   * Audits the chain from the block file (not from memory) with the same checks as on start, and
   * signs the report with the node key: the committed blocks of a serving ledger, the whole file
   * of one that refuses writes.
   */
  public JsonNode signedAudit(Instant at) throws IOException {
    ChainEnd end = chainEnd();
    ChainAudit.Report report;
    try (FileChannel channel = FileChannel.open(end.blockFile(), StandardOpenOption.READ)) {
      // While the writer may be appending, only the committed prefix is settled; otherwise the
      // whole file is, and whatever lies past the verified chain must show in the report.
      report = audit.audit(channel, chain.health.ready() ? end.bytes() : channel.size());
    }
    return SignedAuditReport.signWithNodeKey(signatures, report, at, "gateway, node key " + key.keyId, key.publicKey, key.privateKey);
  }

  @Override
  public CompletableFuture<Committed> submit(Caller caller, String transaction, String argsJson) {
    CompletableFuture<Committed> f = new CompletableFuture<>();
    // A read-only ledger still queues: the writer tries the disk again before refusing.
    UnavailableException down = chain.health.state() == LedgerHealth.State.READ_ONLY ? chain.unreadable() : chain.unavailable();
    if (down != null) {
      f.completeExceptionally(down);
      return f;
    }
    try {
      if (rules.isReadOnly(transaction)) {
        f.completeExceptionally(new RefusedException(RuleException.Code.INVALID, "transaction",
            transaction + " is a query: evaluate it instead of submitting it"));
        return f;
      }
    } catch (RuleException e) {
      f.completeExceptionally(RefusedException.of(e));
      return f;
    }
    // issue 23: the author's signature is verified here, in the submitter's thread, so the one writer thread need not
    rules.precheck(transaction, argsJson);
    writer.submit(new Draft.Pending(caller, transaction, argsJson, txIds.next(caller, transaction), chain.now(), f));
    return f;
  }

  @Override
  public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
    UnavailableException down = chain.unreadable();
    if (down != null) {
      return CompletableFuture.failedFuture(down);
    }
    return CompletableFuture.supplyAsync(() -> {
      checkPace.queryStarted();
      chain.lock.readLock().lock();
      try {
        if (!rules.isReadOnly(transaction)) {
          throw new RefusedException(RuleException.Code.INVALID, "transaction",
              transaction + " changes state: submit it instead of evaluating it");
        }
        EmbeddedWorldState ws = new EmbeddedWorldState(
            store, List.of(), store::history, true, txIds.next(caller, transaction), chain.readTime(), caller);
        return rules.invoke(ws, transaction, argsJson);
      } catch (RuleException e) {
        throw RefusedException.of(e);
      } finally {
        chain.lock.readLock().unlock();
        checkPace.queryEnded();
      }
    }, readers);
  }

  @Override
  public Subscription events(long fromBlock, EventListener listener) {
    return feed.subscribe(fromBlock, listener);
  }

  @Override
  public Subscription blocks(long fromBlock, Consumer<CommittedBlock> listener) {
    return feed.subscribeBlocks(fromBlock, b -> listener.accept(new CommittedBlock(b.number(), b.headerHash(), b.transactions(), b.bodyOffset())));
  }

  @Override
  public LedgerHealth health() {
    return chain.health;
  }

  @Override
  public void close() {
    chain.closed = true;
    try {
      writer.stop();
      backgroundAudit.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    readers.shutdown();
    try {
      readers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.failQueued();
    // Queries read the store under the lock, the writer while it runs: a writer, syncer or applier that
    // did not stop keeps it open.
    chain.lock.writeLock().lock();
    try {
      String running = writer.stillRunning();
      if (running != null) {
        LOG.warning("the ledger " + running + " did not stop in time; the state store is left open");
      } else {
        store.close();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "closing the state store (it is brought up to date from the block file on the next start)", e);
    } finally {
      chain.lock.writeLock().unlock();
    }
    try {
      marks.close();
      file.close();
      feed.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the block file", e);
    }
  }

  /**
   * Waits until the blocks before the start-up checkpoint have been verified (or found damaged,
   * then the ledger is FAILED); true when the check is over.
   */
  boolean awaitChainCheck(long timeout, TimeUnit unit) throws InterruptedException {
    return backgroundAudit.await(timeout, unit);
  }
}

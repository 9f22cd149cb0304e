package io.dareg.gateway.ledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.ledger.CommittedMark;
import io.dareg.core.ledger.SignedAuditReport;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.RefusedException;
import io.dareg.gateway.ledger.Subscription;
import io.dareg.gateway.ledger.UnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

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
 */
public final class EmbeddedLedger implements Ledger, io.dareg.gateway.ledger.LedgerAdministration {
  private static final Logger LOG = Logger.getLogger(EmbeddedLedger.class.getName());
  private static final String BLOCKS = "blocks.dat";
  private static final long RESUME_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** What the health says while the chain before the start-up checkpoint is being verified. */
  private static final String IN_BACKGROUND = " are verified in the background";
  /** The name of the transaction that records a move of the dev clock. */
  public static final String DEV_CLOCK_MOVE = "moveDevClock";
  /** Where the dev clock's offset is kept: a plain key, outside every composite key the rules read. */
  static final String DEV_CLOCK_KEY = "~dareg/devClockOffset";
  /** Blocks replayed into the state store per write. */
  private static final int REPLAY_BATCH = 16;
  /**
   * How often, at most, the committed mark is forced to disk and the state store's memtable is
   * flushed to its tables while blocks are committed: what a crash can make start-up replay.
   */
  private static final long PERSIST_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Clock clock;
  private final Options options;
  private final RegistryTransactions rules;
  private final Signatures signatures = new Signatures(new BouncyCastleProvider());
  /**
   * Secret to this run of the ledger: with {@link #txCount}, what makes transaction ids unique and
   * unguessable without a call to the system's random source per transaction (a lock and a read of
   * /dev/urandom each, a tenth of a client's CPU per deposit under load).
   */
  private final byte[] txSeed = newSeed();
  private final AtomicLong txCount = new AtomicLong();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final StateStore store;
  /** Reads committed blocks back (events); positional reads only. */
  private final FileChannel reader;
  /** Counted down when the background check of the chain before the checkpoint is over. */
  private final java.util.concurrent.CountDownLatch chainChecked = new java.util.concurrent.CountDownLatch(1);
  /** The events of the last committed block, for listeners that are up to date. */
  private volatile BlockEvents lastBlock;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ExecutorService readers;
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
  /** Verifies the chain before the start-up checkpoint while the ledger serves; null when nothing is to verify. */
  private Thread auditor;
  /** Lets {@link #auditor} give way to queries. */
  private final BackgroundCheckPace checkPace;
  private final NodeKey key;
  private final BlockFile file;
  /** The committed mark ({@link CommittedMark}): rewritten after every block, forced now and then. */
  private final FileChannel markFile;
  /** The last mark written; the syncer's to change. */
  private CommittedMark mark;
  /** Why the mark could not be read at start, or null. */
  private String markUnreadable;
  private long lastPersist = System.nanoTime();
  /** What else the gateway wrote about how many blocks were committed (audit log, query index). */
  private final List<Claim> claims;
  private final Path blocksPath;
  private final ChainAudit audit;
  private volatile LedgerHealth health = new LedgerHealth(LedgerHealth.State.STARTING, "verifying the chain");
  private volatile boolean closed;
  private long nextNumber;
  private String lastHeaderHash = ChainAudit.GENESIS;
  /** The last block's time (null before block 0): no block, and no transaction, is dated before it. */
  private volatile Instant lastBlockTime;
  /** The latest time {@link #now} handed out: it never goes back, whatever the clock does. */
  private final java.util.concurrent.atomic.AtomicReference<Instant> latest = new java.util.concurrent.atomic.AtomicReference<>(Instant.EPOCH);
  /** Where the verified chain ends in the block file; the writer's to change. */
  private long verifiedEnd;
  private long lastResumeAttempt;
  private long restoreNanos;
  /** How long opening the state store took at start (RocksDB reads its manifest and tables' metadata). */
  private final long storeOpenNanos;
  private long restoredTransactions;

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

  /** Transactions the rules accepted, waiting to be cut into a block by the syncer. */
  private static final class Draft {
    final long generation;
    /** Its own writes, over which later drafts run once it is in flight. */
    final NavigableMap<String, byte[]> overlay = new TreeMap<>();
    /** What its transactions read over the committed state: drafts in flight before it, then its own writes. */
    final List<NavigableMap<String, byte[]>> layers;
    final List<BlockRecords.Transaction> txs = new ArrayList<>();
    /** The canonical bytes of each of {@link #txs}. */
    final List<byte[]> txBytes = new ArrayList<>();
    /** The value of each write of {@link #txs}, in order, as bytes (null for a deletion): what the state store takes. */
    final List<byte[]> values = new ArrayList<>();
    /** The canonical bytes of the last write of each key its transactions write, in key order: the stateRoot's leaves. */
    final NavigableMap<String, byte[]> lastWrites = new TreeMap<>();
    final List<Pending> accepted = new ArrayList<>();
    final List<String> results = new ArrayList<>();
    /** Whether its overlay is among the in-flight layers (the writer's to change). */
    boolean inFlight;

    Draft(long generation, List<NavigableMap<String, byte[]>> below) {
      this.generation = generation;
      this.layers = new ArrayList<>(below);
      this.layers.add(overlay);
    }

    void fail(UnavailableException e) {
      accepted.forEach(p -> p.future.completeExceptionally(e));
    }

    /** Serialises the transactions added since the last call, with {@code out}. */
    void serialise(CanonicalWriter out) {
      List<byte[]> writeBytes = new ArrayList<>();
      for (int i = txBytes.size(); i < txs.size(); i++) {
        BlockRecords.Transaction tx = txs.get(i);
        writeBytes.clear();
        txBytes.add(BlockRecords.canonical(out, tx, writeBytes));
        for (int w = 0; w < writeBytes.size(); w++) {
          lastWrites.put(tx.writes().get(w).key(), writeBytes.get(w));
        }
      }
    }
  }

  private record Pending(Caller caller, String name, String args, String txId, Instant time, CompletableFuture<Committed> future) {}

  /** A subscriber and the next block whose events it is to be served. */
  private static final class Listener {
    final Consumer<LedgerEvent> consumer;
    long next;

    Listener(Consumer<LedgerEvent> consumer, long fromBlock) {
      this.consumer = consumer;
      this.next = Math.max(0, fromBlock);
    }
  }

  private record BlockEvents(long number, List<LedgerEvent> events) {}

  /**
   * Something written outside the ledger that says how many blocks were committed: the gateway's
   * audit log names the block of each acknowledged write, the query index its checkpoint. A block
   * file holding fewer blocks is a loss (see {@link CommittedMark}).
   *
   * @param source what says so, as an operator reads it
   * @param blocks how many blocks it says were committed, from block 0
   */
  public record Claim(String source, long blocks) {}

  /** Serialises deliveries so every listener sees each event once, in order. */
  private final Object delivery = new Object();

  private EmbeddedLedger(Path dir, Clock clock, Options options, RegistryTransactions rules, BlockFile.WriteCheck check,
      BackgroundCheckPace checkPace, List<Claim> claims) throws IOException {
    this.claims = List.copyOf(claims);
    this.clock = clock;
    this.options = options;
    this.rules = rules;
    this.checkPace = checkPace;
    this.key = NodeKey.loadOrCreate(dir, signatures);
    this.audit = new ChainAudit(signatures, key.publicKey);
    Path blocks = dir.resolve(BLOCKS);
    this.blocksPath = blocks;
    boolean fresh = !blocks.toFile().exists();
    this.file = new BlockFile(blocks, check);
    if (fresh) {
      java.nio.file.Files.setPosixFilePermissions(blocks, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    this.reader = FileChannel.open(blocks, StandardOpenOption.READ);
    try {
      this.mark = CommittedMark.read(dir);
    } catch (IOException e) {
      this.markUnreadable = e.getMessage();
    }
    this.markFile = file.readOnlyBecause() != null ? null
        : FileChannel.open(dir.resolve(CommittedMark.FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long opening = System.nanoTime();
    this.store = StateStore.open(dir.resolve("state"));
    this.storeOpenNanos = System.nanoTime() - opening;
    this.readers = Executors.newFixedThreadPool(options.readerThreads(), daemon("dareg-ledger-query"));
    recover();
    this.writer = daemon("dareg-ledger-writer").newThread(this::writeLoop);
    this.syncer = daemon("dareg-ledger-sync").newThread(this::syncLoop);
    this.writer.start();
    this.syncer.start();
    if (auditor != null) {
      auditor.start();
    }
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
    lock.readLock().lock();
    try {
      return nextNumber;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The ledger's time: the clock's, but never before the last block's time nor before any time it
   * handed out already, so that transaction times and block times never decrease, even when the
   * clock is set back or a data directory moves to a machine whose clock is behind.
   */
  private Instant now() {
    Instant t = clock.instant();
    return latest.accumulateAndGet(t, (a, b) -> b.isAfter(a) ? b : a);
  }

  /**
   * The time a read is answered at: the clock's, but never before the last time handed out. Unlike
   * {@link #now()} it hands nothing out, so a read on a clock set ahead does not date later writes.
   */
  private Instant readTime() {
    Instant t = clock.instant();
    Instant last = latest.get();
    return last != null && last.isAfter(t) ? last : t;
  }

  /** The last committed block's time, or null when there is no block yet. */
  public Instant lastBlockTime() {
    return lastBlockTime;
  }

  /**
   * Records on the chain that the dev clock now runs {@code offset} ahead of the system clock (a
   * transaction {@value #DEV_CLOCK_MOVE} by {@code caller}, outside the registry's rules): auditors
   * see each move, and {@link #devClockOffset} restores it after a restart. Only {@code serve --dev}
   * calls it.
   */
  public CompletableFuture<Committed> recordDevClock(Caller caller, Duration offset) {
    CompletableFuture<Committed> f = new CompletableFuture<>();
    UnavailableException down = unavailable();
    if (down != null) {
      f.completeExceptionally(down);
      return f;
    }
    String args = "{\"offsetSeconds\":" + offset.getSeconds() + "}";
    queue.add(new Pending(caller, DEV_CLOCK_MOVE, args, newTxId(caller, DEV_CLOCK_MOVE), now(), f));
    return f;
  }

  /** How far ahead of the system clock the dev clock was last recorded to run (zero when it never moved). */
  public Duration devClockOffset() {
    lock.readLock().lock();
    try {
      byte[] v = store.get(DEV_CLOCK_KEY);
      return v == null ? Duration.ZERO : Duration.ofSeconds(Json.mapper().readTree(v).path("offsetSeconds").asLong());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      lock.readLock().unlock();
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
    lock.readLock().lock();
    try {
      return new ChainEnd(blocksPath, verifiedEnd, nextNumber, lastHeaderHash);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Where the committed chain ends now, for the administration port. */
  @Override
  public io.dareg.gateway.ledger.LedgerAdministration.CommittedPrefix committedPrefix() {
    ChainEnd end = chainEnd();
    return new io.dareg.gateway.ledger.LedgerAdministration.CommittedPrefix(end.blockFile(), end.bytes(), end.blocks(), end.headHash());
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
      report = audit.audit(channel, health.ready() ? end.bytes() : channel.size());
    }
    return SignedAuditReport.signWithNodeKey(signatures, report, at, "gateway, node key " + key.keyId, key.publicKey, key.privateKey);
  }

  @Override
  public CompletableFuture<Committed> submit(Caller caller, String transaction, String argsJson) {
    CompletableFuture<Committed> f = new CompletableFuture<>();
    // A read-only ledger still queues: the writer tries the disk again before refusing.
    UnavailableException down = health.state() == LedgerHealth.State.READ_ONLY ? unreadable() : unavailable();
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
    queue.add(new Pending(caller, transaction, argsJson, newTxId(caller, transaction), now(), f));
    return f;
  }

  @Override
  public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
    UnavailableException down = unreadable();
    if (down != null) {
      return CompletableFuture.failedFuture(down);
    }
    return CompletableFuture.supplyAsync(() -> {
      checkPace.queryStarted();
      lock.readLock().lock();
      try {
        if (!rules.isReadOnly(transaction)) {
          throw new RefusedException(RuleException.Code.INVALID, "transaction",
              transaction + " changes state: submit it instead of evaluating it");
        }
        EmbeddedWorldState ws = new EmbeddedWorldState(
            store, List.of(), store::history, true, newTxId(caller, transaction), readTime(), caller);
        return rules.invoke(ws, transaction, argsJson);
      } catch (RuleException e) {
        throw RefusedException.of(e);
      } finally {
        lock.readLock().unlock();
        checkPace.queryEnded();
      }
    }, readers);
  }

  @Override
  public Subscription events(long fromBlock, Consumer<LedgerEvent> listener) {
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

  /**
   * Hands {@code l} the events of every committed block it has not been served yet, block by block
   * (caller holds {@code delivery} once {@code l} is among the listeners): the last block's from
   * memory, older ones from the block file.
   */
  private void deliver(Listener l) {
    long height = height();
    for (; l.next < height; l.next++) {
      for (LedgerEvent e : eventsOf(l.next)) {
        try {
          l.consumer.accept(e);
        } catch (RuntimeException ex) {
          LOG.log(Level.WARNING, "an event listener failed", ex);
        }
      }
    }
  }

  /** The events of committed block {@code number}, in order. */
  private List<LedgerEvent> eventsOf(long number) {
    BlockEvents last = lastBlock;
    if (last != null && last.number() == number) {
      return last.events();
    }
    try {
      long offset;
      lock.readLock().lock();
      try {
        offset = store.offsetOf(number);
      } finally {
        lock.readLock().unlock();
      }
      BlockFrames.Frame frame = offset < 0 ? null : BlockFrames.read(reader, offset, reader.size());
      if (frame == null) {
        throw new IllegalStateException("block " + number + " cannot be read back from the block file");
      }
      List<LedgerEvent> out = new ArrayList<>();
      for (JsonNode tx : Json.mapper().readTree(frame.body())) {
        if (tx.hasNonNull("eventName")) {
          out.add(new LedgerEvent(number, tx.path("txId").asText(), tx.path("eventName").asText(),
              tx.hasNonNull("eventPayload") ? tx.path("eventPayload").asText() : null));
        }
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading the events of block " + number + " from the block file", e);
    }
  }

  @Override
  public LedgerHealth health() {
    return health;
  }

  @Override
  public void close() {
    closed = true;
    writer.interrupt();
    try {
      writer.join(10_000);
      // The syncer finishes the draft it holds (its callers hear the outcome), then stops.
      syncer.join(10_000);
      if (auditor != null) {
        auditor.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    readers.shutdown();
    try {
      readers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      p.future.completeExceptionally(new UnavailableException("the ledger was closed", null));
    }
    // Queries read the store under the lock, the writer while it runs: a writer or syncer that
    // did not stop keeps it open.
    lock.writeLock().lock();
    try {
      if (syncer.isAlive() || writer.isAlive()) {
        LOG.warning("the ledger " + (syncer.isAlive() ? "syncer" : "writer") + " did not stop in time; the state store is left open");
      } else {
        store.close();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "closing the state store (it is brought up to date from the block file on the next start)", e);
    } finally {
      lock.writeLock().unlock();
    }
    try {
      if (markFile != null) {
        markFile.force(false);
        markFile.close();
      }
      file.close();
      reader.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the block file", e);
    }
  }

  private UnavailableException unavailable() {
    if (closed) {
      return new UnavailableException("the ledger is closed", null);
    }
    LedgerHealth h = health;
    return h.ready() ? null : new UnavailableException("the ledger takes no transactions: " + h.detail(), null);
  }

  private UnavailableException unreadable() {
    if (closed) {
      return new UnavailableException("the ledger is closed", null);
    }
    LedgerHealth h = health;
    return h.readable() ? null : new UnavailableException("the ledger is not serving: " + h.detail(), null);
  }

  private static byte[] newSeed() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  /** SHA-256 of this run's secret, a count, the caller and the transaction's name: unique per transaction. */
  private String newTxId(Caller caller, String transaction) {
    var md = Hashes.newDigest(HashAlgorithm.SHA256);
    md.update(txSeed);
    long n = txCount.getAndIncrement();
    for (int shift = 56; shift >= 0; shift -= 8) {
      md.update((byte) (n >>> shift));
    }
    md.update(caller.identity().toString().getBytes(StandardCharsets.UTF_8));
    md.update(transaction.getBytes(StandardCharsets.UTF_8));
    return Hashes.toHex(md.digest());
  }

  // --- the writer and the syncer -------------------------------------------------------------
  //
  // Two threads share the work of a block. The writer runs the rules over a batch of submitted
  // transactions and hands the result (a draft) to the syncer, which cuts the block (number, chain
  // link, Merkle roots, signature), appends it, forces it to disk, applies it to the committed
  // state and only then answers its callers. While the syncer writes and forces block N the writer
  // already runs the rules for block N+1 over the committed state plus N's writes (the in-flight
  // layers). If block N cannot be written, every draft executed on top of it is dropped unwritten:
  // its callers hear "not committed" and may simply try again.

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    Draft draft = null;
    try {
      while (!closed) {
        try {
          batch.clear();
          if (draft != null) {
            // Hand the draft on the moment the syncer is free; until then, run what arrives into it,
            // so that a block carries everything that came in while the previous one was written.
            boolean full = draft.txs.size() >= options.maxBatch();
            if (handOff(draft, full)) {
              draft = null;
            } else if (!full) {
              queue.drainTo(batch, options.maxBatch() - draft.txs.size());
              draft = execute(batch, draft);
            }
            continue;
          }
          Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            if (health.state() == LedgerHealth.State.READ_ONLY && System.nanoTime() - lastResumeAttempt > RESUME_EVERY_NANOS) {
              resume();
            }
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, options.maxBatch() - 1);
          draft = execute(batch, null);
        } catch (InterruptedException e) {
          if (closed) {
            return;
          }
        } catch (RuntimeException e) {
          LOG.log(Level.SEVERE, "the ledger writer failed", e);
          UnavailableException down = new UnavailableException("the ledger writer failed: " + e.getMessage(), e);
          for (Pending p : batch) {
            p.future.completeExceptionally(down);
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
    synchronized (file) {
      if (health.state() != LedgerHealth.State.READ_ONLY) {
        return;
      }
      lastResumeAttempt = System.nanoTime();
      try {
        file.reopenForWriting();
        if (file.size() != verifiedEnd) {
          file.truncate(verifiedEnd);
        }
        file.force();
      } catch (IOException | RuntimeException e) {
        return;
      }
      LOG.info("the block file takes writes again: transactions resume at block " + nextNumber);
      health = new LedgerHealth(LedgerHealth.State.READY,
          nextNumber + " blocks; writes resumed at " + clock.instant() + " after the disk refused them");
    }
  }

  /**
   * Runs the rules over {@code batch}, adding what they accept to {@code draft} (or to a new draft
   * when it is null); returns the draft, or null when it holds nothing.
   */
  private Draft execute(List<Pending> batch, Draft draft) {
    if (batch.isEmpty()) {
      return draft;
    }
    if (health.state() == LedgerHealth.State.READ_ONLY) {
      resume();
    }
    if (!health.ready()) {
      batch.forEach(p -> p.future.completeExceptionally(unavailable()));
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
    for (Pending p : batch) {
      EmbeddedWorldState ws = new EmbeddedWorldState(store, draft.layers, store::history, false, p.txId, p.time, p.caller);
      String result;
      // No lock, though the syncer applies blocks to the committed state meanwhile: every block it
      // applies is among the draft's layers until it is wholly in the store, and the layers come
      // first, so the writer reads the same either way; it need not wait for the store's write.
      try {
        if (p.name.equals(DEV_CLOCK_MOVE)) {
          // Not a rule: the gateway's dev clock, recorded where it survives restarts and auditors see it.
          ws.putLedgerKey(DEV_CLOCK_KEY, p.args.getBytes(StandardCharsets.UTF_8));
          result = p.args;
        } else {
          result = rules.invoke(ws, p.name, p.args);
        }
      } catch (RuleException e) {
        p.future.completeExceptionally(RefusedException.of(e));
        continue;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "transaction " + p.name + " failed", e);
        p.future.completeExceptionally(new UnavailableException("transaction " + p.name + " failed inside the ledger", e));
        continue;
      }
      draft.overlay.putAll(ws.writes());
      List<BlockRecords.Write> writes = new ArrayList<>(ws.writes().size());
      for (var w : ws.writes().entrySet()) {
        writes.add(BlockRecords.Write.of(w.getKey(), w.getValue()));
        draft.values.add(w.getValue() == EmbeddedWorldState.DELETED ? null : w.getValue());
      }
      String payload = ws.eventPayload() == null ? null : new String(ws.eventPayload(), StandardCharsets.UTF_8);
      BlockRecords.Transaction tx = new BlockRecords.Transaction(p.txId, p.time, p.caller, p.name, p.args, result, writes,
          ws.eventName(), payload);
      draft.txs.add(tx);
      // Serialised here, while fresh in the cache: left to the syncer whenever the writer was busy,
      // it cost more CPU per transaction at 256 writers (LedgerLoad) and gained nothing clear at 64.
      draft.serialise(txWriter);
      draft.accepted.add(p);
      draft.results.add(result);
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
        synchronized (file) {
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
    long number = nextNumber;
    List<byte[]> txBytes = draft.txBytes;
    Instant time = now();
    if (lastBlockTime != null && time.isBefore(lastBlockTime)) {
      // now() never goes below the last block's time; this guards the rule itself.
      draft.fail(new UnavailableException("the ledger will not date block " + number + " " + time + ", before block "
          + (number - 1) + " (" + lastBlockTime + "): block time never decreases", null));
      dropInFlight("block time would go backwards");
      return;
    }
    byte[] header = Json.canonical(new BlockRecords.Header(number, lastHeaderHash, txRoot(txBytes), ChainAudit.stateRootOfLastWrites(draft.lastWrites.values()), time, txs.size(), key.keyId));
    byte[] signature = signatures.sign(SignatureAlgorithm.ECDSA_P256_SHA256, key.privateKey, header);
    long before = verifiedEnd;
    long end;
    try {
      end = before + file.append(header, txBytes, signature);
      file.force();
    } catch (IOException | RuntimeException e) {
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
      if (!removed && health.state() != LedgerHealth.State.FAILED) {
        // The disk takes no writes at all: keep answering queries from the verified state in
        // memory, refuse transactions, and try the disk again now and then.
        lastResumeAttempt = System.nanoTime();
        health = new LedgerHealth(LedgerHealth.State.READ_ONLY, "cannot write block " + number + " at offset " + before + " ("
            + why + "); queries are answered, transactions refused until the disk takes writes again (make the data"
            + " directory writable; the ledger resumes by itself)");
      }
      UnavailableException down = new UnavailableException(removed
          ? "the ledger cannot write to disk (" + why + "); this transaction was not committed, try again later"
          : "the ledger cannot write to disk (" + why + "); whether this transaction was committed is unknown until the"
              + " ledger writes again or restarts: look it up before you try again", e);
      draft.fail(down);
      return;
    }
    List<LedgerEvent> fresh = new ArrayList<>();
    String headHash = ChainAudit.headerHash(header);
    lock.writeLock().lock();
    try {
      try {
        apply(number, before, end, headHash, txs, draft.values, fresh);
        store.flush();
      } catch (RuntimeException e) {
        // The block is on disk, so its transactions are committed; the state in the store may lack
        // part of it. Serve nothing more: a restart brings the store up to date from the block file.
        LOG.log(Level.SEVERE, "cannot write block " + number + " to the state store", e);
        store.forget();
        fail("block " + number + " is committed but the state store could not take it (" + e.getMessage()
            + "); the ledger serves nothing until it is restarted, which replays the block into the store");
      }
      lastBlock = new BlockEvents(number, fresh);
      verifiedEnd = end;
      nextNumber = number + 1;
      lastHeaderHash = headHash;
      lastBlockTime = time;
      synchronized (pipeline) {
        // Its writes are in the committed state now; drafts read them from there.
        inFlight.removeIf(o -> o == draft.overlay);
      }
    } finally {
      lock.writeLock().unlock();
    }
    writeMark(number + 1, end, headHash);
    for (int i = 0; i < draft.accepted.size(); i++) {
      Pending p = draft.accepted.get(i);
      p.future.complete(new Committed(p.txId, number, draft.results.get(i)));
    }
    if (System.nanoTime() - lastPersist > PERSIST_EVERY_NANOS) {
      persist();
    }
    if (!listeners.isEmpty()) {
      synchronized (delivery) {
        listeners.forEach(this::deliver);
      }
    }
  }

  /**
   * Raises the committed mark to {@code blocks} blocks, the last ending at {@code end}: after the
   * block file is forced, so the mark never claims more than the file holds durably. Not forced
   * here (see {@link #persist}): a mark that lags after a power cut only vouches for fewer blocks.
   */
  private void writeMark(long blocks, long end, String headHash) {
    if (markFile == null) {
      return;
    }
    CommittedMark next = (mark == null ? CommittedMark.none() : mark).next(blocks, end, headHash);
    try {
      next.writeTo(markFile);
      mark = next;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "cannot write the committed mark for block " + (blocks - 1)
          + " (a truncation of the blocks after the last mark written would go unnoticed)", e);
    }
  }

  /**
   * Forces the committed mark and has the state store flush its memtable in the background, so
   * that a crash loses at most about {@link #PERSIST_EVERY_NANOS} of either: the mark lags no more,
   * and start-up replays only the blocks after the store's last flush.
   */
  private void persist() {
    lastPersist = System.nanoTime();
    try {
      if (markFile != null) {
        markFile.force(false);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot force the committed mark", e);
    }
    store.flushSoon();
  }

  /**
   * Stages block {@code number} (from {@code offset} to {@code end} in the block file) for the state
   * store and collects its events; the caller flushes the store.
   */
  private void apply(long number, long offset, long end, String headHash, List<BlockRecords.Transaction> txs,
      List<byte[]> values, List<LedgerEvent> fresh) {
    store.add(number, offset, end, headHash, txs, values);
    for (BlockRecords.Transaction tx : txs) {
      if (tx.eventName() != null) {
        fresh.add(new LedgerEvent(number, tx.txId(), tx.eventName(), tx.eventPayload()));
      }
    }
  }

  static String txRoot(List<byte[]> txBytes) {
    return ChainAudit.txRoot(txBytes);
  }

  // --- start-up -------------------------------------------------------------------------------

  private void recover() throws IOException {
    long started = System.nanoTime();
    if (markUnreadable != null) {
      health = new LedgerHealth(LedgerHealth.State.FAILED, markUnreadable);
      LOG.severe(markUnreadable);
      chainChecked.countDown();
      return;
    }
    StateStore.Checkpoint checkpoint = store.checkpoint();
    boolean storeMatches = checkpoint.blocks() == 0 || matchesChain(checkpoint);
    String loss = loss(storeMatches ? checkpoint : null, checkpoint.blocks());
    if (loss != null) {
      // Nothing is changed: the store, the mark and the file stay as they are, for the operator.
      LOG.severe(loss);
      health = new LedgerHealth(LedgerHealth.State.FAILED, loss);
      chainChecked.countDown();
      return;
    }
    if (!storeMatches) {
      LOG.warning("the state store (as of block " + (checkpoint.blocks() - 1) + ") does not match the block file:"
          + " it is rebuilt from the block file");
      store.clear();
      checkpoint = store.checkpoint();
    }
    nextNumber = checkpoint.blocks();
    lastHeaderHash = checkpoint.headHash();
    if (checkpoint.blocks() > 0) {
      lastBlockTime = ChainAudit.timeOf(file.read(store.offsetOf(checkpoint.blocks() - 1)));
    }
    BlockFrames.Tail tail = file.scan(checkpoint.end(), this::verifyAndApply);
    store.flush();
    if (lastBlockTime != null) {
      latest.set(lastBlockTime);
    }
    String cut = "";
    if (tail instanceof BlockFrames.Torn torn) {
      // A write cut short holds nothing acknowledged; say so where operators look, since damage to
      // the last block's length fields looks the same.
      cut = "; an unfinished block " + nextNumber + " of " + torn.length() + " bytes at offset " + torn.offset()
          + (file.readOnlyBecause() == null ? " was cut off" : " is cut off once the file is writable")
          + " (a write cut short, or damage to the last block's length)";
      LOG.warning("block file" + cut);
      verifiedEnd = torn.offset();
      if (file.readOnlyBecause() == null) {
        file.truncate(torn.offset());
      }
    } else if (tail instanceof BlockFrames.Corrupt bad) {
      verifiedEnd = bad.offset();
      String what = "block " + nextNumber + " at offset " + bad.offset() + ": " + bad.what()
          + "; the ledger serves nothing until an operator restores a verified copy";
      LOG.severe(what);
      health = new LedgerHealth(LedgerHealth.State.FAILED, what);
      chainChecked.countDown();
      return;
    }
    if (tail instanceof BlockFrames.Clean) {
      verifiedEnd = file.size();
    }
    long replayed = nextNumber - checkpoint.blocks();
    String summary = nextNumber + " blocks; state as of block " + checkpoint.blocks() + " from the state store, "
        + replayed + " blocks (" + restoredTransactions + " transactions) verified and replayed in "
        + (System.nanoTime() - started) / 1_000_000 + " ms (" + restoreNanos / 1_000_000 + " ms restoring state, " + storeOpenNanos / 1_000_000
        + " ms opening the state store before)"
        + (checkpoint.blocks() > 0 ? "; the " + checkpoint.blocks() + " blocks before" + IN_BACKGROUND : "");
    if (checkpoint.blocks() > 0) {
      StateStore.Checkpoint before = checkpoint;
      auditor = daemon("dareg-ledger-audit").newThread(() -> auditBefore(before));
    } else {
      chainChecked.countDown();
    }
    if (file.readOnlyBecause() != null) {
      LOG.warning("the block file cannot be written: " + file.readOnlyBecause());
      lastResumeAttempt = System.nanoTime();
      health = new LedgerHealth(LedgerHealth.State.READ_ONLY, summary + "; the block file cannot be written ("
          + file.readOnlyBecause() + "): queries are answered, transactions refused until it is writable again"
          + " (the ledger then resumes by itself)" + cut);
      return;
    }
    health = new LedgerHealth(LedgerHealth.State.READY, summary + cut);
    if (mark == null || mark.blocks() != nextNumber) {
      // Blocks that verified are committed, whatever the mark said (a ledger from before marks, a
      // mark that lagged behind a power cut): from now on the mark vouches for them.
      writeMark(nextNumber, verifiedEnd, lastHeaderHash);
      persist();
    }
  }

  /**
   * Whether the block file holds fewer whole blocks than anything the ledger or the gateway wrote
   * says were committed: the mark, the state store's checkpoint, the {@link #claims}. Counts the
   * frames after the store's checkpoint ({@code matching}, when it matches the chain), else from
   * block 0, checking only their checksums; damage in the middle is left to the full checks. Returns
   * what is missing, or null.
   */
  private String loss(StateStore.Checkpoint matching, long storeBlocks) throws IOException {
    List<Claim> all = new ArrayList<>();
    if (mark != null) {
      all.add(new Claim("the ledger's high-water mark (" + CommittedMark.FILE + ")", mark.blocks()));
    }
    all.add(new Claim("the state store's checkpoint", storeBlocks));
    all.addAll(claims);
    Claim top = all.stream().max(java.util.Comparator.comparingLong(Claim::blocks)).orElseThrow();
    if (matching != null && top.blocks() <= matching.blocks()) {
      return null;
    }
    long[] held = {matching == null ? 0 : matching.blocks()};
    BlockFrames.Tail tail = file.scan(matching == null ? 0 : matching.end(), frame -> {
      held[0]++;
      return null;
    });
    if (held[0] >= top.blocks() || tail instanceof BlockFrames.Corrupt) {
      return null;
    }
    return CommittedMark.missing(held[0], top.blocks(), file.size(),
        tail instanceof BlockFrames.Torn torn ? torn.offset() : -1, top.source());
  }

  /** Whether the block the store's checkpoint ends with is in the block file where the store says. */
  private boolean matchesChain(StateStore.Checkpoint checkpoint) throws IOException {
    long offset = store.offsetOf(checkpoint.blocks() - 1);
    BlockFrames.Frame head = offset < 0 ? null : file.read(offset);
    return head != null && head.end() == checkpoint.end() && ChainAudit.headerHash(head.header()).equals(checkpoint.headHash());
  }

  private String verifyAndApply(BlockFrames.Frame frame) {
    JsonNode verified;
    try {
      verified = audit.verifiedTransactions(frame, nextNumber, lastHeaderHash, lastBlockTime);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    // Replay from the tree the checks parsed: the body is read once.
    List<BlockRecords.Transaction> txs = new ArrayList<>(verified.size());
    try {
      for (JsonNode tx : verified) {
        txs.add(Json.mapper().treeToValue(tx, BlockRecords.Transaction.class));
      }
    } catch (IOException | RuntimeException e) {
      return "unreadable block: " + e.getMessage();
    }
    long t0 = System.nanoTime();
    String headHash = ChainAudit.headerHash(frame.header());
    apply(nextNumber, frame.offset(), frame.end(), headHash, txs, BlockRecords.values(txs), new ArrayList<>());
    if (store.pending() >= REPLAY_BATCH) {
      store.flush();
    }
    restoreNanos += System.nanoTime() - t0;
    restoredTransactions += txs.size();
    nextNumber++;
    lastHeaderHash = headHash;
    lastBlockTime = ChainAudit.timeOf(frame);
    return null;
  }

  /**
   * Verifies, while the ledger serves, the blocks the state store held at start-up: the same checks
   * as on replay, from block 0 to the checkpoint, giving way to queries between blocks ({@link
   * BackgroundCheckPace}). Damage leaves the ledger FAILED, as if it had been found before ready.
   */
  private void auditBefore(StateStore.Checkpoint checkpoint) {
    long started = System.nanoTime();
    long[] number = {0};
    long[] rested = {0};
    String[] previous = {ChainAudit.GENESIS};
    Instant[] previousTime = {null};
    try (FileChannel channel = FileChannel.open(blocksPath, StandardOpenOption.READ)) {
      long[] blockStarted = {System.nanoTime()};
      BlockFrames.Tail tail = BlockFrames.scan(channel, checkpoint.end(), frame -> {
        if (closed) {
          return "closed";
        }
        String problem = audit.check(frame, number[0], previous[0], previousTime[0]);
        if (problem == null) {
          number[0]++;
          previous[0] = ChainAudit.headerHash(frame.header());
          previousTime[0] = ChainAudit.timeOf(frame);
          // A block's share is earned by reading it from the block file as well as checking it.
          long now = System.nanoTime();
          rested[0] += checkPace.rest(now - blockStarted[0], () -> closed);
          blockStarted[0] = System.nanoTime();
        }
        return problem;
      });
      if (closed) {
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
        fail(what + " (found by the background check of the chain); the ledger serves nothing until an operator"
            + " restores a verified copy");
      } else {
        long ms = (System.nanoTime() - started) / 1_000_000;
        String took = ms + " ms"
            + (rested[0] >= 1_000_000 ? " (" + rested[0] / 1_000_000 + " ms of it giving way to queries)" : "");
        LOG.info("the background check verified blocks 0 to " + (checkpoint.blocks() - 1) + " in " + took);
        synchronized (file) {
          LedgerHealth h = health;
          if (h.state() != LedgerHealth.State.FAILED && h.detail().contains(IN_BACKGROUND)) {
            health = new LedgerHealth(h.state(), h.detail().replace(IN_BACKGROUND, " verified in the background in " + took));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        fail("the background check of the chain could not read the block file: " + e.getMessage()
            + "; the ledger serves nothing until the chain verifies");
      }
    } finally {
      chainChecked.countDown();
    }
  }

  /** Leaves the ledger FAILED: it serves nothing, whatever it was doing. */
  private void fail(String what) {
    LOG.severe(what);
    synchronized (file) {
      health = new LedgerHealth(LedgerHealth.State.FAILED, what);
    }
  }

  /**
   * Waits until the blocks before the start-up checkpoint have been verified (or found damaged,
   * then the ledger is FAILED); true when the check is over.
   */
  boolean awaitChainCheck(long timeout, TimeUnit unit) throws InterruptedException {
    return chainChecked.await(timeout, unit);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}

package io.dareg.bench;

import static io.dareg.bench.Percentiles.millis;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.act.RequestSigner;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.dareg.gateway.log.TransparencyLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Commits evidence deposits to a fresh embedded ledger through the Ledger port at several
 * concurrency levels, fsync on, and reports transactions per second and commit latency
 * percentiles; then measures, in the same run, raw append + fdatasync of the same number of bytes
 * per fsync (the disk's limit). It also reports the process's CPU time per committed transaction,
 * which, unlike throughput, does not depend on what else the machine is running, and the same for
 * the ledger's writer, syncer and applier threads alone.
 *
 * <p>Usage: {@code java -cp ... io.dareg.bench.LedgerLoad [--register [--two-step]] [--async] [--unsigned]
 * [--warmup SECONDS] [seconds-per-level] [levels...]}; {@code --register} commits a registration per
 * operation instead (see {@link #registrations}), the embedded counterpart of {@code HttpLoad --op
 * register}: one {@code register} transaction carrying the deposit and the application (issue 26), or
 * with {@code --two-step} a {@code depositEvidence} and then a {@code submit}, as before it;
 * {@code --warmup} first runs the highest level unmeasured on a ledger of its own, as {@code HttpLoad
 * --warmup} does for the gateway.
 *
 * <p>Writes are signed (issue 23): the ledger is initialised with the roots of a
 * {@link ThrowawayAuthority}, and every write is its author's signed request
 * ({@code dareg-signed-request/1}), handed in by the gateway's service identity, as the gateway
 * hands in a signed request it received. Each request is signed in the load-generating thread
 * that submits it (the writer's thread, or the one harness thread with {@code --async}): signing
 * is the client's cost, as it is in reality, and is counted in the process's CPU per transaction
 * and reported apart ({@code sign us/tx}). {@code --unsigned} runs the path before issue 23 on a
 * ledger initialised without roots, each write taken as its submitter's, so that the cost of
 * signatures (signing here, verifying in the rules on the ledger's writer thread) is measurable;
 * its figures are printed as {@code RESULT ledger_unsigned...} and {@code ledger_register_unsigned...}.
 *
 * <p>A writer is by default a thread of its own that waits for each commit, so 64 writers are 64
 * threads, each woken once per transaction: their CPU and the ledger's cost of waking them count
 * in the figures. With {@code --async} a writer is a chain of transactions, each submitted when
 * the one before it is committed, all driven by one thread: the port used as the gateway uses it
 * (its requests wait on futures, not on threads). The same number of transactions are in flight
 * either way.
 *
 * <p>{@code --log off|on|both} (issue 24): whether the ledger feeds a transparency log while it
 * commits. The embedded ledger itself keeps no log: the gateway ({@code ApiServer}) opens a
 * {@link TransparencyLog} over it, which follows every committed block on a thread of its own
 * ({@code dareg-log}: leaf and node hashes, the tree's files). {@code on} opens the same log the
 * same way, in the ledger's directory; {@code off} (the default, as before issue 24) opens none.
 * {@code both} runs each level {@code --rounds N} times (default 2) as off, on, on, off, ... in
 * the same process after the same warm-up (made with the log on, so both paths are compiled), and
 * prints each round and the ratio of on to off; RESULT lines carry {@code _log_on} /
 * {@code _log_off} and the round ({@code .r1}, ...). With the log on, {@code log us/tx} is the
 * log thread's CPU per transaction and {@code log lag} how many blocks the log was behind the
 * ledger when the level ended (it must catch up, or the log would not keep pace).
 */
public final class LedgerLoad {
  private static final Caller ADMIN = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
  private static final Caller REGISTRAR = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
  /** The identity of the ledger the signed load writes to, which every signed request names. */
  private static final String LEDGER_ID = "dareg-bench-ledger";

  private LedgerLoad() {}

  public static void main(String[] args) throws Exception {
    boolean register = false;
    boolean twoStep = false;
    boolean async = false;
    boolean signed = true;
    int warmup = 0;
    String log = "off";
    int rounds = 2;
    while (args.length > 0 && args[0].startsWith("--")) {
      if (args[0].equals("--register")) {
        register = true;
        args = Arrays.copyOfRange(args, 1, args.length);
      } else if (args[0].equals("--two-step")) {
        twoStep = true;
        args = Arrays.copyOfRange(args, 1, args.length);
      } else if (args[0].equals("--async")) {
        async = true;
        args = Arrays.copyOfRange(args, 1, args.length);
      } else if (args[0].equals("--unsigned")) {
        signed = false;
        args = Arrays.copyOfRange(args, 1, args.length);
      } else if (args[0].equals("--log") && args.length > 1 && List.of("off", "on", "both").contains(args[1])) {
        log = args[1];
        args = Arrays.copyOfRange(args, 2, args.length);
      } else if (args[0].equals("--rounds") && args.length > 1) {
        rounds = Integer.parseInt(args[1]);
        args = Arrays.copyOfRange(args, 2, args.length);
      } else if (args[0].equals("--warmup") && args.length > 1) {
        warmup = Integer.parseInt(args[1]);
        args = Arrays.copyOfRange(args, 2, args.length);
      } else {
        System.err.println("usage: LedgerLoad [--register [--two-step]] [--async] [--unsigned] [--log off|on|both] [--rounds N] [--warmup SECONDS]"
            + " [seconds-per-level] [levels...]");
        System.exit(2);
      }
    }
    // --two-step alone is a way to register, and registers
    Work work = twoStep ? Work.TWO_STEP : register ? Work.REGISTER : Work.DEPOSIT;
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int[] levels = args.length > 1
        ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {1, 16, 64};
    System.out.println(signed
        ? "# signed writes: each its author's dareg-signed-request/1 (ECDSA P-256), signed in the load's own threads (the client's"
            + " cost, in cpu us/tx and apart as sign us/tx), verified by the rules on the ledger's writer thread"
        : "# unsigned writes (--unsigned): a ledger without trusted roots, each write taken as its submitter's (before issue 23)");
    if (warmup > 0) {
      // The JIT compiles the rules and the commit path for tens of seconds: unmeasured, on a ledger of its own.
      Result w = run(Arrays.stream(levels).max().orElse(1), warmup, work, async, signed, !log.equals("off"));
      System.out.printf("# warm-up: %d s at %d writers, %.0f tx/s, not counted%n", warmup, Arrays.stream(levels).max().orElse(1),
          w.txPerSecond);
    }
    if (log.equals("both")) {
      logOnAndOff(seconds, levels, work, async, signed, rounds);
      return;
    }
    boolean withLog = log.equals("on");
    if (withLog) {
      System.out.println("# --log on: a transparency log follows the ledger's blocks, as the gateway's does");
    }
    if (work != Work.DEPOSIT) {
      registrations(seconds, levels, work, async, signed, withLog);
      return;
    }
    System.out.printf("%-8s %10s %10s %10s %10s %10s %12s %12s %12s %12s %12s %12s %12s%n",
        "writers", "tx/s", "p50 ms", "p99 ms", "p99.9 ms", "blocks", "raw fsync/s", "ratio", "cpu us/tx", "writer us/tx", "syncer us/tx",
        "apply us/tx", "sign us/tx");
    for (int writers : levels) {
      Result r = run(writers, seconds, Work.DEPOSIT, async, signed, withLog);
      double raw = rawAppend(r.bytesPerBlock, seconds);
      double txPerRawSecond = raw * r.txPerBlock;
      System.out.printf("%-8d %10.0f %10.2f %10.2f %10.2f %10d %12.0f %12.2f %12.1f %12.1f %12.1f %12.1f %12.1f%n",
          writers, r.txPerSecond, r.p50, r.p99, r.p999, r.blocks, raw, r.txPerSecond / txPerRawSecond, r.cpuMicrosPerTx,
          r.writerMicrosPerTx, r.syncerMicrosPerTx, r.applierMicrosPerTx, r.signMicrosPerTx);
      System.out.printf("RESULT ledger%5$s.%1$d.tx_per_s %2$.1f%nRESULT ledger%5$s.%1$d.p99_ms %3$.2f%n"
          + "RESULT ledger%5$s.%1$d.raw_ratio %4$.3f%nRESULT ledger%5$s.%1$d.raw_tx_per_s %6$.1f%n"
          + "RESULT ledger%5$s.%1$d.cpu_us_per_tx %7$.1f%nRESULT ledger%5$s.%1$d.writer_us_per_tx %8$.1f%n"
          + "RESULT ledger%5$s.%1$d.sign_us_per_tx %9$.1f%n",
          writers, r.txPerSecond, r.p99, r.txPerSecond / txPerRawSecond, label(async, signed) + (withLog ? "_log_on" : ""), txPerRawSecond, r.cpuMicrosPerTx,
          r.writerMicrosPerTx, r.signMicrosPerTx);
    }
  }

  /**
   * {@code --register}: each writer registers as {@code HttpLoad --op register} does over HTTP, so that the two compare
   * with and without the HTTP door; registrations per second and CPU per registration beside the transactions' figures.
   */
  private static void registrations(int seconds, int[] levels, Work work, boolean async, boolean signed, boolean withLog) throws Exception {
    System.out.println("# registrations: " + work.what);
    System.out.printf("%-8s %10s %10s %10s %10s %10s %10s %12s %12s %12s %12s %12s%n",
        "writers", "regs/s", "tx/s", "p50 ms", "p99 ms", "p99.9 ms", "blocks", "cpu us/tx", "writer us/tx", "syncer us/tx",
        "apply us/tx", "sign us/tx");
    String name = work.name + label(async, signed) + (withLog ? "_log_on" : "");
    for (int writers : levels) {
      Result r = run(writers, seconds, work, async, signed, withLog);
      System.out.printf("%-8d %10.0f %10.0f %10.2f %10.2f %10.2f %10d %12.1f %12.1f %12.1f %12.1f %12.1f%n",
          writers, r.opsPerSecond, r.txPerSecond, r.p50, r.p99, r.p999, r.blocks, r.cpuMicrosPerTx, r.writerMicrosPerTx,
          r.syncerMicrosPerTx, r.applierMicrosPerTx, r.signMicrosPerTx);
      System.out.printf("RESULT %4$s.%1$d.tx_per_s %2$.1f%nRESULT %4$s.%1$d.p99_ms %3$.2f%n", writers, r.txPerSecond, r.p99, name);
      // issue 26: set beside PostgreSQL's figures (PgLoad) in the suite.
      System.out.printf("RESULT %4$s.%1$d.p50_ms %2$.2f%nRESULT %4$s.%1$d.cpu_us_per_tx %3$.1f%n", writers, r.p50, r.cpuMicrosPerTx, name);
      System.out.printf("RESULT %4$s.%1$d.writer_us_per_tx %2$.1f%nRESULT %4$s.%1$d.sign_us_per_tx %3$.1f%n",
          writers, r.writerMicrosPerTx, r.signMicrosPerTx, name);
      System.out.printf("RESULT %4$s.%1$d.regs_per_s %2$.1f%nRESULT %4$s.%1$d.cpu_us_per_reg %3$.1f%n",
          writers, r.opsPerSecond, r.cpuMicrosPerTx * work.transactions, name);
      System.out.printf("RESULT %3$s.%1$d.writer_us_per_reg %2$.1f%n", writers, r.writerMicrosPerTx * work.transactions, name);
      System.out.printf("RESULT %4$s.%1$d.syncer_us_per_tx %2$.1f%nRESULT %4$s.%1$d.apply_us_per_tx %3$.1f%n",
          writers, r.syncerMicrosPerTx, r.applierMicrosPerTx, name);
    }
  }

  /**
   * {@code --log both}: at each level, {@code rounds} rounds of off then on, each on a fresh ledger
   * (and log) in this process; then each pair's ratio (on / off) of transactions per second.
   */
  private static void logOnAndOff(int seconds, int[] levels, Work work, boolean async, boolean signed, int rounds)
      throws Exception {
    System.out.println("# --log both: " + work.what + ", the transparency log off and on alternately, " + rounds + " rounds each, "
        + seconds + " s per round");
    System.out.printf("%-8s %-6s %-4s %10s %10s %10s %10s %10s %12s %12s %12s %10s %10s%n", "writers", "round", "log", "regs/s", "tx/s",
        "p50 ms", "p99 ms", "blocks", "cpu us/tx", "writer us/tx", "syncer us/tx", "log us/tx", "log lag");
    String base = work.name + label(async, signed);
    for (int writers : levels) {
      double[] ratios = new double[rounds];
      for (int round = 1; round <= rounds; round++) {
        Result off = null;
        Result on = null;
        // off, on in odd rounds and on, off in even ones (ABBA), so that the JIT still warming up or the machine's load
        // drifting during a level favours neither side
        for (boolean withLog : round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
          Result r = run(writers, seconds, work, async, signed, withLog);
          System.out.printf("%-8d %-6d %-4s %10.0f %10.0f %10.2f %10.2f %10d %12.1f %12.1f %12.1f %10s %10s%n", writers, round,
              withLog ? "on" : "off", r.opsPerSecond, r.txPerSecond, r.p50, r.p99, r.blocks,
              r.cpuMicrosPerTx, r.writerMicrosPerTx, r.syncerMicrosPerTx, withLog ? String.format("%.1f", r.logMicrosPerTx) : "-",
              withLog ? String.valueOf(r.logLagBlocks) : "-");
          String name = base + (withLog ? "_log_on" : "_log_off") + "." + writers + ".r" + round;
          System.out.printf("RESULT %1$s.tx_per_s %2$.1f%nRESULT %1$s.p99_ms %3$.2f%nRESULT %1$s.cpu_us_per_tx %4$.1f%n"
              + "RESULT %1$s.writer_us_per_tx %5$.1f%nRESULT %1$s.syncer_us_per_tx %6$.1f%n", name, r.txPerSecond, r.p99, r.cpuMicrosPerTx,
              r.writerMicrosPerTx, r.syncerMicrosPerTx);
          if (withLog) {
            System.out.printf("RESULT %1$s.log_us_per_tx %2$.1f%nRESULT %1$s.log_lag_blocks %3$d%n", name, r.logMicrosPerTx, r.logLagBlocks);
            on = r;
          } else {
            off = r;
          }
        }
        ratios[round - 1] = on.txPerSecond / off.txPerSecond;
        System.out.printf("RESULT %s_log_ratio.%d.r%d %.3f%n", base, writers, round, ratios[round - 1]);
      }
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      System.out.printf("%-8d on / off tx/s by round: %s (min %.3f, max %.3f)%n", writers,
          Arrays.toString(Arrays.stream(ratios).map(x -> Math.round(x * 1000) / 1000.0).toArray()), sorted[0], sorted[sorted.length - 1]);
    }
  }

  /**
   * One registration's canonical JSON as the embedded ledger keeps it, made on a throw-away ledger
   * by the same deposit and application as {@code --register}: the result of {@code submit}, which
   * the rules encode with the codec that wrote the record to the world state, so the same bytes
   * (issue 26: {@link PgLoad} stores them in PostgreSQL).
   */
  static String registrationJson() throws Exception {
    Path dir = Files.createTempDirectory("dareg-bench-sample");
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir.resolve("ledger"), Clock.systemUTC(), EmbeddedLedger.Options.defaults())) {
      ledger.submit(ADMIN, "initLedger", Requests.json(new InitLedgerRequest("RegistryMSP", "bench", "TJ-DIP"))).join();
      Caller holder = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder0"), null, false);
      ledger.submit(REGISTRAR, "openAccount", Requests.json(new OpenAccountRequest(
          Requests.hash("holder0"), "holder 0", AccountKind.ENTERPRISE, List.of(holder.identity())))).join();
      Committed deposited = ledger.submit(holder, "depositEvidence", Requests.json(Requests.deposit(1))).join();
      return ledger.submit(holder, "submit", Requests.json(Requests.application(Requests.field(deposited, "evidenceNo"), 1))).join().resultJson();
    } finally {
      deleteTree(dir);
    }
  }

  private record Result(double opsPerSecond, double txPerSecond, double p50, double p99, double p999, long blocks, double txPerBlock, int bytesPerBlock,
      double cpuMicrosPerTx, double writerMicrosPerTx, double syncerMicrosPerTx, double applierMicrosPerTx, double signMicrosPerTx,
      double logMicrosPerTx,
      long logLagBlocks) {}

  /** What one operation of the load is, and how many transactions it commits. */
  private enum Work {
    DEPOSIT("ledger", "evidence deposits", 1),
    REGISTER("ledger_register", "registrations, each one register transaction (the deposit and the application)", 1),
    TWO_STEP("ledger_register_two_step", "registrations, each a depositEvidence and then a submit (--two-step)", 2);

    final String name;
    final String what;
    final int transactions;

    Work(String name, String what, int transactions) {
      this.name = name;
      this.what = what;
      this.transactions = transactions;
    }

    /** Starts operation {@code n} of {@code holder}; a second step is submitted on {@code next}. */
    CompletableFuture<Committed> start(Writes writes, EmbeddedLedger ledger, Caller holder, RequestSigner author, long n,
        java.util.concurrent.Executor next) {
      return switch (this) {
        case DEPOSIT -> writes.submit(ledger, holder, author, "depositEvidence", Requests.deposit(n));
        case REGISTER -> writes.submit(ledger, holder, author, "register", Requests.registration(n));
        case TWO_STEP -> writes.submit(ledger, holder, author, "depositEvidence", Requests.deposit(n))
            .thenComposeAsync(d -> writes.submit(ledger, holder, author, "submit", Requests.application(Requests.field(d, "evidenceNo"), n)), next);
      };
    }
  }

  /**
   * How the load's writes reach the ledger. Signed (issue 23): the ledger trusts a throw-away CA's
   * roots, every write is its author's signed request, handed in by the gateway's service
   * identity. Unsigned ({@code --unsigned}): a ledger without roots, each write taken as its
   * submitter's, as before issue 23.
   */
  private static final class Writes {
    private final ThrowawayAuthority ca;
    private final LongAdder signNanos = new LongAdder();

    Writes(boolean signed) {
      this.ca = signed ? new ThrowawayAuthority() : null;
    }

    /** The initLedger request: trusting the authority's roots, or none. */
    InitLedgerRequest init() {
      return ca == null ? new InitLedgerRequest("RegistryMSP", "bench", "TJ-DIP")
          : new InitLedgerRequest("RegistryMSP", "bench", "TJ-DIP", LEDGER_ID, ca.roots());
    }

    /** The author of {@code caller}'s writes: a certificate the authority issues to the same identity, or null when unsigned. */
    RequestSigner author(Caller caller) {
      if (ca == null) {
        return null;
      }
      // The rules name a signed author CN=user (CN=user,OU=admin for an admin), as the callers above are named.
      String user = caller.identity().id().substring(3);
      return ca.author(caller.msp(), user, caller.roleAttribute(), caller.orgAdmin()).signer(LEDGER_ID, Clock.systemUTC());
    }

    /**
     * Submits {@code request} as {@code transaction} by {@code caller}: signed by {@code author} in
     * the calling thread (its CPU counted in {@link #signNanos}) and handed in by the service
     * identity, or unsigned as {@code caller}'s.
     */
    CompletableFuture<Committed> submit(EmbeddedLedger ledger, Caller caller, RequestSigner author, String transaction, Object request) {
      if (author == null) {
        return ledger.submit(caller, transaction, Requests.json(request));
      }
      long t0 = THREADS.getCurrentThreadCpuTime();
      String signed = CanonicalJson.toString(author.sign(transaction, Json.mapper().valueToTree(request)).toJson());
      signNanos.add(THREADS.getCurrentThreadCpuTime() - t0);
      return ledger.submit(ApiServer.SERVICE_CALLER, transaction, signed);
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** One level, each operation {@code work}'s; latencies are the operations', throughput both operations' and transactions'. */
  private static Result run(int writers, int seconds, Work work, boolean async, boolean signed, boolean withLog)
      throws Exception {
    Path dir = Files.createTempDirectory("dareg-bench-ledger");
    Writes writes = new Writes(signed);
    TransparencyLog log = null;
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir.resolve("ledger"), Clock.systemUTC(), EmbeddedLedger.Options.defaults())) {
      if (withLog) {
        // As the gateway opens it (ApiServer): in <data>/log, named after the node key, following every committed block.
        log = TransparencyLog.open(dir.resolve("log"), ledger, "dareg.local/ledger-" + Signatures.keyId(ledger.nodePublicKey()),
            Clock.systemUTC());
      }
      writes.submit(ledger, ADMIN, writes.author(ADMIN), "initLedger", writes.init()).join();
      RequestSigner registrar = writes.author(REGISTRAR);
      Caller[] holders = new Caller[writers];
      RequestSigner[] authors = new RequestSigner[writers];
      for (int i = 0; i < writers; i++) {
        holders[i] = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder" + i), null, false);
        authors[i] = writes.author(holders[i]);
        writes.submit(ledger, REGISTRAR, registrar, "openAccount", new OpenAccountRequest(
            Requests.hash("holder" + i), "holder " + i, AccountKind.ENTERPRISE, List.of(holders[i].identity()))).join();
      }
      writes.signNanos.reset();
      long startHeight = ledger.height();
      long startBytes = Files.size(dir.resolve("ledger/blocks.dat"));
      AtomicLong counter = new AtomicLong();
      long[][] latencies = new long[writers][];
      int[] counts = new int[writers];
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      CountDownLatch done = new CountDownLatch(writers);
      long started = System.nanoTime();
      long cpuStarted = CpuTime.process();
      long writerStarted = CpuTime.threads("dareg-ledger-writer");
      long syncerStarted = CpuTime.threads("dareg-ledger-sync");
      long applierStarted = CpuTime.threads("dareg-ledger-apply");
      long logStarted = CpuTime.threads("dareg-log");
      for (int w = 0; w < writers; w++) {
        // Small, grown as needed: 64 writers with 8 MiB each were half a GiB of humongous
        // objects, which started G1's concurrent cycles and lengthened the ledger's pauses.
        latencies[w] = new long[4096];
      }
      AtomicReference<Throwable> failure = new AtomicReference<>();
      ExecutorService harness = async ? Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-harness")) : null;
      for (int w = 0; w < writers; w++) {
        final int id = w;
        if (async) {
          harness.execute(new Runnable() {
            @Override
            public void run() {
              if (System.nanoTime() >= end || failure.get() != null) {
                done.countDown();
                return;
              }
              long t0 = System.nanoTime();
              long n = counter.incrementAndGet();
              work.start(writes, ledger, holders[id], authors[id], n, harness).whenCompleteAsync((c, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                } else {
                  record(latencies, counts, id, System.nanoTime() - t0);
                }
                run();
              }, harness);
            }
          });
          continue;
        }
        new Thread(() -> {
          try {
            while (System.nanoTime() < end) {
              long t0 = System.nanoTime();
              long n = counter.incrementAndGet();
              work.start(writes, ledger, holders[id], authors[id], n, Runnable::run).join();
              record(latencies, counts, id, System.nanoTime() - t0);
            }
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          } finally {
            done.countDown();
          }
        }, "bench-writer-" + id).start();
      }
      done.await();
      if (harness != null) {
        harness.shutdown();
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a transaction failed: " + failure.get().getMessage(), failure.get());
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      long cpu = CpuTime.process() - cpuStarted;
      long writerCpu = CpuTime.threads("dareg-ledger-writer") - writerStarted;
      long syncerCpu = CpuTime.threads("dareg-ledger-sync") - syncerStarted;
      long applierCpu = CpuTime.threads("dareg-ledger-apply") - applierStarted;
      long logCpu = CpuTime.threads("dareg-log") - logStarted;
      long logLag = log == null ? 0 : ledger.height() - log.blocks();
      long ops = Arrays.stream(counts).sum();
      long total = ops * work.transactions;
      long[] all = new long[(int) ops];
      int k = 0;
      for (int w = 0; w < writers; w++) {
        System.arraycopy(latencies[w], 0, all, k, counts[w]);
        k += counts[w];
      }
      Arrays.sort(all);
      long blocks = ledger.height() - startHeight;
      long bytes = Files.size(dir.resolve("ledger/blocks.dat")) - startBytes;
      return new Result(ops / elapsed, total / elapsed, millis(all, 0.50), millis(all, 0.99), millis(all, 0.999), blocks,
          (double) total / blocks, (int) (bytes / Math.max(1, blocks)), cpu / 1e3 / Math.max(1, total),
          writerCpu / 1e3 / Math.max(1, total), syncerCpu / 1e3 / Math.max(1, total), applierCpu / 1e3 / Math.max(1, total),
          writes.signNanos.sum() / 1e3 / Math.max(1, total),
          logCpu / 1e3 / Math.max(1, total), logLag);
    } finally {
      if (log != null) {
        log.close(); // after the ledger: drains the blocks it was handed (all on disk), then forces its tree
      }
      deleteTree(dir);
    }
  }

  /** Appends blocks of {@code bytes} and fdatasyncs each: how many per second the disk allows. */
  private static double rawAppend(int bytes, int seconds) throws IOException {
    Path file = Files.createTempFile("dareg-bench-raw", ".dat");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.allocate(Math.max(1, bytes));
      long n = 0;
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        b.clear();
        ch.write(b);
        ch.force(false);
        n++;
      }
      return n / ((System.nanoTime() - start) / 1e9);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** What follows {@code ledger} or {@code ledger_register} in the names of the RESULT lines. */
  private static String label(boolean async, boolean signed) {
    return (async ? "_async" : "") + (signed ? "" : "_unsigned");
  }

  /** Adds one operation's latency to writer {@code id}'s record (one thread at a time per writer: its own, or the harness). */
  private static void record(long[][] latencies, int[] counts, int id, long nanos) {
    if (counts[id] == latencies[id].length) {
      latencies[id] = Arrays.copyOf(latencies[id], counts[id] * 2);
    }
    latencies[id][counts[id]++] = nanos;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

package io.dareg.bench;

import static io.dareg.bench.Percentiles.nanos;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.Json;
import io.dareg.core.log.MerkleLog;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.http.Limits;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerAdministration;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.Subscription;
import io.dareg.gateway.log.TransparencyLog;
import io.dareg.chaincode.registry.Caller;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Inclusion and consistency proofs of the transparency log (issue 24) at a large size: p50, p99 and max of random proofs,
 * in process (the gateway's {@link TransparencyLog}, what the route calls) and over HTTP (the gateway's own routes
 * {@code /api/v1/log/proofs/inclusion} and {@code /consistency}, a real {@link ApiServer} on loopback), and the log's
 * size on disk.
 *
 * <p>The log is filled with synthetic entries, not through the ledger's rules: a proof's cost depends only on the tree
 * the log keeps ({@code <data>/log/tree}: one file a level, O(log² n) positional reads a proof), not on what the leaves
 * are. {@link SyntheticLedger} stands in for the embedded ledger behind the gateway: it serves {@code N} committed blocks
 * of {@code --per-block} entries each (a JSON object of about 200 bytes each, written to a block file in the embedded
 * layout, {@code [e,e,...]}, so the entry routes work too) to whoever follows it, and refuses every transaction. The
 * gateway opens its log over it as over the embedded ledger and appends the blocks on its own thread, exactly as it
 * follows real commits; the fill rate is reported. Filling through the real ledger would take, at the 64-writer rates
 * of this machine (5,000–15,000 tx/s unsigned, 1,000–2,000 signed), 1 to 17 minutes for 1,000,000 transactions; the
 * tree would be the same shape.
 *
 * <p>Usage: {@code LogProofs [--entries 1000000] [--per-block 64] [--samples 20000] [--clients 1,8] [--hold SECONDS]}.
 * Results as {@code RESULT log.*} lines. {@code --hold} keeps the gateway serving the log that long after the
 * measurements, for an outside load generator (its URL is printed).
 */
public final class LogProofs {
  private LogProofs() {}

  public static void main(String[] args) throws Exception {
    long entries = 1_000_000;
    int perBlock = 64;
    int samples = 20_000;
    int[] clients = {1, 8};
    int holdSeconds = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--entries" -> entries = Long.parseLong(args[++i]);
        case "--per-block" -> perBlock = Integer.parseInt(args[++i]);
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--hold" -> holdSeconds = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: LogProofs [--entries N] [--per-block B] [--samples S] [--clients 1,8] [--hold SECONDS]");
          System.exit(2);
        }
      }
    }
    Path dir = Files.createTempDirectory("dareg-bench-log");
    Vertx vertx = Vertx.vertx();
    ApiServer api = null;
    try (SyntheticLedger ledger = new SyntheticLedger(dir.resolve("ledger").resolve("blocks.dat"), entries, perBlock)) {
      CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256);
      Tokens tokens = new Tokens(List.of(ca.root()), Duration.ofHours(1), Tokens.Replay.ALLOWED);
      long t0 = System.nanoTime();
      // Every request comes from 127.0.0.1: the public rate limit is lifted, as the suite does for its gateway.
      api = new ApiServer(vertx, ledger, tokens, ca, dir, Clock.systemUTC(),
          new Limits(1 << 20, Integer.MAX_VALUE, Duration.ofSeconds(30), Duration.ofSeconds(60)), List.of(), Map.of());
      TransparencyLog log = api.log();
      long lastReport = System.nanoTime();
      while (log.size() < entries) {
        if (log.failure() != null) {
          throw new IllegalStateException("the log failed: " + log.failure());
        }
        Thread.sleep(20);
        if (System.nanoTime() - lastReport > 10_000_000_000L) {
          System.out.printf("# filling: %,d of %,d entries%n", log.size(), entries);
          lastReport = System.nanoTime();
        }
      }
      double fill = (System.nanoTime() - t0) / 1e9;
      long size = log.size();
      System.out.printf("log of %,d entries in %,d blocks of %d (synthetic, ~%d bytes each), appended by the gateway's log thread in"
          + " %.1f s (%,.0f entries/s)%n", size, log.blocks(), perBlock, SyntheticLedger.ENTRY_BYTES, fill, size / fill);
      System.out.printf("RESULT log.entries %d%nRESULT log.fill_entries_per_s %.0f%n", size, size / fill);
      int port = api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();

      byte[] root = log.root(size);
      SplittableRandom random = new SplittableRandom(24);
      // correctness first: a few proofs verified against the root
      for (int i = 0; i < 100; i++) {
        long index = random.nextLong(size);
        if (!MerkleLog.verifyInclusion(index, size, log.leafHash(index), log.inclusionProof(index, size), root)) {
          throw new IllegalStateException("the inclusion proof of " + index + " does not verify");
        }
        long first = 1 + random.nextLong(size - 1);
        if (!MerkleLog.verifyConsistency(first, size, log.consistencyProof(first, size), log.root(first), root)) {
          throw new IllegalStateException("the consistency proof from " + first + " does not verify");
        }
      }
      System.out.printf("%n%-58s %10s %10s %10s %10s %10s %8s%n", "in process (the gateway's TransparencyLog), random index", "p50 us",
          "p99 us", "max us", "mean us", "cpu us", "n");
      long n = size;
      // warm-up of each, then measured
      time(samples, random, i -> log.inclusionProof(i % n, n));
      report("inclusion proof (proof only)", "inproc.inclusion", time(samples, random, i -> log.inclusionProof(i % n, n)));
      report("inclusion route's work (proof, root, leaf, block)", "inproc.inclusion_route",
          time(samples, random, i -> {
            long index = i % n;
            log.inclusionProof(index, n);
            log.root(n);
            log.leafHash(index);
            log.blockOf(index);
          }));
      time(samples, random, i -> log.consistencyProof(1 + i % (n - 1), n));
      report("consistency proof, random old size to the newest", "inproc.consistency",
          time(samples, random, i -> log.consistencyProof(1 + i % (n - 1), n)));

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + port + "/api/v1/log/proofs/";
      // one answer checked: the proof the route serves verifies against the root it names
      JsonNode answer = Json.mapper().readTree(get(http, base + "inclusion?index=12345&size=" + n));
      List<byte[]> hashes = new ArrayList<>();
      answer.path("hashes").forEach(h -> hashes.add(HexFormat.of().parseHex(h.asText())));
      if (answer.path("hashes").isMissingNode() || !MerkleLog.verifyInclusion(12345, n, HexFormat.of().parseHex(answer.path("leafHash").asText()),
          hashes, HexFormat.of().parseHex(answer.path("rootHash").asText()))) {
        throw new IllegalStateException("the route's inclusion proof does not verify: " + answer);
      }
      System.out.printf("%n%-58s %10s %10s %10s %10s %10s %10s %8s%n", "over HTTP (loopback, java.net.http, keep-alive)", "p50 ms", "p99 ms",
          "max ms", "req/s", "cpu us", "gateway us", "n");
      for (int c : clients) {
        int each = Math.max(1, samples / 4 / c);
        // warm-up: as many requests of each route as are measured (the JIT of the routes, the door and the client)
        http(http, c, each, random, i -> base + "inclusion?index=" + (i % n) + "&size=" + n);
        http(http, c, each, random, i -> base + "consistency?from=" + (1 + i % (n - 1)) + "&to=" + n);
        httpReport("inclusion proof route, " + c + " client" + (c == 1 ? "" : "s"), "http.inclusion." + c,
            http(http, c, each, random, i -> base + "inclusion?index=" + (i % n) + "&size=" + n));
        httpReport("consistency proof route, " + c + " client" + (c == 1 ? "" : "s"), "http.consistency." + c,
            http(http, c, each, random, i -> base + "consistency?from=" + (1 + i % (n - 1)) + "&to=" + n));
      }
      if (holdSeconds > 0) {
        // for an outside load generator, e.g. wrk with a script asking random indices (bench/README.md)
        System.out.printf("# serving the log of %,d entries at %s for %d s%n", n, base, holdSeconds);
        System.out.flush();
        Thread.sleep(holdSeconds * 1000L);
      }

      api.close().toCompletionStage().toCompletableFuture().join();
      api = null;
      Path tree = dir.resolve("log").resolve("tree");
      long treeBytes = du(tree);
      long levels = 0;
      try (var files = Files.list(tree)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (f.getFileName().toString().startsWith("level-")) {
            levels += Files.size(f);
          }
        }
      }
      long logBytes = du(dir.resolve("log"));
      System.out.printf("%nlog store on disk at %,d entries: %,d bytes (%.1f MiB, %.1f bytes an entry): levels %,d, entry index %,d,"
          + " block list %,d; the entries themselves stay in the ledger's block file (here %,d bytes of synthetic entries)%n",
          size, logBytes, logBytes / 1048576.0, (double) logBytes / size, levels, Files.size(tree.resolve("entries")),
          Files.size(tree.resolve("blocks")), Files.size(dir.resolve("ledger").resolve("blocks.dat")));
      System.out.printf("RESULT log.disk_bytes %d%nRESULT log.disk_bytes_per_entry %.1f%nRESULT log.tree_bytes %d%n", logBytes,
          (double) logBytes / size, treeBytes);
    } finally {
      if (api != null) {
        api.close().toCompletionStage().toCompletableFuture().join();
      }
      vertx.close().toCompletionStage().toCompletableFuture().join();
      deleteTree(dir);
    }
  }

  private static String get(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** Latencies (ns) of {@code count} calls of {@code op} with random longs, on this thread. */
  private static long[] time(int count, SplittableRandom random, LongConsumer op) {
    long[] out = new long[count];
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < count; i++) {
      long arg = random.nextLong(Long.MAX_VALUE);
      long t0 = System.nanoTime();
      op.accept(arg);
      out[i] = System.nanoTime() - t0;
    }
    lastCpuMicros = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / count;
    Arrays.sort(out);
    return out;
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
  /** The CPU time per call of the last {@link #time} (this thread's), in microseconds: what the load of the machine changes least. */
  private static double lastCpuMicros;

  /** {@code clients} threads, each sending {@code each} requests one after another: latencies (ns) and requests a second. */
  private static Timed http(HttpClient http, int clients, int each, SplittableRandom random,
      java.util.function.LongFunction<String> url) throws Exception {
    long[][] lat = new long[clients][each];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    long cpu0 = CpuTime.process();
    long gateway0 = gatewayCpuNanos();
    for (int c = 0; c < clients; c++) {
      SplittableRandom r = random.split();
      long[] mine = lat[c];
      Thread t = new Thread(() -> {
        try {
          for (int i = 0; i < each; i++) {
            String u = url.apply(r.nextLong(Long.MAX_VALUE));
            long t0 = System.nanoTime();
            get(http, u);
            mine[i] = System.nanoTime() - t0;
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-http-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpu = CpuTime.process() - cpu0;
    long gateway = gatewayCpuNanos() - gateway0;
    if (failure.get() != null) {
      throw new IllegalStateException("a request failed: " + failure.get().getMessage(), failure.get());
    }
    long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
    return new Timed(all, all.length / elapsed, cpu / 1e3 / all.length, gateway / 1e3 / all.length);
  }

  /** CPU time so far of the gateway's threads (Vert.x event loops and workers, its audit log), nanoseconds. */
  private static long gatewayCpuNanos() {
    return CpuTime.threads(name -> name.startsWith("vert.x-") || name.startsWith("dareg-audit"));
  }

  /** Latencies, requests a second, and this process's CPU per request (the gateway's and the client's together). */
  private record Timed(long[] sorted, double perSecond, double cpuMicros, double gatewayCpuMicros) {}

  private static void report(String what, String name, long[] sorted) {
    double mean = Arrays.stream(sorted).average().orElse(0) / 1e3;
    System.out.printf("%-58s %10.1f %10.1f %10.1f %10.1f %10.1f %8d%n", what, nanos(sorted, 0.5) / 1e3, nanos(sorted, 0.99) / 1e3,
        sorted[sorted.length - 1] / 1e3, mean, lastCpuMicros, sorted.length);
    System.out.printf("RESULT log.%s.cpu_us %.1f%n", name, lastCpuMicros);
    System.out.printf("RESULT log.%1$s.p50_us %2$.1f%nRESULT log.%1$s.p99_us %3$.1f%nRESULT log.%1$s.max_us %4$.1f%n", name,
        nanos(sorted, 0.5) / 1e3, nanos(sorted, 0.99) / 1e3, sorted[sorted.length - 1] / 1e3);
  }

  private static void httpReport(String what, String name, Timed t) {
    long[] s = t.sorted();
    System.out.printf("%-58s %10.2f %10.2f %10.2f %10.0f %10.0f %10.0f %8d%n", what, nanos(s, 0.5) / 1e6, nanos(s, 0.99) / 1e6,
        s[s.length - 1] / 1e6, t.perSecond(), t.cpuMicros(), t.gatewayCpuMicros(), s.length);
    System.out.printf("RESULT log.%1$s.cpu_us_per_req %2$.0f%nRESULT log.%1$s.gateway_cpu_us_per_req %3$.0f%n", name, t.cpuMicros(),
        t.gatewayCpuMicros());
    System.out.printf("RESULT log.%1$s.p50_ms %2$.3f%nRESULT log.%1$s.p99_ms %3$.3f%nRESULT log.%1$s.max_ms %4$.3f%n"
        + "RESULT log.%1$s.per_s %5$.0f%n", name, nanos(s, 0.5) / 1e6, nanos(s, 0.99) / 1e6, s[s.length - 1] / 1e6, t.perSecond());
  }

  private static long du(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Stands in for the embedded ledger behind the gateway: {@code blocks} committed blocks of {@code perBlock} synthetic
   * entries, served to the log's subscription from a thread of its own (written to a block file in the embedded layout as
   * they are served) and nothing else: every transaction is refused, there are no events, the ledger is never
   * initialised (so the log has no witness policy).
   */
  static final class SyntheticLedger implements Ledger, LedgerAdministration {
    static final int ENTRY_BYTES = 200;
    private final Path file;
    private final FileChannel out;
    private final long blocks;
    private final int perBlock;
    private final KeyPair nodeKey;
    private volatile long written;

    SyntheticLedger(Path file, long entries, int perBlock) throws Exception {
      Files.createDirectories(file.getParent());
      this.file = file;
      this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      this.perBlock = perBlock;
      this.blocks = (entries + perBlock - 1) / perBlock;
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      this.nodeKey = g.generateKeyPair();
    }

    /** Entry {@code i}: a JSON object of {@link #ENTRY_BYTES} bytes, different for every i. */
    static byte[] entry(long i) {
      String head = "{\"n\":" + i + ",\"txId\":\"" + Long.toHexString(i * 0x9E3779B97F4A7C15L) + "\",\"pad\":\"";
      return (head + "x".repeat(Math.max(0, ENTRY_BYTES - head.length() - 2)) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Subscription blocks(long fromBlock, Consumer<CommittedBlock> listener) {
      if (fromBlock != 0) {
        throw new IllegalStateException("a synthetic ledger is followed from block 0 only");
      }
      Thread feeder = new Thread(() -> {
        try {
          long at = 0;
          long index = 0;
          for (long b = 0; b < blocks; b++) {
            List<byte[]> txs = new ArrayList<>(perBlock);
            int total = 1;
            for (int k = 0; k < perBlock; k++) {
              byte[] e = entry(index++);
              txs.add(e);
              total += e.length + 1;
            }
            ByteBuffer body = ByteBuffer.allocate(total);
            body.put((byte) '[');
            for (int k = 0; k < txs.size(); k++) {
              body.put(txs.get(k)).put((byte) (k == txs.size() - 1 ? ']' : ','));
            }
            body.flip();
            long bodyOffset = at;
            while (body.hasRemaining()) {
              at += out.write(body, at);
            }
            written = b + 1;
            listener.accept(new CommittedBlock(b, String.format("%064x", b), txs, bodyOffset));
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "bench-synthetic-ledger");
      feeder.setDaemon(true);
      feeder.start();
      return () -> { };
    }

    @Override
    public CommittedPrefix committedPrefix() {
      return new CommittedPrefix(file, 0, written, String.format("%064x", Math.max(0, written - 1)));
    }

    @Override
    public PublicKey nodePublicKey() {
      return nodeKey.getPublic();
    }

    @Override
    public JsonNode signedAudit(Instant at) {
      throw new UnsupportedOperationException("a synthetic ledger has no chain to audit");
    }

    @Override
    public CompletableFuture<Committed> submit(Caller submitter, String transaction, String argsJson) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("a synthetic ledger takes no transactions"));
    }

    @Override
    public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("a synthetic ledger answers no queries"));
    }

    @Override
    public Subscription events(long fromBlock, EventListener listener) {
      return () -> { };
    }

    @Override
    public long height() {
      return written;
    }

    @Override
    public LedgerHealth health() {
      return new LedgerHealth(LedgerHealth.State.READY, "synthetic");
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}

package io.dareg.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak run: a child gateway ({@code serve --dev} on a fresh data directory, loopback) under a
 * steady mix of registrations, reads and certificate verifications for a bounded time. Every
 * minute it prints what it did, the p99 latency of each kind, errors, and the gateway's heap in
 * use and resident set size, so that growth over time shows; at the end it compares the first and
 * last minutes and exits 1 if any request failed.
 *
 * <p>Usage: {@code Soak [--minutes 30] [--registrations 20] [--reads 100] [--verifies 20]} (per
 * second), after {@code mvn -B -ntp -q -DskipTests package}.
 */
public final class Soak {
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private Soak() {}

  public static void main(String[] args) throws Exception {
    int minutes = 30;
    int registrations = 20;
    int reads = 100;
    int verifies = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--minutes" -> minutes = Integer.parseInt(args[++i]);
        case "--registrations" -> registrations = Integer.parseInt(args[++i]);
        case "--reads" -> reads = Integer.parseInt(args[++i]);
        case "--verifies" -> verifies = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: Soak [--minutes 30] [--registrations 20] [--reads 100] [--verifies 20]");
          System.exit(2);
        }
      }
    }
    if (minutes < 1 || minutes > 240) {
      System.err.println("--minutes must be 1 to 240");
      System.exit(2);
    }
    Path root = Path.of("").toAbsolutePath();
    Path jar;
    try (var files = Files.list(root.resolve("gateway/target"))) {
      jar = files.filter(f -> f.getFileName().toString().matches("dareg-gateway-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("build first: mvn -B -ntp -q -DskipTests package"));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path data = Files.createTempDirectory("dareg-soak");
    // Run a copy: a build during the soak replaces the jar under gateway/target, which breaks a
    // running JVM's class loading.
    jar = Files.copy(jar, data.resolve("gateway.jar"));
    int port = Suite.freePort();
    Process gateway = Suite.startGateway(java, jar, data, port);
    try {
      String url = "http://127.0.0.1:" + port;
      Suite.awaitHealth(port);
      Process demo = new ProcessBuilder(java, "-jar", jar.toString(), "demo", "--url", url, "--data", data.toString())
          .redirectErrorStream(true).redirectOutput(data.resolve("demo.log").toFile()).start();
      if (!demo.waitFor(2, TimeUnit.MINUTES) || demo.exitValue() != 0) {
        throw new IllegalStateException("the demo failed; see " + data.resolve("demo.log"));
      }
      try (HttpLoad.Target target = new HttpLoad.Target(URI.create(url + "/api/v1"),
          Files.readString(data.resolve("dev/holder/token")).strip(), Files.readString(data.resolve("demo/certificate.json")), 64,
          data.resolve("dev/holder"))) {
        String regNo = target.register(0);
        run(target, regNo, gateway.pid(), minutes, registrations, reads, verifies);
      }
    } finally {
      Suite.stop(gateway);
    }
  }

  private static final class Kind {
    final String name;
    final AtomicLong errors = new AtomicLong();
    final List<Long> window = new ArrayList<>();
    String firstError;

    Kind(String name) {
      this.name = name;
    }

    synchronized void done(long nanos) {
      window.add(nanos);
    }

    synchronized void failed(String why) {
      if (errors.incrementAndGet() == 1) {
        firstError = why;
      }
    }

    /** Count and p99 of the window just ended; starts a new window. */
    synchronized long[] drain() {
      long[] w = window.stream().mapToLong(Long::longValue).sorted().toArray();
      window.clear();
      return new long[] {w.length, w.length == 0 ? 0 : w[Math.min(w.length - 1, (int) (w.length * 0.99))]};
    }
  }

  private static void run(HttpLoad.Target target, String regNo, long pid, int minutes, int registrations, int reads,
      int verifies) throws Exception {
    Kind reg = new Kind("register");
    Kind read = new Kind("read");
    Kind verify = new Kind("verify");
    ExecutorService pool = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "soak");
      t.setDaemon(true);
      return t;
    });
    AtomicLong sequence = new AtomicLong(1);
    System.out.printf("# soak: %d min; per second %d registrations, %d reads, %d verifications; gateway pid %d%n",
        minutes, registrations, reads, verifies, pid);
    System.out.printf("%-6s %9s %9s %9s %9s %9s %9s %7s %9s %9s%n",
        "minute", "reg", "reg p99", "read", "read p99", "verify", "ver p99", "errors", "heap MiB", "RSS MiB");
    System.out.println("# heap: in use after a full collection; p99 in ms; counts per minute");
    long start = System.nanoTime();
    long[] firstMemory = null;
    long[] lastMemory = null;
    for (int minute = 1; minute <= minutes; minute++) {
      long minuteEnd = start + minute * 60_000_000_000L;
      for (long tick = System.nanoTime(); tick < minuteEnd; tick = System.nanoTime()) {
        long second = tick;
        for (int i = 0; i < registrations; i++) {
          pool.execute(() -> timed(reg, () -> target.register(sequence.incrementAndGet())));
        }
        for (int i = 0; i < reads; i++) {
          pool.execute(() -> timed(read, () -> target.query(regNo)));
        }
        for (int i = 0; i < verifies; i++) {
          pool.execute(() -> timed(verify, target::verify));
        }
        long sleep = second + 1_000_000_000L - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
      long[] r = reg.drain();
      long[] q = read.drain();
      long[] v = verify.drain();
      long[] memory = memory(pid);
      if (firstMemory == null) {
        firstMemory = memory;
      }
      lastMemory = memory;
      System.out.printf("%-6d %9d %9.1f %9d %9.1f %9d %9.1f %7d %9d %9d%n", minute, r[0], r[1] / 1e6, q[0], q[1] / 1e6,
          v[0], v[1] / 1e6, reg.errors.get() + read.errors.get() + verify.errors.get(), memory[0], memory[1]);
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    long errors = reg.errors.get() + read.errors.get() + verify.errors.get();
    System.out.printf("heap in use: first minute %d MiB, last minute %d MiB; RSS: %d MiB -> %d MiB; errors %d%n",
        firstMemory[0], lastMemory[0], firstMemory[1], lastMemory[1], errors);
    for (Kind k : List.of(reg, read, verify)) {
      if (k.firstError != null) {
        System.out.println("first " + k.name + " error: " + k.firstError);
      }
    }
    System.out.printf("RESULT soak.errors %d%nRESULT soak.heap_first_mib %d%nRESULT soak.heap_last_mib %d%n"
        + "RESULT soak.rss_first_mib %d%nRESULT soak.rss_last_mib %d%n", errors, firstMemory[0], lastMemory[0], firstMemory[1], lastMemory[1]);
    if (errors > 0) {
      System.exit(1);
    }
  }

  private static void timed(Kind kind, Runnable op) {
    long t0 = System.nanoTime();
    try {
      op.run();
      kind.done(System.nanoTime() - t0);
    } catch (RuntimeException e) {
      kind.failed(e.getMessage());
    }
  }

  /**
   * The gateway's heap in use after a full collection (jcmd GC.run, then GC.heap_info: what is
   * still referenced, so growth is retained data) and its resident set size, in MiB.
   */
  private static long[] memory(long pid) {
    long heap = -1;
    try {
      new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      Matcher m = HEAP_USED.matcher(out);
      if (m.find()) {
        heap = Long.parseLong(m.group(1)) >> 10;
      }
    } catch (IOException | InterruptedException e) {
      // reported as -1
    }
    long rss = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("\\D", "")) >> 10;
        }
      }
    } catch (IOException e) {
      // reported as -1
    }
    return new long[] {heap, rss};
  }
}

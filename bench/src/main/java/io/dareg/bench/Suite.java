package io.dareg.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole benchmark suite in one bounded run: each program in its own JVM, one after another
 * (never two at once, so that they do not share the two cores), each with a time limit, and then
 * {@code bench/results/<date>.md} with the machine, every program's output, and the goals of issue 7
 * as ratios against the baselines measured in the same run.
 *
 * <p>Usage (after {@code mvn -B -ntp -q -DskipTests package}): {@code bench/suite.sh [--quick]
 * [--scale N] [--pg-only] [--signed-only] [--log-only] [--hash-only] [--fabric-only]}; {@code --quick} shortens every level and writes 100,000 registrations instead of
 * 1,000,000 for the scale check; {@code --pg-only} runs only the comparison with PostgreSQL (issue 26)
 * and writes {@code bench/results/<date>-pg.md}; {@code --signed-only} runs only the figures of
 * signed writes (issue 23, {@link #signedWrites}) and writes {@code bench/results/<date>-signed.md}; {@code --log-only}
 * runs only the transparency log's figures (issue 24, {@link #transparencyLog}) into {@code bench/results/<date>-log.md};
 * {@code --hash-only} only evidence hashing against sha256sum and openssl dgst -sm3 (issue 26 item 5) into
 * {@code bench/results/<date>-hash.md}; {@code --fabric-only} only dareg side by side with a minimal contract on a Fabric
 * network (issue 26 item 3, {@link #fabricSideBySide}; skipped, saying so, when {@code FABRIC_BIN} is not set) into
 * {@code bench/results/<date>-fabric.md}.
 */
public final class Suite {
  private static final Pattern RESULT = Pattern.compile("^RESULT (\\S+) (\\S+)$", Pattern.MULTILINE);

  private final Path root;
  private final Path benchJar;
  private final Path gatewayJar;
  private final Path clientJar;
  private final Map<String, Double> results = new LinkedHashMap<>();
  private final StringBuilder report = new StringBuilder();
  private final SuiteReport tables = new SuiteReport(results, report);
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private Suite(Path root) throws IOException {
    this.root = root;
    this.benchJar = jar(root.resolve("bench/target"), "dareg-bench-");
    this.gatewayJar = jar(root.resolve("gateway/target"), "dareg-gateway-");
    this.clientJar = jar(root.resolve("client/target"), "dareg-client-");
  }

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int scale = quick ? 100_000 : 1_000_000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--scale")) {
        scale = Integer.parseInt(args[++i]);
      }
    }
    Suite suite = new Suite(Path.of("").toAbsolutePath());
    if (List.of(args).contains("--pg-only")) {
      suite.runAlone("dareg against PostgreSQL", "--pg-only", "pg", quick, () -> {
        suite.againstPostgres(quick);
        suite.tables.postgres();
      });
    } else if (List.of(args).contains("--signed-only")) {
      suite.runAlone("Signed writes (issue 23)", "--signed-only", "signed", quick, () -> suite.signedWrites(quick));
    } else if (List.of(args).contains("--hash-only")) {
      suite.runAlone("Evidence hashing (issue 26 item 5)", "--hash-only", "hash", quick, () -> {
        suite.evidenceHashing(quick);
        suite.tables.evidenceHashing();
      });
    } else if (List.of(args).contains("--fabric-only")) {
      suite.runAlone("dareg side by side with a minimal contract on Fabric (issue 26 item 3)", "--fabric-only", "fabric", quick, () -> {
        suite.fabricSideBySide(quick);
        suite.tables.fabric();
      });
    } else if (List.of(args).contains("--log-only")) {
      suite.runAlone("Transparency log (issue 24)", "--log-only", "log", quick, () -> {
        suite.transparencyLog(quick);
        suite.tables.transparencyLog();
      });
    } else {
      suite.run(quick, scale);
    }
  }

  /** What a section run alone does: its programs, then its tables. */
  private interface Section {
    void run() throws Exception;
  }

  /**
   * One section alone ({@code --pg-only}, {@code --signed-only}, {@code --log-only}, {@code --hash-only}): the machine, the section, the time
   * it took, into {@code bench/results/<date>[-quick]-<suffix>.md}.
   */
  private void runAlone(String title, String flag, String suffix, boolean quick, Section section) throws Exception {
    long started = System.nanoTime();
    report.append("# ").append(title).append(", ").append(LocalDate.now()).append(quick ? " (quick)" : "").append("\n\n");
    machine();
    section.run();
    report.append("\n").append(title).append(" alone (`bench/suite.sh ").append(flag).append(quick ? " --quick" : "").append("`): ")
        .append(String.format("%.1f", (System.nanoTime() - started) / 60e9)).append(" minutes.\n");
    Path out = root.resolve("bench/results").resolve(LocalDate.now() + (quick ? "-quick" : "") + "-" + suffix + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("wrote " + out);
  }

  private void run(boolean quick, int scale) throws Exception {
    long started = System.nanoTime();
    String seconds = quick ? "4" : "8";
    report.append("# Benchmark suite, ").append(LocalDate.now()).append(quick ? " (quick)" : "").append("\n\n");
    machine();
    evidenceHashing(quick);
    step("LedgerLoad: embedded commits with fsync against raw append + fdatasync", 8,
        List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.LedgerLoad", "--warmup", warmup(quick), seconds, "1", "16", "64",
            "256"));
    // The same at 64 writers with the writers as futures on one thread instead of 64 blocked
    // threads: how much of the figures above is the load generator's own threads.
    step("LedgerLoad --async: the same commits at 64 writers, each writer a chain of futures driven by one thread", 3,
        List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.LedgerLoad", "--async", "--warmup", warmup(quick), seconds, "64"));
    // issue 26: LedgerLoad --register alternating with PostgreSQL; the last round's figures are
    // also the Ledger port's for the HTTP goals below.
    againstPostgres(quick);
    Path data = Files.createTempDirectory("dareg-suite");
    int port = freePort();
    Process gateway = startGateway(java, gatewayJar, data, port);
    try {
      awaitHealth(port);
      String url = "http://127.0.0.1:" + port;
      step("The demo story (writes the certificate the verify figures use)", 2,
          List.of(java, "-jar", gatewayJar.toString(), "demo", "--url", url, "--data", data.toString()));
      // issue 23: each write is the dev holder's signed request, no token.
      step("HttpLoad register: evidence + application in one transaction over HTTP, embedded ledger, each write signed as the dev holder", 3,
          List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.HttpLoad", "--url", url, "--author-dir",
              data.resolve("dev/holder").toString(), "--op", "register", "--clients", LEVELS, "--seconds", perLevel(quick),
              "--warmup", httpWarmup(quick), "--gateway-pid", String.valueOf(gateway.pid())));
      step("HttpLoad verify: the public verify endpoint, one certificate", 3,
          List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.HttpLoad", "--url", url, "--token",
              data.resolve("dev/holder/token").toString(), "--op", "verify", "--clients", LEVELS, "--seconds", perLevel(quick),
              "--warmup", warmup(quick), "--gateway-pid", String.valueOf(gateway.pid()),
              "--certificate", data.resolve("demo/certificate.json").toString()));
    } finally {
      stop(gateway);
    }
    // Since issue 23 a write carries its author's signed request and no token, so the register runs
    // that compared token checks by Bouncy Castle and BoringSSL, and a caller named by a TLS client
    // certificate (whose writes the gateway takes as that caller's, unsigned, which a signed ledger
    // refuses), measure nothing any more: not run.
    report.append("## HttpLoad register with token signatures by Bouncy Castle, and over mutual TLS\n\nNot run since issue 23:")
        .append(" writes are signed requests sent without a token, and a write over mutual TLS is taken as the certificate's caller,")
        .append(" unsigned, which a ledger with trusted roots refuses.\n\n");
    int emptyPort = freePort();
    Process empty = new ProcessBuilder(java, "-cp", benchJar.toString(), "io.dareg.bench.EmptyRoute", String.valueOf(emptyPort))
        .redirectErrorStream(true).redirectOutput(data.resolve("empty.log").toFile()).start();
    try {
      awaitPort(emptyPort);
      Files.writeString(data.resolve("none-token"), "none");
      step("HttpLoad empty: an empty Vert.x route (the HTTP limit)", 3,
          List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.HttpLoad", "--url", "http://127.0.0.1:" + emptyPort,
              "--token", data.resolve("none-token").toString(), "--op", "empty", "--clients", LEVELS,
              "--seconds", perLevel(quick), "--warmup", warmup(quick), "--gateway-pid", String.valueOf(empty.pid())));
    } finally {
      empty.destroyForcibly();
    }
    step("VerifyLimits: raw signature verification against the offline verifier", 2,
        List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.VerifyLimits",
            data.resolve("demo/certificate.json").toString(), data.resolve("ca/root.pem").toString(), quick ? "3" : "5"));
    // 1 GiB: the ledger's goal is 512 MiB, and ScaleCheck itself keeps every evidence and
    // registration number it wrote (about 200 MiB at 1,000,000).
    step("ScaleCheck: " + scale + " registrations in the embedded ledger", quick ? 6 : 14,
        List.of(java, "-Xmx1g", "-cp", benchJar.toString(), "io.dareg.bench.ScaleCheck", String.valueOf(scale)));
    transparencyLog(quick);
    fabricSideBySide(quick);
    tables.issue7(scale);
    tables.postgres();
    tables.transparencyLog();
    tables.fabric();
    report.append("\nWhole suite: ").append(String.format("%.1f", (System.nanoTime() - started) / 60e9)).append(" minutes.\n");
    Path out = root.resolve("bench/results").resolve(LocalDate.now() + (quick ? "-quick" : "") + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("wrote " + out);
  }

  /**
   * Evidence hashing: `dareg hash` against sha256sum and openssl dgst -sm3 on one large file (1 GiB, 0.5 with --quick)
   * and on a tree of many files (2,000, 1,000 with --quick), each pair alternated in the same run ({@link HashThroughput}).
   */
  private void evidenceHashing(boolean quick) throws Exception {
    // About 3 minutes on a quiet machine; 12 lets it finish at a load average of 15 (8 did not, 2026-12-06).
    step("HashThroughput: evidence hashing against sha256sum and openssl dgst -sm3, one large file and a tree of many files", 12,
        List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.HashThroughput", quick ? "0.5" : "1", clientJar.toString(),
            quick ? "1000" : "2000"));
  }

  private void machine() throws Exception {
    report.append("## Machine\n\n| | |\n|---|---|\n");
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    report.append("| CPU | ").append(cpu).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores |\n");
    // SM3 in lanes is as wide as the CPU's vectors, and SHA-256 in the JDK uses the SHA instructions where present.
    List<String> flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
        .findFirst().map(l -> List.of(l.substring(l.indexOf(':') + 1).strip().split(" "))).orElse(List.of());
    String vectors = String.join(", ", Stream.of("avx2", "avx512f", "sha_ni").filter(flags::contains).toList());
    report.append("| vector and hash instructions | ").append(vectors.isEmpty() ? "none of avx2, avx512f, sha_ni" : vectors).append(" |\n");
    report.append("| memory | ").append(mem).append(" |\n");
    report.append("| Java | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append(" |\n");
    report.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(" |\n");
    report.append("| load average at start | ").append(Files.readString(Path.of("/proc/loadavg")).strip()).append(" |\n\n");
  }

  // --- issue 24: the transparency log ----------------------------------------------------------------

  /**
   * The goals of issue 24 that bench measures: registrations through the Ledger port at 64 writers with the log off and
   * on, alternating twice in one process ({@code LedgerLoad --log both}); inclusion and consistency proofs at 1,000,000
   * entries in process and over the gateway's routes ({@code LogProofs}, a synthetic log); offline certificate verify
   * against the same plus a receipt's proof and cosigned checkpoint ({@code ReceiptVerify}, and the whole command).
   */
  private void transparencyLog(boolean quick) throws Exception {
    step("LedgerLoad --register --log both: registrations at 64 writers, the transparency log off and on alternately, two rounds each",
        quick ? 4 : 8, List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.LedgerLoad", "--register", "--log", "both", "--rounds",
            "2", "--warmup", warmup(quick), quick ? "10" : "30", "64"));
    step("LogProofs: inclusion and consistency proofs at 1,000,000 entries, in process and over HTTP", 6,
        List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.LogProofs", "--entries", "1000000", "--samples",
            quick ? "10000" : "20000"));
    step("ReceiptVerify: offline certificate verify, and the same with a receipt's inclusion proof and cosigned checkpoint", 4,
        List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.ReceiptVerify", "--seconds", quick ? "2" : "4", "--command",
            clientJar.toString()));
  }

  // --- issue 26, item 3: Fabric side by side ----------------------------------------------------------

  /**
   * dareg's registrations on Fabric against a minimal contract's transactions on the same network ({@link FabricSideBySide}
   * inside {@code bench/fabric.sh}, which brings a throw-away network up with {@code network/fabric.sh up --bench-contract}
   * and down after): 64 and 256 in flight, dareg, the minimal contract and the minimal contract in a registration's shape,
   * alternating twice, with the CPU of every process; then, unmeasured, each contract's registry JVM recorded with JDK
   * Flight Recorder under load and its top frames printed. Without {@code FABRIC_BIN} bench/fabric.sh says SKIPPED and
   * runs nothing. About 10 minutes (8 with --quick) on 2 cores.
   */
  private void fabricSideBySide(boolean quick) throws Exception {
    Path jfr = Files.createTempDirectory("dareg-fabric-jfr");
    try {
      step("Fabric side by side (issue 26 item 3): dareg registrations through the gateway against one put per transaction of a"
          + " minimal contract, same network, 64 and 256 in flight, alternating twice", 14,
          List.of("bash", root.resolve("bench/fabric.sh").toString(), java, "-cp", benchJar.toString(), "io.dareg.bench.FabricSideBySide",
              "--gateway-jar", gatewayJar.toString(), "--levels", "64,256", "--seconds", quick ? "10" : "20", "--warmup",
              quick ? "10" : "15", "--rounds", "2", "--jfr", jfr.toString()));
    } finally {
      try (var files = Files.list(jfr)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(jfr);
    }
  }

  // --- issue 23: signed writes ------------------------------------------------------------------------

  /**
   * Registrations (one register transaction each) at 64 writers, alternating twice: through the
   * Ledger port with signed requests ({@code LedgerLoad --register}), the same unsigned on a ledger
   * without trusted roots ({@code --unsigned}), and over HTTP with signed requests as the dev
   * holder ({@code HttpLoad --author-dir}, a fresh dev gateway each round); then the ratios of
   * each round: HTTP signed to the port signed (issue 23 asks for it; 0.51 with tokens before),
   * and the port signed to unsigned (what signatures cost), with CPU per registration.
   */
  private void signedWrites(boolean quick) throws Exception {
    String seconds = quick ? "10" : "30";
    // issue 26 item 2: the rules' path of a signed registration in one thread, as its CPU time (load hardly moves it).
    step("SignedPathCpu: sign, precheck and rules of a signed registration, one thread, CPU time per transaction", 4,
        List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.SignedPathCpu", quick ? "5000" : "10000", "3"));
    for (int round = 1; round <= 2; round++) {
      keep(round, step("LedgerLoad --register, signed, round " + round + " of 2: one register (deposit + application) through the Ledger port,"
          + " each write its author's signed request", 4, List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.LedgerLoad",
          "--register", "--warmup", warmup(quick), seconds, "64")));
      keep(round, step("LedgerLoad --register --unsigned, round " + round + " of 2: the same on a ledger without trusted roots"
          + " (before issue 23)", 4, List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.LedgerLoad",
          "--register", "--unsigned", "--warmup", warmup(quick), seconds, "64")));
      Path data = Files.createTempDirectory("dareg-suite-signed");
      int port = freePort();
      Process gateway = startGateway(java, gatewayJar, data, port);
      try {
        awaitHealth(port);
        keep(round, step("HttpLoad register, signed, round " + round + " of 2: the same over HTTP, each write signed as the dev"
            + " holder, no token", 4, List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.HttpLoad",
            "--url", "http://127.0.0.1:" + port, "--author-dir", data.resolve("dev/holder").toString(), "--op", "register",
            "--clients", "64", "--seconds", seconds, "--warmup", httpWarmup(quick), "--max", "10000000",
            "--gateway-pid", String.valueOf(gateway.pid()))));
      } finally {
        stop(gateway);
      }
    }
    tables.signedWrites();
  }

  // --- issue 26, item 1: PostgreSQL side by side -------------------------------------------------

  /**
   * The client counts of the comparison with PostgreSQL, for dareg's writers and PostgreSQL's
   * clients (over at most 64 connections) alike.
   */
  static final List<String> PG_LEVELS = List.of("16", "64", "256");

  /**
   * dareg's registrations through the Ledger port ({@code LedgerLoad --register}) and PostgreSQL's
   * ({@code PgLoad} in a throw-away cluster, {@code bench/pg.sh}), alternating twice (dareg, pg,
   * dareg, pg) so that a change in the machine's load shows as a difference between the rounds;
   * each round's figures are also kept under {@code round1.} and {@code round2.}.
   */
  private void againstPostgres(boolean quick) throws Exception {
    String seconds = quick ? "4" : "8";
    for (int round = 1; round <= 2; round++) {
      List<String> dareg = new java.util.ArrayList<>(List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.LedgerLoad", "--register",
          "--warmup", warmup(quick), seconds));
      dareg.addAll(PG_LEVELS);
      keep(round, step("LedgerLoad --register, round " + round + " of 2: one register (deposit + application) per operation through the Ledger port"
          + " (what HttpLoad register does over HTTP)", 5, dareg));
      // PostgreSQL has no JIT to warm (jit=off) and the client's path is one statement: a shorter warm-up.
      List<String> pg = new java.util.ArrayList<>(List.of("bash", root.resolve("bench/pg.sh").toString(), java, "-cp", benchJar.toString(),
          "io.dareg.bench.PgLoad", "--warmup", quick ? "5" : "10", seconds));
      pg.addAll(PG_LEVELS);
      keep(round, step("PgLoad, round " + round + " of 2: the same registrations in PostgreSQL (a throw-away cluster, synchronous_commit=on),"
          + " with a plain and with a hash-chained audit row", 6, pg));
    }
  }

  private void keep(int round, Map<String, Double> figures) {
    figures.forEach((k, v) -> results.put("round" + round + "." + k, v));
  }

  // --- end of issue 26, item 1 ----------------------------------------------------------------------

  /** Runs one program with a time limit, records its output and its RESULT lines, and returns those. */
  private Map<String, Double> step(String title, int minutes, List<String> command) throws Exception {
    System.out.println("== " + title);
    Path log = Files.createTempFile("dareg-suite", ".log");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
    if (!done) {
      // Asked first, so that a program that cleans up after itself (bench/pg.sh stops its cluster) can.
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    String output = Files.readString(log);
    Files.delete(log);
    Map<String, Double> figures = new LinkedHashMap<>();
    Matcher m = RESULT.matcher(output);
    while (m.find()) {
      try {
        figures.put(m.group(1), Double.parseDouble(m.group(2)));
      } catch (NumberFormatException e) {
        // not a figure
      }
    }
    results.putAll(figures);
    String shown = output.lines().filter(l -> !l.startsWith("RESULT ") && !l.startsWith("  ")).reduce("", (a, b) -> a + b + "\n");
    report.append("## ").append(title).append("\n\n```\n").append(shown.strip()).append("\n```\n");
    report.append(done ? (p.exitValue() == 0 ? "" : "\n**exited with " + p.exitValue() + "**\n")
        : "\n**stopped after its limit of " + minutes + " minutes**\n");
    report.append(String.format("%n(%.0f s)%n%n", (System.nanoTime() - t0) / 1e9));
    System.out.print(shown);
    return figures;
  }

  private static Path jar(Path dir, String prefix) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith("-all.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("no " + prefix + "*-all.jar in " + dir
              + ": build first with mvn -B -ntp -q -DskipTests package"));
    }
  }

  /** The concurrency levels of the HTTP figures. */
  private static final String LEVELS = "1,16,64";

  /** Seconds per HTTP level. */
  private static String perLevel(boolean quick) {
    return quick ? "5" : "10";
  }

  /**
   * Seconds of unmeasured load before the measured levels, HTTP and embedded alike: the JIT
   * compiles for tens of seconds under load (C2 took 30 % of the gateway's CPU 25 s into a
   * register run).
   */
  private static String warmup(boolean quick) {
    return quick ? "10" : "30";
  }

  /**
   * The warm-up of a signed register over HTTP: 60 s. The gateway reaches the compiler's thresholds more slowly than the
   * port (each registration runs more of its code once), and after 30 s runs of one build differed by as much as the
   * door's validation change they measured (1,258-1,963 registrations/s); after 90 s two runs of each build were within
   * 10-17% and the builds 1.4-1.5x apart (bench/results/2026-12-07-http-validator-ab.md).
   */
  private static String httpWarmup(boolean quick) {
    return quick ? "10" : "60";
  }

  /**
   * Starts {@code serve --dev} on loopback with its log in {@code data/gateway.log} (also used by
   * {@link Soak}). The public verify endpoint is rate-limited per address (600 a minute by
   * default), and every load comes from 127.0.0.1, so the limit is lifted for the measurement.
   */
  static Process startGateway(String java, Path jar, Path data, int port) throws IOException {
    return startGateway(java, jar, data, port, "gateway.log");
  }

  /** As {@link #startGateway(String, Path, Path, int)}, logging to {@code data/log}, with more serve options. */
  static Process startGateway(String java, Path jar, Path data, int port, String log, String... options) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString(), "serve", "--dev", "--data", data.toString(),
        "--port", String.valueOf(port), "--public-rate", String.valueOf(Integer.MAX_VALUE)));
    command.addAll(List.of(options));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve(log).toFile()).start();
  }

  /** Stops a gateway started by {@link #startGateway}: asked first, killed after 20 s (also used by {@link Soak}). */
  static void stop(Process gateway) throws InterruptedException {
    gateway.destroy();
    if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
      gateway.destroyForcibly();
    }
  }

  /** A port free on loopback now (also used by {@link Soak}). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits up to 60 s for a gateway on {@code port} to answer /health with 200 (also used by {@link Soak}). */
  static void awaitHealth(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (healthy(http, port)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the gateway did not become healthy on port " + port + " in 60 s");
  }

  /** Whether a gateway on {@code port} answers /health with 200 now (false while it is still starting). */
  static boolean healthy(HttpClient http, int port) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void awaitPort(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("nothing listens on port " + port);
  }
}

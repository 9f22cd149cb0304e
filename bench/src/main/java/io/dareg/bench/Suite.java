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

/**
 * The whole benchmark suite in one bounded run: each program in its own JVM, one after another
 * (never two at once, so that they do not share the two cores), each with a time limit, and then
 * {@code bench/results/<date>.md} with the machine, every program's output, and the goals of issue 7
 * as ratios against the baselines measured in the same run.
 *
 * <p>Usage (after {@code mvn -B -ntp -q -DskipTests package}): {@code bench/suite.sh [--quick]
 * [--scale N] [--pg-only] [--signed-only] [--log-only]}; {@code --quick} shortens every level and writes 100,000 registrations instead of
 * 1,000,000 for the scale check; {@code --pg-only} runs only the comparison with PostgreSQL (issue 26)
 * and writes {@code bench/results/<date>-pg.md}; {@code --signed-only} runs only the figures of
 * signed writes (issue 23, {@link #signedWrites}) and writes {@code bench/results/<date>-signed.md}; {@code --log-only}
 * runs only the transparency log's figures (issue 24, {@link #transparencyLog}) into {@code bench/results/<date>-log.md}.
 */
public final class Suite {
  private static final Pattern RESULT = Pattern.compile("^RESULT (\\S+) (\\S+)$", Pattern.MULTILINE);

  private final Path root;
  private final Path benchJar;
  private final Path gatewayJar;
  private final Path clientJar;
  private final Map<String, Double> results = new LinkedHashMap<>();
  private final StringBuilder report = new StringBuilder();
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
      suite.runAgainstPostgres(quick);
    } else if (List.of(args).contains("--signed-only")) {
      suite.runSignedWrites(quick);
    } else if (List.of(args).contains("--log-only")) {
      suite.runTransparencyLog(quick);
    } else {
      suite.run(quick, scale);
    }
  }

  /** {@code --pg-only}: the machine, dareg's registrations against PostgreSQL's, and their ratios. */
  private void runAgainstPostgres(boolean quick) throws Exception {
    long started = System.nanoTime();
    report.append("# dareg against PostgreSQL, ").append(LocalDate.now()).append(quick ? " (quick)" : "").append("\n\n");
    machine();
    againstPostgres(quick);
    postgresComparison();
    report.append("\nThe comparison alone (`bench/suite.sh --pg-only`): ")
        .append(String.format("%.1f", (System.nanoTime() - started) / 60e9)).append(" minutes.\n");
    Path out = root.resolve("bench/results").resolve(LocalDate.now() + (quick ? "-quick" : "") + "-pg.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("wrote " + out);
  }

  private void run(boolean quick, int scale) throws Exception {
    long started = System.nanoTime();
    String seconds = quick ? "4" : "8";
    report.append("# Benchmark suite, ").append(LocalDate.now()).append(quick ? " (quick)" : "").append("\n\n");
    machine();
    step("HashThroughput: evidence hashing against sha256sum and openssl dgst -sm3, one large file and a tree of many files", 8,
        List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.HashThroughput", quick ? "0.5" : "1", clientJar.toString(),
            quick ? "1000" : "2000"));
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
      step("HttpLoad register: evidence + application over HTTP, embedded ledger, each write signed as the dev holder", 3,
          List.of(java, "-cp", benchJar.toString(), "io.dareg.bench.HttpLoad", "--url", url, "--author-dir",
              data.resolve("dev/holder").toString(), "--op", "register", "--clients", LEVELS, "--seconds", perLevel(quick),
              "--warmup", warmup(quick), "--gateway-pid", String.valueOf(gateway.pid())));
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
    goals(scale);
    postgresComparison();
    logGoals();
    report.append("\nWhole suite: ").append(String.format("%.1f", (System.nanoTime() - started) / 60e9)).append(" minutes.\n");
    Path out = root.resolve("bench/results").resolve(LocalDate.now() + (quick ? "-quick" : "") + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("wrote " + out);
  }

  private void machine() throws Exception {
    report.append("## Machine\n\n| | |\n|---|---|\n");
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    report.append("| CPU | ").append(cpu).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores |\n");
    report.append("| memory | ").append(mem).append(" |\n");
    report.append("| Java | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append(" |\n");
    report.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(" |\n");
    report.append("| load average at start | ").append(Files.readString(Path.of("/proc/loadavg")).strip()).append(" |\n\n");
  }

  // --- issue 24: the transparency log ----------------------------------------------------------------

  /** {@code --log-only}: the machine, then {@link #transparencyLog} and its goals. */
  private void runTransparencyLog(boolean quick) throws Exception {
    long started = System.nanoTime();
    report.append("# Transparency log (issue 24), ").append(LocalDate.now()).append(quick ? " (quick)" : "").append("\n\n");
    machine();
    transparencyLog(quick);
    logGoals();
    report.append("\nThe transparency log's figures alone (`bench/suite.sh --log-only").append(quick ? " --quick" : "").append("`): ")
        .append(String.format("%.1f", (System.nanoTime() - started) / 60e9)).append(" minutes.\n");
    Path out = root.resolve("bench/results").resolve(LocalDate.now() + (quick ? "-quick" : "") + "-log.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("wrote " + out);
  }

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

  /** The goals of issue 24 as ratios, from {@link #transparencyLog}'s figures. */
  private void logGoals() {
    report.append("## Goals (issue 24)\n\n| goal | measured | ratio or value | met |\n|---|---|---:|---|\n");
    for (int round = 1; round <= 2; round++) {
      String on = "ledger_register_log_on.64.r" + round;
      String off = "ledger_register_log_off.64.r" + round;
      goal("commits with the log on >= 0.95 x without, 64 writers, round " + round,
          fmt(get(on + ".tx_per_s")) + " vs " + fmt(get(off + ".tx_per_s")) + " tx/s; CPU " + fmt(get(on + ".cpu_us_per_tx")) + " vs "
              + fmt(get(off + ".cpu_us_per_tx")) + " us/tx, of it the log thread " + fmt(get(on + ".log_us_per_tx")),
          get("ledger_register_log_ratio.64.r" + round), 0.95, true);
    }
    double cpuShare = 0;
    for (int round = 1; round <= 2; round++) {
      String on = "ledger_register_log_on.64.r" + round;
      cpuShare += get(on + ".log_us_per_tx") / get(on + ".cpu_us_per_tx") / 2;
    }
    goal("the log thread's share of the CPU per transaction (what it can cost a CPU-bound ledger), mean of the rounds",
        fmt(100 * cpuShare) + " % (bound 5 %)", 100 * cpuShare, 5, false);
    goal("inclusion proof p99 < 2 ms at 1,000,000 entries, in process (the route's work: proof, root, leaf, block)",
        fmt(get("log.inproc.inclusion_route.p99_us")) + " us (proof alone " + fmt(get("log.inproc.inclusion.p99_us")) + " us)",
        get("log.inproc.inclusion_route.p99_us") / 1e3, 2, false);
    goal("inclusion proof p99 < 2 ms at 1,000,000 entries, over HTTP, 1 client",
        fmt(get("log.http.inclusion.1.p99_ms")) + " ms (p50 " + fmt(get("log.http.inclusion.1.p50_ms")) + ")",
        get("log.http.inclusion.1.p99_ms"), 2, false);
    goal("consistency proof p99 < 2 ms at 1,000,000 entries, over HTTP, 1 client (no goal stated; same bound)",
        fmt(get("log.http.consistency.1.p99_ms")) + " ms", get("log.http.consistency.1.p99_ms"), 2, false);
    goal("receipt verify within 1.2 x offline certificate verify, in process (time B / time A)",
        fmt(get("receipt.b_us")) + " vs " + fmt(get("receipt.a_us")) + " us", get("receipt.ratio"), 1.2, false);
    double command = get("receipt.command_ms");
    double wholeRatio = (command + (get("receipt.b_us") - get("receipt.a_us")) / 1e3) / command;
    goal("the same for the whole command: `dareg verify` (JVM start included) plus the receipt's in-process extra, over `dareg verify`",
        fmt(command) + " ms + " + fmt((get("receipt.b_us") - get("receipt.a_us")) / 1e3) + " ms", wholeRatio, 1.2, false);
    report.append("\nThe log's store at 1,000,000 entries: ").append(fmt(get("log.disk_bytes") / 1048576.0)).append(" MiB (")
        .append(fmt(get("log.disk_bytes_per_entry"))).append(" bytes an entry; the entries stay in the ledger's block file).\n\n");
  }

  // --- issue 23: signed writes ------------------------------------------------------------------------

  /** {@code --signed-only}: the machine, then {@link #signedWrites}. */
  private void runSignedWrites(boolean quick) throws Exception {
    long started = System.nanoTime();
    report.append("# Signed writes (issue 23), ").append(LocalDate.now()).append(quick ? " (quick)" : "").append("\n\n");
    machine();
    signedWrites(quick);
    report.append("\nThe signed-write figures alone (`bench/suite.sh --signed-only").append(quick ? " --quick" : "").append("`): ")
        .append(String.format("%.1f", (System.nanoTime() - started) / 60e9)).append(" minutes.\n");
    Path out = root.resolve("bench/results").resolve(LocalDate.now() + (quick ? "-quick" : "") + "-signed.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("wrote " + out);
  }

  /**
   * Registrations (a deposit and an application) at 64 writers, alternating twice: through the
   * Ledger port with signed requests ({@code LedgerLoad --register}), the same unsigned on a ledger
   * without trusted roots ({@code --unsigned}), and over HTTP with signed requests as the dev
   * holder ({@code HttpLoad --author-dir}, a fresh dev gateway each round); then the ratios of
   * each round: HTTP signed to the port signed (issue 23 asks for it; 0.51 with tokens before),
   * and the port signed to unsigned (what signatures cost), with CPU per registration.
   */
  private void signedWrites(boolean quick) throws Exception {
    String seconds = quick ? "10" : "30";
    for (int round = 1; round <= 2; round++) {
      keep(round, step("LedgerLoad --register, signed, round " + round + " of 2: deposit + application through the Ledger port,"
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
            "--clients", "64", "--seconds", seconds, "--warmup", warmup(quick), "--max", "10000000",
            "--gateway-pid", String.valueOf(gateway.pid()))));
      } finally {
        stop(gateway);
      }
    }
    report.append("## Signed writes (issue 23): registrations at 64 writers\n\n")
        .append("Registrations per second (two transactions each); CPU per registration: through the port the whole load process")
        .append(" (the ledger and its 64 writer threads, signing included), of which the ledger's writer thread (the rules, which")
        .append(" verify each signed request) and the signing in the writers; over HTTP the gateway, of which its ledger's")
        .append(" writer thread, and the load generator (signing included, on its event loop).\n\n")
        .append("| round | port signed regs/s | port unsigned regs/s | signed / unsigned | HTTP signed regs/s | HTTP / port (signed) |")
        .append(" port signed CPU us/reg | of it writer thread | of it signing | port unsigned CPU us/reg | of it writer thread |")
        .append(" HTTP gateway CPU us/reg | of it writer thread | HTTP load CPU us/reg | of it signing |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int round = 1; round <= 2; round++) {
      String r = "round" + round + ".";
      double signed = get(r + "ledger_register.64.tx_per_s") / 2;
      double unsigned = get(r + "ledger_register_unsigned.64.tx_per_s") / 2;
      double http = get(r + "http.register.64.ops_per_s");
      report.append("| ").append(round).append(" | ").append(fmt(signed)).append(" | ").append(fmt(unsigned)).append(" | ")
          .append(fmt(signed / unsigned)).append(" | ").append(fmt(http)).append(" | ").append(fmt(http / signed)).append(" | ")
          .append(fmt(2 * get(r + "ledger_register.64.cpu_us_per_tx"))).append(" | ")
          .append(fmt(2 * get(r + "ledger_register.64.writer_us_per_tx"))).append(" | ")
          .append(fmt(2 * get(r + "ledger_register.64.sign_us_per_tx"))).append(" | ")
          .append(fmt(2 * get(r + "ledger_register_unsigned.64.cpu_us_per_tx"))).append(" | ")
          .append(fmt(2 * get(r + "ledger_register_unsigned.64.writer_us_per_tx"))).append(" | ")
          .append(fmt(get(r + "http.register.64.gateway_us_per_op"))).append(" | ")
          .append(fmt(get(r + "http.register.64.gateway_writer_us_per_op"))).append(" | ")
          .append(fmt(get(r + "http.register.64.load_us_per_op"))).append(" | ")
          .append(fmt(get(r + "http.register.64.sign_us_per_op"))).append(" |\n");
    }
  }

  // --- issue 26, item 1: PostgreSQL side by side -------------------------------------------------

  /** The client counts of the comparison with PostgreSQL, for dareg's writers and PostgreSQL's connections alike. */
  private static final List<String> PG_LEVELS = List.of("16", "64", "256");

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
      keep(round, step("LedgerLoad --register, round " + round + " of 2: deposit + application per operation through the Ledger port"
          + " (what HttpLoad register does over HTTP)", 5, dareg));
      // PostgreSQL has no JIT to warm (jit=off) and the client's path is three statements: a shorter warm-up.
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

  /** The figures of {@link #againstPostgres} side by side, and the goal of issue 26 as ratios. */
  private void postgresComparison() {
    report.append("## dareg against PostgreSQL (issue 26, item 1)\n\n")
        .append("Registrations per second: dareg through the Ledger port (a deposit and an application, two transactions, each")
        .append(" fsync'ed in a signed, hash-chained block, under the registry's rules) against PostgreSQL (one transaction: the same")
        .append(" registration JSON as a JSONB row under its unique number and an audit row; `chained`: the audit row hash-chained);")
        .append(" latency per registration; CPU per registration (dareg: the whole load process; PostgreSQL: its server processes,")
        .append(" and its load generator separately).\n\n")
        .append("| round | clients | dareg regs/s | PostgreSQL regs/s | dareg / PostgreSQL | PostgreSQL chained regs/s | dareg / chained |")
        .append(" dareg p50 / p99 ms | PostgreSQL p50 / p99 ms | chained p50 / p99 ms | dareg CPU us/reg | PostgreSQL server + client CPU us/reg |")
        .append(" chained server + client CPU us/reg |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int round = 1; round <= 2; round++) {
      String r = "round" + round + ".";
      for (String n : PG_LEVELS) {
        double dareg = get(r + "ledger_register." + n + ".tx_per_s") / 2;
        double pg = get(r + "pg." + n + ".regs_per_s");
        double chained = get(r + "pg_chained." + n + ".regs_per_s");
        report.append("| ").append(round).append(" | ").append(n).append(" | ").append(fmt(dareg)).append(" | ").append(fmt(pg))
            .append(" | ").append(fmt(dareg / pg)).append(" | ").append(fmt(chained)).append(" | ").append(fmt(dareg / chained))
            .append(" | ").append(latency(r + "ledger_register." + n)).append(" | ").append(latency(r + "pg." + n))
            .append(" | ").append(latency(r + "pg_chained." + n)).append(" | ").append(fmt(2 * get(r + "ledger_register." + n + ".cpu_us_per_tx")))
            .append(" | ").append(cpu(r + "pg." + n)).append(" | ").append(cpu(r + "pg_chained." + n)).append(" |\n");
      }
    }
    report.append("\n| goal (issue 26) | round | measured | ratio | met |\n|---|---|---|---:|---|\n");
    for (int round = 1; round <= 2; round++) {
      String r = "round" + round + ".";
      double dareg64 = get(r + "ledger_register.64.tx_per_s") / 2;
      double best = best(r + "pg.");
      double bestChained = best(r + "pg_chained.");
      String measured = fmt(dareg64) + " regs/s at 64 writers vs " + fmt(best) + " (PostgreSQL's best at 16, 64 or 256 clients)";
      postgresGoal("dareg at 64 writers >= 3 x PostgreSQL's best figure at any client count", round, measured, dareg64 / best, 3);
      postgresGoal("the stretch: >= 5 x", round, measured, dareg64 / best, 5);
      report.append("| for comparison: dareg at 64 writers / PostgreSQL's best with a hash-chained audit row | ").append(round).append(" | ")
          .append(fmt(dareg64)).append(" vs ").append(fmt(bestChained)).append(" | ").append(fmt(dareg64 / bestChained)).append(" | — |\n");
    }
  }

  private void postgresGoal(String what, int round, String measured, double ratio, double bound) {
    String met = Double.isNaN(ratio) ? "not measured" : ratio >= bound ? "yes" : "no";
    report.append("| ").append(what).append(" | ").append(round).append(" | ").append(measured).append(" | ").append(fmt(ratio))
        .append(" | ").append(met).append(" |\n");
  }

  /** The highest registrations per second of {@code prefix} (a round's {@code pg.} or {@code pg_chained.}) at any client count. */
  private double best(String prefix) {
    return PG_LEVELS.stream().mapToDouble(n -> get(prefix + n + ".regs_per_s")).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
  }

  private String latency(String prefix) {
    return fmt(get(prefix + ".p50_ms")) + " / " + fmt(get(prefix + ".p99_ms"));
  }

  private String cpu(String prefix) {
    return fmt(get(prefix + ".pg_cpu_us_per_reg")) + " + " + fmt(get(prefix + ".client_cpu_us_per_reg"));
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

  private void goals(int scale) {
    report.append("## Goals (issue 7)\n\n| goal | measured | ratio or value | met |\n|---|---|---:|---|\n");
    double ledger64 = get("ledger.64.tx_per_s");
    goal("embedded commits at 64 writers >= 0.5 x raw append+fsync with the same batches",
        fmt(ledger64) + " tx/s vs " + fmt(get("ledger.64.raw_tx_per_s")), get("ledger.64.raw_ratio"), 0.5, true);
    goal("embedded commits at 64 writers >= 20,000 durable registrations/s", fmt(ledger64) + " tx/s", ledger64, 20_000, true);
    goal("p99 commit latency at 64 writers < 10 ms", fmt(get("ledger.64.p99_ms")) + " ms", get("ledger.64.p99_ms"), 10, false);
    double verifyHttp = Math.max(get("http.verify.16.ops_per_s"), get("http.verify.64.ops_per_s"));
    double raw = get("verify.raw_per_s");
    goal("verify endpoint >= 0.5 x raw signature verification", fmt(verifyHttp) + " /s vs " + fmt(raw) + " /s", verifyHttp / raw, 0.5, true);
    goal("offline CertificateVerifier >= 0.8 x raw signature verification", fmt(get("verify.offline_per_s")) + " /s vs " + fmt(raw) + " /s",
        get("verify.offline_ratio"), 0.8, true);
    // The same two transactions (deposit, application) at the same concurrency through the Ledger
    // port: what the HTTP door costs. (Earlier runs compared with the deposit-only rate above.)
    double registerTx = registrationTxPerSecond("register");
    double registerPort = Math.max(get("ledger_register.16.tx_per_s"), get("ledger_register.64.tx_per_s"));
    goal("register through HTTP >= 0.5 x the same registrations through the Ledger port (a signed token on every request)",
        fmt(registerTx) + " tx/s vs " + fmt(registerPort) + " tx/s", registerTx / registerPort, 0.5, true);
    double registerBc = registrationTxPerSecond("register_bc");
    double registerTls = registrationTxPerSecond("register_mtls");
    goal("register through HTTPS >= 0.5 x the same registrations through the Ledger port (the caller named by its TLS client certificate)",
        fmt(registerTls) + " tx/s vs " + fmt(registerPort) + " tx/s", registerTls / registerPort, 0.5, true);
    goal("`dareg hash` >= 0.9 x sha256sum", fmt(get("hash.command_sha256_mb_s")) + " MB/s vs " + fmt(get("hash.sha256sum_mb_s")) + " MB/s",
        get("hash.command_sha256_mb_s") / get("hash.sha256sum_mb_s"), 0.9, true);
    // Issue 26 item 5: SM3 against OpenSSL's, and both algorithms on a tree of many files.
    goal("`dareg hash` SM3 >= 1.0 x openssl dgst -sm3, one large file",
        fmt(get("hash.command_sm3_mb_s")) + " MB/s vs " + fmt(get("hash.openssl_sm3_mb_s")) + " MB/s" + cpu("", "openssl_sm3"),
        get("hash.command_sm3_mb_s") / get("hash.openssl_sm3_mb_s"), 1.0, true);
    goal("`dareg hash` SM3 >= 1.5 x openssl dgst -sm3, a tree of many files",
        fmt(get("hash.tree_command_sm3_mb_s")) + " MB/s vs " + fmt(get("hash.tree_openssl_sm3_mb_s")) + " MB/s" + cpu("tree_", "openssl_sm3"),
        get("hash.tree_command_sm3_mb_s") / get("hash.tree_openssl_sm3_mb_s"), 1.5, true);
    goal("`dareg hash` SHA-256 >= 1.5 x sha256sum, a tree of many files",
        fmt(get("hash.tree_command_sha256_mb_s")) + " MB/s vs " + fmt(get("hash.tree_sha256sum_mb_s")) + " MB/s" + cpu("tree_", "sha256sum"),
        get("hash.tree_command_sha256_mb_s") / get("hash.tree_sha256sum_mb_s"), 1.5, true);
    String at = " (" + String.format("%,d", scale) + " registrations)";
    goal("start-up to ready < 5 s" + at, fmt(get("scale.startup_s")) + " s", get("scale.startup_s"), 5, false);
    goal("heap < 512 MiB" + at, fmt(get("scale.heap_mib")) + " MiB", get("scale.heap_mib"), 512, false);
    goal("registration lookup p99 < 5 ms" + at + ", after the start-up chain check", fmt(get("scale.lookup_p99_ms")) + " ms",
        get("scale.lookup_p99_ms"), 5, false);
    goal("holder's list p99 < 20 ms" + at + ", after the start-up chain check", fmt(get("scale.list_p99_ms")) + " ms",
        get("scale.list_p99_ms"), 20, false);
    // The same while the ledger still verifies its chain in the background after start-up (a
    // minute at 1,000,000 registrations), with the JIT compiling: shown against the same goals.
    goal("registration lookup p99 < 5 ms" + at + ", the first 2,000 after start-up, during the check",
        fmt(get("scale.first_lookup_p99_ms")) + " ms", get("scale.first_lookup_p99_ms"), 5, false);
    goal("holder's list p99 < 20 ms" + at + ", the first 500 after start-up, during the check",
        fmt(get("scale.first_list_p99_ms")) + " ms", get("scale.first_list_p99_ms"), 20, false);
    double emptyHttp = Math.max(get("http.empty.16.ops_per_s"), get("http.empty.64.ops_per_s"));
    report.append("\nFor scale: the empty Vert.x route answered ").append(fmt(emptyHttp))
        .append(" requests/s; registering through HTTP (two transactions each) reached ")
        .append(fmt(registerTx / 2)).append(" registrations/s; against the evidence-deposit rate of the first rows (the comparison of")
        .append(" runs before 2026-11-23 afternoon) register through HTTP is ").append(fmt(registerTx / ledger64)).append(" (token) and ")
        .append(fmt(registerTls / ledger64)).append(" (TLS client certificate). With token signatures checked by Bouncy Castle")
        .append(" instead of BoringSSL, register through HTTP reached ").append(fmt(registerBc)).append(" tx/s, ")
        .append(fmt(registerBc / registerPort)).append(" x the Ledger port (BoringSSL: ").append(fmt(registerTx / registerPort))
        .append(").\n\nWith each of 64 writers a chain of futures driven by one thread (`LedgerLoad --async`) instead of a blocked")
        .append(" thread, the embedded ledger committed ").append(fmt(get("ledger_async.64.tx_per_s"))).append(" tx/s, ")
        .append(fmt(get("ledger_async.64.raw_ratio"))).append(" x its raw append+fsync (measured after it), p99 ")
        .append(fmt(get("ledger_async.64.p99_ms"))).append(" ms, ").append(fmt(get("ledger_async.64.cpu_us_per_tx")))
        .append(" us of CPU per transaction (threads: ").append(fmt(get("ledger.64.cpu_us_per_tx"))).append(").\n");
  }

  /**
   * Transactions a second of the HttpLoad register run labelled {@code label}: its better level of
   * 16 and 64 clients, two transactions (deposit, application) per registration.
   */
  private double registrationTxPerSecond(String label) {
    return 2 * Math.max(get("http." + label + ".16.ops_per_s"), get("http." + label + ".64.ops_per_s"));
  }

  /** The CPU seconds of `dareg hash` and of the other tool in the same pair, for the measured column. */
  private String cpu(String prefix, String other) {
    String algorithm = other.equals("sha256sum") ? "sha256" : "sm3";
    return "; CPU " + fmt(get("hash." + prefix + "command_" + algorithm + "_cpu_s")) + " s vs " + fmt(get("hash." + prefix + other + "_cpu_s")) + " s";
  }

  private void goal(String what, String measured, double value, double bound, boolean atLeast) {
    String met = Double.isNaN(value) ? "not measured" : (atLeast ? value >= bound : value < bound) ? "yes" : "no";
    report.append("| ").append(what).append(" | ").append(measured).append(" | ").append(fmt(value)).append(" | ").append(met).append(" |\n");
  }

  private double get(String key) {
    return results.getOrDefault(key, Double.NaN);
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
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
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the gateway did not become healthy on port " + port + " in 60 s");
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

package io.dareg.bench;

import java.util.Map;

/**
 * The suite's tables and goals: what {@link Suite}'s figures (its programs' {@code RESULT} lines) say, as ratios against
 * the baselines of the same run, appended to its report.
 */
final class SuiteReport {
  private final Map<String, Double> results;
  private final StringBuilder report;

  SuiteReport(Map<String, Double> results, StringBuilder report) {
    this.results = results;
    this.report = report;
  }

  /** The signed-write figures (issue 23) of both rounds side by side. */
  void signedWrites() {
    report.append("## Signed writes (issue 23): registrations at 64 writers\n\n")
        .append("Registrations per second (one register transaction each since issue 26; two before); CPU per registration: through the port the whole load process")
        .append(" (the ledger and its 64 writer threads, signing included), of which the ledger's writer thread (the rules, which")
        .append(" verify each signed request) and the signing in the writers; over HTTP the gateway, of which its ledger's")
        .append(" writer thread, and the load generator (signing included, on its event loop).\n\n")
        .append("| round | port signed regs/s | port unsigned regs/s | signed / unsigned | HTTP signed regs/s | HTTP / port (signed) |")
        .append(" port signed CPU us/reg | of it writer thread | of it signing | port unsigned CPU us/reg | of it writer thread |")
        .append(" HTTP gateway CPU us/reg | of it writer thread | HTTP load CPU us/reg | of it signing |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int round = 1; round <= 2; round++) {
      String r = "round" + round + ".";
      double signed = get(r + "ledger_register.64.regs_per_s");
      double unsigned = get(r + "ledger_register_unsigned.64.regs_per_s");
      double http = get(r + "http.register.64.ops_per_s");
      report.append("| ").append(round).append(" | ").append(fmt(signed)).append(" | ").append(fmt(unsigned)).append(" | ")
          .append(fmt(signed / unsigned)).append(" | ").append(fmt(http)).append(" | ").append(fmt(http / signed)).append(" | ")
          .append(fmt(get(r + "ledger_register.64.cpu_us_per_reg"))).append(" | ")
          .append(fmt(get(r + "ledger_register.64.writer_us_per_reg"))).append(" | ")
          .append(fmt(get(r + "ledger_register.64.sign_us_per_tx") * get(r + "ledger_register.64.tx_per_s") / signed)).append(" | ")
          .append(fmt(get(r + "ledger_register_unsigned.64.cpu_us_per_reg"))).append(" | ")
          .append(fmt(get(r + "ledger_register_unsigned.64.writer_us_per_reg"))).append(" | ")
          .append(fmt(get(r + "http.register.64.gateway_us_per_op"))).append(" | ")
          .append(fmt(get(r + "http.register.64.gateway_writer_us_per_op"))).append(" | ")
          .append(fmt(get(r + "http.register.64.load_us_per_op"))).append(" | ")
          .append(fmt(get(r + "http.register.64.sign_us_per_op"))).append(" |\n");
    }
  }

  /** The goals of issue 24 as ratios, from the figures of {@link Suite}'s transparency log programs. */
  void transparencyLog() {
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

  // --- issue 26, item 3: Fabric side by side ---------------------------------------------------------

  /** The processes whose CPU {@link FabricSideBySide} reads, in its column order. */
  private static final java.util.List<String> FABRIC_PROCESSES = java.util.List.of("orderer", "peer-registry", "peer-exchange",
      "chaincode-registry", "chaincode-exchange", "benchput-registry", "benchput-exchange", "gateway", "load");

  /**
   * dareg's registrations on Fabric against the minimal contract's transactions ({@link FabricSideBySide}): each round and
   * level side by side, the CPU of every process per committed transaction, and the goals of issue 26 item 3 per round.
   */
  void fabric() {
    report.append("## dareg side by side with a minimal contract on Fabric (issue 26, item 3)\n\n");
    if (Double.isNaN(get("fabric.value_bytes"))) {
      report.append("Not measured (FABRIC_BIN not set, or the run failed: see its output above).\n\n");
      return;
    }
    report.append("The same network (network/fabric.sh up --bench-contract: one etcdraft orderer, a peer per organisation, both")
        .append(" chaincodes as services, one JVM per organisation each, endorsement by both organisations, the same BatchTimeout):")
        .append(" dareg's registrations through its gateway over HTTP (one register transaction carrying the deposit and the application) against the")
        .append(" minimal contract's transactions (one put of ").append(fmt(get("fabric.value_bytes")))
        .append(" bytes, a registration's JSON, under the transaction id) through the same Fabric Gateway client, identity and TLS;")
        .append(" N in flight; latency per registration (dareg, submit to commit) and per transaction (minimal, proposal to")
        .append(" commit status); CPU per committed transaction (dareg: one per registration) of both chaincode JVMs of the contract")
        .append(" under load. `shaped`: the minimal contract in a registration's shape (FabricSideBySide.SHAPE_READS reads and")
        .append(" SHAPE_WRITES writes a transaction, the value in three of them): what Fabric charges for that shape, without dareg's code.")
        .append(" dareg's gateway is one for all rounds, stopped while the contracts run.\n\n")
        .append("| round | in flight | dareg regs/s | dareg tx/s | minimal tx/s | regs/s ÷ minimal tx/s | shaped tx/s | regs/s ÷ shaped tx/s |")
        .append(" dareg p50 / p99 ms | minimal p50 / p99 ms | errors dareg, minimal | chaincode CPU us/tx dareg | minimal | shaped |")
        .append(" dareg ÷ minimal |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    java.util.List<Integer> levels = fabricLevels();
    for (int round = 1; round <= 2; round++) {
      for (int n : levels) {
        String d = "fabric.dareg.r" + round + "." + n + ".";
        String m = "fabric.minimal.r" + round + "." + n + ".";
        String sh = "fabric.shaped.r" + round + "." + n + ".";
        report.append("| ").append(round).append(" | ").append(n).append(" | ").append(fmt(get(d + "regs_per_s"))).append(" | ")
            .append(fmt(get(d + "tx_per_s"))).append(" | ").append(fmt(get(m + "tx_per_s"))).append(" | ")
            .append(fmt(get(d + "regs_per_s") / get(m + "tx_per_s"))).append(" | ")
            .append(fmt(get(sh + "tx_per_s"))).append(" | ").append(fmt(get(d + "regs_per_s") / get(sh + "tx_per_s"))).append(" | ")
            .append(fmt(get(d + "p50_ms"))).append(" / ").append(fmt(get(d + "p99_ms"))).append(" | ")
            .append(fmt(get(m + "p50_ms"))).append(" / ").append(fmt(get(m + "p99_ms"))).append(" | ")
            .append(fmt(get(d + "errors"))).append(", ").append(fmt(get(m + "errors"))).append(" | ")
            .append(fmt(get(d + "chaincode_us_per_tx"))).append(" | ").append(fmt(get(m + "chaincode_us_per_tx"))).append(" | ")
            .append(fmt(get(sh + "chaincode_us_per_tx"))).append(" | ")
            .append(fmt(get(d + "chaincode_us_per_tx") / get(m + "chaincode_us_per_tx"))).append(" |\n");
      }
    }
    report.append("\nCPU per committed transaction, us, of every process (from /proc over each level; `load`: the load generator, dareg's")
        .append(" HttpLoad or the minimal contract's Fabric Gateway client; the gateway runs only for dareg, each contract's JVMs work only")
        .append(" for it):\n\n| system | round | in flight | ").append(String.join(" | ", FABRIC_PROCESSES)).append(" | all |\n|---|---|---:|")
        .append("---:|".repeat(FABRIC_PROCESSES.size() + 1)).append("\n");
    for (String system : java.util.List.of("dareg", "minimal", "shaped")) {
      for (int round = 1; round <= 2; round++) {
        for (int n : levels) {
          String k = "fabric." + system + ".r" + round + "." + n + ".";
          if (Double.isNaN(get(k + "tx_per_s"))) {
            continue; // shaped with --shaped false, or a run stopped early
          }
          report.append("| ").append(system).append(" | ").append(round).append(" | ").append(n).append(" |");
          for (String proc : FABRIC_PROCESSES) {
            report.append(' ').append(fmt(get(k + "cpu." + proc + "_us_per_tx"))).append(" |");
          }
          report.append(' ').append(fmt(get(k + "total_us_per_tx"))).append(" |\n");
        }
      }
    }
    report.append("\n| goal (issue 26, item 3) | round | measured | ratio | met |\n|---|---|---|---:|---|\n");
    for (int round = 1; round <= 2; round++) {
      for (int n : levels) {
        String d = "fabric.dareg.r" + round + "." + n + ".";
        String m = "fabric.minimal.r" + round + "." + n + ".";
        double regs = get(d + "regs_per_s") / get(m + "tx_per_s");
        fabricGoal("registrations/s >= 0.8 x the minimal contract's transactions/s, " + n + " in flight", round,
            fmt(get(d + "regs_per_s")) + " regs/s vs " + fmt(get(m + "tx_per_s")) + " tx/s", regs, Double.isNaN(regs) ? null : regs >= 0.8);
        double cpu = get(d + "chaincode_us_per_tx") / get(m + "chaincode_us_per_tx");
        fabricGoal("chaincode CPU per transaction <= 1.5 x the minimal contract's, " + n + " in flight", round,
            fmt(get(d + "chaincode_us_per_tx")) + " vs " + fmt(get(m + "chaincode_us_per_tx")) + " us/tx", cpu,
            Double.isNaN(cpu) ? null : cpu <= 1.5);
        double errors = get(d + "errors") + get(m + "errors");
        fabricGoal("0 errors, " + n + " in flight", round, fmt(get(d + "errors")) + " (dareg), " + fmt(get(m + "errors")) + " (minimal)",
            errors, Double.isNaN(errors) ? null : errors == 0);
      }
    }
    report.append('\n');
  }

  /** The levels (transactions in flight) the Fabric comparison measured, from its figures. */
  private java.util.List<Integer> fabricLevels() {
    java.util.TreeSet<Integer> levels = new java.util.TreeSet<>();
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("fabric\\.dareg\\.r1\\.(\\d+)\\.tx_per_s");
    for (String k : results.keySet()) {
      java.util.regex.Matcher m = p.matcher(k);
      if (m.matches()) {
        levels.add(Integer.parseInt(m.group(1)));
      }
    }
    return java.util.List.copyOf(levels);
  }

  private void fabricGoal(String what, int round, String measured, double ratio, Boolean met) {
    report.append("| ").append(what).append(" | ").append(round).append(" | ").append(measured).append(" | ").append(fmt(ratio))
        .append(" | ").append(met == null ? "not measured" : met ? "yes" : "no").append(" |\n");
  }

  /** The figures of {@link Suite}'s comparison with PostgreSQL side by side, and the goal of issue 26 as ratios. */
  void postgres() {
    report.append("## dareg against PostgreSQL (issue 26, item 1)\n\n")
        .append("Registrations per second: dareg through the Ledger port (one register transaction carrying the deposit and the")
        .append(" application, fsync'ed in a signed, hash-chained block, under the registry's rules) against PostgreSQL (one transaction: the same")
        .append(" registration JSON as a JSONB row under its unique number and an audit row, over a pool of at most 64 pgJDBC connections;")
        .append(" `chained`: the audit row hash-chained);")
        .append(" latency per registration; CPU per registration (dareg: the whole load process; PostgreSQL: its server processes,")
        .append(" and its load generator separately); cores used, the CPU each side got (regs/s x CPU per registration): on a machine")
        .append(" shared with other work the scheduler divides the cores among runnable threads, so dareg's one writer thread")
        .append(" gets a smaller share than 64 backends do.\n\n")
        .append("| round | clients | dareg regs/s | PostgreSQL regs/s | dareg / PostgreSQL | PostgreSQL chained regs/s | dareg / chained |")
        .append(" dareg p50 / p99 ms | PostgreSQL p50 / p99 ms | chained p50 / p99 ms | dareg CPU us/reg | PostgreSQL server + client CPU us/reg |")
        .append(" chained server + client CPU us/reg | cores used: dareg, PostgreSQL, chained |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int round = 1; round <= 2; round++) {
      String r = "round" + round + ".";
      for (String n : Suite.PG_LEVELS) {
        double dareg = get(r + "ledger_register." + n + ".regs_per_s");
        double pg = get(r + "pg." + n + ".regs_per_s");
        double chained = get(r + "pg_chained." + n + ".regs_per_s");
        report.append("| ").append(round).append(" | ").append(n).append(" | ").append(fmt(dareg)).append(" | ").append(fmt(pg))
            .append(" | ").append(fmt(dareg / pg)).append(" | ").append(fmt(chained)).append(" | ").append(fmt(dareg / chained))
            .append(" | ").append(latency(r + "ledger_register." + n)).append(" | ").append(latency(r + "pg." + n))
            .append(" | ").append(latency(r + "pg_chained." + n)).append(" | ").append(fmt(get(r + "ledger_register." + n + ".cpu_us_per_reg")))
            .append(" | ").append(cpu(r + "pg." + n)).append(" | ").append(cpu(r + "pg_chained." + n))
            .append(" | ").append(fmt(get(r + "ledger_register." + n + ".cpu_us_per_tx") * get(r + "ledger_register." + n + ".tx_per_s") / 1e6))
            .append(", ").append(fmt(cores(r + "pg." + n))).append(", ").append(fmt(cores(r + "pg_chained." + n))).append(" |\n");
      }
    }
    report.append("\n| goal (issue 26) | round | measured | ratio | met |\n|---|---|---|---:|---|\n");
    for (int round = 1; round <= 2; round++) {
      String r = "round" + round + ".";
      double dareg64 = get(r + "ledger_register.64.regs_per_s");
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
    return Suite.PG_LEVELS.stream().mapToDouble(n -> get(prefix + n + ".regs_per_s")).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
  }

  private String latency(String prefix) {
    return fmt(get(prefix + ".p50_ms")) + " / " + fmt(get(prefix + ".p99_ms"));
  }

  /** The cores a PostgreSQL level used, server and load generator: registrations per second times their CPU per registration. */
  private double cores(String prefix) {
    return get(prefix + ".regs_per_s") * (get(prefix + ".pg_cpu_us_per_reg") + get(prefix + ".client_cpu_us_per_reg")) / 1e6;
  }

  private String cpu(String prefix) {
    return fmt(get(prefix + ".pg_cpu_us_per_reg")) + " + " + fmt(get(prefix + ".client_cpu_us_per_reg"));
  }

  /** The goals of issue 7, and the hash goals of issue 26 item 5, as ratios; {@code scale} is the scale check's size. */
  void issue7(int scale) {
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
    // The same registrations (one register transaction each since issue 26) at the same concurrency through the Ledger
    // port: what the HTTP door costs. (Earlier runs compared with the deposit-only rate above.)
    double registerTx = registrationTxPerSecond("register");
    double registerPort = Math.max(get("ledger_register.16.tx_per_s"), get("ledger_register.64.tx_per_s"));
    goal("register through HTTP >= 0.5 x the same registrations through the Ledger port (a signed token on every request)",
        fmt(registerTx) + " tx/s vs " + fmt(registerPort) + " tx/s", registerTx / registerPort, 0.5, true);
    double registerBc = registrationTxPerSecond("register_bc");
    double registerTls = registrationTxPerSecond("register_mtls");
    goal("register through HTTPS >= 0.5 x the same registrations through the Ledger port (the caller named by its TLS client certificate)",
        fmt(registerTls) + " tx/s vs " + fmt(registerPort) + " tx/s", registerTls / registerPort, 0.5, true);
    hashGoals();
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
        .append(" requests/s; registering through HTTP (one transaction each) reached ")
        .append(fmt(registerTx)).append(" registrations/s; against the evidence-deposit rate of the first rows (the comparison of")
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

  /** The evidence hashing goals alone ({@code --hash-only}): issue 7's against sha256sum and issue 26 item 5's. */
  void evidenceHashing() {
    report.append("## Goals (evidence hashing)\n\n| goal | measured | ratio or value | met |\n|---|---|---:|---|\n");
    hashGoals();
  }

  /** The rows of the hash goals: `dareg hash` against sha256sum and openssl dgst -sm3, on one file and on a tree. */
  private void hashGoals() {
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
  }

  /**
   * Transactions a second of the HttpLoad register run labelled {@code label}: its better level of
   * 16 and 64 clients, one register transaction per registration (two before issue 26).
   */
  private double registrationTxPerSecond(String label) {
    return Math.max(get("http." + label + ".16.ops_per_s"), get("http." + label + ".64.ops_per_s"));
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

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
  }
}

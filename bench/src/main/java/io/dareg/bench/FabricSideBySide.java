package io.dareg.bench;

import io.dareg.gateway.ledger.fabric.FabricSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * dareg's registrations on Fabric side by side with bench's minimal contract on the same network (issue 26, item 3):
 * {@code network/fabric.sh up --bench-contract} runs both chaincodes as services, one JVM per organisation each, with the
 * same endorsement policy and the same block cutting, on one channel. Each round measures, at every level of transactions
 * in flight, first dareg (a {@code serve --dev --fabric} gateway driven over HTTP by {@link HttpLoad}'s register:
 * one {@code register} transaction per registration carrying its deposit and its application since issue 26 (two
 * transactions before, a deposit and then an application), its author's signed request), then the minimal
 * contract ({@link FabricLoad}: one put of a registration's JSON per transaction, through the same Fabric Gateway client,
 * identity and TLS settings as dareg's gateway), then (unless {@code --shaped false}) the same contract in dareg's shape
 * ({@code shaped}: {@link #SHAPE_READS} reads and {@link #SHAPE_WRITES} writes a transaction, the value three times, so
 * that what Fabric charges for a registration's round trips and keys shows apart from what dareg's own code costs).
 * Rounds alternate them, so a change in the machine's load shows as a difference between rounds. dareg's gateway is one
 * for all rounds, stopped while the contracts run ({@code DaregGateway}). Over each level it reads the CPU time of every process of the network from /proc (orderer,
 * peers, each chaincode JVM, the gateway, and this load generator) and reports it per committed transaction.
 *
 * <p>Usage: {@code FabricSideBySide [--state DIR] --gateway-jar JAR [--org registry] [--levels 64,256] [--seconds 20]
 * [--warmup 15] [--rounds 2] [--jfr DIR] [--shaped true]}, where DIR is the network's state directory (default {@code $DAREG_FABRIC_STATE}; bench/fabric.sh
 * brings such a network up around this program and takes it down after). The first round's warm-up is twice
 * {@code --warmup} (every JVM's JIT starts cold). With {@code --jfr DIR}, after every round, each contract runs
 * {@code --warmup} seconds more at the highest level, recorded with JDK Flight Recorder in the organisation's chaincode JVM
 * (the minimal contract's, then dareg's), and the top frames of each are printed: where a
 * transaction's chaincode CPU goes. (A JVM recorded before a measured level spent more CPU per transaction in it too:
 * 2026-12-07, the recorded JVMs 3 times their peers' of the other organisation, and an idle one 0.3 of a core.) Figures are printed as {@code RESULT fabric.<dareg|minimal>.r<round>.
 * <level>.*} lines for {@link Suite}.
 */
public final class FabricSideBySide {
  private FabricSideBySide() {}

  /**
   * A registration's shape on Fabric, counted on the rules' register with one deposit (issue 26, 2026-12-07): the keys it
   * reads from the peer (each a round trip between the chaincode and the peer; the ledger's settings once since the
   * chaincode keeps a transaction's reads) and the keys it writes (the evidence and registration records, the request's two records, five index entries).
   */
  static final int SHAPE_READS = 8;
  static final int SHAPE_WRITES = 9;

  /** The processes of the network that are read, by the names network/fabric.sh records their PIDs under. */
  private static final List<String> NETWORK = List.of("orderer", "peer-registry", "peer-exchange", "chaincode-registry",
      "chaincode-exchange", "benchput-registry", "benchput-exchange");

  public static void main(String[] args) throws Exception {
    String stateEnv = System.getenv("DAREG_FABRIC_STATE");
    Path state = stateEnv == null || stateEnv.isBlank() ? null : Path.of(stateEnv);
    Path gatewayJar = null;
    String org = "registry";
    int[] levels = {64, 256};
    int seconds = 20;
    int warmup = 15;
    int rounds = 2;
    Path jfr = null;
    boolean shaped = true;
    for (int i = 0; i < args.length; i++) {
      if (i + 1 >= args.length) {
        usage(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--state" -> state = Path.of(args[++i]);
        case "--gateway-jar" -> gatewayJar = Path.of(args[++i]);
        case "--org" -> org = args[++i];
        case "--levels" -> levels = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--jfr" -> jfr = Path.of(args[++i]);
        case "--shaped" -> shaped = Boolean.parseBoolean(args[++i]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (state == null || gatewayJar == null) {
      usage("--state (or DAREG_FABRIC_STATE) and --gateway-jar are required");
    }
    Path settingsFile = state.resolve("gateway-" + org + ".json");
    if (!Files.isRegularFile(settingsFile)) {
      usage("no " + settingsFile + ": bring the network up first (bench/fabric.sh does, with network/fabric.sh up --bench-contract)");
    }
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String name : NETWORK) {
      Path pidFile = state.resolve("pids/" + name + ".pid");
      if (!Files.isRegularFile(pidFile)) {
        usage("no " + pidFile + ": the network in " + state + " was not brought up with --bench-contract (one registry)");
      }
      pids.put(name, Long.parseLong(Files.readString(pidFile).strip()));
    }
    FabricSettings settings = FabricSettings.read(settingsFile);
    String value = LedgerLoad.registrationJson();
    int most = Arrays.stream(levels).max().orElse(64);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    System.out.printf("# Fabric side by side: dareg registrations through the gateway against one put of %d bytes (a registration's"
        + " JSON) by chaincode %s; %s; %d s per level after a warm-up at %d (%d s in round 1, %d after), %d rounds%n",
        FabricLoad.size(value), FabricLoad.CHAINCODE, Files.readString(state.resolve("chaincode/policy")).strip(), seconds, most,
        2 * warmup, warmup, rounds);
    if (shaped) {
      System.out.printf("# and the same chaincode in a registration's shape: %d reads and %d writes a transaction, the value in three%n",
          SHAPE_READS, SHAPE_WRITES);
    }
    System.out.printf("RESULT fabric.value_bytes %d%n", FabricLoad.size(value));
    System.out.printf("%-8s %5s %6s %8s %8s %9s %9s %7s | CPU us per committed transaction: %s, gateway, load%n", "system",
        "round", "level", "regs/s", "tx/s", "p50 ms", "p99 ms", "errors", String.join(", ", NETWORK));
    String[] shape = {value, String.valueOf(SHAPE_READS), String.valueOf(SHAPE_WRITES)};
    try (DaregGateway gateway = DaregGateway.start(java, gatewayJar, settingsFile)) {
      for (int round = 1; round <= rounds; round++) {
        // The first round's warm-up is twice as long: the JIT of five JVMs starts cold then.
        int warm = round == 1 ? 2 * warmup : warmup;
        gateway.resume();
        dareg(gateway, pids, round, levels, seconds, warm, most, null, -1, 0);
        gateway.pause();
        contract("minimal", new FabricLoad(settings, FabricLoad.CHAINCODE, value), pids, round, levels, seconds, warm, most, null,
            -1, 0);
        if (shaped) {
          contract("shaped", new FabricLoad(settings, FabricLoad.CHAINCODE, "shaped", shape), pids, round, levels, seconds, warm,
              most, null, -1, 0);
        }
      }
      if (jfr != null) {
        // After every measured level: a JVM recorded with JFR spends more CPU for a while after the recording stopped (0.3
        // of a core for at least 40 s, 2026-12-07), which would weigh on whatever is measured next.
        contract("minimal", new FabricLoad(settings, FabricLoad.CHAINCODE, value), pids, 0, new int[0], seconds, 0, most,
            jfr.resolve("benchput-" + org + ".jfr"), pids.get("benchput-" + org), warmup);
        gateway.resume();
        dareg(gateway, pids, 0, new int[0], seconds, 5, most, jfr.resolve("chaincode-" + org + ".jfr"),
            pids.get("chaincode-" + org), warmup);
        for (String name : List.of("chaincode-" + org, "benchput-" + org)) {
          Path file = jfr.resolve(name + ".jfr");
          if (Files.isRegularFile(file)) {
            topFrames(name, file);
          }
        }
      }
    }
  }

  private static void usage(String why) {
    System.err.println("FabricSideBySide: " + why);
    System.err.println("usage: FabricSideBySide --state DIR --gateway-jar JAR [--org registry] [--levels 64,256] [--seconds 20]"
        + " [--warmup 15] [--rounds 2] [--jfr DIR] [--shaped true|false]");
    System.exit(2);
  }

  /**
   * dareg's gateway on the network ({@code serve --dev --fabric}), one for all rounds: a gateway runs for months, and a
   * fresh one spends most of its first minutes in the JIT (2026-12-07: 12 of 23 ms a registration in its first 30 s under
   * load, 1 of 3.4 ms after three minutes), while the minimal contract's client is this program, warm after round 1.
   * Stopped (SIGSTOP) while the contracts run, so that it neither follows their blocks nor takes a core from them; it
   * takes in the blocks it missed before dareg's next warm-up ({@link #resume()}).
   */
  private static final class DaregGateway implements AutoCloseable {
    final Process process;
    final int port;
    final Path data;
    private boolean paused;

    private DaregGateway(Process process, int port, Path data) {
      this.process = process;
      this.port = port;
      this.data = data;
    }

    static DaregGateway start(String java, Path gatewayJar, Path settingsFile) throws Exception {
      Path data = Files.createTempDirectory("dareg-fabric-side");
      int port = Suite.freePort();
      Process process = Suite.startGateway(java, gatewayJar, data, port, "gateway.log", "--fabric", settingsFile.toString());
      DaregGateway gateway = new DaregGateway(process, port, data);
      try {
        awaitReady(process, port, data.resolve("gateway.log"));
      } catch (Exception | Error e) {
        gateway.close();
        throw e;
      }
      return gateway;
    }

    void pause() throws Exception {
      signal("STOP");
      paused = true;
    }

    /**
     * Continues a stopped gateway and waits, at most a minute, until it has taken in the blocks it missed: its
     * transparency log holds an entry for every valid transaction of the channel, the contracts' too, and its query
     * index follows every block. Done when the log's size has not moved for three seconds and the index lags no block.
     * Says how far it got. (On 2026-12-07 it never got there: the index followed Fabric's chaincode event stream,
     * which says nothing of blocks without dareg's events, so after the contracts' blocks it reported thousands of
     * blocks of lag until dareg's next registration. The log itself had taken in their 17,000 entries within seconds:
     * the "50 to 90 entries a second" read then were its growth averaged over the minute this waited. The index reads
     * the ends of blocks too since 2026-12-08.)
     */
    void resume() throws Exception {
      if (!paused) {
        return;
      }
      signal("CONT");
      paused = false;
      HttpClient http = HttpClient.newHttpClient();
      long started = System.nanoTime();
      long deadline = started + TimeUnit.MINUTES.toNanos(1);
      long first = -1;
      long last = -1;
      int still = 0;
      while (System.nanoTime() < deadline && still < 3) {
        Thread.sleep(1000);
        long size = logSize(http);
        boolean indexed = get(http, "/health").contains("\"lagBlocks\":0");
        still = size >= 0 && size == last && indexed ? still + 1 : 0;
        first = first < 0 ? size : first;
        last = size;
      }
      System.out.printf("# dareg's gateway continued: took in the blocks it missed in %.0f s (its log %d -> %d entries)%s%n",
          (System.nanoTime() - started) / 1e9, first, last, still < 3 ? ", NOT caught up after a minute: the rest is taken in during dareg's levels" : "");
    }

    /** The size of the gateway's transparency log, from its newest checkpoint (the note's second line); -1 unread. */
    private long logSize(HttpClient http) throws InterruptedException {
      String[] lines = get(http, "/api/v1/log/checkpoint").split("\n");
      try {
        return lines.length > 1 ? Long.parseLong(lines[1].strip()) : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private String get(HttpClient http, String path) throws InterruptedException {
      try {
        return http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        return "";
      }
    }

    private void signal(String name) throws Exception {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes());
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " (the gateway) failed: " + out.strip());
      }
    }

    @Override
    public void close() throws Exception {
      resume(); // a stopped process does not act on SIGTERM until it runs again
      Suite.stop(process);
      deleteTree(data);
    }
  }

  /** dareg's round: HttpLoad register through {@code gateway} at each level. */
  private static void dareg(DaregGateway gateway, Map<String, Long> pids, int round, int[] levels, int seconds, int warmup,
      int most, Path jfrFile, long jfrPid, int profileSeconds) throws Exception {
    URI base = URI.create("http://127.0.0.1:" + gateway.port + "/api/v1");
    try (HttpLoad.Target target = new HttpLoad.Target(base, null, new HttpLoad.Tls(null, null, null), null, most,
        gateway.data.resolve("dev/holder"))) {
      if (warmup > 0) {
        HttpLoad.Result w = HttpLoad.run(target, "register", null, most, warmup, Long.MAX_VALUE);
        System.out.printf("# dareg %s warm-up: %d s at %d, %.1f registrations/s, %d errors%s, not counted%n", phase(round), warmup,
            most, w.perSecond(), w.errors(), w.firstError() == null ? "" : " (first: " + w.firstError() + ")");
      }
      for (int level : levels) {
        Map<String, Long> before = cpu(pids, gateway.process.pid());
        HttpLoad.Result r = HttpLoad.run(target, "register", null, level, seconds, Long.MAX_VALUE);
        Map<String, Long> after = cpu(pids, gateway.process.pid());
        // one transaction per registration (HttpLoad's register)
        report("dareg", round, level, r.perSecond(), r.perSecond(), r.p50(), r.p99(), r.errors(), r.firstError(),
            r.ops(), before, after, "chaincode-");
      }
      if (jfrFile != null) {
        // After the measured levels, so that the recording cannot weigh on them.
        startJfr(jfrPid, jfrFile);
        HttpLoad.Result p = HttpLoad.run(target, "register", null, most, profileSeconds, Long.MAX_VALUE);
        stopJfr(jfrPid, jfrFile);
        System.out.printf("# dareg %s, recorded with JFR: %d s at %d, %.1f registrations/s, not counted%n", phase(round),
            profileSeconds, most, p.perSecond());
      }
    }
  }

  /** A round of bench's contract: {@code load} (closed here) at each level, reported as {@code system}. */
  private static void contract(String system, FabricLoad fabricLoad, Map<String, Long> pids, int round, int[] levels, int seconds,
      int warmup, int most, Path jfrFile, long jfrPid, int profileSeconds) throws Exception {
    try (FabricLoad load = fabricLoad) {
      if (warmup > 0) {
        FabricLoad.Result w = load.run(most, warmup, Long.MAX_VALUE);
        System.out.printf("# %s %s warm-up: %d s at %d, %.1f transactions/s, %d errors%s, not counted%n", system, phase(round),
            warmup, most, w.perSecond(), w.errors(), w.firstError() == null ? "" : " (first: " + w.firstError() + ")");
      }
      for (int level : levels) {
        Map<String, Long> before = cpu(pids, -1);
        FabricLoad.Result r = load.run(level, seconds, Long.MAX_VALUE);
        Map<String, Long> after = cpu(pids, -1);
        report(system, round, level, Double.NaN, r.perSecond(), r.p50(), r.p99(), r.errors(), r.firstError(), r.ops(), before,
            after, "benchput-");
      }
      if (jfrFile != null) {
        startJfr(jfrPid, jfrFile);
        FabricLoad.Result p = load.run(most, profileSeconds, Long.MAX_VALUE);
        stopJfr(jfrPid, jfrFile);
        System.out.printf("# %s %s, recorded with JFR: %d s at %d, %.1f transactions/s, not counted%n", system, phase(round),
            profileSeconds, most, p.perSecond());
      }
    }
  }

  /** A round's name in the output; round 0 is the recording after the rounds. */
  private static String phase(int round) {
    return round == 0 ? "after the rounds" : "round " + round;
  }

  /** CPU time so far (ns) of each process of the network, of the gateway (when {@code gatewayPid} >= 0), and of this one. */
  private static Map<String, Long> cpu(Map<String, Long> pids, long gatewayPid) throws IOException {
    Map<String, Long> t = new LinkedHashMap<>();
    for (var e : pids.entrySet()) {
      t.put(e.getKey(), CpuTime.process(e.getValue()));
    }
    t.put("gateway", gatewayPid >= 0 ? CpuTime.process(gatewayPid) : 0L);
    t.put("load", CpuTime.process());
    return t;
  }

  private static void report(String system, int round, int level, double regsPerSecond, double txPerSecond, double p50, double p99,
      long errors, String firstError, long transactions, Map<String, Long> before, Map<String, Long> after, String chaincodePrefix) {
    String key = "fabric." + system + ".r" + round + "." + level;
    StringBuilder cpu = new StringBuilder();
    double chaincode = 0;
    double total = 0;
    for (String name : after.keySet()) {
      double perTx = (after.get(name) - before.get(name)) / 1e3 / Math.max(1, transactions);
      cpu.append(String.format(" %7.0f", perTx));
      System.out.printf("RESULT %s.cpu.%s_us_per_tx %.1f%n", key, name, perTx);
      if (name.startsWith(chaincodePrefix)) {
        chaincode += perTx;
      }
      total += perTx;
    }
    System.out.printf("%-8s %5d %6d %8s %8.1f %9.1f %9.1f %7d |%s%n", system, round, level,
        Double.isNaN(regsPerSecond) ? "-" : String.format("%.1f", regsPerSecond), txPerSecond, p50, p99, errors, cpu);
    if (!Double.isNaN(regsPerSecond)) {
      System.out.printf("RESULT %s.regs_per_s %.1f%n", key, regsPerSecond);
    }
    System.out.printf("RESULT %s.tx_per_s %.1f%nRESULT %s.p50_ms %.1f%nRESULT %s.p99_ms %.1f%nRESULT %s.errors %d%n", key, txPerSecond,
        key, p50, key, p99, key, errors);
    System.out.printf("RESULT %s.chaincode_us_per_tx %.1f%nRESULT %s.total_us_per_tx %.1f%n", key, chaincode, key, total);
    if (firstError != null) {
      System.out.println("# first error: " + firstError);
    }
  }

  /**
   * Waits up to two minutes for the gateway on {@code port} to answer /health with 200 (on Fabric it first asks the peer, and
   * its transparency log catches up from block 0); fails at once, with the log's tail, if the gateway exited.
   */
  private static void awaitReady(Process gateway, int port, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("the gateway exited (" + gateway.exitValue() + "): " + tail(log));
      }
      if (Suite.healthy(http, port)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the gateway was not healthy on port " + port + " in 120 s: " + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  // --- JDK Flight Recorder: where the chaincode's CPU goes ---------------------------------------------------------------

  private static void startJfr(long pid, Path file) throws Exception {
    if (file != null) {
      Files.createDirectories(file.getParent());
      jcmd(pid, "JFR.start", "name=side-by-side", "settings=profile");
    }
  }

  private static void stopJfr(long pid, Path file) throws Exception {
    if (file != null) {
      jcmd(pid, "JFR.stop", "name=side-by-side", "filename=" + file);
    }
  }

  private static void jcmd(long pid, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", cmd.subList(1, cmd.size())) + " failed: " + out.strip());
    }
  }

  /**
   * Where the execution samples of a recording fall: by the innermost frame's method, by every method on the stack
   * (inclusive), and by the innermost frame that belongs to a known part (crypto, JSON, contract runtime, protobuf and
   * gRPC, dareg's code).
   */
  private static void topFrames(String name, Path file) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> parts = new LinkedHashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      self.merge(method(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      String part = null;
      for (RecordedFrame f : frames) {
        String m = method(f);
        if (seen.add(m)) {
          inclusive.merge(m, 1, Integer::sum);
        }
        if (part == null) {
          part = part(f.getMethod().getType().getName());
        }
      }
      parts.merge(part == null ? "other (JDK, threads)" : part, 1, Integer::sum);
    }
    System.out.printf("# JFR %s: %d execution samples (Java threads only; the JIT and GC threads are not sampled)%n", name, samples);
    int n = samples;
    System.out.println("#   by part (innermost frame of a known part):");
    parts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> System.out.printf("#     %5.1f %%  %s%n", 100.0 * e.getValue() / n, e.getKey()));
    System.out.println("#   top frames (self):");
    top(self, 12).forEach(e -> System.out.printf("#     %5.1f %%  %s%n", 100.0 * e.getValue() / n, e.getKey()));
    System.out.println("#   top methods (inclusive), leaving out thread entry points:");
    inclusive.keySet().removeIf(m -> m.startsWith("java.lang.Thread.") || m.startsWith("java.util.concurrent.ThreadPoolExecutor")
        || m.startsWith("io.netty.util.concurrent.") || m.startsWith("io.netty.util.internal.ThreadExecutorMap"));
    top(inclusive, 20).forEach(e -> System.out.printf("#     %5.1f %%  %s%n", 100.0 * e.getValue() / n, e.getKey()));
  }

  private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int n) {
    return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(n).toList();
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  /** The part of the chaincode a class belongs to, or null for the JDK's own and everything else. */
  private static String part(String type) {
    if (type.startsWith("sun.security.") || type.startsWith("org.bouncycastle.") || type.startsWith("java.security.")
        || type.startsWith("javax.crypto.") || type.startsWith("com.sun.crypto.")) {
      return "crypto (signatures, certificates, hashes)";
    }
    if (type.startsWith("com.fasterxml.jackson.") || type.startsWith("org.json.") || type.startsWith("io.dareg.core.json.")
        || type.startsWith("org.everit.")) {
      return "JSON";
    }
    if (type.startsWith("io.dareg.")) {
      return "dareg's rules and contract adapter";
    }
    if (type.startsWith("org.hyperledger.fabric.contract.") || type.startsWith("io.opentelemetry.")
        || type.startsWith("org.hyperledger.fabric.traces.") || type.startsWith("org.hyperledger.fabric.metrics.")) {
      return "Fabric contract runtime";
    }
    if (type.startsWith("org.hyperledger.fabric.shim.") || type.startsWith("org.hyperledger.fabric.protos.")
        || type.startsWith("com.google.protobuf.") || type.startsWith("io.grpc.") || type.startsWith("io.netty.")) {
      return "shim, protobuf, gRPC, Netty";
    }
    return null;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

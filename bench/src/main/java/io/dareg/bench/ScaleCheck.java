package io.dareg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.ListRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.RightType;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded ledger at scale: writes N registrations (each one {@code register} transaction carrying
 * the evidence deposit and the application, as {@code LedgerLoad --register}; with {@code --two-step}
 * a deposit and then an application, as before issue 26; 1024 in flight) for 100 holders, reports
 * the disk it takes per registration (block
 * file, state store and the rest apart), reopens the ledger and reports start-up to ready, how long
 * its background check of the whole chain takes from the opening,
 * the heap in use after a full collection, and the p99 of a registration lookup and of a holder's
 * first page of registrations once the ledger has verified its chain in the background; the first
 * queries after start-up, made while that check runs and the JIT compiles, are reported apart. Usage:
 * {@code ScaleCheck [--two-step] [N] [data-dir]} (default 1,000,000 and a
 * temporary directory, deleted at the end unless given; a given directory is kept, with the
 * registrations' numbers beside it in {@code <data-dir>.ids}, and a later run with the same N
 * reopens it without writing it again). Run it with the heap the goal allows
 * ({@code -Xmx512m}) to see whether the ledger fits, or with more to see what it needs.
 */
public final class ScaleCheck {
  private static final int HOLDERS = 100;

  private ScaleCheck() {}

  public static void main(String[] given) throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(given));
    boolean twoStep = args.remove("--two-step");
    int n = args.size() > 0 ? Integer.parseInt(args.get(0)) : 1_000_000;
    boolean keep = args.size() > 1;
    Path dir = keep ? Path.of(args.get(1)) : Files.createTempDirectory("dareg-bench-scale").resolve("ledger");
    Caller admin = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
    Caller registrar = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
    Caller[] holders = new Caller[HOLDERS];
    String[] accounts = new String[HOLDERS];
    List<String> regNos = new ArrayList<>();
    for (int h = 0; h < HOLDERS; h++) {
      holders[h] = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder" + h), null, false);
    }
    // A kept ledger is written once: its numbers go beside it, and a later run with the same N
    // measures the reopen only.
    Path ids = dir.resolveSibling(dir.getFileName() + ".ids");
    if (keep && Files.exists(ids)) {
      List<String> lines = Files.readAllLines(ids);
      if (Integer.parseInt(lines.get(0)) != n) {
        throw new IllegalArgumentException(dir + " holds " + lines.get(0) + " registrations, not " + n
            + ": give the same N, or another data directory");
      }
      for (int h = 0; h < HOLDERS; h++) {
        accounts[h] = lines.get(1 + h);
      }
      regNos.addAll(lines.subList(1 + HOLDERS, lines.size()));
      System.out.printf("reusing the %d registrations in %s%n", n, dir);
    } else {
      if (twoStep) {
        buildTwoStep(dir, n, admin, registrar, holders, accounts, regNos);
      } else {
        build(dir, n, admin, registrar, holders, accounts, regNos);
      }
      if (keep) {
        List<String> lines = new ArrayList<>(List.of(String.valueOf(n)));
        lines.addAll(Arrays.asList(accounts));
        lines.addAll(regNos);
        Files.write(ids, lines);
      }
    }
    measure(dir, keep, holders, accounts, regNos);
  }

  /** Writes {@code n} registrations, one register transaction each, into a new ledger in {@code dir}, filling {@code accounts} and {@code regNos}. */
  private static void build(Path dir, int n, Caller admin, Caller registrar, Caller[] holders, String[] accounts,
      List<String> regNos) throws IOException {
    long t0 = System.nanoTime();
    try (EmbeddedLedger ledger = open(dir, admin, registrar, holders, accounts)) {
      ArrayDeque<CompletableFuture<Committed>> inFlight = new ArrayDeque<>();
      for (int i = 0; i < n; i++) {
        inFlight.add(ledger.submit(holders[i % HOLDERS], "register", Requests.json(Requests.registration(deposit(i), i))));
        if (inFlight.size() >= 1024) {
          regNos.add(registered(inFlight.poll()));
        }
        progress("registrations", i, n, t0);
      }
      while (!inFlight.isEmpty()) {
        regNos.add(registered(inFlight.poll()));
      }
      System.out.printf("wrote %d registrations (%d transactions, one register each) in %d blocks, %d MB, in %.1f s%n", n,
          (long) n + HOLDERS + 1, ledger.height(), Files.size(dir.resolve("blocks.dat")) >> 20, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** A new ledger in {@code dir}, initialised, with an account for each holder (filling {@code accounts}). */
  private static EmbeddedLedger open(Path dir, Caller admin, Caller registrar, Caller[] holders, String[] accounts)
      throws IOException {
    EmbeddedLedger ledger = EmbeddedLedger.open(dir, Clock.systemUTC(), EmbeddedLedger.Options.defaults());
    ledger.submit(admin, "initLedger", Requests.json(new InitLedgerRequest("RegistryMSP", "bench", "DL"))).join();
    for (int h = 0; h < HOLDERS; h++) {
      accounts[h] = Json.mapper().readTree(ledger.submit(registrar, "openAccount", Requests.json(new OpenAccountRequest(
          Requests.hash("h" + h), "holder " + h, AccountKind.ENTERPRISE, List.of(holders[h].identity())))).join().resultJson())
          .path("accountId").asText();
    }
    return ledger;
  }

  /** The number of the registration a committed {@code register} made. */
  private static String registered(CompletableFuture<Committed> committed) throws IOException {
    return Json.mapper().readTree(committed.join().resultJson()).at("/registration/regNo").asText();
  }

  /** The {@code i}-th registration's evidence deposit. */
  private static DepositEvidenceRequest deposit(int i) {
    return new DepositEvidenceRequest(HashAlgorithm.SHA256, Requests.hash("scale " + i), null, i + 1, "bench", null);
  }

  /** As {@link #build}, each registration a deposit and then an application (two transactions, as before issue 26). */
  private static void buildTwoStep(Path dir, int n, Caller admin, Caller registrar, Caller[] holders, String[] accounts,
      List<String> regNos) throws IOException {
    long t0 = System.nanoTime();
    try (EmbeddedLedger ledger = open(dir, admin, registrar, holders, accounts)) {
      // Evidence first, then the applications that cite it, each stage 1024 in flight.
      String[] evidence = new String[n];
      ArrayDeque<CompletableFuture<Committed>> inFlight = new ArrayDeque<>();
      ArrayDeque<Integer> which = new ArrayDeque<>();
      for (int i = 0; i < n; i++) {
        inFlight.add(ledger.submit(holders[i % HOLDERS], "depositEvidence", Requests.json(deposit(i))));
        which.add(i);
        if (inFlight.size() >= 1024) {
          evidence[which.poll()] = Requests.field(inFlight.poll(), "evidenceNo");
        }
        progress("evidence", i, n, t0);
      }
      while (!inFlight.isEmpty()) {
        evidence[which.poll()] = Requests.field(inFlight.poll(), "evidenceNo");
      }
      for (int i = 0; i < n; i++) {
        inFlight.add(ledger.submit(holders[i % HOLDERS], "submit", Requests.json(
            new SubmitRequest(null, RightType.HOLDING, Requests.asset(i), List.of(), List.of(evidence[i]), null, false, Requests.undertakings(i)))));
        if (inFlight.size() >= 1024) {
          regNos.add(Requests.field(inFlight.poll(), "regNo"));
        }
        progress("registrations", i, n, t0);
      }
      while (!inFlight.isEmpty()) {
        regNos.add(Requests.field(inFlight.poll(), "regNo"));
      }
      System.out.printf("wrote %d registrations (%d transactions, a deposit and an application each) in %d blocks, %d MB, in %.1f s%n", n, 2L * n + HOLDERS + 1,
          ledger.height(), Files.size(dir.resolve("blocks.dat")) >> 20, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** Reopens the ledger in {@code dir} and measures; deletes it afterwards unless {@code keep}. */
  private static void measure(Path dir, boolean keep, Caller[] holders, String[] accounts, List<String> regNos)
      throws Exception {
    disk(dir, regNos.size());
    System.gc();
    long s = System.nanoTime();
    try (EmbeddedLedger again = EmbeddedLedger.open(dir, Clock.systemUTC(), EmbeddedLedger.Options.defaults())) {
      double startup = (System.nanoTime() - s) / 1e9;
      if (!again.health().ready()) {
        throw new IllegalStateException("the ledger did not come back ready: " + again.health());
      }
      System.gc();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      Random random = new Random(1);
      Caller reader = holders[0];
      // The first queries after start-up run while the ledger verifies the whole chain in the
      // background (one core reading and checking every block) and the JIT compiles the read path:
      // reported on their own. The goals' figures are those of the ledger at work afterwards.
      long[] firstLookups = lookups(again, reader, regNos, random, 2_000);
      long[] firstLists = lists(again, reader, accounts, random, 500);
      long checkWait = System.nanoTime();
      while (again.health().detail().contains("are verified in the background")) {
        Thread.sleep(100);
      }
      double checked = (System.nanoTime() - s) / 1e9;
      System.out.printf("the background check of the chain: %s (done %.1f s after the ledger was opened; waited %.1f s for it"
          + " after the first queries)%n", again.health().detail(), checked, (System.nanoTime() - checkWait) / 1e9);
      System.out.printf("RESULT scale.chain_check_s %.1f%n", checked);
      long[] lookups = lookups(again, reader, regNos, random, 20_000);
      long[] lists = lists(again, reader, accounts, random, 5_000);
      double lookupP99 = p99(lookups);
      double listP99 = p99(lists);
      System.out.printf("start-up to ready %.2f s; heap in use %d MiB (max %d MiB); lookup p99 %.2f ms; holder list p99 %.2f ms%n",
          startup, heap >> 20, Runtime.getRuntime().maxMemory() >> 20, lookupP99, listP99);
      System.out.printf("the first %d lookups and %d lists after start-up (the chain check running, the JIT compiling): p99 %.2f ms and %.2f ms%n",
          firstLookups.length, firstLists.length, p99(firstLookups), p99(firstLists));
      System.out.printf("RESULT scale.n %d%nRESULT scale.startup_s %.2f%nRESULT scale.heap_mib %d%nRESULT scale.lookup_p99_ms %.2f%n"
          + "RESULT scale.list_p99_ms %.2f%nRESULT scale.first_lookup_p99_ms %.2f%nRESULT scale.first_list_p99_ms %.2f%n",
          regNos.size(), startup, heap >> 20, lookupP99, listP99, p99(firstLookups), p99(firstLists));
    } finally {
      if (!keep) {
        try (var paths = Files.walk(dir.getParent())) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /**
   * The disk the ledger in {@code dir} takes per registration, by part: the block file, the state store, and anything
   * else the directory holds (the committed mark, the node key), each as bytes per registration of {@code n}.
   */
  private static void disk(Path dir, int n) throws IOException {
    StringBuilder line = new StringBuilder("disk per registration:");
    long total = 0;
    try (var entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        long bytes;
        try (var all = Files.walk(p)) {
          bytes = all.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        total += bytes;
        String name = p.getFileName().toString();
        if (bytes >= 1024 * 1024) {
          line.append(String.format(" %s %.0f B,", name, (double) bytes / n));
          System.out.printf("RESULT scale.disk_%s_bytes_per_registration %.0f%n", name.replaceAll("[^A-Za-z0-9]", "_"), (double) bytes / n);
        }
      }
    }
    System.out.println(line.append(String.format(" in all %.0f B (%d MB for %,d registrations)", (double) total / n, total >> 20, n)));
    System.out.printf("RESULT scale.disk_bytes_per_registration %.0f%n", (double) total / n);
  }

  private static void progress(String what, int i, int n, long t0) {
    if ((i + 1) % 100_000 == 0) {
      System.err.printf("  %s %,d / %,d (%.0f s)%n", what, i + 1, n, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** The times of {@code count} lookups of registrations picked at random, in nanoseconds. */
  private static long[] lookups(EmbeddedLedger ledger, Caller reader, List<String> regNos, Random random, int count) {
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      String regNo = regNos.get(random.nextInt(regNos.size()));
      long q = System.nanoTime();
      ledger.evaluate(reader, "getRegistration", Requests.json(new RegNoRequest(regNo))).join();
      times[i] = System.nanoTime() - q;
    }
    return times;
  }

  /** The times of {@code count} first pages of a holder's registrations, holders picked at random. */
  private static long[] lists(EmbeddedLedger ledger, Caller reader, String[] accounts, Random random, int count) throws IOException {
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      String account = accounts[random.nextInt(accounts.length)];
      long q = System.nanoTime();
      JsonNode page = Json.mapper().readTree(ledger.evaluate(reader, "listByHolder",
          Requests.json(new ListRequest(account, 50, null))).join());
      times[i] = System.nanoTime() - q;
      if (page.path("items").size() == 0 && page.path("registrations").size() == 0 && i == 0) {
        System.out.println("note: the first holder page looks empty: " + page.toString().substring(0, Math.min(200, page.toString().length())));
      }
    }
    return times;
  }

  private static double p99(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[(int) (sorted.length * 0.99)] / 1e6;
  }
}

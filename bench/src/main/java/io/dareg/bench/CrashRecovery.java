package io.dareg.bench;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bounded recovery (issue 21): how long the embedded ledger takes to be READY after a SIGKILL under
 * load, on a chain of N registrations (each one {@code register} transaction carrying the deposit and
 * the application, as {@code LedgerLoad --register}; with {@code --two-step} a deposit and then an
 * application, as before issue 26). A child process writes the N registrations, then keeps registering
 * until it is killed with SIGKILL 0.5 to 1.5 s later; the ledger is then opened here and the time to
 * READY and the blocks it replayed are printed. Then K more rounds of a few seconds' load and a kill.
 *
 * <p>Usage: {@code CrashRecovery [--two-step] [N] [K]} (defaults 100,000 and 3).
 */
public final class CrashRecovery {
  private static final Caller ADMIN = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
  private static final Caller REGISTRAR = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
  private static final Caller HOLDER = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder"), null, false);

  private CrashRecovery() {}

  public static void main(String[] given) throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(given));
    boolean twoStep = args.remove("--two-step");
    if (args.size() > 0 && args.get(0).equals("child")) {
      child(Path.of(args.get(1)), Long.parseLong(args.get(2)), Long.parseLong(args.get(3)), twoStep);
      return;
    }
    long n = args.size() > 0 ? Long.parseLong(args.get(0)) : 100_000;
    int rounds = args.size() > 1 ? Integer.parseInt(args.get(1)) : 3;
    Path dir = Files.createTempDirectory("dareg-bench-crash").resolve("ledger");
    long done = 0;
    for (int round = 0; round <= rounds; round++) {
      long target = round == 0 ? n : done + 1;
      long t0 = System.nanoTime();
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), CrashRecovery.class.getName(), "child", dir.toString(),
          String.valueOf(done), String.valueOf(target)));
      if (twoStep) {
        command.add("--two-step");
      }
      Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("FAILED")) {
            throw new IllegalStateException("the writer could not register: " + line.substring(7));
          }
          if (line.startsWith("LOADED")) {
            done = Long.parseLong(line.substring(7).trim());
            break;
          }
        }
        long loaded = System.nanoTime();
        Thread.sleep(ThreadLocalRandom.current().nextInt(500, 1500) + (round == 0 ? 0 : 3000));
        child.destroyForcibly(); // SIGKILL
        child.waitFor(30, TimeUnit.SECONDS);
        if (round == 0) {
          System.out.printf("wrote %,d registrations in %.1f s; blocks.dat %,d MB%n", done, (loaded - t0) / 1e9,
              Files.size(dir.resolve("blocks.dat")) >> 20);
        }
      }
      long s = System.nanoTime();
      try (EmbeddedLedger again = EmbeddedLedger.open(dir, Clock.systemUTC(), EmbeddedLedger.Options.defaults())) {
        double ready = (System.nanoTime() - s) / 1e9;
        System.out.printf("kill %d: READY in %.2f s (%s): %s%n", round + 1, ready, again.health().state(), again.health().detail());
        done = registrations(again);
      }
    }
  }

  /** How many applications the chain holds: registrations so far, made by either form. */
  private static long registrations(EmbeddedLedger ledger) {
    AtomicLong n = new AtomicLong();
    ledger.events(0, e -> {
      if (e.name().equals("submit") || e.name().equals("register")) {
        n.incrementAndGet();
      }
    }).close();
    return n.get();
  }

  /** Registers from {@code from} on; says LOADED once {@code target} are in, then goes on until killed. */
  private static void child(Path dir, long from, long target, boolean twoStep) throws Exception {
    EmbeddedLedger ledger = EmbeddedLedger.open(dir, Clock.systemUTC(), EmbeddedLedger.Options.defaults());
    if (ledger.height() == 0) {
      ledger.submit(ADMIN, "initLedger", Requests.json(new InitLedgerRequest("RegistryMSP", "bench", "TJ-DIP"))).join();
      ledger.submit(REGISTRAR, "openAccount", Requests.json(new OpenAccountRequest(Requests.hash("h"), "holder",
          AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
    }
    Semaphore inFlight = new Semaphore(512);
    AtomicLong committed = new AtomicLong(from);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    boolean said = false;
    for (long i = from; ; i++) {
      inFlight.acquire();
      long k = i;
      CompletableFuture<Committed> registered = !twoStep
          ? ledger.submit(HOLDER, "register", Requests.json(Requests.registration(k)))
          : ledger.submit(HOLDER, "depositEvidence", Requests.json(Requests.deposit(k)))
              .thenCompose((Committed d) -> ledger.submit(HOLDER, "submit", Requests.json(Requests.application(Requests.field(d,
                  "evidenceNo"), k))));
      registered.whenComplete((c, e) -> {
            inFlight.release();
            if (e == null) {
              committed.incrementAndGet();
            } else {
              failure.compareAndSet(null, e);
            }
          });
      if (!said && failure.get() != null) {
        // a refused registration is a broken benchmark, not load: say why and stop instead of writing deposits forever
        System.out.println("FAILED " + failure.get());
        System.out.flush();
        System.exit(1);
      }
      if (!said && committed.get() >= target) {
        System.out.println("LOADED " + committed.get());
        System.out.flush();
        said = true;
      }
    }
  }
}

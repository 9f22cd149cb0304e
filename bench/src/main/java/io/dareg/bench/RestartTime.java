package io.dareg.bench;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How long the embedded ledger takes to start on a chain of N transactions: three starts with its
 * state store in place (nothing to replay; the chain is verified in the background, and the time
 * that takes is reported too), then one with the store removed (rebuilt from the block file, every
 * block verified and replayed before ready). Usage: {@code RestartTime [N]}.
 */
public final class RestartTime {
  private RestartTime() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("dareg-bench-restart").resolve("ledger");
    Caller admin = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
    Caller registrar = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
    Caller holder = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder"), null, false);
    long t0 = System.nanoTime();
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir, Clock.systemUTC(), EmbeddedLedger.Options.defaults())) {
      ledger.submit(admin, "initLedger", Requests.json(new InitLedgerRequest("RegistryMSP", "bench", "TJ-DIP"))).join();
      ledger.submit(registrar, "openAccount", Requests.json(new OpenAccountRequest(Requests.hash("h"), "holder", AccountKind.ENTERPRISE, List.of(holder.identity())))).join();
      ArrayDeque<CompletableFuture<Committed>> inFlight = new ArrayDeque<>();
      for (int i = 0; i < n; i++) {
        inFlight.add(ledger.submit(holder, "depositEvidence", Requests.json(new DepositEvidenceRequest(HashAlgorithm.SM3, Requests.hash("d" + i), null, i, "bench", null))));
        if (inFlight.size() >= 1024) {
          inFlight.poll().join();
        }
      }
      inFlight.forEach(CompletableFuture::join);
      System.out.printf("wrote %d transactions in %d blocks, %d MB, in %.1f s%n", n, ledger.height(),
          Files.size(dir.resolve("blocks.dat")) >> 20, (System.nanoTime() - t0) / 1e9);
    }
    for (int run = 1; run <= 4; run++) {
      if (run == 4) {
        try (var paths = Files.walk(dir.resolve("state"))) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      long s = System.nanoTime();
      try (EmbeddedLedger again = EmbeddedLedger.open(dir, Clock.systemUTC(), EmbeddedLedger.Options.defaults())) {
        long ready = (System.nanoTime() - s) / 1_000_000;
        // The background check of the chain before the checkpoint says in the health when it is done.
        while (again.health().ready() && again.health().detail().contains("are verified in the background")
            && System.nanoTime() - s < 1_200_000_000_000L) {
          Thread.sleep(50);
        }
        System.out.printf("start %d%s: ready in %d ms; %s%n", run, run == 4 ? " (state store removed)" : "", ready,
            again.health().detail());
      }
    }
  }

}

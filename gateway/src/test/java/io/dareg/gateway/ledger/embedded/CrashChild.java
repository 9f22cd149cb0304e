package io.dareg.gateway.ledger.embedded;

import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.model.AccountKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process the crash test kills: commits evidence deposits from many threads and prints
 * {@code ACK <txId>} for each one the ledger acknowledged, until it is killed.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int writers = Integer.parseInt(args[1]);
    EmbeddedLedger ledger = EmbeddedLedger.open(dir, Clock.systemUTC(), EmbeddedLedger.Options.defaults());
    if (!ledger.health().ready()) {
      System.out.println("FAILED " + ledger.health().detail());
      System.exit(3);
    }
    try {
      ledger.evaluate(EmbeddedLedgerDurabilityTest.ADMIN, "getSettings", "{}").join();
    } catch (RuntimeException notYet) {
      ledger.submit(EmbeddedLedgerDurabilityTest.ADMIN, "initLedger",
          EmbeddedLedgerDurabilityTest.json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      ledger.submit(EmbeddedLedgerDurabilityTest.REGISTRAR, "openAccount", EmbeddedLedgerDurabilityTest.json(
          new OpenAccountRequest(EmbeddedLedgerDurabilityTest.hash("a"), "甲公司", AccountKind.ENTERPRISE,
              List.of(EmbeddedLedgerDurabilityTest.HOLDER.identity())))).join();
    }
    System.out.println("READY");
    System.out.flush();
    AtomicLong seq = new AtomicLong(System.nanoTime());
    for (int w = 0; w < writers; w++) {
      Thread t = new Thread(() -> {
        while (true) {
          String txId = ledger.submit(EmbeddedLedgerDurabilityTest.HOLDER, "depositEvidence",
              EmbeddedLedgerDurabilityTest.deposit((int) (seq.incrementAndGet() & 0x7fffffff))).join().txId();
          synchronized (System.out) {
            System.out.println("ACK " + txId);
            System.out.flush();
          }
        }
      });
      t.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}

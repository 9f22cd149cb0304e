package io.dareg.gateway.ledger.embedded;

import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerContractTest;
import io.dareg.gateway.ledger.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared ledger suite, on the embedded ledger. */
class EmbeddedLedgerTest extends LedgerContractTest {
  @TempDir Path dir;

  @Override
  protected Ledger open(MutableClock clock) throws Exception {
    return EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
  }
}

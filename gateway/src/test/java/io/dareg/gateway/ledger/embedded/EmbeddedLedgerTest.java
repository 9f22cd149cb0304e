package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.RegNoRequest;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerContractTest;
import io.dareg.gateway.ledger.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared ledger suite, on the embedded ledger; and its key history across restarts. */
class EmbeddedLedgerTest extends LedgerContractTest {
  @TempDir Path dir;

  @Override
  protected Ledger open(MutableClock clock) throws Exception {
    return EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
  }

  @Test
  void history_reads_the_same_after_a_restart_and_after_the_state_store_is_rebuilt() throws Exception {
    String regNo = issuedRegistration("dataset-restarted");
    JsonNode history = evaluate(REGISTRAR, "getHistory", new RegNoRequest(regNo));
    assertThat(history.size()).isGreaterThanOrEqualTo(5);

    ledger.close();
    ledger = open(clock); // the state store's checkpoint: history entries written by the syncer
    assertThat(evaluate(REGISTRAR, "getHistory", new RegNoRequest(regNo))).isEqualTo(history);

    ledger.close();
    ledger = null;
    try (var paths = Files.walk(dir.resolve("ledger").resolve("state"))) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    ledger = open(clock); // rebuilt: history entries written by the replay of every block
    assertThat(evaluate(REGISTRAR, "getHistory", new RegNoRequest(regNo))).isEqualTo(history);
  }
}

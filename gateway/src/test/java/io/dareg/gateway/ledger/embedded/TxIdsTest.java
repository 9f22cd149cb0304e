package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TxIdsTest {

  @Test
  void the_same_caller_repeating_the_same_transaction_gets_a_new_id_each_time() {
    TxIds ids = new TxIds();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(ids.next(EmbeddedLedgerDurabilityTest.HOLDER, "depositEvidence"));
    }
    assertThat(seen).hasSize(1000).allMatch(id -> id.matches("[0-9a-f]{64}"));
  }

  @Test
  void two_runs_of_the_ledger_do_not_hand_out_the_same_ids() {
    String first = new TxIds().next(EmbeddedLedgerDurabilityTest.HOLDER, "depositEvidence");
    String second = new TxIds().next(EmbeddedLedgerDurabilityTest.HOLDER, "depositEvidence");
    assertThat(first).isNotEqualTo(second);
  }
}

package io.dareg.chaincode.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.model.IdentityRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which keys' history ledgers keep (Keys.WITHOUT_HISTORY), and that every rule's history read stays within them. */
class KeyHistoryTest {
  private static final Caller SOMEONE = new Caller(new IdentityRef("EnterpriseMSP", "CN=alice"), null, false);

  @Test
  void records_keep_their_history_and_index_entries_and_request_bookkeeping_do_not() {
    assertThat(Keys.registration("DR-1").historyKept()).isTrue();
    assertThat(Keys.evidence("EV-1").historyKept()).isTrue();
    assertThat(Keys.TRADE.record("TD-1").historyKept()).isTrue();
    assertThat(Keys.TRADE.entry("DR-1", "TD-1").historyKept()).isFalse();
    assertThat(Keys.EVIDENCE_BY_HASH.entry(io.dareg.core.model.HashAlgorithm.SM3, "ab", "EV-1").historyKept()).isFalse();
    assertThat(Keys.request("r-1").historyKept()).isFalse();
    assertThat(Keys.act("tx-1").historyKept()).isFalse();
    for (Key k : new Key[] {Keys.registration("DR-1"), Keys.TRADE.entry("DR-1", "TD-1"), Keys.act("tx-1")}) {
      assertThat(Key.historyKept(k.encoded())).as(k.toString()).isEqualTo(k.historyKept());
    }
    assertThat(Key.historyKept("not-composite")).isTrue();
  }

  @Test
  void a_world_state_refuses_to_read_the_history_no_ledger_needs_to_keep() {
    InMemoryWorldState ws = new InMemoryWorldState().begin("tx-1", Instant.parse("2026-03-02T02:00:00Z"), SOMEONE);
    ws.put(Keys.byStatus(io.dareg.core.model.RegistrationStatus.SUBMITTED, "DR-1"), new byte[] {'{', '}'});
    assertThatThrownBy(() -> ws.history(Keys.byStatus(io.dareg.core.model.RegistrationStatus.SUBMITTED, "DR-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no history of reg-status keys");
    assertThat(ws.history(Keys.registration("DR-1"))).isEmpty();
  }
}

package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.model.IdentityRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the state store answers after a block is applied, whatever it remembered of the keys before. */
class StateStoreTest {
  private static final Caller CALLER = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder"), null, false);

  @Test
  void reads_the_applied_value_of_a_key_read_before_as_absent_or_present(@TempDir Path dir) throws Exception {
    try (StateStore store = StateStore.open(dir.resolve("state"))) {
      assertThat(store.get("new")).isNull();
      apply(store, 0, write("new", "v1"), write("old", "o1"));
      assertThat(store.get("new")).asString(StandardCharsets.UTF_8).isEqualTo("v1");
      assertThat(store.get("old")).asString(StandardCharsets.UTF_8).isEqualTo("o1");

      apply(store, 1, write("new", "v2"), new BlockRecords.Write("old", null, true));
      assertThat(store.get("new")).asString(StandardCharsets.UTF_8).isEqualTo("v2");
      assertThat(store.get("old")).isNull();

      apply(store, 2, write("old", "o2"));
      assertThat(store.get("old")).asString(StandardCharsets.UTF_8).isEqualTo("o2");
      assertThat(store.history("old")).extracting(m -> m.value() == null ? null : new String(m.value(), StandardCharsets.UTF_8))
          .containsExactly("o1", null, "o2");
    }
  }

  private static BlockRecords.Write write(String key, String value) {
    return BlockRecords.Write.of(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void apply(StateStore store, long number, BlockRecords.Write... writes) {
    List<BlockRecords.Transaction> txs = List.of(new BlockRecords.Transaction(
        "tx" + number, Instant.ofEpochSecond(number), CALLER, "t", "{}", "{}", Arrays.asList(writes), null, null));
    store.add(number, 100 * number, 100 * number + 100, "0".repeat(64), txs, BlockRecords.values(txs));
    store.flush();
  }
}

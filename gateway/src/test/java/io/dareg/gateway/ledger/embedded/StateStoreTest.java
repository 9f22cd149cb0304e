package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.Key;
import io.dareg.core.model.IdentityRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * What the state store answers after a block is applied, whatever it remembered of the keys before,
 * and the key history it reads back from the block file.
 */
class StateStoreTest {
  private static final Caller CALLER = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder"), null, false);

  @Test
  void reads_the_applied_value_of_a_key_read_before_as_absent_or_present(@TempDir Path dir) throws Exception {
    Path blocks = Files.createFile(dir.resolve("blocks.dat"));
    try (StateStore store = StateStore.open(dir.resolve("state"), blocks)) {
      assertThat(store.get("new")).isNull();
      apply(store, blocks, 0, write("new", "v1"), write("old", "o1"));
      assertThat(store.get("new")).asString(StandardCharsets.UTF_8).isEqualTo("v1");
      assertThat(store.get("old")).asString(StandardCharsets.UTF_8).isEqualTo("o1");

      apply(store, blocks, 1, write("new", "v2"), new BlockRecords.Write("old", null, true));
      assertThat(store.get("new")).asString(StandardCharsets.UTF_8).isEqualTo("v2");
      assertThat(store.get("old")).isNull();

      apply(store, blocks, 2, write("old", "o2"));
      assertThat(store.get("old")).asString(StandardCharsets.UTF_8).isEqualTo("o2");
      assertThat(store.history("old")).extracting(m -> m.value() == null ? null : new String(m.value(), StandardCharsets.UTF_8))
          .containsExactly("o1", null, "o2");
      assertThat(store.history("old")).extracting(m -> m.txId()).containsExactly("tx0-0", "tx1-0", "tx2-0");
    }
  }

  @Test
  void reads_history_from_any_transaction_of_a_block_and_again_after_a_restart(@TempDir Path dir) throws Exception {
    Path blocks = Files.createFile(dir.resolve("blocks.dat"));
    try (StateStore store = StateStore.open(dir.resolve("state"), blocks)) {
      // Three transactions in one block, the key written by the first and the third, with text that needs escapes.
      applyBlock(store, blocks, 0, List.of(
          List.of(write("k", "first, \"quoted\" ]"), write("other", "x")),
          List.of(write("other", "y")),
          List.of(write("a", "登记"), write("k", "third\n"))));
    }
    try (StateStore store = StateStore.open(dir.resolve("state"), blocks)) {
      assertThat(store.history("k")).extracting(m -> new String(m.value(), StandardCharsets.UTF_8))
          .containsExactly("first, \"quoted\" ]", "third\n");
      assertThat(store.history("other")).extracting(m -> m.txId()).containsExactly("tx0-0", "tx0-1");
    }
  }

  @Test
  void keeps_no_history_of_index_entries_and_the_same_state(@TempDir Path dir) throws Exception {
    Path blocks = Files.createFile(dir.resolve("blocks.dat"));
    String record = Key.of("reg", "DR-1").encoded();
    String index = Key.of("reg-status", "SUBMITTED", "DR-1").encoded();
    try (StateStore store = StateStore.open(dir.resolve("state"), blocks)) {
      apply(store, blocks, 0, write(record, "{\"status\":\"SUBMITTED\"}"), write(index, "{}"));
      assertThat(store.get(index)).asString(StandardCharsets.UTF_8).isEqualTo("{}");
      assertThat(store.history(record)).extracting(m -> m.txId()).containsExactly("tx0-0");
      assertThat(store.history(index)).as("an index entry's history is kept nowhere (Key.historyKept)").isEmpty();
    }
  }

  @Test
  void says_the_store_is_out_of_step_when_the_block_file_does_not_hold_a_history_entry(@TempDir Path dir) throws Exception {
    Path blocks = Files.createFile(dir.resolve("blocks.dat"));
    try (StateStore store = StateStore.open(dir.resolve("state"), blocks)) {
      apply(store, blocks, 0, write("k", "v"));
      try (FileChannel f = FileChannel.open(blocks, StandardOpenOption.WRITE)) {
        f.write(ByteBuffer.wrap("[{\"args\":\"{}\",\"txId\":\"someone else\"}]".getBytes(StandardCharsets.UTF_8)), 0);
      }
      assertThatThrownBy(() -> store.history("k"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("history of key k points at transaction tx0-0")
          .hasMessageContaining("out of step with the block file")
          .hasMessageContaining("restart, which rebuilds it");
    }
  }

  @Test
  void a_store_of_the_earlier_format_is_emptied_to_be_rebuilt(@TempDir Path dir) throws Exception {
    Path blocks = Files.createFile(dir.resolve("blocks.dat"));
    Path state = dir.resolve("state");
    // A checkpoint without the format key: what a store written before format 2 holds.
    RocksDB.loadLibrary();
    try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, state.toString())) {
      byte[] hash = "0".repeat(64).getBytes(StandardCharsets.US_ASCII);
      db.put(new byte[] {'m'}, ByteBuffer.allocate(16 + hash.length).putLong(5).putLong(500).put(hash).array());
    }
    try (StateStore store = StateStore.open(state, blocks)) {
      assertThat(store.checkpoint().blocks()).isZero();
      apply(store, blocks, 0, write("k", "v"));
    }
    try (StateStore store = StateStore.open(state, blocks)) {
      assertThat(store.checkpoint().blocks()).isEqualTo(1);
      assertThat(store.get("k")).asString(StandardCharsets.UTF_8).isEqualTo("v");
    }
  }

  private static BlockRecords.Write write(String key, String value) {
    return BlockRecords.Write.of(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void apply(StateStore store, Path blocks, long number, BlockRecords.Write... writes) throws IOException {
    applyBlock(store, blocks, number, List.of(Arrays.asList(writes)));
  }

  /** Appends a block body of one transaction per list of writes to {@code blocks} and applies it, as the ledger's syncer does. */
  private static void applyBlock(StateStore store, Path blocks, long number, List<List<BlockRecords.Write>> writesPerTx)
      throws IOException {
    List<BlockRecords.Transaction> txs = new ArrayList<>();
    List<byte[]> txBytes = new ArrayList<>();
    for (int i = 0; i < writesPerTx.size(); i++) {
      BlockRecords.Transaction tx = new BlockRecords.Transaction("tx" + number + "-" + i, Instant.ofEpochSecond(number), CALLER, "t",
          "{}", "{}", writesPerTx.get(i), null, null);
      txs.add(tx);
      txBytes.add(BlockRecords.canonical(tx, new ArrayList<>()));
    }
    ByteBuffer body = ByteBuffer.allocate(io.dareg.core.ledger.BlockFrames.bodyLength(txBytes));
    body.put((byte) '[');
    for (int i = 0; i < txBytes.size(); i++) {
      if (i > 0) {
        body.put((byte) ',');
      }
      body.put(txBytes.get(i));
    }
    body.put((byte) ']').flip();
    long offset = Files.size(blocks);
    try (FileChannel f = FileChannel.open(blocks, StandardOpenOption.APPEND)) {
      f.write(ByteBuffer.wrap(new byte[7])); // stands for the frame's prefix and header
      f.write(body);
    }
    store.add(number, offset, Files.size(blocks), "0".repeat(64), offset + 7, BlockRecords.lengths(txBytes), txs,
        BlockRecords.values(txs));
    store.flush();
  }
}

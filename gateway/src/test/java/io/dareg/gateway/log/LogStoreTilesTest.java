package io.dareg.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.Tile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored levels read as C2SP tiles: each tile's hashes are the tree's nodes as MerkleLog computes them from the
 * leaves, over the spec's example size of 70,000 entries (full and partial tiles at levels 0, 1 and 2); the entry
 * index gives back where each leaf's entry was said to be, also after a reopen.
 */
class LogStoreTilesTest {
  @TempDir Path dir;

  @Test
  void tiles_are_the_nodes_merkle_log_computes_and_locations_read_back() throws Exception {
    int size = 70_000;
    List<byte[]> leaves = new ArrayList<>(size);
    try (LogStore store = LogStore.open(dir)) {
      List<LogStore.Leaf> block = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        byte[] leaf = MerkleLog.leafHash(ByteBuffer.allocate(4).putInt(i).array());
        leaves.add(leaf);
        block.add(new LogStore.Leaf(leaf, 1000L * i, i % 500));
        if (block.size() == 700) {
          store.appendBlock(block);
          block.clear();
        }
      }
      assertThat(store.size()).isEqualTo(size);
      MerkleLog.Leaves computed = MerkleLog.Leaves.of(leaves);
      for (Tile t : List.of(Tile.forSize(0, 0, size), Tile.forSize(0, 272, size), Tile.forSize(0, 273, size), Tile.forSize(1, 0, size),
          Tile.forSize(1, 1, size), Tile.forSize(2, 0, size))) {
        byte[] tile = store.nodes(Tile.HEIGHT * t.level(), t.index() * Tile.WIDTH, t.width());
        assertThat(tile).hasSize(32 * t.width());
        for (int i = 0; i < t.width(); i++) {
          byte[] expected = computed.node(Tile.HEIGHT * t.level(), t.index() * Tile.WIDTH + i);
          assertThat(Arrays.copyOfRange(tile, 32 * i, 32 * i + 32)).as("%s hash %d", t.path(), i).isEqualTo(expected);
        }
      }
      // a level-1 hash is the root of the full level-0 tile below it
      assertThat(store.nodes(8, 5, 1)).isEqualTo(MerkleLog.root(MerkleLog.Leaves.of(leaves.subList(5 * 256, 6 * 256)), 256));
      assertThat(store.locations(69_999, 1)).containsExactly(new LogStore.Location(69_999_000L, 69_999 % 500));
    }
    // reopened: the same (the index is kept like the levels)
    try (LogStore again = LogStore.open(dir)) {
      assertThat(again.size()).isEqualTo(size);
      assertThat(again.locations(256, 2)).containsExactly(new LogStore.Location(256_000L, 256), new LogStore.Location(257_000L, 257));
    }
  }

  @Test
  void blocks_of_any_size_written_a_level_at_a_time_give_every_node_merkle_log_computes() throws Exception {
    java.util.Random random = new java.util.Random(24);
    List<byte[]> leaves = new ArrayList<>();
    try (LogStore store = LogStore.open(dir)) {
      for (int b = 0; b < 300; b++) {
        int n = b % 7 == 0 ? 0 : b % 5 == 0 ? 1 : random.nextInt(b % 3 == 0 ? 300 : 20);
        List<LogStore.Leaf> block = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          byte[] leaf = MerkleLog.leafHash(ByteBuffer.allocate(4).putInt(leaves.size()).array());
          leaves.add(leaf);
          block.add(new LogStore.Leaf(leaf, leaves.size(), 1));
        }
        store.appendBlock(block);
      }
      MerkleLog.Leaves computed = MerkleLog.Leaves.of(leaves);
      for (int level = 0; (leaves.size() >> level) > 0; level++) {
        int count = leaves.size() >> level;
        byte[] stored = store.nodes(level, 0, count);
        for (int i = 0; i < count; i++) {
          assertThat(Arrays.copyOfRange(stored, 32 * i, 32 * i + 32)).as("level %d node %d", level, i).isEqualTo(computed.node(level, i));
        }
      }
      assertThat(MerkleLog.root(store, leaves.size())).isEqualTo(MerkleLog.root(computed, leaves.size()));
    }
  }
}

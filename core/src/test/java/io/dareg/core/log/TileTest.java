package io.dareg.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tile paths as C2SP tlog-tiles spells them, the tiles a tree of a given size has, entry bundles and the frontier. */
class TileTest {
  @Test
  void index_paths_follow_the_spec_example_and_read_back() {
    assertThat(Tile.encodeIndex(1234067)).isEqualTo("x001/x234/067");
    assertThat(new Tile(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
    assertThat(new Tile(0, 1234067, 256, true).path()).isEqualTo("tile/entries/x001/x234/067");
    assertThat(new Tile(2, 0, 1).path()).isEqualTo("tile/2/000.p/1");
    assertThat(new Tile(1, 999, 17).path()).isEqualTo("tile/1/999.p/17");
    assertThat(new Tile(1, 1000, 256).path()).isEqualTo("tile/1/x001/000");
    assertThat(Tile.parse("tile/0/x001/x234/067")).isEqualTo(new Tile(0, 1234067, 256));
    assertThat(Tile.parse("tile/entries/x001/x234/067.p/5")).isEqualTo(new Tile(0, 1234067, 5, true));
    assertThat(Tile.parse("tile/63/000")).isEqualTo(new Tile(63, 0, 256));
    for (long n : new long[] {0, 1, 999, 1000, 1001, 999_999, 1_000_000, 123_456_789_012L, Long.MAX_VALUE}) {
      assertThat(Tile.decodeIndex(Tile.encodeIndex(n))).as("%d", n).isEqualTo(n);
      assertThat(Tile.parse(new Tile(3, n, 7).path())).isEqualTo(new Tile(3, n, 7));
    }
  }

  @Test
  void malformed_tile_paths_are_refused_saying_what_is_wrong() {
    for (String bad : List.of("tile/00/000", "tile/64/000", "tile/0/1", "tile/0/0001", "tile/0/001/234", "tile/0/x001",
        "tile/0/x000/001", "tile/0/000.p/256", "tile/0/000.p/0", "tile/0/000.p/05", "tile/0/000.p/", "tile/entries",
        "tile/x/000", "tiles/0/000", "tile/0/000/", "tile/entries/abc", "tile/0/x9/999")) {
      assertThatThrownBy(() -> Tile.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void a_tree_has_the_tiles_the_spec_lists_for_its_size() {
    // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0 tile of width 112,
    // one full level 1 tile, one partial level 1 tile of width 17, and one partial level 2 tile of width 1"
    long size = 70_000;
    assertThat(Tile.forSize(0, 272, size).full()).isTrue();
    assertThat(Tile.forSize(0, 273, size).width()).isEqualTo(112);
    assertThat(Tile.forSize(1, 0, size).full()).isTrue();
    assertThat(Tile.forSize(1, 1, size).width()).isEqualTo(17);
    assertThat(Tile.forSize(2, 0, size).width()).isEqualTo(1);
    assertThatThrownBy(() -> Tile.forSize(0, 274, size)).hasMessageContaining("has no tile 274");
    assertThatThrownBy(() -> Tile.forSize(3, 0, size)).isInstanceOf(IllegalArgumentException.class);
    // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1"
    assertThat(Tile.forSize(0, 0, 256).full()).isTrue();
    assertThat(Tile.forSize(1, 0, 256).width()).isEqualTo(1);
    assertThatThrownBy(() -> Tile.forSize(0, 1, 256)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_level_one_hash_is_the_root_of_the_full_level_zero_tile_below_it() {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      leaves.add(MerkleLog.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
    MerkleLog.Leaves all = MerkleLog.Leaves.of(leaves);
    // the second hash of level-1 tile 0 is the node at tree level 8, index 1: MTH of leaves 256..511
    byte[] node = all.node(8, 1);
    assertThat(node).isEqualTo(MerkleLog.root(MerkleLog.Leaves.of(leaves.subList(256, 512)), 256));
  }

  @Test
  void entry_bundles_round_trip_and_refuse_what_they_cannot_carry() {
    List<byte[]> entries = List.of(new byte[0], "a".getBytes(StandardCharsets.UTF_8), new byte[EntryBundle.MAX_ENTRY]);
    byte[] bundle = EntryBundle.encode(entries);
    assertThat(bundle.length).isEqualTo(2 + 2 + 1 + 2 + 65535);
    assertThat(bundle[2]).isZero();
    assertThat(bundle[3]).isEqualTo((byte) 1);
    List<byte[]> back = EntryBundle.decode(bundle);
    assertThat(back).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(back.get(i)).isEqualTo(entries.get(i));
    }
    assertThatThrownBy(() -> EntryBundle.encode(List.of(new byte[1], new byte[EntryBundle.MAX_ENTRY + 1])))
        .isInstanceOfSatisfying(EntryBundle.EntryTooLongException.class, e -> {
          assertThat(e.position()).isEqualTo(1);
          assertThat(e.length()).isEqualTo(65536);
        });
    assertThatThrownBy(() -> EntryBundle.decode(Arrays.copyOf(bundle, bundle.length - 1))).hasMessageContaining("ends inside entry 2");
    assertThatThrownBy(() -> EntryBundle.decode(new byte[] {0})).hasMessageContaining("inside the length");
  }

  @Test
  void the_frontier_gives_the_root_of_every_size_and_survives_its_text_form() {
    List<byte[]> leaves = new ArrayList<>();
    LogFrontier f = new LogFrontier();
    assertThat(f.root()).isEqualTo(MerkleLog.emptyRoot());
    for (int i = 0; i < 530; i++) {
      byte[] leaf = MerkleLog.leafHash(new byte[] {(byte) i, (byte) (i >> 8)});
      leaves.add(leaf);
      f.append(leaf);
      assertThat(f.root()).as("size %d", i + 1).isEqualTo(MerkleLog.root(MerkleLog.Leaves.of(leaves), leaves.size()));
      LogFrontier back = LogFrontier.parse(f.text());
      assertThat(back.size()).isEqualTo(f.size());
      assertThat(back.root()).isEqualTo(f.root());
    }
    assertThatThrownBy(() -> LogFrontier.parse("3\n" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n"))
        .hasMessageContaining("2 complete subtrees");
  }
}

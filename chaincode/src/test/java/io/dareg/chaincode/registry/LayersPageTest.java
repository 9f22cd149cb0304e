package io.dareg.chaincode.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Paging without copying the range gives exactly the pages of a full scan, bookmark after bookmark. */
class LayersPageTest {
  @Property(tries = 300)
  void a_lazy_page_is_the_slice_of_the_full_scan(
      @ForAll @IntRange(min = 0, max = 40) int baseSize,
      @ForAll @IntRange(min = 0, max = 12) int layerSize,
      @ForAll @IntRange(min = 1, max = 7) int pageSize,
      @ForAll long seed) {
    java.util.Random random = new java.util.Random(seed);
    NavigableMap<String, byte[]> base = new TreeMap<>();
    for (int i = 0; i < baseSize; i++) {
      base.put(key(random.nextBoolean() ? "reg-holder" : "reg-status", random.nextInt(60)), value(random));
    }
    List<NavigableMap<String, byte[]>> layers = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      NavigableMap<String, byte[]> layer = new TreeMap<>();
      for (int i = 0; i < layerSize; i++) {
        layer.put(key(random.nextBoolean() ? "reg-holder" : "reg-status", random.nextInt(60)),
            random.nextInt(3) == 0 ? Layers.DELETED : value(random));
      }
      layers.add(layer);
    }
    Key prefix = Key.of("reg-holder", "AC-1");
    List<WorldState.Entry> all = Layers.scan(prefix, base, layers);
    String bookmark = "";
    List<String> seen = new ArrayList<>();
    for (int guard = 0; guard < 100; guard++) {
      WorldState.Page expected = WorldState.Page.slice(all, pageSize, bookmark);
      WorldState.Page actual = Layers.page(prefix, base, layers, pageSize, bookmark);
      assertThat(keys(actual.entries())).isEqualTo(keys(expected.entries()));
      assertThat(actual.bookmark()).isEqualTo(expected.bookmark());
      for (int i = 0; i < actual.entries().size(); i++) {
        assertThat(actual.entries().get(i).value()).isEqualTo(expected.entries().get(i).value());
      }
      seen.addAll(keys(actual.entries()));
      if (actual.bookmark().isEmpty()) {
        break;
      }
      bookmark = actual.bookmark();
    }
    assertThat(seen).isEqualTo(keys(all));
  }

  private static String key(String kind, int n) {
    return Key.of(kind, "AC-1", String.format("DR-%03d", n)).encoded();
  }

  private static byte[] value(java.util.Random random) {
    return ("v" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(List<WorldState.Entry> entries) {
    return entries.stream().map(e -> e.key().encoded()).toList();
  }
}

package io.dareg.chaincode.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reads through layers of uncommitted writes onto a base state, as every world state must: a
 * transaction sees its own writes (and, on the embedded ledger, those of earlier transactions of its
 * block) over what is committed. Keys are encoded composite keys; {@link #DELETED} marks a deletion.
 */
public final class Layers {
  /** The value a layer holds for a deleted key. Compared by identity; never written into. */
  public static final byte[] DELETED = new byte[0];

  private Layers() {}

  /** The value of {@code key}: from the last layer that has it, else from {@code base}; null when absent or deleted. */
  public static byte[] get(String key, NavigableMap<String, byte[]> base, List<NavigableMap<String, byte[]>> layers) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      byte[] v = layers.get(i).get(key);
      if (v != null) {
        return v == DELETED ? null : v.clone();
      }
    }
    byte[] v = base.get(key);
    return v == null ? null : v.clone();
  }

  /** Every entry under {@code prefix} in {@code base} with the layers applied in order, in key order. */
  public static List<WorldState.Entry> scan(Key prefix, NavigableMap<String, byte[]> base, List<NavigableMap<String, byte[]>> layers) {
    String p = prefix.encoded();
    String end = p + Character.MAX_VALUE;
    TreeMap<String, byte[]> merged = new TreeMap<>(base.subMap(p, true, end, false));
    for (NavigableMap<String, byte[]> layer : layers) {
      for (Map.Entry<String, byte[]> w : layer.subMap(p, true, end, false).entrySet()) {
        if (w.getValue() == DELETED) {
          merged.remove(w.getKey());
        } else {
          merged.put(w.getKey(), w.getValue());
        }
      }
    }
    List<WorldState.Entry> out = new ArrayList<>(merged.size());
    merged.forEach((k, v) -> out.add(new WorldState.Entry(Key.decode(k), v.clone())));
    return out;
  }
}

package io.dareg.chaincode.registry;

import java.util.ArrayList;
import java.util.Iterator;
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

  /**
   * The committed state under the layers, read by key and by key range: a sorted map in memory, or
   * a store on disk.
   */
  public interface Base {
    /** The committed value of {@code key}, or null. Callers do not modify it. */
    byte[] get(String key);

    /** The entries from {@code from} (included when {@code inclusive}) up to {@code to} (excluded), in key order. */
    Iterator<Map.Entry<String, byte[]>> range(String from, boolean inclusive, String to);

    /** A sorted map as the base. */
    static Base of(NavigableMap<String, byte[]> map) {
      return new Base() {
        @Override
        public byte[] get(String key) {
          return map.get(key);
        }

        @Override
        public Iterator<Map.Entry<String, byte[]>> range(String from, boolean inclusive, String to) {
          return map.subMap(from, inclusive, to, false).entrySet().iterator();
        }
      };
    }
  }

  /** The value of {@code key}: from the last layer that has it, else from {@code base}; null when absent or deleted. */
  public static byte[] get(String key, NavigableMap<String, byte[]> base, List<NavigableMap<String, byte[]>> layers) {
    return get(key, Base.of(base), layers);
  }

  /** The value of {@code key}: from the last layer that has it, else from {@code base}; null when absent or deleted. */
  public static byte[] get(String key, Base base, List<NavigableMap<String, byte[]>> layers) {
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
    return scan(prefix, Base.of(base), layers);
  }

  /** Every entry under {@code prefix} in {@code base} with the layers applied in order, in key order. */
  public static List<WorldState.Entry> scan(Key prefix, Base base, List<NavigableMap<String, byte[]>> layers) {
    String p = prefix.encoded();
    String end = p + Character.MAX_VALUE;
    TreeMap<String, byte[]> merged = new TreeMap<>();
    for (Iterator<Map.Entry<String, byte[]>> i = base.range(p, true, end); i.hasNext(); ) {
      Map.Entry<String, byte[]> e = i.next();
      merged.put(e.getKey(), e.getValue());
    }
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

  /**
   * The page of {@link #scan} that follows {@code bookmark} (the last key of the previous page),
   * read without copying the whole range: the base is walked lazily from the bookmark and merged
   * with the (small) layers, and reading stops one entry past the page. Same result as
   * {@code WorldState.Page.slice(scan(prefix, base, layers), pageSize, bookmark)}.
   */
  public static WorldState.Page page(Key prefix, NavigableMap<String, byte[]> base,
      List<NavigableMap<String, byte[]>> layers, int pageSize, String bookmark) {
    return page(prefix, Base.of(base), layers, pageSize, bookmark);
  }

  /** {@link #page(Key, NavigableMap, List, int, String)} over any base. */
  public static WorldState.Page page(Key prefix, Base base,
      List<NavigableMap<String, byte[]>> layers, int pageSize, String bookmark) {
    String p = prefix.encoded();
    String end = p + Character.MAX_VALUE;
    boolean after = bookmark != null && !bookmark.isEmpty() && bookmark.compareTo(p) >= 0;
    String from = after ? bookmark : p;
    if (from.compareTo(end) >= 0) {
      return new WorldState.Page(List.of(), "");
    }
    TreeMap<String, byte[]> over = new TreeMap<>();
    for (NavigableMap<String, byte[]> layer : layers) {
      over.putAll(layer.subMap(from, !after, end, false));
    }
    Iterator<Map.Entry<String, byte[]>> b = base.range(from, !after, end);
    Iterator<Map.Entry<String, byte[]>> o = over.entrySet().iterator();
    Map.Entry<String, byte[]> nb = b.hasNext() ? b.next() : null;
    Map.Entry<String, byte[]> no = o.hasNext() ? o.next() : null;
    List<WorldState.Entry> out = new ArrayList<>(Math.min(pageSize + 1, 256));
    while ((nb != null || no != null) && out.size() <= pageSize) {
      int c = nb == null ? 1 : no == null ? -1 : nb.getKey().compareTo(no.getKey());
      Map.Entry<String, byte[]> chosen;
      if (c < 0) {
        chosen = nb;
        nb = b.hasNext() ? b.next() : null;
      } else {
        chosen = no;
        if (c == 0) {
          nb = b.hasNext() ? b.next() : null;
        }
        no = o.hasNext() ? o.next() : null;
      }
      if (chosen.getValue() != DELETED) {
        out.add(new WorldState.Entry(Key.decode(chosen.getKey()), chosen.getValue().clone()));
      }
    }
    if (out.size() <= pageSize) {
      return new WorldState.Page(List.copyOf(out), "");
    }
    List<WorldState.Entry> entries = List.copyOf(out.subList(0, pageSize));
    return new WorldState.Page(entries, entries.get(entries.size() - 1).key().encoded());
  }
}

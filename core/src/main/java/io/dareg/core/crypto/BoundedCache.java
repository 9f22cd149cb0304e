package io.dareg.core.crypto;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used map of bounded size, safe for concurrent callers, for answers that are a
 * pure function of their key: a certificate parsed from its bytes, a signature found valid over
 * the same bytes by the same key, a document rendered from a signed certificate. Bounded so that a
 * caller sending ever new keys cannot grow it.
 *
 * @param <K> the key
 * @param <V> the remembered answer
 */
public final class BoundedCache<K, V> {
  private final Map<K, V> map;

  /** A cache holding at most {@code capacity} entries. */
  public BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a cache holds at least one entry, not " + capacity);
    }
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The answer remembered for {@code key}, or null. */
  public synchronized V get(K key) {
    return map.get(key);
  }

  /** Remembers {@code value} for {@code key}. */
  public synchronized void put(K key, V value) {
    map.put(key, value);
  }

  /** The answer remembered for {@code key}, forgotten as it is taken, or null. */
  public synchronized V take(K key) {
    return map.remove(key);
  }

  /** How many answers are remembered. */
  public synchronized int size() {
    return map.size();
  }
}

package io.dareg.gateway.auth;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ids of single-use tokens already accepted, each kept until its token has expired plus the
 * clock skew, so that no token is accepted twice. An id is 64 bits of a hash over the caller's
 * certificate and the token's {@code jti}, filed under the token's expiry second: a replayed token
 * carries the same signed expiry, so one second's set answers, and whole seconds are dropped once
 * past. That keeps each id in 16 to 32 bytes (a map of strings took about 200), and forgetting
 * costs nothing per id.
 *
 * <p>Two different tokens whose ids collide in 64 bits would have the second refused as used before
 * (about one chance in 2^64 / n with n ids held); a replay is never accepted. Thread-safe.
 */
final class SpentTokens {
  /** What {@link #spend} found. */
  enum Outcome {
    /** Not seen before: now spent. */
    SPENT,
    /** Already spent: a replay. */
    USED_BEFORE,
    /** Holding {@code capacity} unexpired ids: nothing taken. */
    FULL
  }

  private final int capacity;
  private final long skewSeconds;
  private final TreeMap<Long, LongSet> byExpiry = new TreeMap<>();
  private int size;

  /** Room for {@code capacity} unexpired ids, each kept {@code skewSeconds} past its expiry. */
  SpentTokens(int capacity, long skewSeconds) {
    this.capacity = capacity;
    this.skewSeconds = skewSeconds;
  }

  /** Spends {@code id} of a token that expires at {@code expirySecond}, as of {@code now}. */
  synchronized Outcome spend(long expirySecond, long id, Instant now) {
    forgetBefore(now.getEpochSecond() - skewSeconds);
    LongSet ids = byExpiry.get(expirySecond);
    if (ids != null && ids.contains(id)) {
      return Outcome.USED_BEFORE;
    }
    if (size >= capacity) {
      return Outcome.FULL;
    }
    if (ids == null) {
      ids = new LongSet();
      byExpiry.put(expirySecond, ids);
    }
    ids.add(id);
    size++;
    return Outcome.SPENT;
  }

  /** How many unexpired ids are held. */
  synchronized int size() {
    return size;
  }

  private void forgetBefore(long second) {
    for (Map.Entry<Long, LongSet> first = byExpiry.firstEntry(); first != null && first.getKey() < second;
        first = byExpiry.firstEntry()) {
      size -= first.getValue().size;
      byExpiry.pollFirstEntry();
    }
  }

  /** An open-addressing set of longs; the ids are hash output already, so their low bits index it. */
  private static final class LongSet {
    /** Stands for the id 0, since 0 marks an empty slot. */
    private static final long ZERO = 0x9E3779B97F4A7C15L;
    private long[] slots = new long[16];
    private int size;

    boolean contains(long id) {
      long key = id == 0 ? ZERO : id;
      int mask = slots.length - 1;
      for (int i = (int) key & mask; slots[i] != 0; i = (i + 1) & mask) {
        if (slots[i] == key) {
          return true;
        }
      }
      return false;
    }

    /** Adds an id known to be absent. */
    void add(long id) {
      if (2 * (size + 1) > slots.length) {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long k : old) {
          if (k != 0) {
            insert(k);
          }
        }
      }
      insert(id == 0 ? ZERO : id);
      size++;
    }

    private void insert(long key) {
      int mask = slots.length - 1;
      int i = (int) key & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = key;
    }
  }
}

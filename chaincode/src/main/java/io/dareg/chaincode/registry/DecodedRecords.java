package io.dareg.chaincode.registry;

import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.json.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The records the rules decoded from the world state, each kept with the bytes it was decoded
 * from, so that reading the same bytes again (the registry settings and the caller's account on
 * every transaction, a registration through its review) costs a comparison instead of a JSON parse
 * and the validation of the record's constructor.
 *
 * <p>The world state is still read every time: the rules see exactly the bytes they would see
 * without it (so they stay deterministic, and Fabric's read set is unchanged); only the decoding is
 * skipped, and only when the bytes are identical to those the remembered record came from. Every
 * transaction that reads those bytes shares the record, so only deeply immutable types are
 * remembered: records of {@code io.dareg.core.model}, whose constructors copy lists and sets into
 * unmodifiable ones, made of strings, numbers, enums, java.time values and such records. Anything
 * else (a {@code JsonNode}, a map, an array) is decoded afresh on every read.
 *
 * <p>Bounded (least recently used first out) and safe for concurrent transactions: Fabric may run
 * several at once, and the embedded ledger evaluates queries on reader threads while its writer
 * runs the submitted ones.
 */
final class DecodedRecords {
  /** Enough for the settings, role grants, accounts and live registrations a busy registry rereads. */
  static final int DEFAULT_CAPACITY = 4096;

  private static final String MODEL_PACKAGE = "io.dareg.core.model";

  private static final Set<Class<?>> IMMUTABLE_VALUES = Set.of(
      String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class, Long.class,
      Float.class, Double.class, BigInteger.class, BigDecimal.class, Instant.class, LocalDate.class,
      LocalTime.class, LocalDateTime.class, OffsetDateTime.class, ZonedDateTime.class, Duration.class,
      Period.class);

  private static final ClassValue<Boolean> SHAREABLE = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return type.isRecord() && immutableRecord(type, new HashSet<>());
    }
  };

  private final BoundedCache<Slot, Decoded> cache;

  /** Remembers at most {@code capacity} records. */
  DecodedRecords(int capacity) {
    this.cache = new BoundedCache<>(capacity);
  }

  /** The record {@code bytes} (the value of {@code key}) decode to as a {@code type}. */
  <T> T decode(Key key, byte[] bytes, Class<T> type) {
    if (!shareable(type)) {
      return Json.read(bytes, type);
    }
    Slot slot = new Slot(key, type);
    Decoded known = cache.get(slot);
    if (known != null && (known.bytes == bytes || Arrays.equals(known.bytes, bytes))) {
      return type.cast(known.record);
    }
    T record = Json.read(bytes, type);
    // WorldState.get hands over an array nobody modifies afterwards, so it can be kept as is.
    cache.put(slot, new Decoded(bytes, record));
    return record;
  }

  /** How many records are remembered. */
  int size() {
    return cache.size();
  }

  /** True when decoded instances of {@code type} may be shared by every reader of the same bytes. */
  static boolean shareable(Class<?> type) {
    return SHAREABLE.get(type);
  }

  private static boolean immutableRecord(Class<?> type, Set<Class<?>> visiting) {
    if (!type.isRecord() || !type.getPackageName().equals(MODEL_PACKAGE)) {
      return false;
    }
    if (!visiting.add(type)) {
      return true; // already being checked further up
    }
    for (RecordComponent c : type.getRecordComponents()) {
      if (!immutable(c.getGenericType(), visiting)) {
        return false;
      }
    }
    return true;
  }

  private static boolean immutable(Type type, Set<Class<?>> visiting) {
    if (type instanceof Class<?> c) {
      return c.isPrimitive() || c.isEnum() || IMMUTABLE_VALUES.contains(c) || immutableRecord(c, visiting);
    }
    if (type instanceof ParameterizedType p
        && (p.getRawType() == List.class || p.getRawType() == Set.class)) {
      // The model's constructors copy lists and sets into unmodifiable ones (Require.list, Require.set).
      return immutable(p.getActualTypeArguments()[0], visiting);
    }
    return false;
  }

  private record Slot(Key key, Class<?> type) {}

  private record Decoded(byte[] bytes, Object record) {}
}

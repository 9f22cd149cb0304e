package io.dareg.chaincode.registry;

import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.json.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
 * Turns the model's records into the canonical JSON the ledger keeps and back, remembering what it
 * did: reading the same bytes again (the registry settings and the caller's account on every
 * transaction, a registration through its review) costs a comparison instead of a JSON parse and
 * the validation of the record's constructor, and a record written by a transaction and returned
 * as its result (and event) is serialised once.
 *
 * <p>The world state is still read every time: the rules see exactly the bytes they would see
 * without this (so they stay deterministic, and Fabric's read set is unchanged); only the decoding
 * is skipped, and only when the bytes are identical to those the remembered record was decoded
 * from or stored as.
 * Every transaction that reads those bytes shares the record, so only deeply immutable types are
 * remembered: records of {@code io.dareg.core.model}, whose constructors copy lists and sets into
 * unmodifiable ones, made of strings, numbers, enums, java.time values and such records. Anything
 * else (a {@code JsonNode}, a map, an array, a view) is decoded and encoded afresh every time.
 *
 * <p>Bounded (least recently used first out) and safe for concurrent transactions: Fabric may run
 * several at once, and the embedded ledger evaluates queries on reader threads while its writer
 * runs the submitted ones.
 */
final class RecordCodec {
  /** Enough for the settings, role grants, accounts and live registrations a busy registry rereads. */
  static final int DEFAULT_CAPACITY = 4096;

  /** Records stored recently enough to be a transaction's result: a few per transaction in flight. */
  private static final int STORED_CAPACITY = 64;

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

  private final BoundedCache<Slot, Decoded> decoded;
  // The last records stored and their bytes, newest at stored[next - 1]: a ring, as the record a
  // transaction returns is nearly always the one it stored last.
  private final Object[] stored = new Object[STORED_CAPACITY];
  private final byte[][] storedBytes = new byte[STORED_CAPACITY][];
  private int next;

  /** Remembers at most {@code capacity} decoded records. */
  RecordCodec(int capacity) {
    this.decoded = new BoundedCache<>(capacity);
  }

  /** The record {@code bytes} (the value of {@code key}) decode to as a {@code type}. */
  <T> T decode(Key key, byte[] bytes, Class<T> type) {
    if (!shareable(type)) {
      return Json.read(bytes, type);
    }
    Slot slot = new Slot(key, type);
    Decoded known = decoded.get(slot);
    if (known != null && (known.bytes == bytes || Arrays.equals(known.bytes, bytes))) {
      return type.cast(known.record);
    }
    T record = Json.read(bytes, type);
    // WorldState.get hands over an array nobody modifies afterwards, so it can be kept as is.
    decoded.put(slot, new Decoded(bytes, record));
    return record;
  }

  /**
   * The canonical JSON of {@code value}: the bytes it was stored as when it is one of the records
   * stored last. The caller must not modify the array.
   */
  byte[] encode(Object value) {
    synchronized (stored) {
      for (int i = 1; i <= STORED_CAPACITY; i++) {
        int at = Math.floorMod(next - i, STORED_CAPACITY);
        if (stored[at] == value && value != null) {
          return storedBytes[at];
        }
      }
    }
    return Json.canonical(value);
  }

  /**
   * The canonical JSON of {@code record}, to be stored under {@code key}. When {@code readAgain},
   * the record is remembered as what those bytes decode to, so that the next transaction reading
   * them (the next step of a registration) does not parse them: a model record is what its
   * canonical JSON decodes to, since its constructor normalises idempotently (checked on every
   * store when assertions are on, as in every test). The caller must not modify the array.
   */
  byte[] encode(Key key, Object record, boolean readAgain) {
    byte[] bytes = Json.canonical(record);
    Class<?> type = record.getClass();
    if (shareable(type)) {
      assert Json.read(bytes, type).equals(record)
          : type.getSimpleName() + " does not read back as written: " + new String(bytes, StandardCharsets.UTF_8);
      if (readAgain) {
        decoded.put(new Slot(key, type), new Decoded(bytes, record));
      }
      // Only an immutable record is sure to still have these bytes when the transaction returns it.
      synchronized (stored) {
        stored[next] = record;
        storedBytes[next] = bytes;
        next = (next + 1) % STORED_CAPACITY;
      }
    }
    return bytes;
  }

  /** How many decoded records are remembered. */
  int size() {
    return decoded.size();
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

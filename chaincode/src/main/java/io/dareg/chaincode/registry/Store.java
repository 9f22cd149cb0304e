package io.dareg.chaincode.registry;

import io.dareg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Typed access to the world state for the rules: records are stored as canonical JSON under
 * per-record composite keys. There is no counter or list key that every transaction writes, so
 * concurrent Fabric transactions on different records never clash in MVCC validation.
 */
final class Store {
  /** Marker value of index keys, whose information is in the key itself. */
  private static final byte[] MARK = {'{', '}'};

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final WorldState ws;

  Store(WorldState ws) {
    this.ws = ws;
  }

  WorldState ws() {
    return ws;
  }

  /** The record under {@code key}, or null. */
  <T> T find(Key key, Class<T> type) {
    byte[] bytes = ws.get(key);
    return bytes == null || bytes.length == 0 ? null : Json.read(bytes, type);
  }

  /** The record under {@code key}; NOT_FOUND naming {@code what} when absent. */
  <T> T require(Key key, Class<T> type, String what) {
    T found = find(key, type);
    if (found == null) {
      throw RuleException.notFound(what + " does not exist");
    }
    return found;
  }

  /** Stores a record as canonical JSON. */
  void put(Key key, Object record) {
    ws.put(key, Json.canonical(record));
  }

  /** Stores a plain string value (used by lookup indexes). */
  void putText(Key key, String value) {
    ws.put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A string value, or null. */
  String text(Key key) {
    byte[] bytes = ws.get(key);
    return bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** Writes an index entry whose meaning is its key. */
  void mark(Key key) {
    ws.put(key, MARK);
  }

  void delete(Key key) {
    ws.delete(key);
  }

  /** Every record under the partial key, in key order. */
  <T> List<T> all(Key prefix, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (WorldState.Entry e : ws.scan(prefix)) {
      out.add(Json.read(e.value(), type));
    }
    return out;
  }

  /** The last attributes of the index entries under the partial key, in key order. */
  List<String> indexed(Key prefix) {
    List<String> out = new ArrayList<>();
    for (WorldState.Entry e : ws.scan(prefix)) {
      out.add(e.key().last());
    }
    return out;
  }

  /**
   * A new record number: {@code PREFIX-yyyyMMdd-XXXXXXXXXXXX}, from the transaction's date (China
   * time) and id. Deterministic on every endorsing peer; a transaction makes at most one record of
   * each prefix, and an existing record under the new number is refused rather than overwritten.
   */
  String newNumber(String prefix, java.util.function.Function<String, Key> keyOf) {
    String number = number(prefix);
    if (ws.get(keyOf.apply(number)) != null) {
      // Transaction ids are unique hashes, so this means a client reused or forged one.
      throw RuleException.conflict(
          "record " + number + " already exists: the transaction id " + ws.txId() + " collides with an earlier one");
    }
    return number;
  }

  private String number(String prefix) {
    LocalDate day = ws.txTime().atZone(Registry.ZONE).toLocalDate();
    String id = ws.txId().replaceAll("[^0-9A-Za-z]", "");
    if (id.length() < 12) {
      id = (id + "000000000000").substring(0, 12);
    }
    return prefix + "-" + DAY.format(day) + "-" + id.substring(0, 12).toUpperCase(Locale.ROOT);
  }
}

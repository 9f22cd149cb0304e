package io.dareg.chaincode.registry;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to the world state for the rules: records are stored as canonical JSON under
 * per-record composite keys. There is no counter or list key that every transaction writes, so
 * concurrent Fabric transactions on different records never clash in MVCC validation.
 */
final class Store {
  /** Marker value of index keys, whose information is in the key itself. */
  private static final byte[] MARK = {'{', '}'};

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** How many characters of the transaction id a record number keeps. */
  private static final int NUMBER_ID_LENGTH = 12;

  private final WorldState ws;
  private final RecordCodec codec;
  private final List<Key> found = new ArrayList<>(4);
  private int writes;

  Store(WorldState ws, RecordCodec codec) {
    this.ws = ws;
    this.codec = codec;
  }

  WorldState ws() {
    return ws;
  }

  /** The record under {@code key}, or null. */
  <T> T find(Key key, Class<T> type) {
    byte[] bytes = ws.get(key);
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    found.add(key);
    return codec.decode(key, bytes, type);
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
    // A record this transaction read and changes (a registration's next step) is likely read again
    // by the next one; a new record (an evidence deposit) rarely is.
    write(key, codec.encode(key, record, found.contains(key)));
  }

  /** Stores a plain string value (used by lookup indexes). */
  void putText(Key key, String value) {
    write(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A string value, or null. */
  String text(Key key) {
    byte[] bytes = ws.get(key);
    return bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** Writes an index entry whose meaning is its key. */
  void mark(Key key) {
    write(key, MARK);
  }

  void delete(Key key) {
    writes++;
    ws.delete(key);
  }

  /**
   * How many writes (puts and deletes) this transaction has made so far: what was derived from
   * reads while it stays the same is still what the reads would give.
   */
  int writes() {
    return writes;
  }

  private void write(Key key, byte[] value) {
    writes++;
    ws.put(key, value);
  }

  /** Every record under the partial key, in key order. */
  <T> List<T> all(Key prefix, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (WorldState.Entry e : ws.scan(prefix)) {
      out.add(codec.decode(e.key(), e.value(), type));
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

  /** The number {@link #newNumber} makes: the first 12 ASCII letters and digits of the id, upper-cased, padded with 0. */
  String number(String prefix) {
    LocalDate day = LocalDate.ofInstant(ws.txTime(), Registry.ZONE);
    StringBuilder b = new StringBuilder(prefix.length() + 22).append(prefix).append('-');
    if (day.getYear() >= 1000 && day.getYear() <= 9999) {
      // yyyyMMdd by hand: the formatter costs more than the rest of the number.
      int yyyymmdd = day.getYear() * 10000 + day.getMonthValue() * 100 + day.getDayOfMonth();
      b.append(yyyymmdd);
    } else {
      DAY.formatTo(day, b);
    }
    b.append('-');
    String id = ws.txId();
    int taken = 0;
    for (int i = 0; i < id.length() && taken < NUMBER_ID_LENGTH; i++) {
      char c = id.charAt(i);
      if (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
        b.append(c);
        taken++;
      } else if (c >= 'a' && c <= 'z') {
        b.append((char) (c - ('a' - 'A')));
        taken++;
      }
    }
    for (; taken < NUMBER_ID_LENGTH; taken++) {
      b.append('0');
    }
    return b.toString();
  }
}

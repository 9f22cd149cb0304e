package io.dareg.chaincode.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Typed access to the world state for the rules: records are stored as canonical JSON under
 * per-record composite keys. There is no counter or list key that every transaction writes, so
 * concurrent Fabric transactions on different records never clash in MVCC validation.
 */
final class Store {
  /** Marker value of index keys, whose information is in the key itself. */
  private static final byte[] MARK = {'{', '}'};

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
   * The first record indexed under {@code parent}, in number order, that {@code match} accepts, or
   * null; it reads no record after that one. NOT_FOUND naming {@code what} and the number when an
   * indexed record is missing.
   */
  <T> T first(Keys.Indexed kind, String parent, Class<T> type, String what, Predicate<T> match) {
    for (String no : indexed(kind.all(parent))) {
      T record = require(kind.record(no), type, what + " " + no);
      if (match.test(record)) {
        return record;
      }
    }
    return null;
  }

  /**
   * A new record number: {@code PREFIX-yyyyMMdd-XXXXXXXXXXXX}, from the transaction's date (China
   * time) and id. Deterministic on every endorsing peer: it depends only on the id and the state
   * read. Twelve characters are 48 bits, so two ids may share them (among a million records of one
   * kind on one day, about a 0.2 % chance); when another transaction's record already has the
   * number, the next twelve characters of the id are taken, and so on. A record this very id wrote
   * means the id was reused (or forged): refused rather than numbered anew, as is an id with no
   * free number left.
   */
  String newNumber(String prefix, java.util.function.Function<String, Key> keyOf) {
    int windows = Math.max(1, (alphanumerics(ws.txId()) + RecordNumbers.ID_LENGTH - 1) / RecordNumbers.ID_LENGTH);
    for (int window = 0; window < windows; window++) {
      String number = number(prefix, window);
      Key key = keyOf.apply(number);
      if (ws.get(key) == null) {
        return number;
      }
      // Rare: read the taken record's history to tell a shared prefix from a reused id.
      for (WorldState.Modification m : ws.history(key)) {
        if (m.txId().equals(ws.txId())) {
          throw RuleException.conflict(
              "record " + number + " already exists: the transaction id " + ws.txId() + " was used before; send the transaction again under a new id");
        }
      }
    }
    throw RuleException.conflict("every record number the transaction id " + ws.txId() + " gives for " + prefix
        + " is taken; send the transaction again under a new id");
  }

  /**
   * The {@code window}-th number {@link #newNumber} tries: the id's ASCII letters and digits from the
   * {@code 12 * window}-th on, twelve of them, upper-cased, padded with 0.
   */
  String number(String prefix, int window) {
    return RecordNumbers.number(prefix, ws.txId(), ws.txTime(), window);
  }

  private static int alphanumerics(String id) {
    int n = 0;
    for (int i = 0; i < id.length(); i++) {
      if (RecordNumbers.alphanumeric(id.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}

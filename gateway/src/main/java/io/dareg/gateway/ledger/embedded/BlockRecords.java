package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON shapes inside a block frame (canonical JSON, RFC 8785). */
final class BlockRecords {
  /** How many callers {@link #CALLERS} holds before it starts again. */
  private static final int CALLER_CACHE = 1024;
  /** The canonical bytes of recent callers: a few identities sign most transactions. */
  private static final ConcurrentHashMap<Caller, byte[]> CALLERS = new ConcurrentHashMap<>();

  private BlockRecords() {}

  /**
   * The canonical bytes of {@code tx}, the same as {@code Json.canonical(tx)} but written member
   * by member without a tree (the ledger writes one per transaction); the canonical bytes of each
   * of its writes, in order, are added to {@code writeBytes}, for the block's stateRoot.
   */
  static byte[] canonical(Transaction tx, List<byte[]> writeBytes) {
    return canonical(new CanonicalWriter(), tx, writeBytes);
  }

  /** {@link #canonical(Transaction, List)} written with {@code out}, reset first: one writer serves transaction after transaction. */
  static byte[] canonical(CanonicalWriter out, Transaction tx, List<byte[]> writeBytes) {
    out.reset();
    // Members in the order of their names, nulls left out, as the shared mapper writes them.
    out.beginObject();
    member(out, "args", tx.args());
    out.name("caller").canonicalValue(canonical(tx.caller()));
    member(out, "eventName", tx.eventName());
    member(out, "eventPayload", tx.eventPayload());
    member(out, "name", tx.name());
    member(out, "result", tx.result());
    member(out, "time", tx.time() == null ? null : text(tx.time()));
    member(out, "txId", tx.txId());
    if (tx.writes() != null) {
      out.name("writes").beginArray();
      int first = writeBytes.size();
      for (Write w : tx.writes()) {
        int from = out.size() + (writeBytes.size() > first ? 1 : 0); // after the comma before it
        out.beginObject().name("deleted").value(w.deleted());
        member(out, "key", w.key());
        member(out, "value", w.value());
        out.endObject();
        writeBytes.add(out.toByteArray(from, out.size()));
      }
      out.endArray();
    }
    return out.endObject().toByteArray();
  }

  /**
   * {@code time.toString()} (ISO-8601, as the shared mapper writes an Instant), from the text of
   * the second it falls in, which most transactions share with the one before: formatting it
   * whole costs more than the rest of a transaction's member.
   */
  static String text(Instant time) {
    Second second = lastSecond;
    if (second.epochSecond() != time.getEpochSecond()) {
      String whole = Instant.ofEpochSecond(time.getEpochSecond()).toString();
      second = new Second(time.getEpochSecond(), whole.substring(0, whole.length() - 1));
      lastSecond = second;
    }
    int nano = time.getNano();
    if (nano == 0) {
      return second.text() + 'Z';
    }
    // As Instant.toString: the fraction in groups of three digits, as many as it needs.
    int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
    int fraction = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
    StringBuilder b = new StringBuilder(second.text().length() + digits + 2).append(second.text()).append('.');
    for (int unit = digits == 3 ? 100 : digits == 6 ? 100_000 : 100_000_000; unit > 0; unit /= 10) {
      b.append((char) ('0' + fraction / unit % 10));
    }
    return b.append('Z').toString();
  }

  /** A second since the epoch and its text without the zone: {@code 2026-11-23T16:30:05}. */
  private record Second(long epochSecond, String text) {}

  /** The second {@link #text} wrote last (any thread; a record is safely published). */
  private static volatile Second lastSecond = new Second(0, "1970-01-01T00:00:00");

  private static void member(CanonicalWriter out, String name, String value) {
    if (value != null) {
      out.name(name).value(value);
    }
  }

  private static byte[] canonical(Caller caller) {
    byte[] bytes = CALLERS.get(caller);
    if (bytes == null) {
      bytes = Json.canonical(caller);
      if (CALLERS.size() >= CALLER_CACHE) {
        CALLERS.clear();
      }
      CALLERS.put(caller, bytes);
    }
    return bytes;
  }

  /**
   * The signed header.
   *
   * @param number 0 for the first block
   * @param previousHash hex SHA-256 of the previous header's bytes; 64 zeros for block 0
   * @param txRoot hex Merkle root over the SHA-256 of each transaction's canonical bytes
   * @param stateRoot hex Merkle root over the SHA-256 of each write's canonical bytes, in key order
   * @param time when the block was cut
   * @param txCount how many transactions it holds
   * @param signerKeyId the node key's id
   */
  record Header(
      long number, String previousHash, String txRoot, String stateRoot, Instant time, int txCount, String signerKeyId) {}

  /**
   * One committed transaction.
   *
   * @param txId its id
   * @param time its time
   * @param caller who signed it
   * @param name the transaction
   * @param args its JSON argument
   * @param result its JSON result
   * @param writes its writes, in key order
   * @param eventName the event it emitted, or null
   * @param eventPayload the event's JSON payload, or null
   */
  record Transaction(
      String txId,
      Instant time,
      Caller caller,
      String name,
      String args,
      String result,
      List<Write> writes,
      String eventName,
      String eventPayload) {}

  /**
   * One write.
   *
   * @param key the composite key as encoded on the ledger
   * @param value base64 of the value, or null when deleted
   * @param deleted true for a deletion
   */
  record Write(String key, String value, boolean deleted) {
    /** The write of {@code value} (bytes, or {@link EmbeddedWorldState#DELETED}) to {@code key}. */
    static Write of(String key, byte[] value) {
      return value == EmbeddedWorldState.DELETED ? new Write(key, null, true) : new Write(key, Base64.getEncoder().encodeToString(value), false);
    }

    /** Its value as bytes, or null when deleted. */
    byte[] valueBytes() {
      return deleted ? null : Base64.getDecoder().decode(value);
    }
  }

  /** The length of each of {@code txBytes}: where each transaction lies in its block's body. */
  static int[] lengths(List<byte[]> txBytes) {
    int[] out = new int[txBytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = txBytes.get(i).length;
    }
    return out;
  }

  /**
   * The length of each transaction's bytes in a block's {@code body}, the canonical JSON array of
   * the transactions' objects, found by a scan of its bytes (strings skipped, escapes honoured);
   * a body that is not such an array is refused.
   */
  static int[] lengths(byte[] body) {
    if (body.length < 2 || body[0] != '[' || body[body.length - 1] != ']') {
      throw new IllegalArgumentException("a block's body is a JSON array");
    }
    int[] out = new int[8];
    int count = 0;
    int depth = 0;
    int start = 1;
    boolean inString = false;
    for (int i = 1; i < body.length - 1; i++) {
      byte b = body[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
      } else if (b == ',' && depth == 0) {
        out = add(out, count++, i - start);
        start = i + 1;
      }
    }
    if (inString || depth != 0) {
      throw new IllegalArgumentException("a block's body ends inside a transaction");
    }
    if (body.length - 1 > start) {
      out = add(out, count++, body.length - 1 - start);
    }
    return Arrays.copyOf(out, count);
  }

  private static int[] add(int[] out, int at, int value) {
    int[] o = at == out.length ? Arrays.copyOf(out, 2 * out.length) : out;
    o[at] = value;
    return o;
  }

  /**
   * The value of each write of {@code txs}, in order, as bytes (null for a deletion), for a block
   * read back from the block file; the ledger keeps the bytes of the blocks it writes.
   */
  static List<byte[]> values(List<Transaction> txs) {
    List<byte[]> values = new ArrayList<>();
    for (Transaction tx : txs) {
      for (Write w : tx.writes()) {
        values.add(w.valueBytes());
      }
    }
    return values;
  }
}

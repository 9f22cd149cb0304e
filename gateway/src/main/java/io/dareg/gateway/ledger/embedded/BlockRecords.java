package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
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
    CanonicalWriter out = new CanonicalWriter(512 + (tx.args() == null ? 0 : tx.args().length())
        + (tx.result() == null ? 0 : tx.result().length()) + (tx.eventPayload() == null ? 0 : tx.eventPayload().length()));
    // Members in the order of their names, nulls left out, as the shared mapper writes them.
    out.beginObject();
    member(out, "args", tx.args());
    out.name("caller").canonicalValue(canonical(tx.caller()));
    member(out, "eventName", tx.eventName());
    member(out, "eventPayload", tx.eventPayload());
    member(out, "name", tx.name());
    member(out, "result", tx.result());
    member(out, "time", tx.time() == null ? null : tx.time().toString());
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

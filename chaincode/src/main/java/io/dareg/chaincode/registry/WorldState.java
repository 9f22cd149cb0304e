package io.dareg.chaincode.registry;

import java.time.Instant;
import java.util.List;

/**
 * What the registry rules need from a ledger during one transaction: keyed state, scans, key
 * history, one event, and the transaction's id, time and signer. Implemented over Fabric's
 * {@code ChaincodeStub}, over the embedded ledger, and in memory for tests.
 *
 * <p>Reads see the state before the transaction plus its own writes. Paged scans are for
 * read-only transactions (Fabric refuses them in submitted ones); rules use {@link #scan(Key)}.
 */
public interface WorldState {

  /**
   * The value stored under {@code key}, or null. The caller may keep the array: implementations
   * return a copy, or an array that nobody modifies afterwards.
   */
  byte[] get(Key key);

  /** Stores {@code value} under {@code key}. The caller does not modify the array afterwards. */
  void put(Key key, byte[] value);

  /** Removes {@code key}; its history keeps the earlier values. */
  void delete(Key key);

  /** Every entry whose key starts with the partial key {@code prefix}, in key order. */
  List<Entry> scan(Key prefix);

  /**
   * One page of the entries whose key starts with {@code prefix}, in key order.
   *
   * @param pageSize at most this many entries
   * @param bookmark where the previous page ended, or empty for the first page
   */
  Page page(Key prefix, int pageSize, String bookmark);

  /** Every value {@code key} has had, oldest first. */
  List<Modification> history(Key key);

  /** Sets the transaction's event; Fabric keeps one per transaction, so a later call replaces it. */
  void emit(String name, byte[] payload);

  /** The transaction id. */
  String txId();

  /** The transaction time, as proposed by the client and endorsed by the peers. */
  Instant txTime();

  /** Who signed the transaction. */
  Caller caller();

  /**
   * The time by this endorser's own clock, which a signed write's transaction time must be near: on
   * Fabric the peer's clock (a proposal's timestamp is the client's to choose), elsewhere the ledger's
   * time of the transaction itself.
   */
  default Instant endorserTime() {
    return txTime();
  }

  /** A stored key and value. */
  record Entry(Key key, byte[] value) {}

  /** A page of entries and the bookmark of the next page (empty when there is none). */
  record Page(List<Entry> entries, String bookmark) {
    /**
     * The page of {@code sorted} (all entries of a scan, in key order) that follows {@code
     * bookmark}, for world states that page over a full scan; the bookmark is the last key
     * returned.
     */
    public static Page slice(List<Entry> sorted, int pageSize, String bookmark) {
      int start = 0;
      if (bookmark != null && !bookmark.isEmpty()) {
        while (start < sorted.size() && sorted.get(start).key().encoded().compareTo(bookmark) <= 0) {
          start++;
        }
      }
      int end = Math.min(sorted.size(), start + pageSize);
      List<Entry> entries = List.copyOf(sorted.subList(start, end));
      String next = end < sorted.size() ? entries.get(entries.size() - 1).key().encoded() : "";
      return new Page(entries, next);
    }
  }

  /** One historical value of a key: the transaction that wrote it, when, and the value or deletion. */
  record Modification(String txId, Instant time, byte[] value, boolean deleted) {}
}

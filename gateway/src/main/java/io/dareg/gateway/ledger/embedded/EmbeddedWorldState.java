package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.Key;
import io.dareg.chaincode.registry.Layers;
import io.dareg.chaincode.registry.WorldState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One transaction's world state on the embedded ledger: reads see the base state (committed state,
 * plus the writes of blocks cut but not yet committed and of earlier transactions of the same
 * block) and this transaction's own writes; writes are collected for the block.
 */
final class EmbeddedWorldState implements WorldState {
  /** Marks a deleted key in a write set. */
  static final byte[] DELETED = Layers.DELETED;

  private final Layers.Base base;
  private final List<NavigableMap<String, byte[]>> layers;
  private final Function<String, List<Modification>> history;
  private final boolean readOnly;
  private final String txId;
  private final Instant txTime;
  private final Caller caller;
  private final NavigableMap<String, byte[]> writes = new TreeMap<>();
  private String eventName;
  private byte[] eventPayload;

  /**
   * @param base committed state
   * @param below uncommitted writes this transaction sees over {@code base}, oldest first (DELETED
   *     for deletions): earlier blocks still being written, then earlier transactions of its block
   * @param history the committed history of a key
   */
  EmbeddedWorldState(
      Layers.Base base,
      List<NavigableMap<String, byte[]>> below,
      Function<String, List<Modification>> history,
      boolean readOnly,
      String txId,
      Instant txTime,
      Caller caller) {
    this.base = base;
    List<NavigableMap<String, byte[]>> all = new ArrayList<>(below.size() + 1);
    all.addAll(below);
    all.add(writes);
    this.layers = all;
    this.history = history;
    this.readOnly = readOnly;
    this.txId = txId;
    this.txTime = txTime;
    this.caller = caller;
  }

  NavigableMap<String, byte[]> writes() {
    return writes;
  }

  String eventName() {
    return eventName;
  }

  byte[] eventPayload() {
    return eventPayload;
  }

  @Override
  public byte[] get(Key key) {
    return Layers.get(key.encoded(), base, layers);
  }

  @Override
  public void put(Key key, byte[] value) {
    writable();
    writes.put(key.encoded(), value.clone());
  }

  /** Writes a key of the ledger's own (a plain key, no composite key of the rules'): see {@link EmbeddedLedger#recordDevClock}. */
  void putLedgerKey(String key, byte[] value) {
    writable();
    writes.put(key, value.clone());
  }

  @Override
  public void delete(Key key) {
    writable();
    writes.put(key.encoded(), DELETED);
  }

  @Override
  public List<Entry> scan(Key prefix) {
    return Layers.scan(prefix, base, layers);
  }

  @Override
  public Page page(Key prefix, int pageSize, String bookmark) {
    return Layers.page(prefix, base, layers, pageSize, bookmark);
  }

  @Override
  public List<Modification> history(Key key) {
    return List.copyOf(history.apply(key.withHistory().encoded()));
  }

  @Override
  public void emit(String name, byte[] payload) {
    writable();
    eventName = name;
    eventPayload = payload.clone();
  }

  @Override
  public String txId() {
    return txId;
  }

  @Override
  public Instant txTime() {
    return txTime;
  }

  @Override
  public Caller caller() {
    return caller;
  }

  private void writable() {
    if (readOnly) {
      throw new IllegalStateException("a read-only transaction tried to write");
    }
  }
}

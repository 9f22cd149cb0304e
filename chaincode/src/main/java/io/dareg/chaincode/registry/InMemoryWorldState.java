package io.dareg.chaincode.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A world state in memory, for tests and benchmarks of the rules: one transaction at a time,
 * begun with {@link #begin}, then {@link #commit()}ted or {@link #rollback()}ed. Reads see the
 * committed state plus the open transaction's own writes. Not thread-safe.
 */
public final class InMemoryWorldState implements WorldState {
  private final NavigableMap<String, byte[]> state = new TreeMap<>();
  private final Map<String, List<Modification>> history = new HashMap<>();
  private final NavigableMap<String, byte[]> writes = new TreeMap<>();
  private final List<Event> events = new ArrayList<>();
  private String txId;
  private Instant txTime;
  private Caller caller;
  private Event event;

  /** An event emitted by a committed transaction. */
  public record Event(String txId, String name, byte[] payload) {}

  /** Opens a transaction; the previous one must have been committed or rolled back. */
  public InMemoryWorldState begin(String txId, Instant txTime, Caller caller) {
    if (this.txId != null) {
      throw new IllegalStateException("transaction " + this.txId + " is still open");
    }
    this.txId = Objects.requireNonNull(txId, "txId");
    this.txTime = Objects.requireNonNull(txTime, "txTime");
    this.caller = Objects.requireNonNull(caller, "caller");
    return this;
  }

  /** Applies the open transaction's writes and event. */
  public void commit() {
    open();
    for (Map.Entry<String, byte[]> w : writes.entrySet()) {
      boolean deleted = w.getValue() == Layers.DELETED;
      if (deleted) {
        state.remove(w.getKey());
      } else {
        state.put(w.getKey(), w.getValue());
      }
      history
          .computeIfAbsent(w.getKey(), k -> new ArrayList<>())
          .add(new Modification(txId, txTime, deleted ? null : w.getValue(), deleted));
    }
    if (event != null) {
      events.add(event);
    }
    close();
  }

  /** Discards the open transaction's writes and event. */
  public void rollback() {
    open();
    close();
  }

  /** Events of committed transactions, oldest first. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** The number of committed keys. */
  public int size() {
    return state.size();
  }

  @Override
  public byte[] get(Key key) {
    open();
    return Layers.get(key.encoded(), state, List.of(writes));
  }

  @Override
  public void put(Key key, byte[] value) {
    open();
    writes.put(key.encoded(), value.clone());
  }

  @Override
  public void delete(Key key) {
    open();
    writes.put(key.encoded(), Layers.DELETED);
  }

  @Override
  public List<Entry> scan(Key prefix) {
    open();
    return Layers.scan(prefix, state, List.of(writes));
  }

  @Override
  public Page page(Key prefix, int pageSize, String bookmark) {
    return Layers.page(prefix, state, List.of(writes), pageSize, bookmark);
  }

  @Override
  public List<Modification> history(Key key) {
    open();
    return List.copyOf(history.getOrDefault(key.withHistory().encoded(), List.of()));
  }

  @Override
  public void emit(String name, byte[] payload) {
    open();
    event = new Event(txId, name, payload.clone());
  }

  @Override
  public String txId() {
    open();
    return txId;
  }

  @Override
  public Instant txTime() {
    open();
    return txTime;
  }

  @Override
  public Caller caller() {
    open();
    return caller;
  }

  private void open() {
    if (txId == null) {
      throw new IllegalStateException("no transaction is open: call begin first");
    }
  }

  private void close() {
    writes.clear();
    event = null;
    txId = null;
    txTime = null;
    caller = null;
  }
}

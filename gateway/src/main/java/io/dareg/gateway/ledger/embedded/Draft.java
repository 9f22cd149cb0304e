package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.UnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Transactions the rules accepted, waiting to be cut into a block by the {@link BlockWriter}'s syncer. */
final class Draft {
  /** A submitted transaction, its id and time, and who waits to hear whether it was committed. */
  record Pending(Caller caller, String name, String args, String txId, Instant time, CompletableFuture<Committed> future) {}

  final long generation;
  /** Its own writes, over which later drafts run once it is in flight. */
  final NavigableMap<String, byte[]> overlay = new TreeMap<>();
  /** What its transactions read over the committed state: drafts in flight before it, then its own writes. */
  final List<NavigableMap<String, byte[]>> layers;
  final List<BlockRecords.Transaction> txs = new ArrayList<>();
  /** The canonical bytes of each of {@link #txs}. */
  final List<byte[]> txBytes = new ArrayList<>();
  /** The value of each write of {@link #txs}, in order, as bytes (null for a deletion): what the state store takes. */
  final List<byte[]> values = new ArrayList<>();
  /** The canonical bytes of the last write of each key its transactions write, in key order: the stateRoot's leaves. */
  final NavigableMap<String, byte[]> lastWrites = new TreeMap<>();
  final List<Pending> accepted = new ArrayList<>();
  final List<String> results = new ArrayList<>();
  /** Whether its overlay is among the in-flight layers (the writer's to change). */
  boolean inFlight;

  Draft(long generation, List<NavigableMap<String, byte[]>> below) {
    this.generation = generation;
    this.layers = new ArrayList<>(below);
    this.layers.add(overlay);
  }

  void fail(UnavailableException e) {
    accepted.forEach(p -> p.future().completeExceptionally(e));
  }

  /** Serialises the transactions added since the last call, with {@code out}. */
  void serialise(CanonicalWriter out) {
    List<byte[]> writeBytes = new ArrayList<>();
    for (int i = txBytes.size(); i < txs.size(); i++) {
      BlockRecords.Transaction tx = txs.get(i);
      writeBytes.clear();
      txBytes.add(BlockRecords.canonical(out, tx, writeBytes));
      for (int w = 0; w < writeBytes.size(); w++) {
        lastWrites.put(tx.writes().get(w).key(), writeBytes.get(w));
      }
    }
  }
}

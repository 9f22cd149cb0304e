package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.RefusedException;
import io.dareg.gateway.ledger.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Transactions the rules accepted, run by the {@link BlockWriter}'s writer over the committed state
 * and the drafts in flight before it, waiting to be cut into a block by its syncer.
 */
final class Draft {
  private static final Logger LOG = Logger.getLogger(Draft.class.getName());

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
  /** Whether it is among the in-flight drafts (the writer's to change). */
  boolean inFlight;
  /** Whether its block is on disk, so that it must be applied whatever fails after it (the syncer's to set). */
  boolean durable;

  Draft(long generation, List<NavigableMap<String, byte[]>> below) {
    this.generation = generation;
    this.layers = new ArrayList<>(below);
    this.layers.add(overlay);
  }

  /**
   * Runs {@code p} over the committed state and the draft's layers and, when the rules accept it,
   * adds it with its writes, serialised with {@code out}; a refusal or failure completes its future.
   */
  void run(Pending p, RegistryTransactions rules, StateStore store, CanonicalWriter out) {
    EmbeddedWorldState ws = new EmbeddedWorldState(store, layers, store::history, false, p.txId(), p.time(), p.caller());
    String result;
    Caller author = p.caller();
    // No lock, though the applier applies blocks to the committed state meanwhile: every block it
    // applies is among the draft's layers until it is wholly in the store, and the layers come
    // first, so the writer reads the same either way; it need not wait for the store's write.
    try {
      if (p.name().equals(EmbeddedLedger.DEV_CLOCK_MOVE)) {
        // Not a rule: the gateway's dev clock, recorded where it survives restarts and auditors see it.
        ws.putLedgerKey(EmbeddedLedger.DEV_CLOCK_KEY, p.args().getBytes(StandardCharsets.UTF_8));
        result = p.args();
      } else {
        RegistryTransactions.Outcome outcome = rules.run(ws, p.name(), p.args());
        if (outcome.repeated()) {
          // The same signed request was committed before: its first result, and nothing recorded again.
          p.future().complete(new Committed(outcome.firstTxId(), -1, outcome.result()));
          return;
        }
        result = outcome.result();
        if (outcome.author() != null) {
          author = outcome.author();
        }
      }
    } catch (RuleException e) {
      p.future().completeExceptionally(RefusedException.of(e));
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "transaction " + p.name() + " failed", e);
      p.future().completeExceptionally(new UnavailableException("transaction " + p.name() + " failed inside the ledger", e));
      return;
    }
    overlay.putAll(ws.writes());
    List<BlockRecords.Write> writes = new ArrayList<>(ws.writes().size());
    for (var w : ws.writes().entrySet()) {
      writes.add(BlockRecords.Write.of(w.getKey(), w.getValue()));
      values.add(w.getValue() == EmbeddedWorldState.DELETED ? null : w.getValue());
    }
    String payload = ws.eventPayload() == null ? null : new String(ws.eventPayload(), StandardCharsets.UTF_8);
    txs.add(new BlockRecords.Transaction(p.txId(), p.time(), author, p.name(), p.args(), result, writes,
        ws.eventName(), payload));
    // Serialised here, while fresh in the cache: left to the syncer whenever the writer was busy,
    // it cost more CPU per transaction at 256 writers (LedgerLoad) and gained nothing clear at 64.
    serialise(out);
    accepted.add(p);
    results.add(result);
  }

  void fail(UnavailableException e) {
    accepted.forEach(p -> p.future().completeExceptionally(e));
  }

  /** Serialises the transactions added since the last call, with {@code out}. */
  private void serialise(CanonicalWriter out) {
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

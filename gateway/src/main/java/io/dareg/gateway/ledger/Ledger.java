package io.dareg.gateway.ledger;

import io.dareg.chaincode.registry.Caller;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The registry's ledger as the gateway sees it: submit a transaction and hear when it is committed,
 * evaluate a query, follow the events. Implemented by the embedded ledger and by Fabric; one test
 * suite ({@code LedgerContractTest}) holds both to the same behaviour.
 *
 * <p>Futures complete off the caller's thread; a refusal by the rules fails the future with a
 * {@link RefusedException}, an unavailable ledger with an {@link UnavailableException}.
 */
public interface Ledger extends AutoCloseable {

  /**
   * Runs a transaction that changes state; completes once it is durably committed. {@code argsJson}
   * is its author's signed request (docs/signed-requests.md), which the rules check and run as that
   * author; {@code submitter} is who hands it in (the gateway's own identity, which signs Fabric
   * proposals), and is the caller only of the service transactions that need no author
   * ({@code sweep}). The same signed request again completes with the first commit's result and
   * writes nothing.
   */
  CompletableFuture<Committed> submit(Caller submitter, String transaction, String argsJson);

  /** Runs a read-only transaction against committed state. */
  CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson);

  /**
   * Delivers every committed event from block {@code fromBlock} on, in order, and the end of every block from
   * {@code fromBlock} on, with or without events: first those already committed, then new ones as they commit.
   */
  Subscription events(long fromBlock, EventListener listener);

  /** Delivers every committed event from block {@code fromBlock} on, in order, as {@link #events(long, EventListener)}. */
  default Subscription events(long fromBlock, Consumer<LedgerEvent> listener) {
    return events(fromBlock, new EventListener() {
      @Override
      public void event(LedgerEvent event) {
        listener.accept(event);
      }

      @Override
      public void blockEnd(long number) {
        // only the events are asked for
      }
    });
  }

  /**
   * The number of committed blocks: the events committed so far come from blocks 0 to
   * {@code height() - 1}. Blocks the ledger asks for; throws {@link UnavailableException} when it
   * cannot be asked.
   */
  long height();

  /** Whether the ledger serves, and why not. */
  LedgerHealth health();

  @Override
  void close();
}

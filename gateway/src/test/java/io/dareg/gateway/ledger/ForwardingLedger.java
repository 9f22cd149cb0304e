package io.dareg.gateway.ledger;

import io.dareg.chaincode.registry.Caller;
import java.util.concurrent.CompletableFuture;

/** A ledger that hands every call to another: tests extend it to watch or change one kind of call. */
public class ForwardingLedger implements Ledger {
  protected final Ledger ledger;

  public ForwardingLedger(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public CompletableFuture<Committed> submit(Caller submitter, String transaction, String argsJson) {
    return ledger.submit(submitter, transaction, argsJson);
  }

  @Override
  public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
    return ledger.evaluate(caller, transaction, argsJson);
  }

  @Override
  public Subscription events(long fromBlock, EventListener listener) {
    return ledger.events(fromBlock, listener);
  }

  @Override
  public long height() {
    return ledger.height();
  }

  @Override
  public LedgerHealth health() {
    return ledger.health();
  }

  @Override
  public void close() {
    ledger.close();
  }
}

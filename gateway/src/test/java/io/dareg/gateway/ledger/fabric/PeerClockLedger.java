package io.dareg.gateway.ledger.fabric;

import io.dareg.chaincode.registry.Caller;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.ForwardingLedger;
import io.dareg.gateway.ledger.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;

/**
 * A Fabric ledger whose test clock the network's peers follow: before each call it writes the
 * clock's time to the file the test network's chaincode reads its time from, so that moving the
 * test's clock (days of a notice period) moves the peers' too and proposals stay honest.
 */
final class PeerClockLedger extends ForwardingLedger {
  private final MutableClock clock;
  private final Path file;

  PeerClockLedger(FabricLedger ledger, MutableClock clock, Path file) {
    super(ledger);
    this.clock = clock;
    this.file = file;
  }

  private synchronized void tellPeers() {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
      Files.writeString(tmp, clock.instant().toString());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the test network's peer clock in " + file, e);
    }
  }

  @Override
  public CompletableFuture<Committed> submit(Caller submitter, String transaction, String argsJson) {
    tellPeers();
    return ledger.submit(submitter, transaction, argsJson);
  }

  @Override
  public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
    tellPeers();
    return ledger.evaluate(caller, transaction, argsJson);
  }
}

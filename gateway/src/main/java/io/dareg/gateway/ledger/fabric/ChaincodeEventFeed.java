package io.dareg.gateway.ledger.fabric;

import io.dareg.gateway.ledger.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;

/** The chaincode's events from a block on, each delivered once even when a reconnection delivers its block again. */
final class ChaincodeEventFeed extends ReconnectingFeed<ChaincodeEvent> {
  private static final Logger LOG = Logger.getLogger(ChaincodeEventFeed.class.getName());

  private final Network network;
  private final String chaincode;
  private final Consumer<LedgerEvent> listener;
  private final Set<String> seenInBlock = new HashSet<>();

  ChaincodeEventFeed(Network network, String chaincode, long fromBlock, Consumer<LedgerEvent> listener,
      BooleanSupplier ledgerClosed) {
    super("the Fabric event stream", fromBlock, ledgerClosed);
    this.network = network;
    this.chaincode = chaincode;
    this.listener = listener;
  }

  @Override
  CloseableIterator<ChaincodeEvent> open(long from) {
    return network.newChaincodeEventsRequest(chaincode).startBlock(from).build().getEvents();
  }

  @Override
  void deliver(ChaincodeEvent e) {
    if (e.getBlockNumber() != next) {
      seenInBlock.clear();
      next = e.getBlockNumber();
    }
    if (!seenInBlock.add(e.getTransactionId())) {
      return; // delivered before a reconnection
    }
    try {
      listener.accept(new LedgerEvent(e.getBlockNumber(), e.getTransactionId(), e.getEventName(),
          new String(e.getPayload(), StandardCharsets.UTF_8)));
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "an event listener failed", ex);
    }
  }
}

package io.dareg.gateway.ledger.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dareg.core.ledger.FabricLogEntries;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * The chaincode's events from a block on, read from whole committed blocks, with the end of every block: Fabric's
 * chaincode event stream says nothing about blocks without the chaincode's events (other chaincodes' transactions on a
 * shared channel, configuration blocks, transactions marked invalid), so a follower of that stream cannot tell a quiet
 * ledger from a stream still reading through thousands of such blocks. A block is delivered whole, so a reconnection
 * starts at the first block not yet ended.
 */
final class ChaincodeEventFeed extends ReconnectingFeed<Block> {
  private final Network network;
  private final String chaincode;
  private final EventListener listener;

  ChaincodeEventFeed(Network network, String chaincode, long fromBlock, EventListener listener, BooleanSupplier ledgerClosed) {
    super("the Fabric event stream", fromBlock, ledgerClosed);
    this.network = network;
    this.chaincode = chaincode;
    this.listener = listener;
  }

  @Override
  CloseableIterator<Block> open(long from) {
    return network.newBlockEventsRequest().startBlock(from).build().getEvents();
  }

  @Override
  void deliver(Block block) {
    long number = block.getHeader().getNumber();
    if (number < next) {
      return; // delivered again after a reconnection
    }
    EventListener.deliver(listener, number, events(block, chaincode));
    next = number + 1;
  }

  /**
   * The events chaincode {@code chaincode} raised in the transactions of {@code block} the committing peer marked VALID,
   * in the block's order (what Fabric's chaincode event stream delivers). IllegalArgumentException when the block
   * carries no validation flags, or a transaction marked VALID cannot be read.
   */
  static List<LedgerEvent> events(Block block, String chaincode) {
    List<LedgerEvent> out = new ArrayList<>();
    for (FabricLogEntries.EndorserTransaction tx : FabricLogEntries.validEndorserTransactions(block)) {
      try {
        for (TransactionAction action : tx.transaction().getActionsList()) {
          ByteString response = ChaincodeActionPayload.parseFrom(action.getPayload()).getAction().getProposalResponsePayload();
          ChaincodeAction result = ChaincodeAction.parseFrom(ProposalResponsePayload.parseFrom(response).getExtension());
          if (result.getEvents().isEmpty()) {
            continue;
          }
          ChaincodeEvent event = ChaincodeEvent.parseFrom(result.getEvents());
          if (event.getChaincodeId().equals(chaincode)) {
            out.add(new LedgerEvent(tx.block(), tx.header().getTxId(), event.getEventName(),
                event.getPayload().toString(StandardCharsets.UTF_8)));
          }
        }
      } catch (InvalidProtocolBufferException e) {
        throw tx.unreadable(e);
      }
    }
    return out;
  }
}

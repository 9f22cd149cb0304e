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
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The chaincode's events from a block on, read from whole committed blocks, with the end of every block: Fabric's
 * chaincode event stream says nothing about blocks without the chaincode's events (other chaincodes' transactions on a
 * shared channel, configuration blocks, transactions marked invalid), so a follower of that stream cannot tell a quiet
 * ledger from a stream still reading through thousands of such blocks. A block is delivered whole, so a reconnection
 * starts at the first block not yet ended.
 */
final class ChaincodeEventFeed extends ReconnectingFeed<Block> {
  private static final Logger LOG = Logger.getLogger(ChaincodeEventFeed.class.getName());

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
    for (LedgerEvent e : events(block, chaincode)) {
      try {
        listener.event(e);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "an event listener failed", ex);
      }
    }
    try {
      listener.blockEnd(number);
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "an event listener failed at the end of block " + number, ex);
    }
    next = number + 1;
  }

  /**
   * The events chaincode {@code chaincode} raised in the transactions of {@code block} the committing peer marked VALID,
   * in the block's order (what Fabric's chaincode event stream delivers). IllegalArgumentException when the block
   * carries no validation flags, or a transaction marked VALID cannot be read.
   */
  static List<LedgerEvent> events(Block block, String chaincode) {
    long number = block.getHeader().getNumber();
    ByteString flags = FabricLogEntries.validationFlags(block);
    int count = block.getData().getDataCount();
    List<LedgerEvent> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if ((flags.byteAt(i) & 0xff) != TxValidationCode.VALID_VALUE) {
        continue;
      }
      try {
        Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(i)).getPayload());
        ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (ch.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
          continue;
        }
        for (TransactionAction action : Transaction.parseFrom(payload.getData()).getActionsList()) {
          ByteString response = ChaincodeActionPayload.parseFrom(action.getPayload()).getAction().getProposalResponsePayload();
          ChaincodeAction result = ChaincodeAction.parseFrom(ProposalResponsePayload.parseFrom(response).getExtension());
          if (result.getEvents().isEmpty()) {
            continue;
          }
          ChaincodeEvent event = ChaincodeEvent.parseFrom(result.getEvents());
          if (event.getChaincodeId().equals(chaincode)) {
            out.add(new LedgerEvent(number, ch.getTxId(), event.getEventName(), event.getPayload().toString(StandardCharsets.UTF_8)));
          }
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("transaction " + i + " of block " + number + " is marked VALID but cannot be read"
            + " as an endorser transaction: " + e.getMessage(), e);
      }
    }
    return out;
  }
}

package io.dareg.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

class ChaincodeEventFeedTest {
  private static final byte VALID = (byte) TxValidationCode.VALID_VALUE;
  private static final byte MVCC = (byte) TxValidationCode.MVCC_READ_CONFLICT_VALUE;

  @Test
  void only_the_chaincodes_events_of_valid_endorser_transactions_are_delivered_in_block_order() {
    Block block = block(7, List.of(
        endorserTx("t0", "dareg", "depositEvidence", "{\"evidenceNo\":\"E-1\"}"),
        endorserTx("t1", "dareg", "submit", "{\"regNo\":\"R-lost\"}"), // marked invalid below
        endorserTx("t2", "benchput", "put", "{}"), // another chaincode on the channel
        endorserTx("t3", "dareg", null, null), // no event
        envelope(HeaderType.CONFIG_VALUE, "", ByteString.copyFromUtf8("not an endorser transaction")),
        endorserTx("t5", "dareg", "register", "{\"regNo\":\"R-2\"}")),
        new byte[] {VALID, MVCC, VALID, VALID, VALID, VALID});

    List<LedgerEvent> events = ChaincodeEventFeed.events(block, "dareg");

    assertThat(events).containsExactly(new LedgerEvent(7, "t0", "depositEvidence", "{\"evidenceNo\":\"E-1\"}"),
        new LedgerEvent(7, "t5", "register", "{\"regNo\":\"R-2\"}"));
    assertThat(ChaincodeEventFeed.events(block, "benchput")).extracting(LedgerEvent::txId).containsExactly("t2");
  }

  @Test
  void every_block_ends_after_its_events_even_without_any_and_a_block_delivered_again_is_skipped() {
    List<String> seen = new ArrayList<>();
    ChaincodeEventFeed feed = new ChaincodeEventFeed(null, "dareg", 3, new EventListener() {
      @Override
      public void event(LedgerEvent event) {
        seen.add(event.blockNumber() + ":" + event.txId());
      }

      @Override
      public void blockEnd(long number) {
        seen.add("end " + number);
      }
    }, () -> false);

    feed.deliver(block(3, List.of(endorserTx("a", "dareg", "submit", "{}"), endorserTx("b", "dareg", "submit", "{}")),
        new byte[] {VALID, VALID}));
    feed.deliver(block(4, List.of(endorserTx("c", "benchput", "put", "{}")), new byte[] {VALID}));
    feed.deliver(block(4, List.of(endorserTx("c", "benchput", "put", "{}")), new byte[] {VALID})); // after a reconnection
    feed.deliver(block(5, List.of(), new byte[0]));

    assertThat(seen).containsExactly("3:a", "3:b", "end 3", "end 4", "end 5");
    assertThat(feed.next).as("where a reconnection starts").isEqualTo(6);
  }

  @Test
  void a_block_without_validation_flags_is_refused() {
    Block unflagged = block(2, List.of(endorserTx("a", "dareg", "submit", "{}")), new byte[0]);
    assertThatThrownBy(() -> ChaincodeEventFeed.events(unflagged, "dareg")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validation flags");
  }

  /** An endorser transaction whose chaincode {@code chaincode} raised event {@code name} (none when null). */
  private static ByteString endorserTx(String txId, String chaincode, String name, String payload) {
    ChaincodeAction.Builder result = ChaincodeAction.newBuilder();
    if (name != null) {
      result.setEvents(ChaincodeEvent.newBuilder().setChaincodeId(chaincode).setTxId(txId).setEventName(name)
          .setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8)).build().toByteString());
    }
    ByteString response = ProposalResponsePayload.newBuilder().setExtension(result.build().toByteString()).build().toByteString();
    ChaincodeActionPayload action = ChaincodeActionPayload.newBuilder()
        .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(response)).build();
    Transaction tx = Transaction.newBuilder().addActions(TransactionAction.newBuilder().setPayload(action.toByteString())).build();
    return envelope(HeaderType.ENDORSER_TRANSACTION_VALUE, txId, tx.toByteString());
  }

  private static ByteString envelope(int type, String txId, ByteString data) {
    ChannelHeader ch = ChannelHeader.newBuilder().setType(type).setTxId(txId).setChannelId("dareg").build();
    return Envelope.newBuilder().setPayload(Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(ch.toByteString()))
        .setData(data).build().toByteString()).build().toByteString();
  }

  /** Block {@code number} of {@code txs} with the committing peer's validation flags (metadata index 2). */
  private static Block block(long number, List<ByteString> txs, byte[] flags) {
    return Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(number))
        .setData(BlockData.newBuilder().addAllData(txs))
        .setMetadata(BlockMetadata.newBuilder().addMetadata(ByteString.EMPTY).addMetadata(ByteString.EMPTY)
            .addMetadata(ByteString.copyFrom(flags)))
        .build();
  }
}

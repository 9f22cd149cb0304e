package io.dareg.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.model.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
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
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

class FabricLogEntriesTest {
  private static final String REQUEST = "{\"request\":{\"op\":\"depositEvidence\"},\"signature\":\"c2ln\"}";

  /** An endorser transaction invoking {@code chaincode} with {@code args}, stamped 2026-03-02T02:00:00.000000123Z. */
  static ByteString endorserTx(String txId, String chaincode, ByteString... args) {
    ChaincodeInput.Builder input = ChaincodeInput.newBuilder();
    for (ByteString a : args) {
      input.addArgs(a);
    }
    ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
        .setChaincodeId(ChaincodeID.newBuilder().setName(chaincode)).setInput(input)).build();
    ByteString proposal = ChaincodeProposalPayload.newBuilder().setInput(spec.toByteString()).build().toByteString();
    Transaction tx = Transaction.newBuilder().addActions(TransactionAction.newBuilder()
        .setPayload(ChaincodeActionPayload.newBuilder().setChaincodeProposalPayload(proposal).build().toByteString())).build();
    return envelope(HeaderType.ENDORSER_TRANSACTION_VALUE, txId, tx.toByteString());
  }

  static ByteString envelope(int type, String txId, ByteString data) {
    ChannelHeader ch = ChannelHeader.newBuilder().setType(type).setTxId(txId).setChannelId("dareg")
        .setTimestamp(Timestamp.newBuilder().setSeconds(1_772_416_800L).setNanos(123)).build();
    return Envelope.newBuilder().setPayload(Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(ch.toByteString()))
        .setData(data).build().toByteString()).setSignature(ByteString.copyFromUtf8("signed by whoever proposed")).build().toByteString();
  }

  /** Block {@code number} of {@code txs}, with the committing peer's validation flags {@code flags}. */
  static Block block(long number, List<ByteString> txs, byte[] flags) {
    MessageDigest sha = Hashes.newDigest(HashAlgorithm.SHA256);
    txs.forEach(t -> sha.update(t.toByteArray()));
    return Block.newBuilder()
        .setHeader(BlockHeader.newBuilder().setNumber(number).setPreviousHash(ByteString.copyFrom(new byte[32]))
            .setDataHash(ByteString.copyFrom(sha.digest())))
        .setData(BlockData.newBuilder().addAllData(txs))
        .setMetadata(BlockMetadata.newBuilder().addMetadata(ByteString.EMPTY).addMetadata(ByteString.EMPTY)
            .addMetadata(ByteString.copyFrom(flags)).addMetadata(ByteString.EMPTY).addMetadata(ByteString.EMPTY))
        .build();
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  @Test
  void valid_endorser_transactions_are_entries_in_block_order_and_the_rest_are_not() {
    List<ByteString> txs = List.of(
        endorserTx("a1", "dareg", utf8("depositEvidence"), utf8(REQUEST)),
        endorserTx("b2", "dareg", utf8("openAccount"), utf8("{}")), // lost an MVCC race: not an entry
        envelope(HeaderType.CONFIG_VALUE, "", ByteString.copyFromUtf8("a channel configuration")),
        endorserTx("c3", "_lifecycle", utf8("ApproveChaincodeDefinitionForMyOrg"), ByteString.copyFrom(new byte[] {8, (byte) 0xff, 1})),
        endorserTx("d4", "dareg", utf8("dareg:issueCertificate"), utf8("{\"名\":\"证书\"}")));
    byte[] flags = {TxValidationCode.VALID_VALUE, TxValidationCode.MVCC_READ_CONFLICT_VALUE, TxValidationCode.VALID_VALUE,
        TxValidationCode.VALID_VALUE, TxValidationCode.VALID_VALUE};

    FabricLogEntries.LogBlock b = FabricLogEntries.of(block(5, txs, flags));

    assertThat(b.number()).isEqualTo(5);
    assertThat(b.entries()).extracting(e -> new String(e, StandardCharsets.UTF_8)).containsExactly(
        "{\"argument\":\"{\\\"request\\\":{\\\"op\\\":\\\"depositEvidence\\\"},\\\"signature\\\":\\\"c2ln\\\"}\",\"block\":5,"
            + "\"chaincode\":\"dareg\",\"channel\":\"dareg\",\"format\":\"dareg-fabric-entry/1\",\"function\":\"depositEvidence\","
            + "\"index\":0,\"time\":\"2026-03-02T02:00:00.000000123Z\",\"txId\":\"a1\"}",
        "{\"arguments\":[\"CP8B\"],\"block\":5,\"chaincode\":\"_lifecycle\",\"channel\":\"dareg\",\"format\":\"dareg-fabric-entry/1\","
            + "\"function\":\"ApproveChaincodeDefinitionForMyOrg\",\"index\":3,\"time\":\"2026-03-02T02:00:00.000000123Z\",\"txId\":\"c3\"}",
        "{\"argument\":\"{\\\"名\\\":\\\"证书\\\"}\",\"block\":5,\"chaincode\":\"dareg\",\"channel\":\"dareg\","
            + "\"format\":\"dareg-fabric-entry/1\",\"function\":\"dareg:issueCertificate\",\"index\":4,"
            + "\"time\":\"2026-03-02T02:00:00.000000123Z\",\"txId\":\"d4\"}");
  }

  @Test
  void the_log_root_over_the_entries_is_the_rfc_9162_root_and_the_header_hash_is_fabrics_block_hash() throws Exception {
    Block block = block(9, List.of(endorserTx("a", "dareg", utf8("f"), utf8("1")), endorserTx("b", "dareg", utf8("f"), utf8("2")),
        endorserTx("c", "dareg", utf8("f"), utf8("3"))), new byte[] {0, 0, 0});
    FabricLogEntries.LogBlock b = FabricLogEntries.read(block.toByteArray());
    assertThat(b.entries()).hasSize(3);
    // RFC 9162 §2.1.1 by hand: three leaves split as (0,1) and (2)
    byte[] l0 = sha(new byte[] {0}, b.entries().get(0));
    byte[] l1 = sha(new byte[] {0}, b.entries().get(1));
    byte[] l2 = sha(new byte[] {0}, b.entries().get(2));
    byte[] expected = sha(new byte[] {1}, sha(new byte[] {1}, l0, l1), l2);
    List<byte[]> leaves = new ArrayList<>();
    b.entries().forEach(e -> leaves.add(MerkleLog.leafHash(e)));
    assertThat(MerkleLog.root(i -> leaves.get((int) i), 3)).isEqualTo(expected);
    // Fabric's block hash: SHA-256 of the DER sequence (number, previous hash, data hash)
    assertThat(b.headerHash()).isEqualTo(HexFormat.of().formatHex(sha(FabricActProof.headerBytes(block))));
  }

  @Test
  void the_same_block_gives_the_same_bytes_whoever_serves_it_and_a_block_without_flags_is_refused() {
    List<ByteString> txs = List.of(endorserTx("a", "dareg", utf8("f"), utf8("x")));
    Block block = block(1, txs, new byte[] {0});
    // another peer's copy differs only outside what an entry holds (its own metadata, e.g. a commit hash)
    Block otherPeer = block.toBuilder().setMetadata(block.getMetadata().toBuilder().setMetadata(4, utf8("peer-local commit hash")))
        .build();
    assertThat(FabricLogEntries.of(otherPeer).entries()).usingRecursiveComparison().isEqualTo(FabricLogEntries.of(block).entries());
    Block unflagged = block.toBuilder().setMetadata(BlockMetadata.getDefaultInstance()).build();
    assertThatThrownBy(() -> FabricLogEntries.of(unflagged)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validation flags");
    assertThatThrownBy(() -> FabricLogEntries.read(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Fabric block");
  }

  private static byte[] sha(byte[]... parts) {
    MessageDigest d = Hashes.newDigest(HashAlgorithm.SHA256);
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }
}

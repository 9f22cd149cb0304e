package io.dareg.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.junit.jupiter.api.Test;

/**
 * A Fabric block built here as Fabric's orderer and peers build one (the same messages and signed bytes), so the
 * offline check of an act is tested without a network; FabricLedgerIT checks one a real network made.
 */
class FabricActProofTest {
  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private static final String LEDGER = "dareg-test:fabric-act";
  private static final Instant AT = Instant.parse("2026-03-02T02:00:00Z");
  private static final ThrowawayAuthority AUTHORS = new ThrowawayAuthority(List.of("EnterpriseMSP"));
  private static final ThrowawayAuthority FABRIC = new ThrowawayAuthority(List.of("OrdererMSP", "RegistryMSP", "ExchangeMSP"));
  private static final ThrowawayAuthority.Author HOLDER = AUTHORS.author("EnterpriseMSP", "alice", "holder", false);
  private static final ThrowawayAuthority.Author ORDERER = FABRIC.author("OrdererMSP", "orderer", null, false);
  private static final ThrowawayAuthority.Author GATEWAY = FABRIC.author("RegistryMSP", "dareg-gateway", "gateway", false);
  private static final ThrowawayAuthority.Author REGISTRY_PEER = FABRIC.author("RegistryMSP", "peer0", null, false);
  private static final ThrowawayAuthority.Author EXCHANGE_PEER = FABRIC.author("ExchangeMSP", "peer0", null, false);
  private static final String TX_ID = "ab".repeat(32);

  private static ByteString serialized(String msp, ThrowawayAuthority.Author who) {
    return SerializedIdentity.newBuilder().setMspid(msp).setIdBytes(ByteString.copyFromUtf8(pem(who.certificate()))).build().toByteString();
  }

  private static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sign(ThrowawayAuthority.Author who, byte[]... parts) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(who.key());
      for (byte[] p : parts) {
        s.update(p);
      }
      return s.sign();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A block of one depositEvidence act, as a network of RegistryMSP and ExchangeMSP ordered by OrdererMSP makes it. */
  private static byte[] block(String request, int validationFlag) {
    ChaincodeID chaincode = ChaincodeID.newBuilder().setName("dareg").build();
    ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
        .setChaincodeId(chaincode).setInput(ChaincodeInput.newBuilder().addArgs(ByteString.copyFromUtf8("depositEvidence"))
            .addArgs(ByteString.copyFromUtf8(request)))).build();
    ByteString proposalPayload = ChaincodeProposalPayload.newBuilder().setInput(spec.toByteString()).build().toByteString();
    ByteString responsePayload = ByteString.copyFromUtf8("the endorsed read-write set and result");
    ChaincodeEndorsedAction.Builder action = ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(responsePayload);
    for (var peer : List.of(List.of("RegistryMSP", REGISTRY_PEER), List.of("ExchangeMSP", EXCHANGE_PEER))) {
      ByteString endorser = serialized((String) peer.get(0), (ThrowawayAuthority.Author) peer.get(1));
      action.addEndorsements(Endorsement.newBuilder().setEndorser(endorser)
          .setSignature(ByteString.copyFrom(sign((ThrowawayAuthority.Author) peer.get(1), responsePayload.toByteArray(), endorser.toByteArray()))));
    }
    ByteString signatureHeader = SignatureHeader.newBuilder().setCreator(serialized("RegistryMSP", GATEWAY))
        .setNonce(ByteString.copyFromUtf8("nonce")).build().toByteString();
    Transaction tx = Transaction.newBuilder().addActions(TransactionAction.newBuilder().setHeader(signatureHeader)
        .setPayload(ChaincodeActionPayload.newBuilder().setChaincodeProposalPayload(proposalPayload).setAction(action).build().toByteString()))
        .build();
    ChannelHeader channelHeader = ChannelHeader.newBuilder().setType(HeaderType.ENDORSER_TRANSACTION_VALUE).setTxId(TX_ID)
        .setChannelId("dareg").setTimestamp(Timestamp.newBuilder().setSeconds(AT.getEpochSecond())).build();
    ByteString payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString())
        .setSignatureHeader(signatureHeader)).setData(tx.toByteString()).build().toByteString();
    ByteString envelope = Envelope.newBuilder().setPayload(payload)
        .setSignature(ByteString.copyFrom(sign(GATEWAY, payload.toByteArray()))).build().toByteString();

    BlockHeader header = BlockHeader.newBuilder().setNumber(7).setPreviousHash(ByteString.copyFrom(new byte[32]))
        .setDataHash(ByteString.copyFrom(Hashes.newDigest(HashAlgorithm.SHA256).digest(envelope.toByteArray()))).build();
    Block unsigned = Block.newBuilder().setHeader(header).setData(BlockData.newBuilder().addData(envelope)).build();
    ByteString value = ByteString.copyFromUtf8("last config 0");
    ByteString ordererHeader = SignatureHeader.newBuilder().setCreator(serialized("OrdererMSP", ORDERER))
        .setNonce(ByteString.copyFromUtf8("orderer nonce")).build().toByteString();
    byte[] ordererSignature = sign(ORDERER, value.toByteArray(), ordererHeader.toByteArray(), FabricActProof.headerBytes(unsigned));
    ByteString signatures = Metadata.newBuilder().setValue(value).addSignatures(MetadataSignature.newBuilder()
        .setSignatureHeader(ordererHeader).setSignature(ByteString.copyFrom(ordererSignature))).build().toByteString();
    return unsigned.toBuilder().setMetadata(BlockMetadata.newBuilder().addMetadata(signatures).addMetadata(ByteString.EMPTY)
        .addMetadata(ByteString.copyFrom(new byte[] {(byte) validationFlag})).addMetadata(ByteString.EMPTY)
        .addMetadata(ByteString.EMPTY)).build().toByteArray();
  }

  private static String request() {
    return HOLDER.sign(LEDGER, "depositEvidence", "{\"algorithm\":\"SM3\",\"hash\":\"" + "c".repeat(64) + "\",\"size\":1,\"channel\":\"dareg\"}",
        AT.minusSeconds(1));
  }

  private static ActProof.Check check(FabricActProof act, List<TrustedRoot> fabricRoots) {
    return FabricActProof.parse(act.toJson()).verify(SIGNATURES, AUTHORS.roots(), fabricRoots, Duration.ofMinutes(5));
  }

  @Test
  void an_act_in_a_block_ordered_endorsed_and_signed_by_its_author_verifies_offline() {
    FabricActProof act = FabricActProof.of("dareg", TX_ID, block(request(), 0));
    ActProof.Check c = check(act, FABRIC.roots());
    assertThat(c.valid()).as(String.join("\n", c.lines())).isTrue();
    assertThat(c.organisation()).isEqualTo("EnterpriseMSP");
    assertThat(c.operation()).isEqualTo("depositEvidence");
    assertThat(c.author()).contains("CN=alice");
    assertThat(c.lines()).anyMatch(l -> l.startsWith("ok: an orderer of a trusted organisation signed the header of block 7"))
        .anyMatch(l -> l.startsWith("ok: endorsed by 2 of 2") && l.contains("RegistryMSP") && l.contains("ExchangeMSP"));
    assertThat(act.invocation().name()).isEqualTo("depositEvidence");
    assertThat(act.invocation().time()).isEqualTo(AT);
  }

  @Test
  void a_changed_block_an_untrusted_network_an_invalid_flag_or_another_transaction_fail() {
    byte[] block = block(request(), 0);
    // One byte of the transaction changed: the data hash and the proposer's signature no longer hold.
    String text = new String(block, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"size\":1");
    byte[] changed = block.clone();
    changed[at + 7] = '2';
    ActProof.Check forged = check(FabricActProof.of("dareg", TX_ID, changed), FABRIC.roots());
    assertThat(forged.valid()).isFalse();
    assertThat(forged.lines()).anyMatch(l -> l.startsWith("FAILED: the transactions of block 7 do not hash"))
        .anyMatch(l -> l.startsWith("FAILED: the proposer") && l.contains("does not verify"))
        .anyMatch(l -> l.startsWith("FAILED: the author's signed request"));

    // Another network's roots: neither the orderer nor the endorsers are trusted.
    ActProof.Check foreign = check(FabricActProof.of("dareg", TX_ID, block),
        new ThrowawayAuthority(List.of("OrdererMSP", "RegistryMSP", "ExchangeMSP")).roots());
    assertThat(foreign.valid()).isFalse();
    assertThat(foreign.lines()).anyMatch(l -> l.startsWith("FAILED: the orderer OrdererMSP"))
        .anyMatch(l -> l.startsWith("FAILED: the endorser ExchangeMSP"));

    // The exporting peer marked it invalid (an MVCC conflict, code 11): it changed nothing.
    ActProof.Check invalid = check(FabricActProof.of("dareg", TX_ID, block(request(), 11)), FABRIC.roots());
    assertThat(invalid.valid()).isFalse();
    assertThat(invalid.lines()).anyMatch(l -> l.contains("MVCC_READ_CONFLICT"));

    ActProof.Check missing = check(FabricActProof.of("dareg", "cd".repeat(32), block), FABRIC.roots());
    assertThat(missing.valid()).isFalse();
    assertThat(missing.lines()).anyMatch(l -> l.equals("FAILED: block 7 holds no transaction " + "cd".repeat(32)));
  }
}

package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.ledger.FabricActProof;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.TrustedRoot;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
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
 * The verify page checks an act exported from Fabric (issue 27) as {@code dareg verify-act --fabric-trust MSP=CA.pem}
 * does, in a real browser and with nothing sent: a block built here as Fabric's orderer and peers build one (the same
 * messages and signed bytes as core's FabricActProofTest, throwaway keys, no network) passes every line, and a changed
 * transaction, a changed endorsement, a changed orderer signature and another network's CA roots each fail on their own
 * line; for each, the page's English lines are FabricActProof.verify's, one for one.
 */
class VerifyFabricActBrowserTest extends ConsoleBrowser {
  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private static final String LEDGER = "dareg-test:fabric-act";
  private static final Instant AT = Instant.parse("2026-03-02T02:00:00.123456Z");
  private static final ThrowawayAuthority AUTHORS = new ThrowawayAuthority(List.of("EnterpriseMSP"));
  private static final ThrowawayAuthority FABRIC = new ThrowawayAuthority(List.of("OrdererMSP", "RegistryMSP", "ExchangeMSP"));
  private static final ThrowawayAuthority.Author HOLDER = AUTHORS.author("EnterpriseMSP", "alice", "holder", false);
  private static final ThrowawayAuthority.Author ORDERER = FABRIC.author("OrdererMSP", "orderer", null, false);
  private static final ThrowawayAuthority.Author GATEWAY = FABRIC.author("RegistryMSP", "dareg-gateway", "gateway", false);
  private static final ThrowawayAuthority.Author REGISTRY_PEER = FABRIC.author("RegistryMSP", "peer0", null, false);
  private static final ThrowawayAuthority.Author EXCHANGE_PEER = FABRIC.author("ExchangeMSP", "peer0", null, false);
  private static final String TX_ID = "ab".repeat(32);

  /** What a block's maker changes after signing. */
  private enum Change { NONE, ENDORSEMENT, ORDERER_SIGNATURE }

  @Test
  void an_act_ordered_endorsed_and_signed_by_its_author_checks_valid_line_for_line_as_dareg_verify_act() throws Exception {
    FabricActProof act = FabricActProof.of("dareg", TX_ID, block(Change.NONE));
    ActProof.Check java = java(act, FABRIC.roots());
    assertThat(java.valid()).as(String.join("\n", java.lines())).isTrue();

    ActPage page = page();
    assertThat(page.check(act.toJson(), given(FABRIC))).isEqualTo("true");
    assertThat(page.checks()).containsExactly(Map.entry("BLOCK_DATA", "PASS"), Map.entry("ORDERER", "PASS"), Map.entry("ENDORSEMENT", "PASS"),
        Map.entry("VALIDATION", "PASS"), Map.entry("TRANSACTION", "PASS"), Map.entry("AUTHOR", "PASS"), Map.entry("LOG_RECEIPT", "NONE"));
    assertThat(page.english()).containsExactlyElementsOf(ActPage.words(java.lines()));
    assertThat(page.line("ORDERER")).contains("受信组织的排序节点签署了区块 7 的区块头", "an orderer of a trusted organisation signed the header of block 7");
    assertThat(page.line("ENDORSEMENT")).contains("endorsed by 2 of 2 endorsers verified: RegistryMSP (O=RegistryMSP,OU=client,CN=peer0), ExchangeMSP (O=ExchangeMSP,OU=client,CN=peer0)");
    assertThat(page.line("TRANSACTION")).contains("calling depositEvidence at 2026-03-02T02:00:00.123456Z");
    assertThat(browser.findElement(org.openqa.selenium.By.id("act-summary")).getText()).contains("EnterpriseMSP", "depositEvidence", "CN=alice");
    chromium.screenshot("verify-act-fabric.png");
    shown("verify-act-fabric");
  }

  @Test
  void a_changed_transaction_endorsement_or_orderer_signature_and_another_networks_roots_each_fail_their_line() throws Exception {
    ActPage page = page();
    // One byte of the author's request in the block: the data hash, the proposer's signature and the request all fail.
    byte[] block = block(Change.NONE);
    int at = new String(block, StandardCharsets.ISO_8859_1).indexOf("\"size\":1");
    block[at + 7] = '2';
    assertFailsAsJava(page, FabricActProof.of("dareg", TX_ID, block), FABRIC);
    assertThat(page.checks()).containsEntry("BLOCK_DATA", "FAIL").containsEntry("ORDERER", "PASS").containsEntry("PROPOSER", "FAIL")
        .containsEntry("AUTHOR", "FAIL");
    assertThat(page.line("BLOCK_DATA")).contains("the transactions of block 7 do not hash to its header's data hash (the block was changed)");
    assertThat(page.line("PROPOSER")).contains("the proposer RegistryMSP (O=RegistryMSP,OU=client,CN=dareg-gateway)", "'s signature does not verify");

    assertFailsAsJava(page, FabricActProof.of("dareg", TX_ID, block(Change.ENDORSEMENT)), FABRIC);
    assertThat(page.checks()).containsEntry("BLOCK_DATA", "PASS").containsEntry("ENDORSEMENT", "FAIL").containsEntry("AUTHOR", "PASS");
    assertThat(page.line("ENDORSEMENT")).contains("the endorser ExchangeMSP (O=ExchangeMSP,OU=client,CN=peer0)", "'s signature does not verify", "endorsed by 1 of 2 endorsers verified");

    assertFailsAsJava(page, FabricActProof.of("dareg", TX_ID, block(Change.ORDERER_SIGNATURE)), FABRIC);
    assertThat(page.checks()).containsEntry("BLOCK_DATA", "PASS").containsEntry("ORDERER", "FAIL").containsEntry("ENDORSEMENT", "PASS");
    assertThat(page.line("ORDERER")).contains("排序节点 OrdererMSP", "the orderer OrdererMSP (O=OrdererMSP,OU=client,CN=orderer)", "'s signature does not verify");

    // Roots of another network with the same MSP ids: neither its orderer, nor its proposer, nor its endorsers are trusted.
    assertFailsAsJava(page, FabricActProof.of("dareg", TX_ID, block(Change.NONE)), new ThrowawayAuthority(List.of("OrdererMSP", "RegistryMSP", "ExchangeMSP")));
    assertThat(page.checks()).containsEntry("ORDERER", "FAIL").containsEntry("PROPOSER", "FAIL").containsEntry("ENDORSEMENT", "FAIL")
        .containsEntry("AUTHOR", "PASS");
    assertThat(page.line("ORDERER")).contains("has a certificate no Fabric root you trust for OrdererMSP issued");
  }

  @Test
  void a_fabric_act_without_the_networks_roots_is_refused_naming_them_and_another_transaction_fails() throws Exception {
    ActPage page = page();
    FabricActProof act = FabricActProof.of("dareg", TX_ID, block(Change.NONE));
    assertThat(page.refusal(act.toJson(), ActPage.Given.roots(ActPage.pem(root(AUTHORS, "EnterpriseMSP").getEncoded()))))
        .contains("这不是可以核验的行为文件", "exported from Fabric", "as --fabric-trust MSP=CA.pem");
    assertFailsAsJava(page, FabricActProof.of("dareg", "cd".repeat(32), block(Change.NONE)), FABRIC);
    assertThat(page.line("TRANSACTION")).contains("block 7 holds no transaction " + "cd".repeat(32));
  }

  // issue 24: a Fabric act's receipt is for its transaction: the one it and its entry name, as dareg verify-act --log-key checks it
  @Test
  void a_fabric_acts_log_receipt_passes_with_the_logs_and_witness_keys_and_fails_for_another_transaction() throws Exception {
    ActPage page = page();
    FabricActProof act = FabricActProof.of("dareg", TX_ID, block(Change.NONE));
    SignedNote.Signer log = SignedNote.Signer.generate("dareg.test/fabric-log", SignedNote.ED25519, new SecureRandom());
    SignedNote.Signer witness = SignedNote.Signer.generate("witness", SignedNote.COSIGNATURE_V1, new SecureRandom());
    Path logKey = Files.writeString(Files.createTempFile("log", ".pub"), log.verifier() + "\n");
    Path witnessKey = Files.writeString(Files.createTempFile("witness", ".vkey"), witness.verifier() + "\n");
    ActPage.Given keys = given(FABRIC).log(logKey, "", witnessKey);

    assertThat(page.check(LogReceipt.attach(act.toJson(), receipt(TX_ID, log, witness)), keys)).isEqualTo("true");
    assertThat(page.checks()).containsEntry("LOG_RECEIPT", "PASS");
    assertThat(page.line("LOG_RECEIPT")).contains("recorded in the log at 0, witnessed by 1 of 1");

    assertThat(page.check(LogReceipt.attach(act.toJson(), receipt("cd".repeat(32), log, witness)), keys)).isEqualTo("false");
    assertThat(page.checks()).containsEntry("AUTHOR", "PASS").containsEntry("LOG_RECEIPT", "FAIL");
    assertThat(page.line("LOG_RECEIPT")).contains("NOT VALID: wrong leaf: the receipt is for transaction " + "cd".repeat(32) + ", not " + TX_ID);
  }

  /** A receipt of a one-entry log whose entry names transaction {@code txId}, signed by {@code log} and cosigned by {@code witness}. */
  private static LogReceipt receipt(String txId, SignedNote.Signer log, SignedNote.Signer witness) {
    byte[] entry = ("{\"txId\":\"" + txId + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] leaf = MerkleLog.leafHash(entry);
    Checkpoint checkpoint = new Checkpoint(log.name(), 1, leaf, List.of());
    return new LogReceipt(txId, 0, 1, leaf, entry, List.of(), SignedNote.sign(checkpoint.body(), List.of(log, witness), Instant.now()));
  }

  private static ActPage page() {
    return new ActPage(chromium, gateway.base());
  }

  private static ActProof.Check java(FabricActProof act, List<TrustedRoot> fabricRoots) {
    return FabricActProof.parse(act.toJson()).verify(SIGNATURES, AUTHORS.roots(), fabricRoots, Duration.ofMinutes(5));
  }

  /** The page fails the act given {@code network}'s roots, with FabricActProof.verify's lines. */
  private static void assertFailsAsJava(ActPage page, FabricActProof act, ThrowawayAuthority network) throws Exception {
    ActProof.Check java = java(act, network.roots());
    assertThat(java.valid()).isFalse();
    assertThat(page.check(act.toJson(), given(network))).isEqualTo("false");
    assertThat(page.english()).containsExactlyElementsOf(ActPage.words(java.lines()));
  }

  /** The author's root and {@code network}'s three roots, their MSP ids their subjects' O. */
  private static ActPage.Given given(ThrowawayAuthority network) throws Exception {
    List<Path> fabric = new ArrayList<>();
    for (String msp : List.of("OrdererMSP", "RegistryMSP", "ExchangeMSP")) {
      fabric.add(ActPage.pem(root(network, msp).getEncoded()));
    }
    return ActPage.Given.roots(ActPage.pem(root(AUTHORS, "EnterpriseMSP").getEncoded())).fabric(fabric.toArray(Path[]::new));
  }

  private static X509Certificate root(ThrowawayAuthority authority, String msp) {
    return authority.roots().stream().filter(r -> r.msp().equals(msp)).findFirst().orElseThrow().x509();
  }

  private static ByteString serialized(String msp, ThrowawayAuthority.Author who) throws Exception {
    String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(who.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
    return SerializedIdentity.newBuilder().setMspid(msp).setIdBytes(ByteString.copyFromUtf8(pem)).build().toByteString();
  }

  private static byte[] sign(ThrowawayAuthority.Author who, byte[]... parts) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(who.key());
    for (byte[] p : parts) {
      s.update(p);
    }
    return s.sign();
  }

  private static ByteString flipped(byte[] signature) {
    signature[signature.length - 1] ^= 1;
    return ByteString.copyFrom(signature);
  }

  /** Fabric's BlockHeaderBytes, which the orderer signs. */
  private static byte[] headerBytes(BlockHeader h) throws Exception {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(BigInteger.valueOf(h.getNumber())));
    v.add(new DEROctetString(h.getPreviousHash().toByteArray()));
    v.add(new DEROctetString(h.getDataHash().toByteArray()));
    return new DERSequence(v).getEncoded("DER");
  }

  /** Block 7 holding one depositEvidence act by alice, endorsed by RegistryMSP's and ExchangeMSP's peers, ordered by OrdererMSP. */
  private static byte[] block(Change change) throws Exception {
    String request = HOLDER.sign(LEDGER, "depositEvidence", "{\"algorithm\":\"SM3\",\"hash\":\"" + "c".repeat(64) + "\",\"size\":1,\"channel\":\"dareg\"}",
        AT.minusSeconds(1));
    ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
        .setChaincodeId(ChaincodeID.newBuilder().setName("dareg")).setInput(ChaincodeInput.newBuilder()
            .addArgs(ByteString.copyFromUtf8("dareg:depositEvidence")).addArgs(ByteString.copyFromUtf8(request)))).build();
    ByteString proposalPayload = ChaincodeProposalPayload.newBuilder().setInput(spec.toByteString()).build().toByteString();
    ByteString responsePayload = ByteString.copyFromUtf8("the endorsed read-write set and result");
    ChaincodeEndorsedAction.Builder action = ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(responsePayload);
    for (String msp : List.of("RegistryMSP", "ExchangeMSP")) {
      ThrowawayAuthority.Author peer = msp.equals("RegistryMSP") ? REGISTRY_PEER : EXCHANGE_PEER;
      ByteString endorser = serialized(msp, peer);
      byte[] signature = sign(peer, responsePayload.toByteArray(), endorser.toByteArray());
      action.addEndorsements(Endorsement.newBuilder().setEndorser(endorser)
          .setSignature(change == Change.ENDORSEMENT && msp.equals("ExchangeMSP") ? flipped(signature) : ByteString.copyFrom(signature)));
    }
    ByteString signatureHeader = SignatureHeader.newBuilder().setCreator(serialized("RegistryMSP", GATEWAY))
        .setNonce(ByteString.copyFromUtf8("nonce")).build().toByteString();
    Transaction tx = Transaction.newBuilder().addActions(TransactionAction.newBuilder().setHeader(signatureHeader)
        .setPayload(ChaincodeActionPayload.newBuilder().setChaincodeProposalPayload(proposalPayload).setAction(action).build().toByteString()))
        .build();
    ChannelHeader channelHeader = ChannelHeader.newBuilder().setType(HeaderType.ENDORSER_TRANSACTION_VALUE).setTxId(TX_ID).setChannelId("dareg")
        .setTimestamp(Timestamp.newBuilder().setSeconds(AT.getEpochSecond()).setNanos(AT.getNano())).build();
    ByteString payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString())
        .setSignatureHeader(signatureHeader)).setData(tx.toByteString()).build().toByteString();
    ByteString envelope = Envelope.newBuilder().setPayload(payload).setSignature(ByteString.copyFrom(sign(GATEWAY, payload.toByteArray())))
        .build().toByteString();

    BlockHeader header = BlockHeader.newBuilder().setNumber(7).setPreviousHash(ByteString.copyFrom(new byte[32]))
        .setDataHash(ByteString.copyFrom(MessageDigest.getInstance("SHA-256").digest(envelope.toByteArray()))).build();
    ByteString value = ByteString.copyFromUtf8("last config 0");
    ByteString ordererHeader = SignatureHeader.newBuilder().setCreator(serialized("OrdererMSP", ORDERER))
        .setNonce(ByteString.copyFromUtf8("orderer nonce")).build().toByteString();
    byte[] ordererSignature = sign(ORDERER, value.toByteArray(), ordererHeader.toByteArray(), headerBytes(header));
    ByteString signatures = Metadata.newBuilder().setValue(value).addSignatures(MetadataSignature.newBuilder().setSignatureHeader(ordererHeader)
        .setSignature(change == Change.ORDERER_SIGNATURE ? flipped(ordererSignature) : ByteString.copyFrom(ordererSignature))).build().toByteString();
    return Block.newBuilder().setHeader(header).setData(BlockData.newBuilder().addData(envelope))
        .setMetadata(BlockMetadata.newBuilder().addMetadata(signatures).addMetadata(ByteString.EMPTY).addMetadata(ByteString.copyFrom(new byte[] {0}))
            .addMetadata(ByteString.EMPTY).addMetadata(ByteString.EMPTY)).build().toByteArray();
  }
}

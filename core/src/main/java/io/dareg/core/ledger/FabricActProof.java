package io.dareg.core.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.TrustedRoot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * One act as a Hyperledger Fabric network committed it, with what proves it offline (issue 23): the whole block that
 * holds the transaction, exactly as the peer returned it (Fabric's own protobuf bytes). Anyone can check it without the
 * gateway or the network, given the organisations' CA roots:
 *
 * <ul>
 *   <li>the block's data hashes to its header's data hash, and an orderer of a trusted organisation signed that header
 *       (Fabric's block signature: over the metadata value, the signature header and the header's ASN.1 bytes);
 *   <li>the transaction is in the block, signed by the identity that proposed it, and endorsed: each endorsement verifies
 *       and is by a peer of a trusted organisation (the verifier names the organisations; the channel's endorsement
 *       policy says how many are needed);
 *   <li>its arguments carry its author's signed request, checked as on the embedded ledger ({@link ActProof}).
 * </ul>
 *
 * <p>What it cannot prove: the valid/invalid flag of each transaction is computed by each peer at commit and is not
 * covered by the orderer's signature, so the check reports the flag of the peer that exported the block as that peer's
 * word; a second organisation's peer gives the same block with its own flags.
 *
 * @param format always {@value #FORMAT}
 * @param channel the channel
 * @param txId the transaction's id
 * @param block the block, base64 of its protobuf bytes
 */
public record FabricActProof(String format, String channel, String txId, String block) {
  /** The format this class reads and writes. */
  public static final String FORMAT = "dareg-fabric-act/1";

  /** The act {@code txId} of {@code channel} in the block {@code blockBytes} a peer returned (qscc GetBlockByTxID). */
  public static FabricActProof of(String channel, String txId, byte[] blockBytes) {
    return new FabricActProof(FORMAT, channel, txId, Base64.getEncoder().encodeToString(blockBytes));
  }

  /** The act as JSON. */
  public byte[] toJson() {
    return Json.canonical(this);
  }

  /** Reads an act; IllegalArgumentException when it is not one. */
  public static FabricActProof parse(byte[] json) {
    try {
      FabricActProof a = Json.mapper().readValue(json, FabricActProof.class);
      if (!FORMAT.equals(a.format())) {
        throw new IllegalArgumentException("not a " + FORMAT + " file (format " + a.format() + ")");
      }
      return a;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a " + FORMAT + " file: " + e.getMessage(), e);
    }
  }

  /**
   * The transaction's name and arguments as the block holds them: what was asked of the chaincode.
   *
   * @param name the transaction (the chaincode function)
   * @param argsJson its one argument, the request
   * @param time the transaction's time (its channel header's timestamp)
   * @param index its place in the block
   */
  public record Invocation(String name, String argsJson, Instant time, int index) {}

  /** The invocation of this act's transaction; IllegalArgumentException when the block does not hold it. */
  public Invocation invocation() {
    Block b = parsedBlock();
    for (int i = 0; i < b.getData().getDataCount(); i++) {
      Tx tx = Tx.read(b.getData().getData(i));
      if (tx != null && tx.channelHeader.getTxId().equals(txId)) {
        return tx.invocation(i);
      }
    }
    throw new IllegalArgumentException("block " + b.getHeader().getNumber() + " holds no transaction " + txId);
  }

  /**
   * Checks the act offline. {@code authorRoots} are the CA roots the ledger trusts for signed requests; {@code
   * fabricRoots} the CA roots of the network's organisations (orderers and peers), by MSP id. Each check is reported on
   * its own; none stops the others.
   */
  public ActProof.Check verify(io.dareg.core.crypto.Signatures signatures, List<TrustedRoot> authorRoots, List<TrustedRoot> fabricRoots,
      Duration skew) {
    List<String> lines = new ArrayList<>();
    Block b;
    try {
      b = parsedBlock();
    } catch (IllegalArgumentException e) {
      return new ActProof.Check(false, null, null, null, List.of("FAILED: " + e.getMessage()));
    }
    long number = b.getHeader().getNumber();
    boolean ok = true;

    // 1. The block: its data under its header, its header signed by an orderer.
    MessageDigest sha = Hashes.newDigest(HashAlgorithm.SHA256);
    b.getData().getDataList().forEach(d -> sha.update(d.toByteArray()));
    if (MessageDigest.isEqual(sha.digest(), b.getHeader().getDataHash().toByteArray())) {
      lines.add("ok: the " + b.getData().getDataCount() + " transactions of block " + number + " hash to its header's data hash");
    } else {
      ok = false;
      lines.add("FAILED: the transactions of block " + number + " do not hash to its header's data hash (the block was changed)");
    }
    Tx tx = null;
    int index = -1;
    for (int i = 0; i < b.getData().getDataCount() && tx == null; i++) {
      Tx t = Tx.read(b.getData().getData(i));
      if (t != null && t.channelHeader.getTxId().equals(txId)) {
        tx = t;
        index = i;
      }
    }
    Instant time = tx == null ? null : Tx.instant(tx.channelHeader);
    ok &= checkOrdererSignature(b, fabricRoots, time, lines);
    if (tx == null) {
      lines.add("FAILED: block " + number + " holds no transaction " + txId);
      return new ActProof.Check(false, null, null, null, List.copyOf(lines));
    }

    // 2. The transaction: proposed and signed by its creator, endorsed, marked valid by the exporting peer.
    if (!tx.channelHeader.getChannelId().equals(channel)) {
      ok = false;
      lines.add("FAILED: the transaction is of channel " + tx.channelHeader.getChannelId() + ", not " + channel);
    }
    String creator = identityCheck("proposer", tx.creator, tx.envelope.getPayload().toByteArray(),
        tx.envelope.getSignature().toByteArray(), fabricRoots, time, lines);
    ok &= creator != null;
    List<String> endorsers = new ArrayList<>();
    for (Endorsement e : tx.endorsements) {
      byte[] signed = concat(tx.proposalResponsePayload.toByteArray(), e.getEndorser().toByteArray());
      String who = identityCheck("endorser", e.getEndorser(), signed, e.getSignature().toByteArray(), fabricRoots, time, lines);
      ok &= who != null;
      if (who != null) {
        endorsers.add(who);
      }
    }
    if (tx.endorsements.isEmpty()) {
      ok = false;
      lines.add("FAILED: the transaction carries no endorsement");
    } else {
      lines.add((endorsers.size() == tx.endorsements.size() ? "ok: " : "FAILED: ") + "endorsed by " + endorsers.size() + " of "
          + tx.endorsements.size() + " endorsers verified: " + String.join(", ", endorsers)
          + " (the channel's endorsement policy says which organisations must endorse)");
    }
    int flag = validationFlag(b, index);
    if (flag == TxValidationCode.VALID_VALUE) {
      lines.add("ok: the peer that exported the block marked transaction " + index + " VALID (each peer's own finding at"
          + " commit; the orderer's signature does not cover it)");
    } else {
      ok = false;
      TxValidationCode code = TxValidationCode.forNumber(flag);
      lines.add("FAILED: the peer that exported the block marked transaction " + index + " "
          + (code == null ? "with code " + flag : code.name()) + ": it did not change the ledger");
    }

    // 3. The author's signed request, as on every ledger.
    Invocation call = tx.invocation(index);
    lines.add("ok: transaction " + txId + " is number " + index + " of block " + number + " on channel " + channel + ", calling "
        + call.name() + " at " + call.time());
    ActProof.Author author = ActProof.checkAuthor(signatures, authorRoots, skew, call.name(), call.argsJson(), call.time(), lines);
    return new ActProof.Check(ok && author.ok(), author.subject(), author.organisation(), author.operation(), List.copyOf(lines));
  }

  private Block parsedBlock() {
    try {
      return Block.parseFrom(Base64.getDecoder().decode(block));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the act's block is not a Fabric block: " + e.getMessage(), e);
    }
  }

  /** The orderer's signature over the block header, as Fabric's block writer makes it. */
  private static boolean checkOrdererSignature(Block b, List<TrustedRoot> fabricRoots, Instant time, List<String> lines) {
    long number = b.getHeader().getNumber();
    Metadata m;
    try {
      m = Metadata.parseFrom(b.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
    } catch (InvalidProtocolBufferException | IndexOutOfBoundsException e) {
      lines.add("FAILED: block " + number + " has no readable signature metadata");
      return false;
    }
    if (m.getSignaturesCount() == 0) {
      lines.add("FAILED: no orderer signed block " + number);
      return false;
    }
    boolean any = false;
    for (MetadataSignature s : m.getSignaturesList()) {
      if (s.getSignatureHeader().isEmpty()) {
        lines.add("FAILED: a signature of block " + number + " names its orderer by consenter id (BFT ordering), which this"
            + " check does not read: verify it against the channel's consenter set");
        continue;
      }
      SignatureHeader h;
      try {
        h = SignatureHeader.parseFrom(s.getSignatureHeader());
      } catch (InvalidProtocolBufferException e) {
        lines.add("FAILED: a signature header of block " + number + " is unreadable");
        continue;
      }
      byte[] signed = concat(m.getValue().toByteArray(), s.getSignatureHeader().toByteArray(), headerBytes(b));
      String who = identityCheck("orderer", h.getCreator(), signed, s.getSignature().toByteArray(), fabricRoots, time, lines);
      any |= who != null;
    }
    if (any) {
      lines.add("ok: an orderer of a trusted organisation signed the header of block " + number);
    }
    return any;
  }

  /** Fabric's {@code BlockHeaderBytes}: the DER sequence of the number, the previous hash and the data hash. */
  static byte[] headerBytes(Block b) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(new BigInteger(Long.toUnsignedString(b.getHeader().getNumber()))));
    v.add(new DEROctetString(b.getHeader().getPreviousHash().toByteArray()));
    v.add(new DEROctetString(b.getHeader().getDataHash().toByteArray()));
    try {
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checks that {@code serialized} (a Fabric SerializedIdentity) signed {@code data} with ECDSA over SHA-256, with a
   * certificate issued by the trusted root of its MSP and valid at {@code time}; adds a FAILED line when not. Returns
   * "MSP (subject)" when it holds, else null.
   */
  private static String identityCheck(String what, ByteString serialized, byte[] data, byte[] signature, List<TrustedRoot> roots,
      Instant time, List<String> lines) {
    SerializedIdentity id;
    X509Certificate cert;
    try {
      id = SerializedIdentity.parseFrom(serialized);
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(id.getIdBytes().toByteArray()));
    } catch (InvalidProtocolBufferException | CertificateException e) {
      lines.add("FAILED: the " + what + "'s identity is unreadable: " + e.getMessage());
      return null;
    }
    String name = id.getMspid() + " (" + cert.getSubjectX500Principal().getName() + ")";
    String issuedBy = null;
    for (TrustedRoot r : roots) {
      if (r.msp().equals(id.getMspid()) && id.getMspid().equals(ActProof.issuerOf(cert, List.of(r)))) {
        issuedBy = r.msp();
      }
    }
    if (issuedBy == null) {
      lines.add("FAILED: the " + what + " " + name + " has a certificate no Fabric root you trust for " + id.getMspid() + " issued");
      return null;
    }
    if (time != null) {
      try {
        cert.checkValidity(java.util.Date.from(time));
      } catch (CertificateException e) {
        lines.add("FAILED: the " + what + " " + name + "'s certificate was not valid at " + time);
        return null;
      }
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(cert.getPublicKey());
      verifier.update(data);
      if (!verifier.verify(signature)) {
        lines.add("FAILED: the " + what + " " + name + "'s signature does not verify (the signed bytes were changed)");
        return null;
      }
    } catch (GeneralSecurityException e) {
      lines.add("FAILED: the " + what + " " + name + "'s signature cannot be checked: " + e.getMessage());
      return null;
    }
    return name;
  }

  private static int validationFlag(Block b, int index) {
    if (b.getMetadata().getMetadataCount() <= BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) {
      return -1;
    }
    ByteString flags = b.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
    return index < flags.size() ? flags.byteAt(index) & 0xff : -1;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** One endorser transaction of a block, read far enough to check it. */
  private static final class Tx {
    final Envelope envelope;
    final ChannelHeader channelHeader;
    final ByteString creator;
    final ByteString proposalResponsePayload;
    final List<Endorsement> endorsements;
    final ChaincodeInvocationSpec spec;

    private Tx(Envelope envelope, ChannelHeader channelHeader, ByteString creator, ByteString proposalResponsePayload,
        List<Endorsement> endorsements, ChaincodeInvocationSpec spec) {
      this.envelope = envelope;
      this.channelHeader = channelHeader;
      this.creator = creator;
      this.proposalResponsePayload = proposalResponsePayload;
      this.endorsements = endorsements;
      this.spec = spec;
    }

    /** The endorser transaction in {@code data}, or null for any other kind (a configuration block, say). */
    static Tx read(ByteString data) {
      try {
        Envelope env = Envelope.parseFrom(data);
        Payload payload = Payload.parseFrom(env.getPayload());
        ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (ch.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
          return null;
        }
        SignatureHeader sh = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        Transaction t = Transaction.parseFrom(payload.getData());
        if (t.getActionsCount() != 1) {
          return null;
        }
        ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(t.getActions(0).getPayload());
        ChaincodeProposalPayload cpp = ChaincodeProposalPayload.parseFrom(cap.getChaincodeProposalPayload());
        ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(cpp.getInput());
        return new Tx(env, ch, sh.getCreator(), cap.getAction().getProposalResponsePayload(), cap.getAction().getEndorsementsList(),
            spec);
      } catch (InvalidProtocolBufferException e) {
        return null;
      }
    }

    Invocation invocation(int index) {
      var args = spec.getChaincodeSpec().getInput().getArgsList();
      String name = args.isEmpty() ? "" : args.get(0).toString(StandardCharsets.UTF_8);
      // The contract API may prefix the function with the contract's name ("dareg:submit").
      name = name.substring(name.indexOf(':') + 1);
      String request = args.size() < 2 ? "" : args.get(1).toString(StandardCharsets.UTF_8);
      return new Invocation(name, request, instant(channelHeader), index);
    }

    static Instant instant(ChannelHeader ch) {
      return Instant.ofEpochSecond(ch.getTimestamp().getSeconds(), ch.getTimestamp().getNanos());
    }
  }
}

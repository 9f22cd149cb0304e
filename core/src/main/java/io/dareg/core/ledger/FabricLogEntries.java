package io.dareg.core.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The transparency log's entries of one committed Hyperledger Fabric block (issue 24): one entry per endorser
 * transaction the committing peer marked VALID, in the block's order. Every organisation's gateway derives the same
 * bytes from the same block, because an entry holds only what the orderer ordered (the transaction's channel header
 * and its chaincode invocation) and the validation flag, which every honest peer computes alike; nothing of the peer
 * that served the block (its identity, its clock, its private data) goes in.
 *
 * <p>An entry is the RFC 8785 canonical JSON of
 *
 * <pre>
 * {"format":"dareg-fabric-entry/1", "channel": channel id of the transaction's channel header,
 *  "block": block number, "index": the transaction's place among the block's envelopes (from 0, invalid ones counted),
 *  "txId": its id, "time": its channel header's timestamp (ISO-8601, as {@link Instant#toString()}),
 *  "chaincode": the chaincode invoked, "function": the first argument (as committed, contract prefix kept),
 *  "argument": the second argument (for dareg the author's signed request), "" when there is none}
 * </pre>
 *
 * <p>A transaction whose arguments after the function are not exactly one valid UTF-8 text (Fabric's own lifecycle
 * transactions carry protobuf bytes) has {@code "arguments"}, the base64 of each of them, instead of {@code
 * "argument"}; a function name that is not valid UTF-8 is given the same way, as {@code "functionBase64"}. Configuration
 * transactions and transactions of any other type are not entries, nor is an endorser transaction marked anything but
 * VALID (it changed nothing).
 */
public final class FabricLogEntries {
  /** The format every entry names. */
  public static final String FORMAT = "dareg-fabric-entry/1";

  private FabricLogEntries() {}

  /**
   * One block's entries.
   *
   * @param number the block's number
   * @param headerHash hex SHA-256 of the block header's ASN.1 bytes (Fabric's block hash: what the next block's
   *     previous hash is)
   * @param entries the canonical bytes of each entry, in order
   */
  public record LogBlock(long number, String headerHash, List<byte[]> entries) {
    /** Copies the list. */
    public LogBlock {
      entries = List.copyOf(entries);
    }
  }

  /** The entries of the block {@code blockBytes} (a {@code common.Block} as a peer delivers it). */
  public static LogBlock read(byte[] blockBytes) {
    try {
      return of(Block.parseFrom(blockBytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a Fabric block: " + e.getMessage(), e);
    }
  }

  /**
   * The entries of {@code block}. IllegalArgumentException when the block carries no validation flags (one that no
   * peer has committed yet): without them no one can tell which transactions are entries.
   */
  public static LogBlock of(Block block) {
    List<byte[]> entries = new ArrayList<>();
    for (EndorserTransaction tx : validEndorserTransactions(block)) {
      entries.add(entry(tx));
    }
    String hash = HexFormat.of().formatHex(Hashes.newDigest(HashAlgorithm.SHA256).digest(FabricActProof.headerBytes(block)));
    return new LogBlock(block.getHeader().getNumber(), hash, entries);
  }

  /**
   * An endorser transaction of a block that the committing peer marked VALID.
   *
   * @param block the block's number
   * @param index its place among the block's envelopes (from 0, invalid ones counted)
   * @param header its channel header
   * @param transaction its actions
   */
  public record EndorserTransaction(long block, int index, ChannelHeader header, Transaction transaction) {
    /** The error for a part of this transaction that cannot be read: the peer marked it VALID, so it should be. */
    public IllegalArgumentException unreadable(InvalidProtocolBufferException e) {
      return new IllegalArgumentException("transaction " + index + " of block " + block + " is marked VALID but cannot be"
          + " read as an endorser transaction: " + e.getMessage(), e);
    }
  }

  /**
   * The endorser transactions of {@code block} its committing peer marked VALID, in the block's order (configuration
   * transactions and any other type left out). IllegalArgumentException when the block carries fewer validation flags
   * than transactions (one that no peer has committed yet, as the orderer delivers it), or a transaction marked VALID
   * cannot be read.
   */
  public static List<EndorserTransaction> validEndorserTransactions(Block block) {
    long number = block.getHeader().getNumber();
    ByteString flags = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
        ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
    int count = block.getData().getDataCount();
    if (flags.size() < count) {
      throw new IllegalArgumentException("block " + number + " holds " + count + " transactions but validation flags for "
          + flags.size() + ": it is not a block as a committing peer delivers it (ask a peer for it, not the orderer)");
    }
    List<EndorserTransaction> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if ((flags.byteAt(i) & 0xff) != TxValidationCode.VALID_VALUE) {
        continue;
      }
      try {
        Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(i)).getPayload());
        ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (ch.getType() == HeaderType.ENDORSER_TRANSACTION_VALUE) {
          out.add(new EndorserTransaction(number, i, ch, Transaction.parseFrom(payload.getData())));
        }
      } catch (InvalidProtocolBufferException e) {
        throw new EndorserTransaction(number, i, null, null).unreadable(e);
      }
    }
    return out;
  }

  /** The entry of {@code tx}. */
  private static byte[] entry(EndorserTransaction tx) {
    long number = tx.block();
    int index = tx.index();
    ChannelHeader ch = tx.header();
    Transaction t = tx.transaction();
    if (t.getActionsCount() == 0) {
      throw new IllegalArgumentException("transaction " + index + " of block " + number + " (" + ch.getTxId()
          + ") is marked VALID but has no action");
    }
    ChaincodeInvocationSpec spec;
    try {
      ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(t.getActions(0).getPayload());
      ChaincodeProposalPayload cpp = ChaincodeProposalPayload.parseFrom(cap.getChaincodeProposalPayload());
      spec = ChaincodeInvocationSpec.parseFrom(cpp.getInput());
    } catch (InvalidProtocolBufferException e) {
      throw tx.unreadable(e);
    }
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("format", FORMAT);
    e.put("channel", ch.getChannelId());
    e.put("block", number);
    e.put("index", index);
    e.put("txId", ch.getTxId());
    e.put("time", Instant.ofEpochSecond(ch.getTimestamp().getSeconds(), ch.getTimestamp().getNanos()).toString());
    e.put("chaincode", spec.getChaincodeSpec().getChaincodeId().getName());
    List<ByteString> args = spec.getChaincodeSpec().getInput().getArgsList();
    String function = args.isEmpty() ? "" : text(args.get(0));
    if (function == null) {
      e.put("functionBase64", Base64.getEncoder().encodeToString(args.get(0).toByteArray()));
    } else {
      e.put("function", function);
    }
    List<ByteString> rest = args.size() <= 1 ? List.of() : args.subList(1, args.size());
    String argument = rest.isEmpty() ? "" : rest.size() == 1 ? text(rest.get(0)) : null;
    if (argument != null) {
      e.put("argument", argument);
    } else {
      ArrayNode all = e.putArray("arguments");
      rest.forEach(a -> all.add(Base64.getEncoder().encodeToString(a.toByteArray())));
    }
    return Json.canonical(e);
  }

  /** {@code bytes} as text when they are valid UTF-8, else null. */
  private static String text(ByteString bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

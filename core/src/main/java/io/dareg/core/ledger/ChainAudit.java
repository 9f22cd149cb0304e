package io.dareg.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.MerkleTree;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Checks an embedded ledger's chain block by block, needing nothing but the block file and the
 * node's public key: each frame's checksum, canonical form, number, link to the previous header,
 * both Merkle roots, the node's signature, and that its time is not before the previous block's. The embedded ledger runs the same checks on start;
 * operators run them offline ({@code dareg ledger verify --data DIR}) or on a backup.
 *
 * <pre>{@code
 * ChainAudit audit = new ChainAudit(new Signatures(new BouncyCastleProvider()), nodePublicKey);
 * ChainAudit.Report r = audit.audit(Path.of(".dareg/ledger/blocks.dat"));
 * r.valid();     // false names r.finding().block() and r.finding().what()
 * }</pre>
 */
public final class ChainAudit {
  /** The previous-header hash of block 0. */
  public static final String GENESIS = "0".repeat(64);

  private final Signatures signatures;
  private final PublicKey nodeKey;
  private final String nodeKeyId;

  /** Audits chains signed by {@code nodeKey} (ECDSA P-256). */
  public ChainAudit(Signatures signatures, PublicKey nodeKey) {
    this.signatures = signatures;
    this.nodeKey = nodeKey;
    this.nodeKeyId = Signatures.keyId(nodeKey);
  }

  /**
   * What an audit found.
   *
   * @param bytes how many bytes of the block file were audited
   * @param blocks how many blocks verified, from block 0
   * @param transactions how many transactions those blocks hold
   * @param headHash hex SHA-256 of the last verified block's header bytes (64 zeros when none)
   * @param headTime the last verified block's time, or null when none
   * @param nodeKeyId the id of the key the blocks must be signed with
   * @param finding the first block that failed, or null when every block verified
   */
  public record Report(long bytes, long blocks, long transactions, String headHash, String headTime, String nodeKeyId, Finding finding) {
    /** True when every block verified and the file ends on a block boundary. */
    public boolean valid() {
      return finding == null;
    }
  }

  /**
   * The first block that failed.
   *
   * @param block its number: where it stands in the chain, counting from 0
   * @param offset where it starts in the file
   * @param what what failed
   */
  public record Finding(long block, long offset, String what) {}

  /** Audits the whole block file at {@code blockFile}, read-only. */
  public Report audit(Path blockFile) throws IOException {
    try (FileChannel channel = FileChannel.open(blockFile, StandardOpenOption.READ)) {
      return audit(channel, channel.size());
    }
  }

  /**
   * Audits the first {@code limit} bytes of a block file. A file that ends inside a block is a
   * finding too (truncated mid-block): the ledger cuts such a tail on start, an audit reports it.
   */
  public Report audit(FileChannel channel, long limit) throws IOException {
    long[] counts = new long[2];
    String[] head = {GENESIS, null};
    BlockFrames.Tail tail = BlockFrames.scan(channel, limit, frame -> {
      String problem = check(frame, counts[0], head[0], head[1] == null ? null : Instant.parse(head[1]));
      if (problem != null) {
        return problem;
      }
      JsonNode header = header(frame);
      counts[0]++;
      counts[1] += header.path("txCount").asLong();
      head[0] = headerHash(frame.header());
      head[1] = header.path("time").asText();
      return null;
    });
    Finding finding = null;
    if (tail instanceof BlockFrames.Torn torn) {
      finding = new Finding(counts[0], torn.offset(), "the file ends inside this block: " + torn.length()
          + " bytes of it are there (truncated mid-block, or a write cut short)");
    } else if (tail instanceof BlockFrames.Corrupt bad) {
      finding = new Finding(counts[0], bad.offset(), bad.what());
    }
    return new Report(limit, counts[0], counts[1], head[0], head[1], nodeKeyId, finding);
  }

  /** Hex SHA-256 of a header's bytes: what the next block's previousHash must be. */
  public static String headerHash(byte[] header) {
    return Hashes.hex(HashAlgorithm.SHA256, header);
  }

  /**
   * What is wrong with {@code frame} as block {@code number} after a block whose header hashes to
   * {@code previousHash}, or null when it belongs there.
   */
  public String check(BlockFrames.Frame frame, long number, String previousHash) {
    return check(frame, number, previousHash, null, new JsonNode[1]);
  }

  /**
   * {@link #check(BlockFrames.Frame, long, String)}, and that the block is not dated before {@code
   * previousTime} (the previous block's time; null for block 0): block time never decreases.
   */
  public String check(BlockFrames.Frame frame, long number, String previousHash, Instant previousTime) {
    return check(frame, number, previousHash, previousTime, new JsonNode[1]);
  }

  /** The time a block's header carries, or null when it carries none that reads as an instant. */
  public static Instant timeOf(BlockFrames.Frame frame) {
    try {
      return Instant.parse(header(frame).path("time").asText());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The transactions of {@code frame}, parsed once, when it belongs as block {@code number} after
   * a block whose header hashes to {@code previousHash} and dated {@code previousTime} (null for
   * block 0); an {@link IllegalArgumentException} saying
   * what is wrong when it does not. For a reader that replays the block after checking it.
   */
  public JsonNode verifiedTransactions(BlockFrames.Frame frame, long number, String previousHash, Instant previousTime) {
    JsonNode[] txs = new JsonNode[1];
    String problem = check(frame, number, previousHash, previousTime, txs);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return txs[0];
  }

  private String check(BlockFrames.Frame frame, long number, String previousHash, Instant previousTime, JsonNode[] parsed) {
    JsonNode h;
    JsonNode txs;
    try {
      h = header(frame);
      txs = Json.mapper().readTree(frame.body());
    } catch (IOException | RuntimeException e) {
      return "unreadable block: " + e.getMessage();
    }
    if (!h.isObject() || !txs.isArray()) {
      return "unreadable block: the header must be a JSON object and the body an array";
    }
    if (h.path("number").asLong(-1) != number) {
      return "holds number " + h.path("number").asText() + " where " + number + " belongs (blocks swapped or removed)";
    }
    if (!h.path("previousHash").asText().equals(previousHash)) {
      return "does not link to the previous block (previousHash mismatch)";
    }
    if (!Arrays.equals(CanonicalJson.serialize(h), frame.header())) {
      return "header is not in canonical form";
    }
    List<byte[]> txBytes = new ArrayList<>(txs.size());
    for (JsonNode tx : txs) {
      txBytes.add(CanonicalJson.serialize(tx));
    }
    if (!isArrayOf(txBytes, frame.body())) {
      return "body is not in canonical form";
    }
    if (h.path("txCount").asLong(-1) != txs.size() || !h.path("txRoot").asText().equals(txRoot(txBytes))) {
      return "transactions do not match the header's txRoot";
    }
    if (!h.path("stateRoot").asText().equals(stateRoot(txs))) {
      return "writes do not match the header's stateRoot";
    }
    if (!h.path("signerKeyId").asText().equals(nodeKeyId)
        || !signatures.verify(SignatureAlgorithm.ECDSA_P256_SHA256, nodeKey, frame.header(), frame.signature())) {
      return "signature does not verify with the node key " + nodeKeyId;
    }
    Instant time;
    try {
      time = Instant.parse(h.path("time").asText());
    } catch (RuntimeException e) {
      return "its time " + h.path("time") + " is not an instant";
    }
    if (previousTime != null && time.isBefore(previousTime)) {
      return "is dated " + time + ", before the block before it (" + previousTime + "): block time went backwards";
    }
    parsed[0] = txs;
    return null;
  }

  /** Whether {@code body} is {@code [e1,e2,...]}: the canonical array of elements already canonical. */
  private static boolean isArrayOf(List<byte[]> elements, byte[] body) {
    int size = BlockFrames.bodyLength(elements);
    if (body.length != size || body[0] != '[' || body[size - 1] != ']') {
      return false;
    }
    int at = 1;
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0 && body[at++] != ',') {
        return false;
      }
      byte[] e = elements.get(i);
      if (!Arrays.equals(body, at, at + e.length, e, 0, e.length)) {
        return false;
      }
      at += e.length;
    }
    return true;
  }

  /**
   * The txRoot of transactions given as their canonical bytes: a Merkle tree whose leaf per
   * transaction is the SHA-256 of its bytes.
   */
  public static String txRoot(List<byte[]> txBytes) {
    return rootOfDigests(txBytes);
  }

  /**
   * The stateRoot of a block's transactions given as their canonical bytes: one leaf per key
   * written, its last write, in key order, each the SHA-256 of the write's canonical bytes.
   */
  public static String stateRootOf(List<byte[]> writesInOrder, List<String> keysInOrder) {
    TreeMap<String, byte[]> last = new TreeMap<>();
    for (int i = 0; i < writesInOrder.size(); i++) {
      last.put(keysInOrder.get(i), writesInOrder.get(i));
    }
    return stateRootOfLastWrites(last.values());
  }

  /**
   * The stateRoot given the canonical bytes of the last write of each key a block writes, in key
   * order (what {@link #stateRootOf} reduces its writes to).
   */
  public static String stateRootOfLastWrites(Collection<byte[]> lastWritesInKeyOrder) {
    return rootOfDigests(lastWritesInKeyOrder);
  }

  /** Hex Merkle root over the SHA-256 of each of {@code items}, in order. */
  private static String rootOfDigests(Collection<byte[]> items) {
    // One digest for all leaves: looking one up costs more than hashing a transaction.
    MessageDigest md = Hashes.newDigest(HashAlgorithm.SHA256);
    List<byte[]> leaves = new ArrayList<>(items.size());
    for (byte[] item : items) {
      leaves.add(md.digest(item));
    }
    return Hashes.toHex(MerkleTree.root(HashAlgorithm.SHA256, leaves));
  }

  private static String stateRoot(JsonNode txs) {
    List<byte[]> writes = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (JsonNode tx : txs) {
      for (JsonNode w : tx.path("writes")) {
        writes.add(CanonicalJson.serialize(w));
        keys.add(w.path("key").asText());
      }
    }
    return stateRootOf(writes, keys);
  }

  private static JsonNode header(BlockFrames.Frame frame) {
    try {
      return Json.mapper().readTree(frame.header());
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}

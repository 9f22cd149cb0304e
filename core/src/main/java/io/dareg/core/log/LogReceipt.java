package io.dareg.core.log;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A receipt of the transparency log (issue 24 item 4): proof that one committed transaction is leaf {@code index} of
 * the log, by an RFC 9162 inclusion path to the root of a checkpoint that the log signed and at least k of the
 * registry's witnesses cosigned (C2SP {@code tlog-checkpoint}, {@code signed-note}, {@code tlog-cosignature}). It
 * travels as the {@value #MEMBER} member of a JSON artifact (a certificate, an act export, a voucher, an extract's
 * record) and is checked offline with the log's key and the witnesses' keys.
 *
 * <pre>{@code
 * LogReceipt.Detached d = LogReceipt.detach(certificateJson);   // d.signed(): the bytes the registry signed
 * LogReceipt.Result r = d.receipt().verify(logKey, witnessKeys, 1, null);
 * System.out.println(r.valid() ? r.summary() : "NOT VALID: " + r.detail());
 * }</pre>
 *
 * @param txId the transaction's id
 * @param index the transaction's leaf index (0 first)
 * @param treeSize the size of the checkpoint's tree (equal to the checkpoint's size line)
 * @param leafHash the leaf hash, SHA-256(0x00 || entry), 32 bytes
 * @param entry the leaf's entry (the transaction's canonical bytes as the log holds them), or null when not carried
 * @param path the inclusion path from the leaf to the checkpoint's root, 32 bytes a hash
 * @param checkpoint the checkpoint as a signed note: its text, a blank line, the log's and the witnesses' lines
 */
public record LogReceipt(String txId, long index, long treeSize, byte[] leafHash, byte[] entry, List<byte[]> path,
    String checkpoint) {
  /** The member of a JSON artifact that carries a receipt. */
  public static final String MEMBER = "logReceipt";
  /** The receipt format's name, its {@code format} member. */
  public static final String FORMAT = "dareg-log-receipt/1";
  private static final HexFormat HEX = HexFormat.of();
  /** Reads the member's value and leaves the rest of the document to the parser. */
  private static final com.fasterxml.jackson.databind.ObjectReader MEMBER_READER =
      Json.mapper().reader().without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Checks the shape: sizes, hash lengths, and that the checkpoint is a signed note. */
  public LogReceipt {
    if (txId == null || txId.isEmpty()) {
      throw new IllegalArgumentException("a receipt names its transaction (txId)");
    }
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + treeSize + " leaves");
    }
    if (leafHash == null || leafHash.length != 32) {
      throw new IllegalArgumentException("a leaf hash is 32 bytes (SHA-256)");
    }
    leafHash = leafHash.clone();
    entry = entry == null ? null : entry.clone();
    path = path.stream().map(byte[]::clone).toList();
    if (path.stream().anyMatch(h -> h.length != 32)) {
      throw new IllegalArgumentException("each hash of an inclusion path is 32 bytes");
    }
    if (checkpoint == null) {
      throw new IllegalArgumentException("a receipt carries its cosigned checkpoint");
    }
    SignedNote.text(checkpoint); // a note: text, blank line, signatures
  }

  /** Why a receipt does not verify. */
  public enum Failure {
    /** The checkpoint carries no valid signature of the log's key, or names another log. */
    CHECKPOINT_NOT_SIGNED_BY_LOG,
    /** A named witness's cosignature line does not verify. */
    BAD_COSIGNATURE,
    /** Fewer named witnesses cosigned the checkpoint than the quorum. */
    TOO_FEW_COSIGNATURES,
    /** The leaf is not the one expected (or the carried entry does not hash to it). */
    WRONG_LEAF,
    /** The inclusion path does not lead from the leaf to the checkpoint's root. */
    BAD_PROOF
  }

  /**
   * The outcome of {@link #verify}.
   *
   * @param failure null when the receipt verifies, else the first check that failed
   * @param detail what was found, in words
   * @param index the leaf index
   * @param treeSize the checkpoint's size
   * @param witnessedBy how many of the named witnesses cosigned (counted when the log's signature held)
   * @param witnesses how many witnesses were named
   */
  public record Result(Failure failure, String detail, long index, long treeSize, int witnessedBy, int witnesses) {
    /** True when every check passed. */
    public boolean valid() {
      return failure == null;
    }

    /** "recorded in the log at N, witnessed by k of n". */
    public String summary() {
      return "recorded in the log at " + index + ", witnessed by " + witnessedBy + " of " + witnesses;
    }
  }

  /** The checkpoint this receipt proves inclusion in (its text, unchecked). */
  public Checkpoint parsedCheckpoint() {
    return Checkpoint.parse(SignedNote.text(checkpoint));
  }

  /**
   * Checks this receipt against {@code quorum} of {@code witnesses}: {@link #verify(SignedNote.Verifier, WitnessPolicy,
   * byte[])} with that policy.
   *
   * @throws IllegalArgumentException when the witnesses are not distinct cosignature keys or the quorum is not from 1 to
   *     their number
   */
  public Result verify(SignedNote.Verifier logKey, List<SignedNote.Verifier> witnesses, int quorum, byte[] leafBytesOrHash) {
    if (quorum < 1 || quorum > witnesses.size()) {
      throw new IllegalArgumentException("the quorum is from 1 to the number of witnesses named (" + witnesses.size() + "), not " + quorum);
    }
    return verify(logKey, new WitnessPolicy(witnesses, quorum), leafBytesOrHash);
  }

  /**
   * Checks, in order: that the checkpoint is signed by {@code logKey} and names its log; that the witnesses who cosigned
   * it meet {@code policy} ({@link WitnessPolicy#met}; C2SP tlog-cosignature/v1; a named witness's line that does not
   * verify fails, a line of any other key is ignored); that the leaf is the expected one; and that the inclusion path
   * leads from the leaf to the checkpoint's root.
   *
   * @param logKey the log's verifier key (Ed25519, signed-note text form)
   * @param policy the witnesses' cosignature keys and how many of them must have cosigned (at least 1)
   * @param leafBytesOrHash the expected leaf: its 32-byte leaf hash, or the entry's bytes (any other length), or null to
   *     take the receipt's own leaf (its carried entry, if any, must hash to it)
   */
  public Result verify(SignedNote.Verifier logKey, WitnessPolicy policy, byte[] leafBytesOrHash) {
    if (policy.quorum() < 1) {
      throw new IllegalArgumentException("a receipt is checked against at least one witness; the policy names none");
    }
    int n = policy.witnesses().size();
    Checkpoint c;
    try {
      SignedNote.open(checkpoint, List.of(logKey));
      c = parsedCheckpoint();
    } catch (IllegalArgumentException e) {
      return fail(Failure.CHECKPOINT_NOT_SIGNED_BY_LOG, "the checkpoint is not signed by the log's key " + logKey.name() + " ("
          + logKey.keyIdHex() + "): " + e.getMessage(), 0, n);
    }
    if (!c.origin().equals(logKey.name())) {
      return fail(Failure.CHECKPOINT_NOT_SIGNED_BY_LOG, "the checkpoint is of the log " + c.origin() + ", not of " + logKey.name(), 0, n);
    }
    List<SignedNote.Verifier> signers;
    try {
      signers = SignedNote.open(checkpoint, policy.witnesses()).stream().map(SignedNote.Line::key).toList();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("no signature of a known key")) {
        signers = List.of();
      } else {
        return fail(Failure.BAD_COSIGNATURE, "a witness's cosignature does not verify: " + e.getMessage(), 0, n);
      }
    }
    int by = policy.cosigners(signers);
    if (!policy.met(signers)) {
      return fail(Failure.TOO_FEW_COSIGNATURES, "the checkpoint is cosigned by " + by + " of the " + n + " witnesses named; "
          + policy.quorum() + " are required", by, n);
    }
    if (c.size() != treeSize) {
      return fail(Failure.BAD_PROOF, "the receipt's tree size " + treeSize + " is not the checkpoint's " + c.size(), by, n);
    }
    if (entry != null && !Arrays.equals(MerkleLog.leafHash(entry), leafHash)) {
      return fail(Failure.WRONG_LEAF, "the entry the receipt carries does not hash to its leaf hash", by, n);
    }
    if (leafBytesOrHash != null) {
      byte[] expected = leafBytesOrHash.length == 32 ? leafBytesOrHash : MerkleLog.leafHash(leafBytesOrHash);
      if (!Arrays.equals(expected, leafHash)) {
        return fail(Failure.WRONG_LEAF, "the receipt is for leaf " + HEX.formatHex(leafHash) + ", not for the one checked ("
            + HEX.formatHex(expected) + ")", by, n);
      }
    }
    if (!MerkleLog.verifyInclusion(index, treeSize, leafHash, path, c.rootHash())) {
      return fail(Failure.BAD_PROOF, "the inclusion path does not lead from leaf " + index + " to the root of the checkpoint of size "
          + treeSize, by, n);
    }
    return new Result(null, "leaf " + index + " is in the tree of " + treeSize + " signed by " + logKey.name() + " and cosigned by "
        + by + " of " + n + " witnesses", index, treeSize, by, n);
  }

  /**
   * Whether the log's newer checkpoint {@code newerNote} (a signed note) extends the checkpoint of this receipt: it
   * must be signed by {@code logKey}, hold at least as many entries, and {@code proof} must be the RFC 9162
   * consistency proof between the two roots (unused when the sizes are equal: then the roots must be). Answers null
   * when it does, else what is wrong: a log that shows a checkpoint its receipts cannot be joined to has forked or
   * rewritten its history.
   */
  public String inconsistencyWith(SignedNote.Verifier logKey, String newerNote, List<byte[]> proof) {
    Checkpoint newer;
    try {
      SignedNote.open(newerNote, List.of(logKey));
      newer = Checkpoint.parse(SignedNote.text(newerNote));
    } catch (IllegalArgumentException e) {
      return "the log's newest checkpoint is not signed by its key " + logKey.name() + ": " + e.getMessage();
    }
    Checkpoint mine = parsedCheckpoint();
    if (!newer.origin().equals(mine.origin())) {
      return "the newest checkpoint is of the log " + newer.origin() + ", the receipt's of " + mine.origin();
    }
    if (newer.size() < mine.size()) {
      return "the log's newest checkpoint has " + newer.size() + " entries, fewer than the " + mine.size() + " of the receipt's:"
          + " the log was cut back";
    }
    if (newer.size() == mine.size()) {
      return Arrays.equals(newer.rootHash(), mine.rootHash()) ? null
          : "the log's newest checkpoint has the receipt's " + mine.size() + " entries but another root: the log forked";
    }
    if (proof == null || !MerkleLog.verifyConsistency(mine.size(), newer.size(), proof, mine.rootHash(), newer.rootHash())) {
      return "the log's newest checkpoint (" + newer.size() + " entries) is not consistent with the receipt's (" + mine.size()
          + " entries): the consistency proof does not join their roots; the log forked or rewrote its history";
    }
    return null;
  }

  private Result fail(Failure f, String detail, int by, int n) {
    return new Result(f, detail, index, treeSize, by, n);
  }

  /** The {@code txId} member of the carried entry (a top-level member), or null when there is none or no entry. */
  public String entryTxId() {
    if (entry == null) {
      return null;
    }
    return topLevelText(entry, "txId");
  }

  /**
   * Whether the carried entry holds {@code text} (its UTF-8 bytes, anywhere): how an artifact is tied to the
   * transaction that recorded it when the entry is not the artifact itself, e.g. a certificate's signature value in the
   * transaction that recorded the certificate. False when no entry is carried.
   */
  public boolean entryMentions(String text) {
    if (entry == null || text == null || text.isEmpty()) {
      return false;
    }
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + t.length <= entry.length; i++) {
      for (int j = 0; j < t.length; j++) {
        if (entry[i + j] != t[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Whether this receipt is of the transaction that recorded {@code text}: its carried entry is the transaction the
   * receipt names, and holds {@code text} (e.g. a certificate's signature value). False when no entry is carried.
   */
  public boolean recorded(String text) {
    return txId.equals(entryTxId()) && entryMentions(text);
  }

  /** The top-level string member {@code name} of the JSON object {@code json}, or null; reads no further than it must. */
  public static String topLevelText(byte[] json, String name) {
    try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals(name)) {
          return t == JsonToken.VALUE_STRING ? p.getText() : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  // --- JSON -----------------------------------------------------------------------------------

  /** This receipt as the {@value #MEMBER} member's value. */
  public ObjectNode toJson() {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("format", FORMAT).put("txId", txId).put("index", index).put("treeSize", treeSize).put("leafHash", HEX.formatHex(leafHash));
    if (entry != null) {
      o.put("entry", Base64.getEncoder().encodeToString(entry));
    }
    ArrayNode a = o.putArray("inclusionPath");
    path.forEach(h -> a.add(HEX.formatHex(h)));
    o.put("checkpoint", checkpoint);
    return o;
  }

  /** Reads a receipt from the {@value #MEMBER} member's value. */
  public static LogReceipt fromJson(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("a log receipt is a JSON object");
    }
    if (!FORMAT.equals(o.path("format").asText())) {
      throw new IllegalArgumentException("a log receipt's format is " + FORMAT + ", not " + o.path("format"));
    }
    try {
      List<byte[]> path = new ArrayList<>();
      for (JsonNode h : o.path("inclusionPath")) {
        path.add(HEX.parseHex(h.asText()));
      }
      JsonNode entry = o.get("entry");
      return new LogReceipt(o.path("txId").asText(null), o.path("index").asLong(-1), o.path("treeSize").asLong(-1),
          HEX.parseHex(o.path("leafHash").asText()), entry == null || entry.isNull() ? null : Base64.getDecoder().decode(entry.asText()),
          path, o.path("checkpoint").asText(null));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a log receipt: " + e.getMessage(), e);
    }
  }

  // --- carried by an artifact -------------------------------------------------------------------

  /**
   * An artifact and the receipt it carried.
   *
   * @param signed the artifact's bytes without the receipt: exactly the bytes before {@link #attach}
   * @param receipt the receipt, or null when none was attached
   */
  public record Detached(byte[] signed, LogReceipt receipt) {}

  /**
   * {@code json} (a JSON object: a certificate, an act, a voucher) with {@code receipt} as its last member {@value
   * #MEMBER}, inserted before the closing brace; every byte before it is kept, so {@link #detach} gives them back. A
   * receipt already carried is replaced.
   */
  public static byte[] attach(byte[] json, LogReceipt receipt) {
    byte[] bare = detach(json).signed();
    int end = bare.length - 1;
    while (end >= 0 && Character.isWhitespace(bare[end])) {
      end--;
    }
    if (end < 0 || bare[end] != '}') {
      throw new IllegalArgumentException("a receipt is attached to a JSON object");
    }
    int last = end - 1;
    while (last >= 0 && Character.isWhitespace(bare[last])) {
      last--;
    }
    boolean empty = last >= 0 && bare[last] == '{';
    ByteArrayOutputStream out = new ByteArrayOutputStream(bare.length + 4096);
    out.write(bare, 0, end);
    byte[] member = ((empty ? "" : ",") + "\"" + MEMBER + "\":").getBytes(StandardCharsets.UTF_8);
    out.writeBytes(member);
    out.writeBytes(Json.canonical(receipt.toJson()));
    out.write(bare, end, bare.length - end);
    return out.toByteArray();
  }

  /** {@code node} (a JSON object) with {@code receipt} set as its {@value #MEMBER} member, for a document built as a tree. */
  public static ObjectNode attach(ObjectNode node, LogReceipt receipt) {
    node.set(MEMBER, receipt.toJson());
    return node;
  }

  /**
   * Takes the {@value #MEMBER} member out of the JSON object {@code json}: the bytes without it (for an artifact
   * {@link #attach} made, exactly the bytes it was given) and the receipt, or {@code json} unchanged and null.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object or its receipt cannot be read
   */
  public static Detached detach(byte[] json) {
    try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean ours = MEMBER.equals(p.currentName());
        JsonLocation name = p.currentTokenLocation();
        p.nextToken();
        if (!ours) {
          p.skipChildren();
          continue;
        }
        JsonNode value = MEMBER_READER.readTree(p);
        int valueEnd = (int) p.currentLocation().getByteOffset();
        int from = (int) name.getByteOffset();
        int to = valueEnd;
        int before = from - 1;
        while (before >= 0 && Character.isWhitespace(json[before])) {
          before--;
        }
        if (json[before] == ',') {
          from = before; // the comma before the member goes with it
        } else {
          int after = to;
          while (after < json.length && Character.isWhitespace(json[after])) {
            after++;
          }
          if (after < json.length && json[after] == ',') {
            to = after + 1; // the first member: the comma after it goes with it
          }
        }
        byte[] out = new byte[json.length - (to - from)];
        System.arraycopy(json, 0, out, 0, from);
        System.arraycopy(json, to, out, from, json.length - to);
        return new Detached(out, fromJson(value));
      }
      return new Detached(json.clone(), null);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }
}

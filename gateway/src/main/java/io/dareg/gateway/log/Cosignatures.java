package io.dareg.gateway.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.Witness;
import io.dareg.core.log.WitnessPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The witnesses' cosignatures of the log's checkpoints (issue 24 item 3), collected by the gateway: each is checked
 * against the witness keys the registry's settings name and against a checkpoint this log signed, then kept durably in
 * {@code cosignatures.json} in the log's directory (rewritten whole: temp file, fsync, rename). The newest checkpoint
 * is served with the cosignatures collected for it, and the newest one that meets the settings' quorum is served as
 * witnessed.
 */
public final class Cosignatures {
  private static final Logger LOG = Logger.getLogger(Cosignatures.class.getName());
  static final String FILE = "cosignatures.json";
  /** How many checkpoints' cosignatures are kept, newest first. */
  static final int KEPT = 1024;
  private static final String DASH = "\u2014 ";

  /** Why a cosignature was refused. */
  public enum Reason {
    /** The body is not a cosigned checkpoint note. */
    MALFORMED,
    /** A signature line is by a key the registry's settings do not name as a witness. */
    UNKNOWN_WITNESS,
    /** A named witness's line does not verify over the checkpoint. */
    BAD_SIGNATURE,
    /** The checkpoint is not one this log signed (or one it signed too long ago). */
    NOT_SIGNED_BY_LOG
  }

  /** A refused cosignature: why, in words that say which line or checkpoint. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    Refused(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    /** Why. */
    public Reason reason() {
      return reason;
    }
  }

  /**
   * What {@link #add} took.
   *
   * @param size the checkpoint's size
   * @param witnesses the names of the witnesses whose cosignatures were taken
   * @param witnessed whether the checkpoint now meets the quorum
   */
  public record Added(long size, List<String> witnesses, boolean witnessed) {}

  /** One checkpoint: its text and each witness's line (by the witness key's text form). */
  private record Entry(String text, Map<String, String> lines) {}

  private final Path file;
  private final TransparencyLog log;
  private final Supplier<WitnessPolicy> policy;
  private final NavigableMap<Long, Entry> bySize = new TreeMap<>();

  private Cosignatures(Path file, TransparencyLog log, Supplier<WitnessPolicy> policy) {
    this.file = file;
    this.log = log;
    this.policy = policy;
  }

  /** Opens the cosignatures kept in {@code dir} for {@code log}; {@code policy} reads the registry's witnesses now. */
  public static Cosignatures open(Path dir, TransparencyLog log, Supplier<WitnessPolicy> policy) throws IOException {
    Cosignatures c = new Cosignatures(dir.resolve(FILE), log, policy);
    if (Files.exists(c.file)) {
      JsonNode root = Json.mapper().readTree(Files.readAllBytes(c.file));
      for (JsonNode e : root.path("checkpoints")) {
        Map<String, String> lines = new LinkedHashMap<>();
        e.path("cosignatures").fields().forEachRemaining(f -> lines.put(f.getKey(), f.getValue().asText()));
        String text = e.path("checkpoint").asText();
        c.bySize.put(Checkpoint.parse(text).size(), new Entry(text, lines));
      }
    }
    return c;
  }

  /** The witness policy the registry's settings name now. */
  public WitnessPolicy policy() {
    return policy.get();
  }

  /**
   * Checks and keeps the cosignatures in {@code note}: a checkpoint's text, a blank line, then signature lines (the
   * log's own line may be among them and is passed over). Every other line must be by a witness the settings name and
   * verify; the checkpoint must be one this log signed.
   *
   * @throws Refused saying which line or which checkpoint, and why
   */
  public synchronized Added add(String note) {
    WitnessPolicy witnesses = policy.get();
    String text;
    Checkpoint checkpoint;
    try {
      text = SignedNote.text(note);
      checkpoint = Checkpoint.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Refused(Reason.MALFORMED, "not a cosigned checkpoint (" + e.getMessage() + "): send the checkpoint's text, a blank"
          + " line and the witness's signature line(s), as `dareg witness` does");
    }
    SignedNote.Verifier logKey = log.verifier();
    Map<String, String> taken = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (String line : note.substring(text.length() + 1).split("\n")) {
      String[] parts = line.startsWith(DASH) ? line.substring(DASH.length()).split(" ") : new String[0];
      byte[] raw;
      try {
        raw = parts.length == 2 ? Base64.getDecoder().decode(parts[1]) : new byte[0];
      } catch (IllegalArgumentException e) {
        raw = new byte[0];
      }
      if (raw.length < 4) {
        throw new Refused(Reason.MALFORMED, "a signature line is: em dash, space, key name, space, base64 of key id and signature;"
            + " not: " + line);
      }
      int keyId = ByteBuffer.wrap(raw, 0, 4).getInt();
      if (parts[0].equals(logKey.name()) && keyId == logKey.keyId()) {
        continue; // the log's own signature
      }
      SignedNote.Verifier witness = witnesses.find(parts[0], keyId);
      if (witness == null) {
        throw new Refused(Reason.UNKNOWN_WITNESS, "the cosignature of " + parts[0] + " (key id " + String.format("%08x", keyId)
            + ") is by no witness the registry's settings name" + (witnesses.witnesses().isEmpty()
                ? ": they name none (the registry admin names them with setLogWitnesses)"
                : "; they name " + witnesses.witnesses().stream().map(w -> w.name() + " (" + w.keyIdHex() + ")").toList()));
      }
      try {
        SignedNote.open(text + "\n" + line + "\n", List.of(witness));
      } catch (IllegalArgumentException e) {
        throw new Refused(Reason.BAD_SIGNATURE, "the cosignature of " + witness.name() + " (" + witness.keyIdHex()
            + ") does not verify over this checkpoint of size " + checkpoint.size() + ": " + e.getMessage());
      }
      taken.put(witness.toString(), line);
      names.add(witness.name());
    }
    if (taken.isEmpty()) {
      throw new Refused(Reason.MALFORMED, "the note carries no witness's cosignature line");
    }
    String signed = log.signedCheckpoint(checkpoint.size());
    if (signed == null || !signed.equals(text)) {
      LOG.warning("cosignature(s) by " + names + " of a checkpoint this log did not sign (size " + checkpoint.size() + "):\n" + text);
      throw new Refused(Reason.NOT_SIGNED_BY_LOG, "this log did not sign that checkpoint (" + checkpoint.origin() + ", size "
          + checkpoint.size() + ", root " + Base64.getEncoder().encodeToString(checkpoint.rootHash()) + ")"
          + (signed == null ? ", or signed it too long ago: it takes cosignatures of the last " + TransparencyLog.RECENT_CHECKPOINTS
              + " checkpoints it signed; cosign its newest (GET /api/v1/log/checkpoint)" : "; its checkpoint of that size is\n" + signed));
    }
    Entry entry = bySize.computeIfAbsent(checkpoint.size(), s -> new Entry(text, new LinkedHashMap<>()));
    entry.lines.putAll(taken);
    while (bySize.size() > KEPT) {
      bySize.pollFirstEntry();
    }
    persist();
    return new Added(checkpoint.size(), names, witnesses.met(verifiers(entry, witnesses)));
  }

  /**
   * The log as a witness running in this process sees it (the dev witness, tests): the newest checkpoint with the
   * cosignatures collected for it, the log's consistency proofs, and a cosignature handed straight to {@link #add}
   * (a refusal is an {@link IOException} naming why).
   */
  public Witness.Log inProcess() {
    return new Witness.Log() {
      @Override
      public String checkpoint() {
        return withCosignatures(log.checkpoint());
      }

      @Override
      public List<byte[]> consistencyProof(long from, long to) {
        return log.consistencyProof(from, to);
      }

      @Override
      public void submit(String cosignedNote) throws IOException {
        try {
          add(cosignedNote);
        } catch (Refused e) {
          throw new IOException("the gateway refused the witness's cosignature: " + e.getMessage(), e);
        }
      }
    };
  }

  /** {@code logNote} (a checkpoint the log signed) with every cosignature collected for it appended. */
  public synchronized String withCosignatures(String logNote) {
    String text = SignedNote.text(logNote);
    Entry entry = bySize.get(Checkpoint.parse(text).size());
    if (entry == null || !entry.text.equals(text)) {
      return logNote;
    }
    StringBuilder b = new StringBuilder(logNote);
    entry.lines.values().forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }

  /**
   * The newest checkpoint that enough of the witnesses the settings name now cosigned, with the log's signature and
   * those witnesses' cosignatures; null while none is.
   */
  public synchronized String witnessed() {
    WitnessPolicy witnesses = policy.get();
    for (Entry e : bySize.descendingMap().values()) {
      List<SignedNote.Verifier> by = verifiers(e, witnesses);
      if (witnesses.met(by)) {
        StringBuilder b = new StringBuilder(log.signed(e.text));
        by.forEach(w -> b.append(e.lines.get(w.toString())).append('\n'));
        return b.toString();
      }
    }
    return null;
  }

  /** How many named witnesses cosigned the newest checkpoint any witness cosigned (for the message while none is witnessed). */
  public synchronized String progress() {
    WitnessPolicy witnesses = policy.get();
    if (witnesses.witnesses().isEmpty()) {
      return "the registry's settings name no witnesses (the registry admin names them with setLogWitnesses)";
    }
    String need = "the registry's settings need " + witnesses.quorum() + " of " + witnesses.witnesses().size() + " witnesses";
    if (bySize.isEmpty()) {
      return need + " and no cosignature was collected yet";
    }
    Map.Entry<Long, Entry> newest = bySize.lastEntry();
    return need + "; the newest checkpoint cosigned (size " + newest.getKey() + ") has " + verifiers(newest.getValue(), witnesses).size();
  }

  private static List<SignedNote.Verifier> verifiers(Entry e, WitnessPolicy witnesses) {
    return witnesses.witnesses().stream().filter(w -> e.lines.containsKey(w.toString())).toList();
  }

  private void persist() {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode a = root.putArray("checkpoints");
    bySize.values().forEach(e -> {
      ObjectNode n = a.addObject().put("checkpoint", e.text);
      ObjectNode lines = n.putObject("cosignatures");
      e.lines.forEach(lines::put);
    });
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(Json.mapper().writeValueAsBytes(root)));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the witnesses' cosignatures in " + file + ": " + e.getMessage(), e);
    }
  }
}

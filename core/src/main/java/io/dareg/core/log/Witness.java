package io.dareg.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A witness of a transparency log (issue 24): it fetches the log's newest checkpoint, checks the log's
 * signature, checks that the checkpoint is consistent with the last one it cosigned (an RFC 9162
 * consistency proof, checked with {@link MerkleLog#verifyConsistency}), and only then cosigns it
 * (C2SP {@code tlog-cosignature/v1}) and hands the cosignature to the log. What it cosigned last is
 * kept durably in its state directory, so a log that forks or rewrites its history after a witness
 * saw it cannot get that witness's cosignature again: the witness refuses, keeps both checkpoints and
 * the proof in {@code <state>/evidence/<time>/} and says so ({@link ForkException}).
 *
 * <pre>{@code
 * try (Witness w = Witness.open(stateDir, witnessKey, logKey, Clock.systemUTC())) {
 *   Witness.Step step = w.step(log);   // log: the Witness.Log of the log watched
 * }
 * }</pre>
 *
 * <p>State directory: {@code log.vkey} (the log's verifier key, pinned on first use), {@code state.json}
 * (the last checkpoint cosigned, as the log signed it, and the cosignature), {@code evidence/}, and a
 * lock file so that two witnesses never share one state.
 */
public final class Witness implements AutoCloseable {
  /** The file that pins the log's verifier key. */
  public static final String LOG_KEY_FILE = "log.vkey";
  /** The file that holds the last cosigned checkpoint. */
  public static final String STATE_FILE = "state.json";
  /** The directory under which each refusal's evidence is kept. */
  public static final String EVIDENCE_DIR = "evidence";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** What a witness asks of the log it watches (over HTTP from {@code dareg witness}, in process in dev mode). */
  public interface Log {
    /** The log's newest checkpoint as a signed note (possibly with cosignatures appended). */
    String checkpoint() throws IOException;

    /** The RFC 9162 consistency proof from the tree of {@code from} leaves to the tree of {@code to} leaves. */
    List<byte[]> consistencyProof(long from, long to) throws IOException;

    /** Hands the log the checkpoint's note carrying this witness's cosignature line. */
    void submit(String cosignedNote) throws IOException;
  }

  /**
   * One step's outcome.
   *
   * @param checkpoint the log's newest checkpoint
   * @param cosigned true when this step cosigned it (or handed in again a cosignature the log had not taken)
   * @param what what happened, in a line
   */
  public record Step(Checkpoint checkpoint, boolean cosigned, String what) {}

  /** The log served something the witness cannot check (a bad signature, another log's checkpoint): nothing is cosigned. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what was served and why it cannot be cosigned */
    public RefusedException(String message) {
      super(message);
    }
  }

  /** The log showed a checkpoint inconsistent with one this witness cosigned: a fork or a rewritten history. */
  public static final class ForkException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path evidence;

    /**
     * @param message what was seen
     * @param evidence the directory that keeps both checkpoints and the proof
     */
    public ForkException(String message, Path evidence) {
      super(message);
      this.evidence = evidence;
    }

    /** The directory that keeps both checkpoints and the proof. */
    public Path evidence() {
      return evidence;
    }
  }

  private final Path dir;
  private final SignedNote.Signer key;
  private final SignedNote.Verifier logKey;
  private final Clock clock;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private Witness(Path dir, SignedNote.Signer key, SignedNote.Verifier logKey, Clock clock, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.key = key;
    this.logKey = logKey;
    this.clock = clock;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens the witness state in {@code dir} (created when missing). {@code logKey} is the log's verifier key: given, it
   * must be the one pinned there (and is pinned when none is); null, the pinned one is used, and there must be one.
   */
  public static Witness open(Path dir, SignedNote.Signer key, SignedNote.Verifier logKey, Clock clock) throws IOException {
    if (key.type() != SignedNote.COSIGNATURE_V1) {
      throw new IllegalArgumentException("the witness key of " + key.name() + " is not a tlog-cosignature/v1 key (type 0x04); make one"
          + " with `dareg witness keygen`");
    }
    Files.createDirectories(dir);
    FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("another witness is using the state in " + dir + "; run one witness per state directory");
    }
    try {
      SignedNote.Verifier pinned = pinnedLogKey(dir);
      if (logKey == null && pinned == null) {
        throw new IllegalArgumentException("no log key is pinned in " + dir + ": give the log's verifier key (--log-key)");
      }
      if (logKey != null && pinned != null && !logKey.equals(pinned)) {
        throw new IllegalArgumentException("the log key given (" + logKey + ") is not the one pinned in " + dir.resolve(LOG_KEY_FILE)
            + " (" + pinned + "); a witness watches one log for life: use another state directory for another log");
      }
      if (pinned == null) {
        writeDurably(dir.resolve(LOG_KEY_FILE), (logKey + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      return new Witness(dir, key, pinned != null ? pinned : logKey, clock, channel, lock);
    } catch (IOException | RuntimeException e) {
      lock.release();
      channel.close();
      throw e;
    }
  }

  /** The log key pinned in {@code dir}, or null when none is. */
  public static SignedNote.Verifier pinnedLogKey(Path dir) throws IOException {
    Path file = dir.resolve(LOG_KEY_FILE);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return SignedNote.Verifier.parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (RuntimeException e) {
      throw new IOException(file + " does not hold a log's verifier key (" + e.getMessage() + "); restore it from a backup", e);
    }
  }

  /** The log's verifier key this witness checks checkpoints with. */
  public SignedNote.Verifier logKey() {
    return logKey;
  }

  /** The last checkpoint this witness cosigned, or null before the first. */
  public Checkpoint lastCosigned() throws IOException {
    State s = readState();
    return s == null ? null : Checkpoint.parse(SignedNote.text(s.checkpoint));
  }

  /**
   * Fetches the log's newest checkpoint and cosigns it when it is consistent with the last one cosigned.
   *
   * @throws IOException the log could not be reached or answered nonsense (try again later)
   * @throws RefusedException the checkpoint cannot be checked (not signed by the log's key, another log's)
   * @throws ForkException the checkpoint is inconsistent with the last one cosigned: evidence kept, nothing cosigned
   */
  public Step step(Log log) throws IOException, RefusedException, ForkException {
    String note = log.checkpoint();
    String text;
    Checkpoint next;
    try {
      SignedNote.open(note, List.of(logKey));
      text = SignedNote.text(note);
      next = Checkpoint.parse(text);
    } catch (IllegalArgumentException e) {
      throw new RefusedException("the checkpoint served is not signed by the log's key " + logKey + ": " + e.getMessage());
    }
    if (!next.origin().equals(logKey.name())) {
      throw new RefusedException("the checkpoint names the log " + next.origin() + ", not " + logKey.name() + " whose key is pinned");
    }
    // only the log's own signature is kept: cosignatures of others the log appended are not ours to vouch for
    String logSigned = SignedNote.sign(text, List.of(), clock.instant()) + signatureLines(note, logKey);
    State last = readState();
    if (last != null) {
      Checkpoint prev = Checkpoint.parse(SignedNote.text(last.checkpoint));
      if (next.size() < prev.size()) {
        throw fork("the log's newest checkpoint has " + next.size() + " entries, fewer than the " + prev.size()
            + " of the checkpoint this witness cosigned: the log dropped entries it had committed to", last.checkpoint, logSigned, null);
      }
      if (next.size() == prev.size()) {
        if (!Arrays.equals(next.rootHash(), prev.rootHash())) {
          throw fork("the log's newest checkpoint has the same size (" + next.size() + ") as the one this witness cosigned but another"
              + " root hash: two different histories under one size, a fork", last.checkpoint, logSigned, null);
        }
        if (!last.submitted) {
          log.submit(last.cosigned);
          writeState(new State(last.checkpoint, last.cosigned, true));
          return new Step(next, true, "handed in again the cosignature of size " + next.size() + " the log had not taken");
        }
        return new Step(next, false, "unchanged at size " + next.size());
      }
      if (prev.size() > 0) {
        List<byte[]> proof = log.consistencyProof(prev.size(), next.size());
        if (!MerkleLog.verifyConsistency(prev.size(), next.size(), proof, prev.rootHash(), next.rootHash())) {
          throw fork("the log's consistency proof from size " + prev.size() + " (the checkpoint this witness cosigned) to size "
              + next.size() + " does not verify: the new checkpoint does not extend the old one, the log's history was rewritten"
              + " or forked", last.checkpoint, logSigned, proofText(prev.size(), next.size(), proof));
        }
      }
    }
    String cosigned = SignedNote.sign(text, List.of(key), clock.instant());
    // durable before the cosignature leaves: a witness never cosigns anything inconsistent with what it kept
    writeState(new State(logSigned, cosigned, false));
    log.submit(cosigned);
    writeState(new State(logSigned, cosigned, true));
    return new Step(next, true, last == null ? "cosigned size " + next.size() + " (the first checkpoint seen)"
        : "cosigned size " + next.size() + ", consistent with size " + Checkpoint.parse(SignedNote.text(last.checkpoint)).size());
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }

  // --- state and evidence ----------------------------------------------------------------------

  private record State(String checkpoint, String cosigned, boolean submitted) {}

  private State readState() throws IOException {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode n = Json.mapper().readTree(Files.readAllBytes(file));
    String cp = n.path("checkpoint").asText(null);
    String cosigned = n.path("cosigned").asText(null);
    if (cp == null || cosigned == null) {
      throw new IOException(file + " is damaged (no checkpoint or cosignature); restore it from a backup, never delete it:"
          + " it is what this witness vouched for");
    }
    return new State(cp, cosigned, n.path("submitted").asBoolean(false));
  }

  private void writeState(State s) throws IOException {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("checkpoint", s.checkpoint).put("cosigned", s.cosigned).put("submitted", s.submitted);
    writeDurably(dir.resolve(STATE_FILE), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  private ForkException fork(String what, String cosignedNote, String newNote, String proof) throws IOException {
    Path evidence = dir.resolve(EVIDENCE_DIR).resolve(STAMP.format(clock.instant()));
    for (int i = 1; Files.exists(evidence); i++) {
      evidence = dir.resolve(EVIDENCE_DIR).resolve(STAMP.format(clock.instant()) + "-" + i);
    }
    Files.createDirectories(evidence);
    writeDurably(evidence.resolve("cosigned-checkpoint.txt"), cosignedNote.getBytes(StandardCharsets.UTF_8));
    writeDurably(evidence.resolve("new-checkpoint.txt"), newNote.getBytes(StandardCharsets.UTF_8));
    if (proof != null) {
      writeDurably(evidence.resolve("consistency-proof.txt"), proof.getBytes(StandardCharsets.UTF_8));
    }
    String readme = "seen at " + clock.instant() + " by witness " + key.verifier() + "\nlog " + logKey + "\n\n" + what + "\n\n"
        + "cosigned-checkpoint.txt: the last checkpoint this witness cosigned, with the log's signature\n"
        + "new-checkpoint.txt: the checkpoint the log served now, with the log's signature\n"
        + (proof != null ? "consistency-proof.txt: the proof the log served between them (RFC 9162, hashes in hex)\n" : "");
    writeDurably(evidence.resolve("README.txt"), readme.getBytes(StandardCharsets.UTF_8));
    return new ForkException(what, evidence);
  }

  private static String proofText(long from, long to, List<byte[]> proof) {
    StringBuilder b = new StringBuilder("from ").append(from).append("\nto ").append(to).append('\n');
    proof.forEach(h -> b.append(HexFormat.of().formatHex(h)).append('\n'));
    return b.toString();
  }

  /** The signature lines of {@code note} made by {@code signer}'s name and key id. */
  private static String signatureLines(String note, SignedNote.Verifier signer) {
    StringBuilder b = new StringBuilder();
    String sigs = note.substring(SignedNote.text(note).length() + 1);
    String prefix = "\u2014 " + signer.name() + " ";
    for (String line : sigs.split("\n")) {
      if (line.startsWith(prefix)) {
        byte[] raw = java.util.Base64.getDecoder().decode(line.substring(prefix.length()));
        if (raw.length >= 4 && java.nio.ByteBuffer.wrap(raw, 0, 4).getInt() == signer.keyId()) {
          b.append(line).append('\n');
        }
      }
    }
    return b.toString();
  }

  /** Writes {@code bytes} to {@code file} so that a crash leaves the old or the new content, never a torn one. */
  static void writeDurably(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      d.force(true); // the rename itself is durable
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform opens a directory; the file's own content was forced above
    }
  }
}

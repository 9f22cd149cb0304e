package io.dareg.gateway.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/** The transparency log's own files in its directory: its signing key and the last checkpoint it recorded. */
final class LogFiles {
  private static final Logger LOG = Logger.getLogger(TransparencyLog.class.getName());

  private LogFiles() {}

  /** The last recorded checkpoint: its tree size, blocks and root. */
  record Saved(long size, long blocks, String headHash, byte[] root) {}

  static boolean agrees(LogStore store, Saved saved) {
    return store.size() >= saved.size() && store.blocks() >= saved.blocks()
        && (saved.blocks() == 0 || store.sizeAfterBlock(saved.blocks() - 1) == saved.size())
        && Arrays.equals(saved.size() == 0 ? MerkleLog.emptyRoot() : MerkleLog.root(store, saved.size()), saved.root());
  }

  static Saved readCheckpoint(Path dir, SignedNote.Signer key) throws IOException {
    Path file = dir.resolve(TransparencyLog.CHECKPOINT_FILE);
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode saved = Json.mapper().readTree(Files.readAllBytes(file));
    String note = saved.path("checkpoint").asText();
    if (SignedNote.open(note, List.of(key.verifier())).isEmpty()) {
      throw new IOException(file + " is not signed by this log's key " + key.verifier()
          + "; restore the log's key (" + TransparencyLog.KEY_FILE + ") or move the log directory aside to start a new log");
    }
    Checkpoint c = Checkpoint.parse(SignedNote.text(note));
    return new Saved(c.size(), saved.path("blocks").asLong(), saved.path("headHash").asText(), c.rootHash());
  }

  static SignedNote.Signer loadOrCreateKey(Path dir, String origin) throws IOException {
    Path file = dir.resolve(TransparencyLog.KEY_FILE);
    if (Files.exists(file)) {
      SignedNote.Signer key = SignedNote.Signer.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
      if (!key.name().equals(origin)) {
        throw new IOException("the transparency log's key in " + file + " is named " + key.name() + ", not " + origin
            + "; a log keeps its name for life");
      }
      return key;
    }
    SignedNote.Signer key = SignedNote.Signer.generate(origin, SignedNote.ED25519, new SecureRandom());
    Path tmp = dir.resolve(TransparencyLog.KEY_FILE + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, key.toString() + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(dir.resolve(TransparencyLog.PUBLIC_KEY_FILE), key.verifier().toString() + "\n", StandardCharsets.US_ASCII);
    LOG.info("transparency log " + origin + ": new key " + key.verifier());
    return key;
  }

  /** Records the checkpoint {@code note} of a tree of {@code size} leaves over {@code blocks} blocks (temp file, fsync, rename). */
  static void writeCheckpoint(Path dir, long size, long blocks, String headHash, String note) throws IOException {
    ObjectNode saved = Json.mapper().createObjectNode();
    saved.put("size", size);
    saved.put("blocks", blocks);
    saved.put("headHash", headHash);
    saved.put("checkpoint", note);
    Path tmp = dir.resolve(TransparencyLog.CHECKPOINT_FILE + ".tmp");
    Files.write(tmp, Json.canonical(saved));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(TransparencyLog.CHECKPOINT_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(TransparencyLog.CHECKPOINT_FILE), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

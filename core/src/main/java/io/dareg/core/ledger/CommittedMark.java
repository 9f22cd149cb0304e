package io.dareg.core.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The embedded ledger's high-water mark ({@code ledger/committed.mark}): how many blocks it has
 * committed and acknowledged, where the last one ends in the block file and its header's hash. The
 * ledger rewrites it after every block is forced to disk (so it never claims a block the block file
 * does not hold durably) and forces it at least once a second and on close. It is the evidence
 * that survives a rebuild of the state store: a block file holding fewer blocks than the mark is a
 * loss of acknowledged history (the ledger is FAILED and {@code dareg ledger verify --data} names
 * the missing blocks), never a torn write; only an operator lowers it ({@code dareg ledger
 * accept-truncation}).
 *
 * <p>The file holds two slots of {@value #SLOT} bytes written in turn, each a line {@code
 * dareg-mark-1 <sequence> <blocks> <end> <headHash> <crc32c>}: a write cut short spoils at most
 * the slot being written, and the other one still stands.
 *
 * @param sequence how many marks were written before this one (the newer slot wins)
 * @param blocks how many blocks were committed, from block 0
 * @param end where the last of them ends in the block file (bytes)
 * @param headHash hex SHA-256 of the last one's header ({@link ChainAudit#GENESIS} when none)
 */
public record CommittedMark(long sequence, long blocks, long end, String headHash) {
  /** The file's name beside {@code blocks.dat}. */
  public static final String FILE = "committed.mark";
  /** Bytes per slot: one disk sector, so that a slot is written whole or not at all on most disks. */
  public static final int SLOT = 512;
  private static final String MAGIC = "dareg-mark-1";

  /** Checks the fields. */
  public CommittedMark {
    if (sequence < 0 || blocks < 0 || end < 0 || headHash == null || !headHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a mark: " + sequence + " " + blocks + " " + end + " " + headHash);
    }
  }

  /** The mark of a ledger that has committed nothing. */
  public static CommittedMark none() {
    return new CommittedMark(0, 0, 0, ChainAudit.GENESIS);
  }

  /** The mark that follows this one, for {@code blocks} blocks ending at {@code end}. */
  public CommittedMark next(long blocks, long end, String headHash) {
    return new CommittedMark(sequence + 1, blocks, end, headHash);
  }

  /** The mark in {@code ledgerDir}, or null when there is none (a ledger from before marks, or one never written). */
  public static CommittedMark read(Path ledgerDir) throws IOException {
    Path file = ledgerDir.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    byte[] all = Files.readAllBytes(file);
    CommittedMark best = null;
    for (int at = 0; at + SLOT <= all.length; at += SLOT) {
      CommittedMark m = parse(new String(all, at, SLOT, StandardCharsets.US_ASCII));
      if (m != null && (best == null || m.sequence > best.sequence)) {
        best = m;
      }
    }
    if (best == null && all.length > 0) {
      throw new IOException(file + " is damaged (no slot holds a whole mark): the ledger cannot tell how many blocks it"
          + " committed; restore it from a copy of the data directory, or remove it to accept the block file as it is");
    }
    return best;
  }

  /** Writes this mark into its slot of {@code channel} (the caller forces it when it must be durable). */
  public void writeTo(FileChannel channel) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(slotBytes());
    long at = (sequence % 2) * SLOT;
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  /** Writes this mark into both slots of the mark in {@code ledgerDir} and forces it: an operator's mark. */
  public void writeBoth(Path ledgerDir) throws IOException {
    try (FileChannel ch = FileChannel.open(ledgerDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.truncate(0);
      byte[] slot = slotBytes();
      ByteBuffer b = ByteBuffer.allocate(2 * SLOT).put(slot).put(slot).flip();
      long at = 0;
      while (b.hasRemaining()) {
        at += ch.write(b, at);
      }
      ch.force(true);
    }
  }

  private byte[] slotBytes() {
    String body = MAGIC + " " + sequence + " " + blocks + " " + end + " " + headHash;
    String line = body + " " + crc(body) + "\n";
    byte[] slot = new byte[SLOT];
    java.util.Arrays.fill(slot, (byte) ' ');
    byte[] text = line.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, slot, 0, text.length);
    return slot;
  }

  private static CommittedMark parse(String slot) {
    int nl = slot.indexOf('\n');
    if (nl < 0) {
      return null;
    }
    String[] f = slot.substring(0, nl).split(" ");
    if (f.length != 6 || !f[0].equals(MAGIC)) {
      return null;
    }
    String body = String.join(" ", f[0], f[1], f[2], f[3], f[4]);
    if (!crc(body).equals(f[5])) {
      return null;
    }
    try {
      return new CommittedMark(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * What an operator reads when the block file holds fewer blocks than something the ledger wrote
   * says were committed: {@code blocks N..M are missing (the block file ends at offset O ...)}.
   *
   * @param held how many whole blocks the block file holds, from block 0
   * @param committed how many blocks {@code evidence} says were committed (more than {@code held})
   * @param fileEnd where the block file ends
   * @param tornAt where block {@code held} starts when the file ends inside it, else -1 (the file ends after block {@code held - 1})
   * @param evidence what says so, e.g. "the ledger's high-water mark (committed.mark)"
   */
  public static String missing(long held, long committed, long fileEnd, long tornAt, String evidence) {
    return "blocks " + held + ".." + (committed - 1) + " are missing (the block file ends at offset " + fileEnd
        + (tornAt >= 0 ? ", inside block " + held + " at offset " + tornAt : held == 0 ? ", before block 0" : ", after block " + (held - 1)) + ", but "
        + evidence + " shows " + committed + " blocks committed): acknowledged history was lost; the ledger serves nothing"
        + " until an operator restores a verified copy of the block file (dareg ledger restore) or accepts the loss"
        + " (dareg ledger accept-truncation --data DIR --to " + held + ")";
  }

  private static String crc(String body) {
    CRC32C c = new CRC32C();
    c.update(body.getBytes(StandardCharsets.US_ASCII));
    return String.format("%08x", c.getValue());
  }
}

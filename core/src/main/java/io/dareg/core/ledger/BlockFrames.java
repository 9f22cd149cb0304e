package io.dareg.core.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The frames of an embedded ledger's block file ({@code ledger/blocks.dat}, format in
 * gateway/README.md): one frame per block, {@code DRGB}, version, lengths, canonical header and
 * body, the node's signature and a CRC32C. This class encodes frames and reads them back; what a
 * frame must say to belong to the chain is {@link ChainAudit}'s to check.
 *
 * <pre>{@code
 * try (FileChannel ch = FileChannel.open(blocks, StandardOpenOption.READ)) {
 *   BlockFrames.Tail end = BlockFrames.scan(ch, ch.size(), frame -> null);   // null: keep going
 * }
 * }</pre>
 */
public final class BlockFrames {
  /** The magic that starts every frame. */
  public static final byte[] MAGIC = {'D', 'R', 'G', 'B'};
  /** The frame format version. */
  public static final byte VERSION = 1;
  /** Bytes before the header: magic, version, header length, body length, signature length. */
  public static final int PREFIX = 4 + 1 + 4 + 4 + 2;
  /** The largest header a frame may declare. */
  public static final int MAX_HEADER = 64 * 1024;
  /** The largest body a frame may declare. */
  public static final int MAX_BODY = 256 * 1024 * 1024;

  private BlockFrames() {}

  /**
   * A raw frame read back.
   *
   * @param offset where it starts in the file
   * @param header the header bytes (canonical JSON)
   * @param body the body bytes (canonical JSON array of transactions)
   * @param signature the node's DER signature over the header bytes
   * @param end where the next frame starts
   */
  public record Frame(long offset, byte[] header, byte[] body, byte[] signature, long end) {}

  /** How a scan ended. */
  public sealed interface Tail permits Clean, Torn, Corrupt {}

  /** The file ends on a frame boundary. */
  public record Clean() implements Tail {}

  /**
   * The last frame is incomplete: a write that never finished, or a file cut mid-block.
   *
   * @param offset where the incomplete frame starts
   * @param length how many of its bytes are there
   */
  public record Torn(long offset, long length) implements Tail {}

  /**
   * A frame is damaged, or its visitor refused it.
   *
   * @param offset where the frame starts
   * @param what what is wrong with it
   */
  public record Corrupt(long offset, String what) implements Tail {}

  /** Checks one frame; returns what is wrong with it, or null to go on. */
  public interface Visitor {
    /** What is wrong with {@code frame}, or null. */
    String visit(Frame frame);
  }

  /** Encodes a frame. */
  public static byte[] encode(byte[] header, byte[] body, byte[] signature) {
    ByteBuffer b = ByteBuffer.allocate(length(header.length, body.length, signature.length));
    begin(b, header, body.length, signature.length);
    b.put(body);
    end(b, 0, signature);
    return b.array();
  }

  /**
   * Encodes the frame of a block whose body is the canonical JSON array of {@code transactions},
   * each already canonical, into {@code out} from its position: the same bytes as {@link
   * #encode(byte[], byte[], byte[])} with that array as the body, without building the body apart.
   * {@code out} needs {@link #length} bytes of room ({@link #bodyLength} for the body); its position
   * ends after the frame.
   */
  public static void encode(ByteBuffer out, byte[] header, List<byte[]> transactions, byte[] signature) {
    int start = out.position();
    begin(out, header, bodyLength(transactions), signature.length);
    out.put((byte) '[');
    for (int i = 0; i < transactions.size(); i++) {
      if (i > 0) {
        out.put((byte) ',');
      }
      out.put(transactions.get(i));
    }
    out.put((byte) ']');
    end(out, start, signature);
  }

  /** How many bytes a frame with a header, body and signature of these lengths takes. */
  public static int length(int header, int body, int signature) {
    return PREFIX + header + body + signature + 4;
  }

  /** How many bytes the canonical JSON array of {@code elements}, each already canonical, takes: {@code [e1,e2,...]}. */
  public static int bodyLength(List<byte[]> elements) {
    int size = 2 + Math.max(0, elements.size() - 1);
    for (byte[] e : elements) {
      size += e.length;
    }
    return size;
  }

  /** The prefix and the header. */
  private static void begin(ByteBuffer out, byte[] header, int bodyLength, int signatureLength) {
    out.put(MAGIC).put(VERSION).putInt(header.length).putInt(bodyLength).putShort((short) signatureLength);
    out.put(header);
  }

  /** The signature, then the CRC32C of everything from {@code start} (where the frame starts) on. */
  private static void end(ByteBuffer out, int start, byte[] signature) {
    out.put(signature);
    ByteBuffer frame = out.duplicate().flip().position(start);
    CRC32C crc = new CRC32C();
    crc.update(frame);
    out.putInt((int) crc.getValue());
  }

  /**
   * Reads frames from the start of {@code channel} up to {@code limit} bytes, handing each whole,
   * checksummed frame to {@code visitor}; stops at the first problem and says how the file ends.
   */
  public static Tail scan(FileChannel channel, long limit, Visitor visitor) throws IOException {
    return scan(channel, 0, limit, visitor);
  }

  /** {@link #scan(FileChannel, long, Visitor)} from {@code from}, where a frame starts. */
  public static Tail scan(FileChannel channel, long from, long limit, Visitor visitor) throws IOException {
    long offset = from;
    while (offset < limit) {
      Object next = frameAt(channel, offset, limit);
      if (next instanceof Tail end) {
        return end;
      }
      Frame frame = (Frame) next;
      String problem = visitor.visit(frame);
      if (problem != null) {
        return new Corrupt(offset, problem);
      }
      offset = frame.end();
    }
    return new Clean();
  }

  /** The whole, checksummed frame at {@code offset}, or null when none ends before {@code limit}. */
  public static Frame read(FileChannel channel, long offset, long limit) throws IOException {
    return offset < limit && frameAt(channel, offset, limit) instanceof Frame f ? f : null;
  }

  /** The frame at {@code offset} (a {@link Frame}), or how the file ends there (a {@link Tail}). */
  private static Object frameAt(FileChannel channel, long offset, long limit) throws IOException {
    long remaining = limit - offset;
    if (remaining < PREFIX) {
      return new Torn(offset, remaining);
    }
    ByteBuffer prefix = read(channel, offset, PREFIX);
    byte[] magic = new byte[4];
    prefix.get(magic);
    byte version = prefix.get();
    int headerLen = prefix.getInt();
    int bodyLen = prefix.getInt();
    int sigLen = Short.toUnsignedInt(prefix.getShort());
    if (!Arrays.equals(magic, MAGIC)) {
      if (zeros(channel, offset, remaining)) {
        return new Torn(offset, remaining);
      }
      return new Corrupt(offset, "no block starts here (bad magic)");
    }
    if (version != VERSION) {
      return new Corrupt(offset, "unknown block format version " + version);
    }
    if (headerLen < 0 || headerLen > MAX_HEADER || bodyLen < 0 || bodyLen > MAX_BODY) {
      return new Corrupt(offset, "impossible lengths (header " + headerLen + ", body " + bodyLen + ")");
    }
    long length = (long) PREFIX + headerLen + bodyLen + sigLen + 4;
    if (length > remaining) {
      // A write cut short leaves part of one frame, the last. If another frame starts after this
      // one's prefix, its lengths were damaged instead: cutting here would drop committed blocks.
      long next = nextFrame(channel, offset + PREFIX, limit);
      if (next >= 0) {
        return new Corrupt(offset, "its lengths run past the end of the file, but another block starts at offset " + next
            + ": the lengths are damaged, this is not a write cut short");
      }
      return new Torn(offset, remaining);
    }
    ByteBuffer whole = read(channel, offset, (int) length);
    CRC32C crc = new CRC32C();
    crc.update(whole.array(), 0, (int) length - 4);
    int stored = ByteBuffer.wrap(whole.array(), (int) length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      return new Corrupt(offset, "checksum mismatch");
    }
    byte[] header = new byte[headerLen];
    byte[] body = new byte[bodyLen];
    byte[] sig = new byte[sigLen];
    whole.position(PREFIX);
    whole.get(header).get(body).get(sig);
    return new Frame(offset, header, body, sig, offset + length);
  }

  /** The offset of the first frame prefix (magic and version) at or after {@code from}, or -1. */
  private static long nextFrame(FileChannel channel, long from, long limit) throws IOException {
    byte[] pattern = Arrays.copyOf(MAGIC, MAGIC.length + 1);
    pattern[MAGIC.length] = VERSION;
    int chunk = 1 << 20;
    for (long at = from; at < limit; at += chunk - pattern.length) {
      int n = (int) Math.min(chunk, limit - at);
      if (n < pattern.length) {
        return -1;
      }
      byte[] bytes = read(channel, at, n).array();
      outer:
      for (int i = 0; i + pattern.length <= n; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (bytes[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return at + i;
      }
      if (at + n >= limit) {
        return -1;
      }
    }
    return -1;
  }

  private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    long at = offset;
    while (b.hasRemaining()) {
      int n = channel.read(b, at);
      if (n < 0) {
        throw new IOException("unexpected end of the block file at " + at);
      }
      at += n;
    }
    b.flip();
    return b;
  }

  private static boolean zeros(FileChannel channel, long offset, long length) throws IOException {
    ByteBuffer b = read(channel, offset, (int) Math.min(length, 1 << 20));
    while (b.hasRemaining()) {
      if (b.get() != 0) {
        return false;
      }
    }
    return true;
  }
}

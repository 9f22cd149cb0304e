package io.dareg.gateway.ledger.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The append-only block file: one frame per block (format in gateway/README.md). Frames are
 * written whole and forced to disk before the block's transactions are acknowledged. A file that
 * cannot be opened for writing (read-only file or file system) is opened for reading only, and
 * can be reopened for writing once the disk allows it again.
 */
final class BlockFile implements AutoCloseable {
  static final byte[] MAGIC = {'D', 'R', 'G', 'B'};
  static final byte VERSION = 1;
  static final int PREFIX = 4 + 1 + 4 + 4 + 2;
  static final int MAX_HEADER = 64 * 1024;
  static final int MAX_BODY = 256 * 1024 * 1024;

  private final Path path;
  private final WriteCheck check;
  private FileChannel channel;
  private String readOnlyBecause;

  /**
   * Asked before every change to the block file. The disk answers for itself in production; tests
   * refuse here as a read-only file system would, since they may run as root, where chmod does not
   * stop a write.
   */
  interface WriteCheck {
    /** Lets the write happen, or throws what the disk would. */
    void beforeWrite(Path file) throws IOException;

    /** The disk decides. */
    WriteCheck DISK = file -> {};
  }

  /** A raw frame read back: where it starts and its three parts. */
  record Frame(long offset, byte[] header, byte[] body, byte[] signature, long end) {}

  /** What a scan found at the end of the file. */
  sealed interface Tail permits Clean, Torn, Corrupt {}

  /** The file ends on a frame boundary. */
  record Clean() implements Tail {}

  /** The last frame is incomplete: a write that never finished. */
  record Torn(long offset, long length) implements Tail {}

  /** A frame is damaged: not a torn write. */
  record Corrupt(long offset, String what) implements Tail {}

  BlockFile(Path path, WriteCheck check) throws IOException {
    this.path = path;
    this.check = check;
    try {
      this.channel = openForWriting();
    } catch (FileSystemException e) {
      if (!Files.exists(path)) {
        throw e;
      }
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
      this.readOnlyBecause = reason(e);
    }
  }

  private FileChannel openForWriting() throws IOException {
    check.beforeWrite(path);
    return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** Why the file is open for reading only, or null when it is writable. */
  String readOnlyBecause() {
    return readOnlyBecause;
  }

  /** Opens the file for writing again after it was opened read-only; throws while the disk still refuses. */
  void reopenForWriting() throws IOException {
    if (readOnlyBecause == null) {
      return;
    }
    FileChannel writable = openForWriting();
    channel.close();
    channel = writable;
    readOnlyBecause = null;
  }

  /** What an I/O failure says, without the exception class. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  long size() throws IOException {
    return channel.size();
  }

  /** Encodes a frame. */
  static byte[] frame(byte[] header, byte[] body, byte[] signature) {
    int total = PREFIX + header.length + body.length + signature.length + 4;
    ByteBuffer b = ByteBuffer.allocate(total);
    b.put(MAGIC).put(VERSION).putInt(header.length).putInt(body.length).putShort((short) signature.length);
    b.put(header).put(body).put(signature);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, total - 4);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Appends a frame at the end; the caller forces it. */
  void append(byte[] frame) throws IOException {
    check.beforeWrite(path);
    ByteBuffer b = ByteBuffer.wrap(frame);
    long at = channel.size();
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  /** Makes everything written so far durable (fdatasync). */
  void force() throws IOException {
    check.beforeWrite(path);
    channel.force(false);
  }

  /** Cuts the file at {@code size} and forces it, after a torn tail or a failed append. */
  void truncate(long size) throws IOException {
    check.beforeWrite(path);
    channel.truncate(size);
    channel.force(true);
  }

  /** Reads frames from the start, handing each to {@code visitor}; reports how the file ends. */
  Tail scan(FrameVisitor visitor) throws IOException {
    long size = channel.size();
    long offset = 0;
    while (offset < size) {
      long remaining = size - offset;
      if (remaining < PREFIX) {
        return new Torn(offset, remaining);
      }
      ByteBuffer prefix = read(offset, PREFIX);
      byte[] magic = new byte[4];
      prefix.get(magic);
      byte version = prefix.get();
      int headerLen = prefix.getInt();
      int bodyLen = prefix.getInt();
      int sigLen = Short.toUnsignedInt(prefix.getShort());
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        if (zeros(offset, remaining)) {
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
        return new Torn(offset, remaining);
      }
      ByteBuffer whole = read(offset, (int) length);
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
      String problem = visitor.visit(new Frame(offset, header, body, sig, offset + length));
      if (problem != null) {
        return new Corrupt(offset, problem);
      }
      offset += length;
    }
    return new Clean();
  }

  /** Checks one frame; returns what is wrong with it, or null. */
  interface FrameVisitor {
    String visit(Frame frame);
  }

  private ByteBuffer read(long offset, int length) throws IOException {
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

  private boolean zeros(long offset, long length) throws IOException {
    ByteBuffer b = read(offset, (int) Math.min(length, 1 << 20));
    while (b.hasRemaining()) {
      if (b.get() != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

package io.dareg.gateway.ledger.embedded;

import io.dareg.core.ledger.BlockFrames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The append-only block file: one frame per block (format in gateway/README.md). Frames are
 * written whole and forced to disk before the block's transactions are acknowledged. A file that
 * cannot be opened for writing (read-only file or file system) is opened for reading only, and
 * can be reopened for writing once the disk allows it again.
 */
final class BlockFile implements AutoCloseable {
  static final int PREFIX = BlockFrames.PREFIX;

  private final Path path;
  private final WriteCheck check;
  private FileChannel channel;
  private String readOnlyBecause;
  /** Where {@link #append} encodes a frame; kept from block to block, grown as blocks need. */
  private ByteBuffer frame = ByteBuffer.allocateDirect(64 << 10);

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

  /**
   * Appends the frame of a block whose body is the canonical array of {@code transactions} at the
   * end; the caller forces it. Returns the frame's length.
   */
  int append(byte[] header, List<byte[]> transactions, byte[] signature) throws IOException {
    check.beforeWrite(path);
    int length = BlockFrames.length(header.length, BlockFrames.bodyLength(transactions), signature.length);
    if (frame.capacity() < length) {
      frame = ByteBuffer.allocateDirect(Math.max(length, 2 * frame.capacity()));
    }
    // Encoded straight into a direct buffer: the channel would copy a heap buffer into one anyway.
    frame.clear();
    BlockFrames.encode(frame, header, transactions, signature);
    frame.flip();
    long at = channel.size();
    while (frame.hasRemaining()) {
      at += channel.write(frame, at);
    }
    return length;
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

  /** Reads frames from {@code from} (where a frame starts), handing each to {@code visitor}; reports how the file ends. */
  BlockFrames.Tail scan(long from, BlockFrames.Visitor visitor) throws IOException {
    return BlockFrames.scan(channel, from, channel.size(), visitor);
  }

  /** The whole frame at {@code offset}, or null when there is none. */
  BlockFrames.Frame read(long offset) throws IOException {
    return BlockFrames.read(channel, offset, channel.size());
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

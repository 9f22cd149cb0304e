package io.dareg.gateway.ledger.embedded;

import io.dareg.core.ledger.CommittedMark;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ledger's {@link CommittedMark} on disk ({@value CommittedMark#FILE}): read at start, rewritten
 * after every block, forced now and then together with the state store's log.
 */
final class CommittedMarkFile implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CommittedMarkFile.class.getName());
  /**
   * How often, at most, the committed mark and the state store's log are forced to disk while blocks
   * are committed: what a power cut can make start-up replay.
   */
  private static final long PERSIST_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final StateStore store;
  /** Null when the block file cannot be written (then neither is the mark). */
  private final FileChannel channel;
  /** The last mark written (or read at start); the block writer's to change. */
  private CommittedMark mark;
  /** Why the mark could not be read at start, or null. */
  private final String unreadable;
  private long lastPersist = System.nanoTime();

  /** Reads the mark in {@code dir}; opens it for writing unless {@code readOnly}. */
  CommittedMarkFile(Path dir, boolean readOnly, StateStore store) throws IOException {
    this.store = store;
    CommittedMark read = null;
    String why = null;
    try {
      read = CommittedMark.read(dir);
    } catch (IOException e) {
      why = e.getMessage();
    }
    this.mark = read;
    this.unreadable = why;
    this.channel = readOnly ? null
        : FileChannel.open(dir.resolve(CommittedMark.FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** The mark as it stands, or null when there is none (or it could not be read). */
  CommittedMark mark() {
    return mark;
  }

  /** Why the mark could not be read at start, or null. */
  String unreadable() {
    return unreadable;
  }

  /**
   * Raises the committed mark to {@code blocks} blocks, the last ending at {@code end}: after the
   * block file is forced, so the mark never claims more than the file holds durably. Not forced
   * here (see {@link #persist}): a mark that lags after a power cut only vouches for fewer blocks.
   */
  void write(long blocks, long end, String headHash) {
    if (channel == null) {
      return;
    }
    CommittedMark next = (mark == null ? CommittedMark.none() : mark).next(blocks, end, headHash);
    try {
      next.writeTo(channel);
      mark = next;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "cannot write the committed mark for block " + (blocks - 1)
          + " (a truncation of the blocks after the last mark written would go unnoticed)", e);
    }
  }

  /** {@link #persist} when it was last done longer ago than {@link #PERSIST_EVERY_NANOS}. */
  void persistWhenDue() {
    if (System.nanoTime() - lastPersist > PERSIST_EVERY_NANOS) {
      persist();
    }
  }

  /**
   * Forces the committed mark and the state store's log, so that a power cut loses at most about
   * {@link #PERSIST_EVERY_NANOS} of either: the mark lags no more, and start-up replays only the
   * blocks after what the store's log held.
   */
  void persist() {
    lastPersist = System.nanoTime();
    try {
      if (channel != null) {
        channel.force(false);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot force the committed mark", e);
    }
    store.syncLog();
  }

  /** Forces and closes the mark. */
  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
    }
  }
}

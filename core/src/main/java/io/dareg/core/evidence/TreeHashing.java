package io.dareg.core.evidence;

import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.MerkleTree;
import io.dareg.core.crypto.Sm3;
import io.dareg.core.crypto.Sm3Lanes;
import io.dareg.core.model.HashAlgorithm;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The files of a directory hashed several at once: one worker per core takes the next file as it
 * needs one. With SM3 each worker keeps up to {@value #OPEN_FILES} files open and runs the plain
 * hash and the chunk leaves of all of them as lanes of one {@link Sm3Lanes}; with SHA-256 (whose
 * JDK implementation already uses the CPU's SHA instructions) each worker hashes one file at a
 * time. Every hash is the one docs/evidence-tree.md defines; only the order of the work changes.
 */
final class TreeHashing {
  /** Lanes per SM3 worker: each open file takes at most two. */
  private static final int LANES = 128;
  private static final int OPEN_FILES = LANES / 2;
  /** An SM3 worker reads each open file this much at a time (a divisor of the chunk). */
  private static final int PIECE = 64 << 10;

  private TreeHashing() {}

  /** Hashes the files {@code todo} (indices into paths and names), writing each into entries. */
  static void hashTogether(HashAlgorithm algorithm, List<Path> paths, List<String> names, List<Integer> todo,
      EvidenceTree.FileEntry[] entries, EvidenceTree.Counter counter) throws IOException {
    if (todo.isEmpty()) {
      return;
    }
    AtomicInteger next = new AtomicInteger();
    int workers = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), todo.size()));
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "dareg-tree-hash");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Worker worker = algorithm == HashAlgorithm.SM3
            ? new LaneWorker(paths, names, todo, next, entries, counter)
            : new DigestWorker(algorithm, paths, names, todo, next, entries, counter);
        running.add(pool.submit(() -> {
          worker.run();
          return null;
        }));
      }
      IOException failure = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          next.set(todo.size()); // the others stop taking files
          Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
          if (failure == null) {
            failure = cause instanceof IOException io ? io : new IOException("hashing failed: " + cause, cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          next.set(todo.size());
          throw new InterruptedIOException("interrupted while hashing");
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private abstract static class Worker {
    final List<Path> paths;
    final List<String> names;
    final List<Integer> todo;
    final AtomicInteger next;
    final EvidenceTree.FileEntry[] entries;
    final EvidenceTree.Counter counter;

    Worker(List<Path> paths, List<String> names, List<Integer> todo, AtomicInteger next, EvidenceTree.FileEntry[] entries,
        EvidenceTree.Counter counter) {
      this.paths = paths;
      this.names = names;
      this.todo = todo;
      this.next = next;
      this.entries = entries;
      this.counter = counter;
    }

    /** The index of the next file nobody has taken, or -1. */
    int take() {
      int k = next.getAndIncrement();
      return k < todo.size() ? todo.get(k) : -1;
    }

    abstract void run() throws IOException;
  }

  /** SHA-256: one file at a time, read once into a reused buffer, both hashes on this thread. */
  private static final class DigestWorker extends Worker {
    private final HashAlgorithm algorithm;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(EvidenceTree.CHUNK);

    DigestWorker(HashAlgorithm algorithm, List<Path> paths, List<String> names, List<Integer> todo, AtomicInteger next,
        EvidenceTree.FileEntry[] entries, EvidenceTree.Counter counter) {
      super(paths, names, todo, next, entries, counter);
      this.algorithm = algorithm;
    }

    @Override
    void run() throws IOException {
      MessageDigest plain = Hashes.newDigest(algorithm);
      MessageDigest chunk = Hashes.newDigest(algorithm);
      for (int i = take(); i >= 0; i = take()) {
        List<byte[]> leaves = new ArrayList<>();
        long size = 0;
        try (FileChannel channel = FileChannel.open(paths.get(i), StandardOpenOption.READ)) {
          while (true) {
            buffer.clear();
            int n = readFully(channel, buffer);
            if (n == 0 && !leaves.isEmpty()) {
              break;
            }
            buffer.flip();
            chunk.update(EvidenceTree.CHUNK_TAG);
            chunk.update(buffer);
            leaves.add(chunk.digest());
            buffer.rewind();
            plain.update(buffer);
            size += n;
            counter.add(n);
            if (n < EvidenceTree.CHUNK) {
              break;
            }
          }
        }
        entries[i] = new EvidenceTree.FileEntry(names.get(i), size, Hashes.toHex(plain.digest()),
            Hashes.toHex(MerkleTree.rootOfLeafHashes(algorithm, leaves)), List.copyOf(leaves));
      }
    }
  }

  /**
   * SM3: many files open at once, each read a piece at a time and each piece hashed twice (into the
   * file's plain hash and into its chunk's leaf) in two lanes; the whole blocks go through the
   * lanes, the few bytes before and after them through each lane's {@link Sm3}.
   */
  private static final class LaneWorker extends Worker {
    private final Sm3Lanes lanes = new Sm3Lanes(LANES);
    /** Open files whose last piece is done, ready for the next one. */
    private final ArrayDeque<OpenFile> ready = new ArrayDeque<>();
    /**
     * Free direct buffers by capacity: powers of two up to a piece, reused from file to file. Direct,
     * so that a read lands where the lanes read it, not in a temporary buffer of the JDK's first.
     */
    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
    /** Every file this worker has open, so that a failure closes them all. */
    private final java.util.Set<OpenFile> opened = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private boolean noMoreFiles;

    LaneWorker(List<Path> paths, List<String> names, List<Integer> todo, AtomicInteger next, EvidenceTree.FileEntry[] entries,
        EvidenceTree.Counter counter) {
      super(paths, names, todo, next, entries, counter);
    }

    /** A file being hashed: its channel, its buffer, its plain hash and the leaves so far. */
    private final class OpenFile {
      final int index;
      final FileChannel channel;
      final Sm3 plain = new Sm3();
      final List<byte[]> leaves = new ArrayList<>();
      ByteBuffer buffer;
      /** The leaf of the chunk being read, and how many of its bytes have been read. */
      Sm3 leaf;
      int inChunk;
      long size;
      int pending;
      boolean ended;

      OpenFile(int index, FileChannel channel, ByteBuffer buffer) {
        this.index = index;
        this.channel = channel;
        this.buffer = buffer;
      }
    }

    @Override
    void run() throws IOException {
      try {
        while (true) {
          // Two lanes per piece: its chunk's leaf and the file's plain hash.
          while (lanes.active() + 2 <= lanes.capacity()) {
            OpenFile f = ready.poll();
            if (f == null) {
              f = openNext();
              if (f == null) {
                break;
              }
            }
            startPiece(f);
          }
          if (lanes.active() == 0) {
            if (ready.isEmpty() && (noMoreFiles || opened.size() >= OPEN_FILES)) {
              return;
            }
            continue;
          }
          lanes.runUntilOneDone();
        }
      } finally {
        for (OpenFile f : opened) {
          f.channel.close();
        }
      }
    }

    private OpenFile openNext() throws IOException {
      if (noMoreFiles || opened.size() >= OPEN_FILES) {
        return null;
      }
      int i = take();
      if (i < 0) {
        noMoreFiles = true;
        return null;
      }
      FileChannel channel = FileChannel.open(paths.get(i), StandardOpenOption.READ);
      // One byte more than the file's size, so that a file read whole is seen to end.
      long size = channel.size();
      OpenFile f = new OpenFile(i, channel, buffer(size >= PIECE ? PIECE : (int) size + 1));
      opened.add(f);
      return f;
    }

    private ByteBuffer buffer(int atLeast) {
      int length = Math.min(PIECE, Math.max(4096, Integer.highestOneBit(Math.max(1, atLeast - 1)) << 1));
      ArrayDeque<ByteBuffer> list = free.get(length);
      ByteBuffer b = list == null ? null : list.poll();
      return b != null ? b.clear() : ByteBuffer.allocateDirect(length);
    }

    private void release(ByteBuffer b) {
      free.computeIfAbsent(b.capacity(), k -> new ArrayDeque<>()).push(b);
    }

    /**
     * Reads the file's next piece and puts its two hashes into lanes (or finishes the file). The
     * plain hash takes the piece's whole blocks; the chunk's leaf, one byte ahead because of its
     * tag, first completes its partial block from the piece, then takes the whole blocks after.
     */
    private void startPiece(OpenFile f) throws IOException {
      f.buffer.clear();
      int n = readFully(f.channel, f.buffer);
      if (n == f.buffer.capacity() && n < PIECE) {
        // The file grew since it was listed: go on with a whole piece's buffer.
        ByteBuffer bigger = buffer(PIECE);
        bigger.put(f.buffer.flip());
        release(f.buffer);
        f.buffer = bigger;
        n += readFully(f.channel, bigger);
      }
      if (n == 0) {
        if (f.leaf != null || f.leaves.isEmpty()) {
          // The file ended inside a chunk on a piece boundary, or is empty (one empty chunk).
          f.leaves.add((f.leaf != null ? f.leaf : new Sm3().update(EvidenceTree.CHUNK_TAG)).digest());
          f.leaf = null;
        }
        finish(f);
        return;
      }
      f.ended = n < f.buffer.capacity();
      f.size += n;
      ByteBuffer data = f.buffer;
      int length = n;
      if (f.leaf == null) {
        f.leaf = new Sm3().update(EvidenceTree.CHUNK_TAG);
        f.inChunk = 0;
      }
      Sm3 leaf = f.leaf;
      boolean closesChunk = f.ended || f.inChunk + n == EvidenceTree.CHUNK;
      f.inChunk += n;
      f.pending = 2;
      int head = Math.min(length, (64 - (1 + f.inChunk - n) % 64) % 64);
      leaf.update(data.slice(0, head));
      int leafBlocks = (length - head) / 64;
      lanes.add(leaf, data, head, leafBlocks, () -> {
        int from = head + 64 * leafBlocks;
        leaf.update(data.slice(from, length - from));
        if (closesChunk) {
          f.leaves.add(leaf.digest());
          f.leaf = null;
        }
        pieceDone(f, length);
      });
      int plainBlocks = length / 64;
      lanes.add(f.plain, data, 0, plainBlocks, () -> {
        f.plain.update(data.slice(64 * plainBlocks, length - 64 * plainBlocks));
        pieceDone(f, length);
      });
    }

    private void pieceDone(OpenFile f, int length) {
      if (--f.pending > 0) {
        return;
      }
      counter.add(length);
      if (f.ended) {
        try {
          finish(f);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      } else {
        ready.add(f);
      }
    }

    private void finish(OpenFile f) throws IOException {
      opened.remove(f);
      f.channel.close();
      release(f.buffer);
      entries[f.index] = new EvidenceTree.FileEntry(names.get(f.index), f.size, Hashes.toHex(f.plain.digest()),
          Hashes.toHex(MerkleTree.rootOfLeafHashes(HashAlgorithm.SM3, f.leaves)), List.copyOf(f.leaves));
    }
  }

  /** Reads from {@code channel} until {@code b} is full or the file ends; the bytes read. */
  private static int readFully(FileChannel channel, ByteBuffer b) throws IOException {
    int start = b.position();
    while (b.hasRemaining()) {
      if (channel.read(b) < 0) {
        break;
      }
    }
    return b.position() - start;
  }
}

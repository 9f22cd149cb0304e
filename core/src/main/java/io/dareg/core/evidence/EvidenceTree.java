package io.dareg.core.evidence;

import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.MerkleTree;
import io.dareg.core.model.HashAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The evidence hash of a file or a directory tree, as docs/evidence-tree.md specifies it: the plain
 * hash of each file, a Merkle root over each file's 1 MiB chunks, and for a directory a Merkle root
 * over its files in path order. Reads each file once, in constant memory apart from one hash per
 * chunk and per file, which the membership proofs need.
 *
 * <pre>{@code
 * EvidenceTree tree = EvidenceTree.of(Path.of("dataset/"), HashAlgorithm.SM3, null);
 * tree.root();                        // what depositEvidence records as merkleRoot
 * MembershipProof p = tree.prove("2024/part-0001.csv");
 * p.verify();                         // true, and p.root() equals tree.root()
 * }</pre>
 */
public final class EvidenceTree {
  /** The chunk size of the format: 1 MiB. */
  public static final int CHUNK = 1 << 20;
  /** Files of a directory above this size are hashed one at a time, each on both cores. */
  static final long ONE_FILE_ABOVE = 64L << 20;

  static final byte CHUNK_TAG = 0x00;
  static final byte FILE_TAG = 0x02;

  private final HashAlgorithm algorithm;
  private final boolean directory;
  private final List<FileEntry> files;
  private final List<byte[]> fileLeaves;
  private final byte[] root;

  /**
   * One file of the tree.
   *
   * @param path its path relative to the tree's top, '/'-separated; the file's own name for a single file
   * @param size its size in bytes
   * @param hash the plain hash of its content, hex
   * @param fileRoot the Merkle root over its chunks, hex
   * @param chunkLeaves the leaf hash of each chunk, in order
   */
  public record FileEntry(String path, long size, String hash, String fileRoot, List<byte[]> chunkLeaves) {}

  /** Told how far hashing has got. */
  public interface Progress {
    /** {@code done} of {@code total} bytes hashed so far. */
    void update(long done, long total);
  }

  private EvidenceTree(HashAlgorithm algorithm, boolean directory, List<FileEntry> files) {
    this.algorithm = algorithm;
    this.directory = directory;
    this.files = List.copyOf(files);
    if (directory) {
      this.fileLeaves = new ArrayList<>(files.size());
      for (FileEntry f : files) {
        fileLeaves.add(fileLeaf(algorithm, f.path(), f.size(), Hashes.fromHex(f.fileRoot())));
      }
      this.root = MerkleTree.rootOfLeafHashes(algorithm, fileLeaves);
    } else {
      this.fileLeaves = List.of();
      this.root = Hashes.fromHex(files.get(0).fileRoot());
    }
  }

  /** Hashes a file or a directory tree (regular files only; links are not followed). */
  public static EvidenceTree of(Path input, HashAlgorithm algorithm, Progress progress) throws IOException {
    return of(input, algorithm, progress, ONE_FILE_ABOVE);
  }

  /**
   * The same, with the files of a directory larger than {@code oneFileAbove} bytes hashed one at a
   * time on both cores (like a single file) instead of several at once (tests lower it).
   */
  static EvidenceTree of(Path input, HashAlgorithm algorithm, Progress progress, long oneFileAbove) throws IOException {
    if (Files.isRegularFile(input)) {
      long total = Files.size(input);
      Counter counter = new Counter(progress, total);
      return new EvidenceTree(algorithm, false, List.of(hashFile(input, input.getFileName().toString(), algorithm, counter)));
    }
    if (!Files.isDirectory(input)) {
      throw new IOException(input + " is neither a file nor a directory");
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(input)) {
      paths = walk.filter(Files::isRegularFile).toList();
    }
    List<String> names = new ArrayList<>();
    for (Path p : paths) {
      names.add(relative(input, p));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      order.add(i);
    }
    // Stable order: by the UTF-8 bytes of the relative path.
    order.sort(Comparator.comparing(i -> names.get(i).getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned));
    List<Path> sortedPaths = new ArrayList<>();
    List<String> sortedNames = new ArrayList<>();
    long[] sizes = new long[paths.size()];
    long total = 0;
    for (int i : order) {
      sizes[sortedPaths.size()] = Files.size(paths.get(i));
      total += sizes[sortedPaths.size()];
      sortedPaths.add(paths.get(i));
      sortedNames.add(names.get(i));
    }
    FileEntry[] entries = new FileEntry[sortedPaths.size()];
    Counter counter = new Counter(progress, total);
    // The many files first, several at once on every core, largest first so that the cores finish
    // together; then any very large file alone, its two hashes on two cores.
    List<Integer> together = new ArrayList<>();
    List<Integer> alone = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      (sizes[i] > oneFileAbove ? alone : together).add(i);
    }
    together.sort(Comparator.comparingLong((Integer i) -> sizes[i]).reversed());
    TreeHashing.hashTogether(algorithm, sortedPaths, sortedNames, together, entries, counter);
    for (int i : alone) {
      entries[i] = hashFile(sortedPaths.get(i), sortedNames.get(i), algorithm, counter);
    }
    return new EvidenceTree(algorithm, true, List.of(entries));
  }

  /** The algorithm. */
  public HashAlgorithm algorithm() {
    return algorithm;
  }

  /** True for a directory tree, false for a single file. */
  public boolean directory() {
    return directory;
  }

  /** The Merkle root, hex: of the chunks for a file, of the files for a directory. */
  public String root() {
    return Hashes.toHex(root);
  }

  /** The plain hash of a single file's content, hex; null for a directory. */
  public String hash() {
    return directory ? null : files.get(0).hash();
  }

  /** The total size in bytes. */
  public long size() {
    return files.stream().mapToLong(FileEntry::size).sum();
  }

  /** The files, in tree order. */
  public List<FileEntry> files() {
    return files;
  }

  /** A proof that the file at {@code path} is in this tree (for a single file: its own name). */
  public MembershipProof prove(String path) {
    for (int i = 0; i < files.size(); i++) {
      FileEntry f = files.get(i);
      if (f.path().equals(path)) {
        List<MerkleTree.Step> steps = directory ? MerkleTree.path(algorithm, fileLeaves, i) : List.of();
        return new MembershipProof(algorithm, root(), directory ? f.path() : null, f.size(), f.fileRoot(), null, null, List.of(), steps);
      }
    }
    throw new IllegalArgumentException("no file " + path + " in this tree");
  }

  /** A proof that chunk {@code index} of the file at {@code path} is in this tree. */
  public MembershipProof proveChunk(String path, int index) {
    MembershipProof file = prove(path);
    FileEntry f = files.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    List<MerkleTree.Step> inFile = MerkleTree.path(algorithm, f.chunkLeaves(), index);
    return new MembershipProof(algorithm, file.root(), file.path(), file.size(), file.fileRoot(), index,
        Hashes.toHex(f.chunkLeaves().get(index)), inFile, file.steps());
  }

  static byte[] fileLeaf(HashAlgorithm algorithm, String path, long size, byte[] fileRoot) {
    MessageDigest md = Hashes.newDigest(algorithm);
    md.update(FILE_TAG);
    md.update(path.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0x00);
    md.update(ByteBuffer.allocate(8).putLong(size).array());
    md.update(fileRoot);
    return md.digest();
  }

  /**
   * Hashes one file: this thread reads each chunk and computes its leaf while a second thread
   * feeds the same buffers to the plain hash, so the two hashes of every byte run on two cores and
   * the file is read once.
   */
  private static FileEntry hashFile(Path file, String name, HashAlgorithm algorithm, Counter counter) throws IOException {
    MessageDigest chunk = Hashes.newDigest(algorithm);
    List<byte[]> leaves = new ArrayList<>();
    PlainHasher plain = new PlainHasher(Hashes.newDigest(algorithm));
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      plain.start();
      while (true) {
        byte[] buffer = plain.freeBuffer();
        int n = in.readNBytes(buffer, 0, CHUNK);
        if (n == 0 && !leaves.isEmpty()) {
          plain.recycle(buffer);
          break;
        }
        chunk.update(CHUNK_TAG);
        chunk.update(buffer, 0, n);
        leaves.add(chunk.digest());
        plain.feed(buffer, n);
        size += n;
        counter.add(n);
        if (n < CHUNK) {
          break;
        }
      }
    } finally {
      plain.finish();
    }
    byte[] fileRoot = MerkleTree.rootOfLeafHashes(algorithm, leaves);
    return new FileEntry(name, size, Hashes.toHex(plain.digest()), Hashes.toHex(fileRoot), List.copyOf(leaves));
  }

  /** The second core's share: the plain hash over the buffers the reader hands it, in order. */
  private static final class PlainHasher extends Thread {
    private static final int BUFFERS = 4;
    private final MessageDigest digest;
    private final java.util.concurrent.BlockingQueue<byte[]> free = new java.util.concurrent.ArrayBlockingQueue<>(BUFFERS);
    private final java.util.concurrent.BlockingQueue<Object[]> full = new java.util.concurrent.ArrayBlockingQueue<>(BUFFERS + 1);
    private volatile byte[] result;

    PlainHasher(MessageDigest digest) {
      super("dareg-plain-hash");
      setDaemon(true);
      this.digest = digest;
      for (int i = 0; i < BUFFERS; i++) {
        free.add(new byte[CHUNK]);
      }
    }

    byte[] freeBuffer() throws IOException {
      try {
        return free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while hashing", e);
      }
    }

    void recycle(byte[] buffer) {
      free.add(buffer);
    }

    void feed(byte[] buffer, int length) throws IOException {
      try {
        full.put(new Object[] {buffer, length});
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while hashing", e);
      }
    }

    void finish() throws IOException {
      try {
        full.put(new Object[0]);
        join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while hashing", e);
      }
    }

    byte[] digest() {
      return result;
    }

    @Override
    public void run() {
      try {
        while (true) {
          Object[] item = full.take();
          if (item.length == 0) {
            result = digest.digest();
            return;
          }
          digest.update((byte[]) item[0], 0, (Integer) item[1]);
          free.add((byte[]) item[0]);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Bytes hashed so far, told to the caller's Progress in increasing order from any thread. */
  static final class Counter {
    private final Progress progress;
    private final long total;
    private long done;

    Counter(Progress progress, long total) {
      this.progress = progress;
      this.total = total;
    }

    synchronized void add(long bytes) {
      done += bytes;
      if (progress != null) {
        progress.update(done, total);
      }
    }
  }

  private static String relative(Path top, Path file) {
    StringBuilder b = new StringBuilder();
    for (Path part : top.relativize(file)) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(part.toString());
    }
    return b.toString();
  }
}

package io.dareg.core.log;

import java.util.Base64;
import java.util.List;

/**
 * A log's checkpoint as C2SP {@code tlog-checkpoint} writes it: the origin line naming the log, the
 * tree size in decimal, the root hash in base64, then optional extension lines; the note text that
 * the log signs and witnesses cosign ({@link SignedNote}).
 *
 * @param origin the log's name, e.g. {@code registry.example.cn/dareg}
 * @param size the number of leaves
 * @param rootHash the RFC 9162 root of those leaves ({@link MerkleLog#root}), 32 bytes
 * @param extensions extension lines, possibly empty
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
  /** Checks each line. */
  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("the origin is one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is 0 or more, not " + size);
    }
    if (rootHash == null || rootHash.length != 32) {
      throw new IllegalArgumentException("the root hash is 32 bytes (SHA-256)");
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      if (e.isEmpty() || e.contains("\n")) {
        throw new IllegalArgumentException("an extension is one non-empty line");
      }
    }
  }

  /** The note text: origin, size, root and extensions, each line ending in a newline. */
  public String body() {
    StringBuilder b = new StringBuilder(origin).append('\n').append(size).append('\n')
        .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(e -> b.append(e).append('\n'));
    return b.toString();
  }

  /** Reads the text of a checkpoint (the note's text, without signatures). */
  public static Checkpoint parse(String text) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("a checkpoint's text ends in a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new IllegalArgumentException("a checkpoint has an origin, a size and a root hash line");
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException("the size line is a decimal with no leading zero: " + lines[1]);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the root hash line is base64: " + lines[2]);
    }
    return new Checkpoint(lines[0], Long.parseLong(lines[1]), root, List.of(lines).subList(3, lines.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && java.util.Arrays.equals(c.rootHash, rootHash)
        && c.extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size);
  }

  @Override
  public String toString() {
    return body();
  }
}

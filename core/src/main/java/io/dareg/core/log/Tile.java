package io.dareg.core.log;

/**
 * A tile of a C2SP {@code tlog-tiles} log: the 32-byte hashes of the nodes at tree level {@code 8 * level}, indices
 * {@code 256 * index} to {@code 256 * index + width - 1}; at level 0 the leaf hashes, and {@code tile/entries/...}
 * the entries whose leaf hashes those are. A tile of {@value #WIDTH} hashes is full and never changes; a narrower one
 * is partial, the right edge of a tree whose size is not a multiple of its span.
 *
 * <p>Paths as the spec writes them: {@code tile/<L>/<N>[.p/<W>]} and {@code tile/entries/<N>[.p/<W>]}, N in
 * zero-padded groups of three digits, all but the last prefixed with {@code x}:
 *
 * <pre>{@code
 * new Tile(0, 1234067, 256).path()          // tile/0/x001/x234/067
 * new Tile(1, 5, 17).path()                 // tile/1/005.p/17
 * Tile.parse("tile/entries/x001/x234/067")  // entries of tile 1234067, full
 * Tile.forSize(0, 5, 70_000)                // the tile of level 0 index 5 in a tree of 70,000: full
 * }</pre>
 *
 * @param level the tile level, 0 to 63 (tree level 8 * level)
 * @param index the tile's index within its level
 * @param width how many hashes it holds, 1 to 256
 * @param entries true for an entry bundle ({@code tile/entries/...}, level 0 only)
 */
public record Tile(int level, long index, int width, boolean entries) {
  /** The hashes of a full tile. */
  public static final int WIDTH = 256;
  /** The tree levels one tile spans. */
  public static final int HEIGHT = 8;

  /** Checks the level, index and width. */
  public Tile {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("a tile level is from 0 to 63, not " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("a tile index is 0 or more, not " + index);
    }
    if (width < 1 || width > WIDTH) {
      throw new IllegalArgumentException("a tile holds 1 to 256 hashes, not " + width);
    }
    if (entries && level != 0) {
      throw new IllegalArgumentException("entry bundles are level 0 tiles, not level " + level);
    }
  }

  /** A hash tile. */
  public Tile(int level, long index, int width) {
    this(level, index, width, false);
  }

  /** True when it holds 256 hashes (or entries). */
  public boolean full() {
    return width == WIDTH;
  }

  /** The tile of {@code level} and {@code index} in a tree of {@code size} leaves: full, or partial at its right edge. */
  public static Tile forSize(int level, long index, long size) {
    long nodes = nodesAt(level, size);
    long from = index * WIDTH;
    if (from >= nodes) {
      throw new IllegalArgumentException("a tree of " + size + " entries has no tile " + index + " at level " + level
          + " (it has " + (nodes + WIDTH - 1) / WIDTH + " there)");
    }
    return new Tile(level, index, (int) Math.min(WIDTH, nodes - from));
  }

  /** How many hashes a tree of {@code size} leaves has at tile level {@code level}: size / 256^level, rounded down. */
  public static long nodesAt(int level, long size) {
    return level * HEIGHT >= 63 ? 0 : size >>> (HEIGHT * level);
  }

  /** The path under the log's prefix, e.g. {@code tile/0/x001/x234/067.p/17}. */
  public String path() {
    return "tile/" + (entries ? "entries" : Integer.toString(level)) + "/" + encodeIndex(index) + (full() ? "" : ".p/" + width);
  }

  /** N in groups of three digits, all but the last prefixed with {@code x}: 1234067 is {@code x001/x234/067}. */
  public static String encodeIndex(long n) {
    String digits = Long.toString(n);
    int pad = (3 - digits.length() % 3) % 3;
    digits = "0".repeat(pad) + digits;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 3) {
      if (i > 0) {
        b.append('/');
      }
      if (i + 3 < digits.length()) {
        b.append('x');
      }
      b.append(digits, i, i + 3);
    }
    return b.toString();
  }

  /**
   * Reads a tile path ({@code tile/<L>/<N>[.p/<W>]} or {@code tile/entries/<N>[.p/<W>]}); refuses, saying what is
   * wrong, any other spelling: leading zeros in L or W, a group that is not three digits, an {@code x} missing or extra,
   * a width of 256 written as partial.
   */
  public static Tile parse(String path) {
    if (!path.startsWith("tile/")) {
      throw new IllegalArgumentException("a tile path starts with tile/, not " + path);
    }
    String rest = path.substring("tile/".length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("a tile path is tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>], not " + path);
    }
    String first = rest.substring(0, slash);
    boolean entries = first.equals("entries");
    int level = 0;
    if (!entries) {
      if (!first.matches("0|[1-9][0-9]?")) {
        throw new IllegalArgumentException("the tile level is a decimal from 0 to 63 with no leading zero, not " + first);
      }
      level = Integer.parseInt(first);
    }
    String n = rest.substring(slash + 1);
    int width = WIDTH;
    int partial = n.indexOf(".p/");
    if (partial >= 0) {
      String w = n.substring(partial + 3);
      if (!w.matches("[1-9][0-9]{0,2}") || Integer.parseInt(w) > 255) {
        throw new IllegalArgumentException("a partial tile's width is a decimal from 1 to 255 with no leading zero, not " + w);
      }
      width = Integer.parseInt(w);
      n = n.substring(0, partial);
    }
    return new Tile(level, decodeIndex(n), width, entries);
  }

  /** The inverse of {@link #encodeIndex}. */
  public static long decodeIndex(String n) {
    String[] groups = n.split("/", -1);
    if (groups.length > 7) {
      throw new IllegalArgumentException("a tile index has at most 7 groups of three digits, not " + groups.length + ": " + n);
    }
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < groups.length; i++) {
      boolean last = i == groups.length - 1;
      String g = groups[i];
      if (!(last ? g.matches("[0-9]{3}") : g.matches("x[0-9]{3}"))) {
        throw new IllegalArgumentException("a tile index is groups of three digits, all but the last prefixed with x"
            + " (1234067 is x001/x234/067), not " + n);
      }
      digits.append(last ? g : g.substring(1));
    }
    if (groups.length > 1 && groups[0].equals("x000")) {
      throw new IllegalArgumentException("a tile index has no leading group of zeros: " + n);
    }
    try {
      return Long.parseLong(digits.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a tile index is too large: " + n);
    }
  }
}

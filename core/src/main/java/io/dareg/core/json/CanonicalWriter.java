package io.dareg.core.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Writes RFC 8785 canonical JSON straight into UTF-8 bytes, value by value, for code that knows the
 * shape it writes and wants no tree in between (the embedded ledger's block records). Strings are
 * escaped and numbers written exactly as {@link CanonicalJson} does; object members must come in
 * ascending UTF-16 order of their names, which the writer checks, so that a caller cannot produce
 * bytes that are not canonical.
 *
 * <pre>{@code
 * byte[] bytes = new CanonicalWriter()
 *     .beginObject().name("a").value("€").name("b").value(1).endObject()
 *     .toByteArray();                                        // {"a":"€","b":1}
 * }</pre>
 *
 * <p>Not thread-safe: one writer per document at a time ({@link #reset} starts the next).
 */
public final class CanonicalWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final long MAX_EXACT = 1L << 53;
  /** The most characters one pass of {@link #string} escapes. */
  private static final int CHUNK = 4096;
  /** The fewest it escapes before it grows the buffer instead. */
  private static final int MIN_PASS = 16;
  /** For each ASCII character: 0 when written as is, else the letter of its short escape, or 'u'. */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 'u';
    }
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\n'] = 'n';
    ESCAPE['\f'] = 'f';
    ESCAPE['\r'] = 'r';
  }

  byte[] buf;
  int len;
  /** Per open container: true for an array. */
  private boolean[] array = new boolean[8];
  /** Per open container: how many members or elements it has so far. */
  private int[] count = new int[8];
  /** Per open object: the last member name, to check the order. */
  private String[] lastName = new String[8];
  private int depth;
  /** True between an object member's name and its value. */
  private boolean afterName;

  /** A writer with a small initial buffer. */
  public CanonicalWriter() {
    this(256);
  }

  /** A writer whose buffer starts at {@code capacity} bytes (it grows as needed). */
  public CanonicalWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  /** Starts an object. */
  public CanonicalWriter beginObject() {
    beforeValue();
    put('{');
    open(false);
    return this;
  }

  /** Ends the innermost object. */
  public CanonicalWriter endObject() {
    close(false);
    put('}');
    return this;
  }

  /** Starts an array. */
  public CanonicalWriter beginArray() {
    beforeValue();
    put('[');
    open(true);
    return this;
  }

  /** Ends the innermost array. */
  public CanonicalWriter endArray() {
    close(true);
    put(']');
    return this;
  }

  /**
   * The name of the next member of the innermost object. Names must ascend in UTF-16 code unit
   * order ({@link String#compareTo}), as RFC 8785 §3.2.3 sorts them.
   */
  public CanonicalWriter name(String name) {
    if (depth == 0 || array[depth - 1] || afterName) {
      throw new IllegalStateException("a member name (\"" + name + "\") belongs right inside an object, before its value");
    }
    String last = lastName[depth - 1];
    if (last != null && last.compareTo(name) >= 0) {
      throw new IllegalStateException("member \"" + name + "\" written after \"" + last
          + "\": canonical JSON needs the members of an object in ascending order of their names, each once");
    }
    lastName[depth - 1] = name;
    if (count[depth - 1]++ > 0) {
      put(',');
    }
    string(name);
    put(':');
    afterName = true;
    return this;
  }

  /** A string value, or null. */
  public CanonicalWriter value(String s) {
    beforeValue();
    if (s == null) {
      raw("null");
    } else {
      string(s);
    }
    return this;
  }

  /** A boolean value. */
  public CanonicalWriter value(boolean b) {
    beforeValue();
    raw(b ? "true" : "false");
    return this;
  }

  /**
   * An integer value. One whose canonical form would be another number (some beyond
   * ±2<sup>53</sup>) is refused, as by {@link CanonicalJson}.
   */
  public CanonicalWriter value(long v) {
    beforeValue();
    raw(integer(v));
    return this;
  }

  /** A number value, as ECMAScript writes the double; NaN and the infinities are refused. */
  public CanonicalWriter value(double d) {
    beforeValue();
    raw(CanonicalJson.formatNumber(d));
    return this;
  }

  /** The JSON null. */
  public CanonicalWriter nullValue() {
    beforeValue();
    raw("null");
    return this;
  }

  /** A value given as its canonical bytes (for example from {@link Json#canonical}), copied as they are. */
  public CanonicalWriter canonicalValue(byte[] canonical) {
    beforeValue();
    ensure(canonical.length);
    System.arraycopy(canonical, 0, buf, len, canonical.length);
    len += canonical.length;
    return this;
  }

  /**
   * Starts the next document in the same buffer: what was written is dropped, the room kept, so a
   * writer that writes one document after another (the ledger, one per transaction) grows its
   * buffer once instead of per document.
   */
  public CanonicalWriter reset() {
    len = 0;
    depth = 0;
    afterName = false;
    return this;
  }

  /** How many bytes are written so far: a mark for {@link #toByteArray(int, int)}. */
  public int size() {
    return len;
  }

  /** The bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** The bytes written between two {@link #size()} marks. */
  public byte[] toByteArray(int from, int to) {
    if (from < 0 || from > to || to > len) {
      throw new IndexOutOfBoundsException("bytes " + from + " to " + to + " of " + len + " written");
    }
    return Arrays.copyOfRange(buf, from, to);
  }

  // --- internals, shared with CanonicalJson ---------------------------------------------------

  /** Canonical text of an integer: its digits up to 2^53, else checked against its double. */
  static String integer(long v) {
    // Math.abs keeps Long.MIN_VALUE negative, so it prints as its digits, as it always has.
    if (Math.abs(v) <= MAX_EXACT) {
      return Long.toString(v); // every integer up to 2^53 is its own canonical form
    }
    return integer(BigInteger.valueOf(v));
  }

  /** Canonical text of an integer that may not fit a long. */
  static String integer(BigInteger v) {
    if (v.bitLength() < 64 && Math.abs(v.longValue()) <= MAX_EXACT) {
      return Long.toString(v.longValue());
    }
    double d = v.doubleValue();
    String text = Double.isInfinite(d) ? "" : CanonicalJson.formatNumber(d);
    if (text.isEmpty() || new BigDecimal(text).compareTo(new BigDecimal(v)) != 0) {
      throw new IllegalArgumentException(
          "the integer " + v + " would be written as " + (text.isEmpty() ? "infinity" : text)
              + ": integers beyond 2^53 change in canonical JSON; write them as strings");
    }
    return text;
  }

  void beforeValue() {
    if (depth == 0) {
      return;
    }
    if (array[depth - 1]) {
      if (count[depth - 1]++ > 0) {
        put(',');
      }
    } else if (afterName) {
      afterName = false;
    } else {
      throw new IllegalStateException("a value inside an object needs its member name first");
    }
  }

  private void open(boolean isArray) {
    if (depth == array.length) {
      array = Arrays.copyOf(array, depth * 2);
      count = Arrays.copyOf(count, depth * 2);
      lastName = Arrays.copyOf(lastName, depth * 2);
    }
    array[depth] = isArray;
    count[depth] = 0;
    lastName[depth] = null;
    depth++;
  }

  private void close(boolean isArray) {
    if (depth == 0 || array[depth - 1] != isArray || afterName) {
      throw new IllegalStateException("no " + (isArray ? "array" : "object") + " to end here");
    }
    depth--;
  }

  void put(char c) {
    ensure(1);
    buf[len++] = (byte) c;
  }

  void raw(String ascii) {
    int n = ascii.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len + i] = (byte) ascii.charAt(i);
    }
    len += n;
  }

  void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  /**
   * {@code s} as a JSON string in UTF-8: quote, backslash and the controls escaped as ECMAScript's
   * JSON.stringify escapes them (short forms where they exist, else lower-case {@code \\}{@code u00xx});
   * everything else as is. A lone surrogate has no UTF-8 form and is refused.
   */
  void string(String s) {
    int n = s.length();
    put('"');
    for (int from = 0; from < n; ) {
      // Each pass takes as many characters as surely fit (six bytes each at most), so the pass
      // needs no checks; the buffer grows only when that is too few, as the text needs it.
      int fit = (buf.length - len) / 6;
      if (fit < MIN_PASS && fit < n - from) {
        ensure(Math.max(6 * MIN_PASS, n - from + 2));
        continue;
      }
      int to = from + Math.min(Math.min(fit, CHUNK), n - from);
      if (to < n && to - from > 1 && Character.isHighSurrogate(s.charAt(to - 1))) {
        to--; // a surrogate pair stays in one pass
      }
      len = escape(s, from, to, buf, len);
      from = to;
    }
    put('"');
  }

  /** Writes characters {@code from} to {@code to} of {@code s} at {@code at} in {@code b}, which has room; returns the end. */
  private static int escape(String s, int from, int to, byte[] b, int at) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        byte e = ESCAPE[c];
        if (e == 0) {
          b[at++] = (byte) c;
        } else {
          b[at++] = '\\';
          b[at++] = e;
          if (e == 'u') {
            b[at++] = '0';
            b[at++] = '0';
            b[at++] = HEX[c >> 4];
            b[at++] = HEX[c & 0xf];
          }
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xc0 | c >> 6);
        b[at++] = (byte) (0x80 | c & 0x3f);
      } else if (!Character.isSurrogate(c)) {
        b[at++] = (byte) (0xe0 | c >> 12);
        b[at++] = (byte) (0x80 | c >> 6 & 0x3f);
        b[at++] = (byte) (0x80 | c & 0x3f);
      } else {
        if (!Character.isHighSurrogate(c) || i + 1 >= to || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException("a string holds a lone surrogate at position " + i);
        }
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[at++] = (byte) (0xf0 | cp >> 18);
        b[at++] = (byte) (0x80 | cp >> 12 & 0x3f);
        b[at++] = (byte) (0x80 | cp >> 6 & 0x3f);
        b[at++] = (byte) (0x80 | cp & 0x3f);
      }
    }
    return at;
  }

}

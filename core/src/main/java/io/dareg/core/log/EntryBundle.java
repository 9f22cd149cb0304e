package io.dareg.core.log;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP {@code tlog-tiles} entry bundle: each entry as a big-endian uint16 length and its bytes, in log order.
 *
 * <p>The spec gives entries no other length: an entry of more than {@value #MAX_ENTRY} bytes cannot be put in a
 * bundle, and {@link #encode} refuses it ({@link EntryTooLongException}) rather than cut or wrap it; the gateway
 * serves such an entry alone at {@code /log/entries/{index}}, and a monitor reads the bundle's entries one by one there.
 */
public final class EntryBundle {
  /** The longest entry a bundle can carry: the largest uint16. */
  public static final int MAX_ENTRY = 0xFFFF;

  private EntryBundle() {}

  /** An entry longer than a bundle can carry. */
  public static final class EntryTooLongException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int position;
    private final int length;

    EntryTooLongException(int position, int length) {
      super("entry " + position + " of the bundle is " + length + " bytes; a C2SP tlog-tiles entry bundle carries entries of at"
          + " most " + MAX_ENTRY + " bytes (a uint16 length) and has no rule for longer ones");
      this.position = position;
      this.length = length;
    }

    /** Its position in the bundle, from 0. */
    public int position() {
      return position;
    }

    /** Its length in bytes. */
    public int length() {
      return length;
    }
  }

  /** The bundle of {@code entries}; throws {@link EntryTooLongException} for an entry of more than 65535 bytes. */
  public static byte[] encode(List<byte[]> entries) {
    int size = 0;
    for (int i = 0; i < entries.size(); i++) {
      int n = entries.get(i).length;
      if (n > MAX_ENTRY) {
        throw new EntryTooLongException(i, n);
      }
      size += 2 + n;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    for (byte[] e : entries) {
      out.write(e.length >>> 8);
      out.write(e.length & 0xFF);
      out.write(e, 0, e.length);
    }
    return out.toByteArray();
  }

  /** The entries of {@code bundle}; refuses a bundle that ends inside an entry or its length. */
  public static List<byte[]> decode(byte[] bundle) {
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    while (at < bundle.length) {
      if (at + 2 > bundle.length) {
        throw new IllegalArgumentException("the entry bundle ends inside the length of entry " + out.size());
      }
      int n = ((bundle[at] & 0xFF) << 8) | (bundle[at + 1] & 0xFF);
      at += 2;
      if (at + n > bundle.length) {
        throw new IllegalArgumentException("the entry bundle ends inside entry " + out.size() + " (" + n + " bytes declared, "
            + (bundle.length - at) + " left)");
      }
      out.add(java.util.Arrays.copyOfRange(bundle, at, at + n));
      at += n;
    }
    return out;
  }
}

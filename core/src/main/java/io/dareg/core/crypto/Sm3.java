package io.dareg.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * SM3 (GB/T 32905-2016), written for speed: int arithmetic, the 64 rounds four at a time without
 * moving the eight state words between variables, the constants T<sub>j</sub> already rotated,
 * and no allocation per block. Reads heap arrays and direct buffers in place (no copy into a
 * staging array except for the partial block at either end of an update).
 *
 * <p>On one input it is about as fast as Bouncy Castle's {@code SM3Digest} (C2 on JDK 17 spills
 * the state words to the stack); it exists so that {@link Sm3Lanes} can take over and hand back its
 * state, which is where many inputs get faster. Not thread-safe; one instance per stream.
 *
 * <pre>{@code
 * byte[] d = new Sm3().update("abc".getBytes(US_ASCII)).digest();
 * // 66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0
 * MessageDigest md = Sm3.newMessageDigest();  // the same, behind the JCA interface
 * }</pre>
 */
public final class Sm3 {
  /** The length of a digest in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private static final int BLOCK = 64;
  private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final int[] IV = {
      0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e};
  /** T<sub>j</sub> rotated left by j mod 32, as each round adds it. */
  static final int[] T = new int[64];

  static {
    for (int j = 0; j < 64; j++) {
      T[j] = Integer.rotateLeft(j < 16 ? 0x79cc4519 : 0x7a879d8a, j);
    }
  }

  private int v0;
  private int v1;
  private int v2;
  private int v3;
  private int v4;
  private int v5;
  private int v6;
  private int v7;
  /** The expanded message W<sub>0..67</sub> of the block being compressed. */
  private final int[] w = new int[68];
  /** Bytes of an unfinished block. */
  private final byte[] partial = new byte[BLOCK];
  private int partialLength;
  private long length;

  /** A digest at its initial state. */
  public Sm3() {
    reset();
  }

  /** Back to the initial state, forgetting everything hashed so far. */
  public void reset() {
    v0 = IV[0];
    v1 = IV[1];
    v2 = IV[2];
    v3 = IV[3];
    v4 = IV[4];
    v5 = IV[5];
    v6 = IV[6];
    v7 = IV[7];
    partialLength = 0;
    length = 0;
  }

  /** Adds one byte. */
  public Sm3 update(byte b) {
    partial[partialLength++] = b;
    length++;
    if (partialLength == BLOCK) {
      block(partial, 0);
      partialLength = 0;
    }
    return this;
  }

  /** Adds all of {@code in}. */
  public Sm3 update(byte[] in) {
    return update(in, 0, in.length);
  }

  /** Adds {@code len} bytes of {@code in} from {@code off}. */
  public Sm3 update(byte[] in, int off, int len) {
    Objects.checkFromIndexSize(off, len, in.length);
    length += len;
    if (partialLength > 0) {
      int n = Math.min(len, BLOCK - partialLength);
      System.arraycopy(in, off, partial, partialLength, n);
      partialLength += n;
      off += n;
      len -= n;
      if (partialLength < BLOCK) {
        return this;
      }
      block(partial, 0);
      partialLength = 0;
    }
    int end = off + (len & -BLOCK);
    for (; off < end; off += BLOCK) {
      block(in, off);
    }
    int rest = len & (BLOCK - 1);
    System.arraycopy(in, off, partial, 0, rest);
    partialLength = rest;
    return this;
  }

  /** Adds the remaining bytes of {@code in}, heap or direct, leaving its position at its limit. */
  public Sm3 update(ByteBuffer in) {
    if (in.hasArray()) {
      update(in.array(), in.arrayOffset() + in.position(), in.remaining());
      in.position(in.limit());
      return this;
    }
    int off = in.position();
    int len = in.remaining();
    length += len;
    if (partialLength > 0) {
      int n = Math.min(len, BLOCK - partialLength);
      in.get(off, partial, partialLength, n);
      partialLength += n;
      off += n;
      len -= n;
      if (partialLength < BLOCK) {
        in.position(off);
        return this;
      }
      block(partial, 0);
      partialLength = 0;
    }
    // Absolute big-endian reads of a direct buffer compile to plain loads with a byte swap.
    ByteBuffer big = in.order() == ByteOrder.BIG_ENDIAN ? in : in.duplicate().order(ByteOrder.BIG_ENDIAN);
    int end = off + (len & -BLOCK);
    for (; off < end; off += BLOCK) {
      for (int i = 0; i < 16; i++) {
        w[i] = big.getInt(off + 4 * i);
      }
      compress();
    }
    int rest = len & (BLOCK - 1);
    in.get(off, partial, 0, rest);
    partialLength = rest;
    in.position(off + rest);
    return this;
  }

  /** The digest of everything added since the last reset; then resets. */
  public byte[] digest() {
    byte[] out = new byte[DIGEST_LENGTH];
    digest(out, 0);
    return out;
  }

  /** Writes the digest to {@code out} at {@code off}; then resets. */
  public void digest(byte[] out, int off) {
    Objects.checkFromIndexSize(off, DIGEST_LENGTH, out.length);
    long bits = length << 3;
    partial[partialLength++] = (byte) 0x80;
    if (partialLength > BLOCK - 8) {
      Arrays.fill(partial, partialLength, BLOCK, (byte) 0);
      block(partial, 0);
      partialLength = 0;
    }
    Arrays.fill(partial, partialLength, BLOCK - 8, (byte) 0);
    BIG_ENDIAN_INT.set(partial, BLOCK - 8, (int) (bits >>> 32));
    BIG_ENDIAN_INT.set(partial, BLOCK - 4, (int) bits);
    block(partial, 0);
    int[] v = {v0, v1, v2, v3, v4, v5, v6, v7};
    for (int i = 0; i < 8; i++) {
      BIG_ENDIAN_INT.set(out, off + 4 * i, v[i]);
    }
    reset();
  }

  /** A copy in the same state, to go on from here along another path. */
  public Sm3 copy() {
    Sm3 c = new Sm3();
    c.v0 = v0;
    c.v1 = v1;
    c.v2 = v2;
    c.v3 = v3;
    c.v4 = v4;
    c.v5 = v5;
    c.v6 = v6;
    c.v7 = v7;
    System.arraycopy(partial, 0, c.partial, 0, partialLength);
    c.partialLength = partialLength;
    c.length = length;
    return c;
  }

  /** Bytes held back until a block is complete (0 at a block boundary). */
  int partialLength() {
    return partialLength;
  }

  /** The chaining value V, for {@link Sm3Lanes}. */
  int[] stateWords() {
    return new int[] {v0, v1, v2, v3, v4, v5, v6, v7};
  }

  /** Takes the chaining value {@code v} reached by hashing {@code added} more bytes elsewhere. */
  void continueFrom(int[] v, long added) {
    v0 = v[0];
    v1 = v[1];
    v2 = v[2];
    v3 = v[3];
    v4 = v[4];
    v5 = v[5];
    v6 = v[6];
    v7 = v[7];
    length += added;
  }

  /** An SM3 {@link MessageDigest} backed by this implementation (no provider involved). */
  public static MessageDigest newMessageDigest() {
    return new Jca(new Sm3());
  }

  private void block(byte[] in, int off) {
    int[] w = this.w;
    for (int i = 0; i < 16; i++) {
      w[i] = (int) BIG_ENDIAN_INT.get(in, off + 4 * i);
    }
    compress();
  }

  /** Expands w[0..15] and compresses it into the state (GB/T 32905-2016, 5.3.2 and 5.3.3). */
  private void compress() {
    int[] w = this.w;
    for (int j = 16; j < 68; j++) {
      int x = w[j - 16] ^ w[j - 9] ^ Integer.rotateLeft(w[j - 3], 15);
      w[j] = x ^ Integer.rotateLeft(x, 15) ^ Integer.rotateLeft(x, 23) ^ Integer.rotateLeft(w[j - 13], 7) ^ w[j - 6];
    }
    int a = v0;
    int b = v1;
    int c = v2;
    int d = v3;
    int e = v4;
    int f = v5;
    int g = v6;
    int h = v7;
    int a12;
    int ss1;
    int tt2;
    int wj;
    // Each round writes TT1 over D and P0(TT2) over H and rotates B and F in place; the next round
    // reads the same eight variables under new names, so four rounds bring every name back.
      for (int j = 0; j < 16; j += 4) {
        a12 = Integer.rotateLeft(a, 12);
        ss1 = Integer.rotateLeft(a12 + e + T[j], 7);
        wj = w[j];
        d += (a ^ b ^ c) + (ss1 ^ a12) + (wj ^ w[j + 4]);
        tt2 = (e ^ f ^ g) + h + ss1 + wj;
        h = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        b = Integer.rotateLeft(b, 9);
        f = Integer.rotateLeft(f, 19);
        a12 = Integer.rotateLeft(d, 12);
        ss1 = Integer.rotateLeft(a12 + h + T[j + 1], 7);
        wj = w[j + 1];
        c += (d ^ a ^ b) + (ss1 ^ a12) + (wj ^ w[j + 5]);
        tt2 = (h ^ e ^ f) + g + ss1 + wj;
        g = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        a = Integer.rotateLeft(a, 9);
        e = Integer.rotateLeft(e, 19);
        a12 = Integer.rotateLeft(c, 12);
        ss1 = Integer.rotateLeft(a12 + g + T[j + 2], 7);
        wj = w[j + 2];
        b += (c ^ d ^ a) + (ss1 ^ a12) + (wj ^ w[j + 6]);
        tt2 = (g ^ h ^ e) + f + ss1 + wj;
        f = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        d = Integer.rotateLeft(d, 9);
        h = Integer.rotateLeft(h, 19);
        a12 = Integer.rotateLeft(b, 12);
        ss1 = Integer.rotateLeft(a12 + f + T[j + 3], 7);
        wj = w[j + 3];
        a += (b ^ c ^ d) + (ss1 ^ a12) + (wj ^ w[j + 7]);
        tt2 = (f ^ g ^ h) + e + ss1 + wj;
        e = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        c = Integer.rotateLeft(c, 9);
        g = Integer.rotateLeft(g, 19);
      }
      for (int j = 16; j < 64; j += 4) {
        a12 = Integer.rotateLeft(a, 12);
        ss1 = Integer.rotateLeft(a12 + e + T[j], 7);
        wj = w[j];
        d += ((a & b) | ((a | b) & c)) + (ss1 ^ a12) + (wj ^ w[j + 4]);
        tt2 = (((f ^ g) & e) ^ g) + h + ss1 + wj;
        h = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        b = Integer.rotateLeft(b, 9);
        f = Integer.rotateLeft(f, 19);
        a12 = Integer.rotateLeft(d, 12);
        ss1 = Integer.rotateLeft(a12 + h + T[j + 1], 7);
        wj = w[j + 1];
        c += ((d & a) | ((d | a) & b)) + (ss1 ^ a12) + (wj ^ w[j + 5]);
        tt2 = (((e ^ f) & h) ^ f) + g + ss1 + wj;
        g = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        a = Integer.rotateLeft(a, 9);
        e = Integer.rotateLeft(e, 19);
        a12 = Integer.rotateLeft(c, 12);
        ss1 = Integer.rotateLeft(a12 + g + T[j + 2], 7);
        wj = w[j + 2];
        b += ((c & d) | ((c | d) & a)) + (ss1 ^ a12) + (wj ^ w[j + 6]);
        tt2 = (((h ^ e) & g) ^ e) + f + ss1 + wj;
        f = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        d = Integer.rotateLeft(d, 9);
        h = Integer.rotateLeft(h, 19);
        a12 = Integer.rotateLeft(b, 12);
        ss1 = Integer.rotateLeft(a12 + f + T[j + 3], 7);
        wj = w[j + 3];
        a += ((b & c) | ((b | c) & d)) + (ss1 ^ a12) + (wj ^ w[j + 7]);
        tt2 = (((g ^ h) & f) ^ h) + e + ss1 + wj;
        e = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
        c = Integer.rotateLeft(c, 9);
        g = Integer.rotateLeft(g, 19);
      }
    v0 ^= a;
    v1 ^= b;
    v2 ^= c;
    v3 ^= d;
    v4 ^= e;
    v5 ^= f;
    v6 ^= g;
    v7 ^= h;
  }

  /** The JCA face of {@link Sm3}. */
  private static final class Jca extends MessageDigest implements Cloneable {
    private Sm3 sm3;

    Jca(Sm3 sm3) {
      super("SM3");
      this.sm3 = sm3;
    }

    @Override
    protected int engineGetDigestLength() {
      return DIGEST_LENGTH;
    }

    @Override
    protected void engineUpdate(byte input) {
      sm3.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      sm3.update(input, offset, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
      sm3.update(input);
    }

    @Override
    protected byte[] engineDigest() {
      return sm3.digest();
    }

    @Override
    protected int engineDigest(byte[] buf, int offset, int len) {
      if (len < DIGEST_LENGTH) {
        throw new IllegalArgumentException("an SM3 digest needs " + DIGEST_LENGTH + " bytes, " + len + " given");
      }
      sm3.digest(buf, offset);
      return DIGEST_LENGTH;
    }

    @Override
    protected void engineReset() {
      sm3.reset();
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
      Jca c = (Jca) super.clone();
      c.sm3 = sm3.copy();
      return c;
    }
  }
}

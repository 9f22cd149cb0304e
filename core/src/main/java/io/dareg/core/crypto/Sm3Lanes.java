package io.dareg.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Many SM3 computations at once, one lane each: every round is a loop over the lanes, which the
 * JIT turns into vector instructions (AVX2 or AVX-512 where the CPU has them), so a core hashes
 * several times as many bytes per second as one {@link Sm3} does. For hashing many independent
 * inputs, such as the files and chunks of an evidence tree; one long input gains nothing.
 *
 * <p>Each job continues an {@link Sm3} that stands at a block boundary over whole 64-byte blocks
 * of an array or a buffer (a direct one is read in place); the caller hashes what precedes and
 * follows them with the {@code Sm3} itself.
 * Not thread-safe.
 *
 * <pre>{@code
 * Sm3Lanes lanes = new Sm3Lanes(128);
 * Sm3 d = new Sm3();
 * lanes.add(d, data, 0, data.length / 64, () -> d.update(data, data.length & -64, data.length % 64));
 * while (lanes.active() > 0) {
 *   lanes.runUntilOneDone();
 * }
 * d.digest();   // the same as new Sm3().update(data).digest()
 * }</pre>
 */
public final class Sm3Lanes {
  /**
   * Big-endian reads of any buffer whatever its own order; for a direct buffer about 1.7x as fast
   * as {@code ByteBuffer.getInt(index)} in the gather loop here (2.8 against 1.6 GB/s of input).
   */
  private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private final int capacity;
  private int active;
  private final int[][] state = new int[8][];
  /** The state before the block, for the final xor (V(i+1) = ABCDEFGH xor V(i)). */
  private final int[][] saved = new int[8][];
  private final int[][] w = new int[68][];
  private final Sm3[] digests;
  private final ByteBuffer[] data;
  private final int[] position;
  private final int[] blocksLeft;
  private final int[] blocksTotal;
  private final Runnable[] whenDone;

  /** An engine with room for {@code capacity} jobs at once (128 keeps AVX-512 busy). */
  public Sm3Lanes(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, not " + capacity);
    }
    this.capacity = capacity;
    for (int i = 0; i < 8; i++) {
      state[i] = new int[capacity];
      saved[i] = new int[capacity];
    }
    for (int j = 0; j < 68; j++) {
      w[j] = new int[capacity];
    }
    digests = new Sm3[capacity];
    data = new ByteBuffer[capacity];
    position = new int[capacity];
    blocksLeft = new int[capacity];
    blocksTotal = new int[capacity];
    whenDone = new Runnable[capacity];
  }

  /** How many jobs there is room for. */
  public int capacity() {
    return capacity;
  }

  /** How many jobs are running. */
  public int active() {
    return active;
  }

  /** {@link #add(Sm3, ByteBuffer, int, int, Runnable)} over an array. */
  public void add(Sm3 digest, byte[] in, int off, int blocks, Runnable done) {
    add(digest, ByteBuffer.wrap(in), off, blocks, done);
  }

  /**
   * Adds a job: continue {@code digest} over {@code blocks} 64-byte blocks of {@code in} from
   * index {@code off} (its position and limit are ignored), then run {@code done} (on this thread,
   * from {@link #runUntilOneDone}, or from here at once if {@code blocks} is 0). The digest must
   * stand at a block boundary (unless {@code blocks} is 0) and must not be used until then.
   *
   * @throws IllegalStateException if all lanes are busy or the digest has a partial block
   */
  public void add(Sm3 digest, ByteBuffer in, int off, int blocks, Runnable done) {
    if (active == capacity) {
      throw new IllegalStateException("all " + capacity + " lanes are busy");
    }
    if (blocks > 0 && digest.partialLength() != 0) {
      throw new IllegalStateException("the digest holds a partial block; lanes take whole blocks only");
    }
    Objects.checkFromIndexSize(off, blocks * 64L > Integer.MAX_VALUE ? -1 : blocks * 64, in.capacity());
    int l = active++;
    int[] v = digest.stateWords();
    for (int i = 0; i < 8; i++) {
      state[i][l] = v[i];
    }
    digests[l] = digest;
    data[l] = in;
    position[l] = off;
    blocksLeft[l] = blocks;
    blocksTotal[l] = blocks;
    whenDone[l] = done;
    if (blocks == 0) {
      finish(l);
    }
  }

  /** Compresses one block in every lane until at least one job is done (or none is running). */
  public void runUntilOneDone() {
    while (active > 0) {
      int n = active;
      int least = Integer.MAX_VALUE;
      for (int l = 0; l < n; l++) {
        least = Math.min(least, blocksLeft[l]);
      }
      for (int k = 0; k < least; k++) {
        gather(n);
        compress(n);
      }
      boolean any = false;
      for (int l = n - 1; l >= 0; l--) {
        blocksLeft[l] -= least;
        if (blocksLeft[l] == 0) {
          finish(l);
          any = true;
        }
      }
      if (any) {
        return;
      }
    }
  }

  private void gather(int n) {
    for (int l = 0; l < n; l++) {
      ByteBuffer in = data[l];
      int p = position[l];
      for (int i = 0; i < 16; i++) {
        w[i][l] = (int) BIG_ENDIAN_INT.get(in, p + 4 * i);
      }
      position[l] = p + 64;
    }
  }

  /** Hands lane {@code l}'s state back to its digest, runs its callback and frees the lane. */
  private void finish(int l) {
    int[] v = new int[8];
    for (int i = 0; i < 8; i++) {
      v[i] = state[i][l];
    }
    Sm3 digest = digests[l];
    Runnable done = whenDone[l];
    digest.continueFrom(v, 64L * blocksTotal[l]);
    int last = --active;
    if (l != last) {
      for (int i = 0; i < 8; i++) {
        state[i][l] = state[i][last];
      }
      digests[l] = digests[last];
      data[l] = data[last];
      position[l] = position[last];
      blocksLeft[l] = blocksLeft[last];
      blocksTotal[l] = blocksTotal[last];
      whenDone[l] = whenDone[last];
    }
    digests[last] = null;
    data[last] = null;
    whenDone[last] = null;
    done.run();
  }

  /** Expands and compresses the block in w[0..15] of lanes 0..n-1; each loop body is one lane. */
  private void compress(int n) {
    int[][] w = this.w;
    for (int j = 16; j < 68; j++) {
      int[] o = w[j];
      int[] w16 = w[j - 16];
      int[] w13 = w[j - 13];
      int[] w9 = w[j - 9];
      int[] w6 = w[j - 6];
      int[] w3 = w[j - 3];
      for (int l = 0; l < n; l++) {
        int x = w16[l] ^ w9[l] ^ Integer.rotateLeft(w3[l], 15);
        o[l] = x ^ Integer.rotateLeft(x, 15) ^ Integer.rotateLeft(x, 23) ^ Integer.rotateLeft(w13[l], 7) ^ w6[l];
      }
    }
    int[] a = state[0];
    int[] b = state[1];
    int[] c = state[2];
    int[] d = state[3];
    int[] e = state[4];
    int[] f = state[5];
    int[] g = state[6];
    int[] h = state[7];
    for (int i = 0; i < 8; i++) {
      System.arraycopy(state[i], 0, saved[i], 0, n);
    }
    for (int j = 0; j < 64; j++) {
      int t = Sm3.T[j];
      int[] wj = w[j];
      int[] wj4 = w[j + 4];
      if (j < 16) {
        for (int l = 0; l < n; l++) {
          int av = a[l];
          int ev = e[l];
          int x = Integer.rotateLeft(av, 12);
          int y = Integer.rotateLeft(x + ev + t, 7);
          int bv = b[l];
          int fv = f[l];
          int w0 = wj[l];
          int tt2 = (ev ^ fv ^ g[l]) + h[l] + y + w0;
          d[l] = (av ^ bv ^ c[l]) + d[l] + (y ^ x) + (w0 ^ wj4[l]);
          h[l] = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
          b[l] = Integer.rotateLeft(bv, 9);
          f[l] = Integer.rotateLeft(fv, 19);
        }
      } else {
        for (int l = 0; l < n; l++) {
          int av = a[l];
          int ev = e[l];
          int x = Integer.rotateLeft(av, 12);
          int y = Integer.rotateLeft(x + ev + t, 7);
          int bv = b[l];
          int fv = f[l];
          int gv = g[l];
          int w0 = wj[l];
          int tt2 = (((fv ^ gv) & ev) ^ gv) + h[l] + y + w0;
          d[l] = ((av & bv) | ((av | bv) & c[l])) + d[l] + (y ^ x) + (w0 ^ wj4[l]);
          h[l] = tt2 ^ Integer.rotateLeft(tt2, 9) ^ Integer.rotateLeft(tt2, 17);
          b[l] = Integer.rotateLeft(bv, 9);
          f[l] = Integer.rotateLeft(fv, 19);
        }
      }
      // The round wrote TT1 over D and P0(TT2) over H: rename, as Sm3 does with variables.
      int[] r = h;
      h = g;
      g = f;
      f = e;
      e = r;
      r = d;
      d = c;
      c = b;
      b = a;
      a = r;
    }
    for (int i = 0; i < 8; i++) {
      int[] s = state[i];
      int[] v = saved[i];
      for (int l = 0; l < n; l++) {
        s[l] ^= v[l];
      }
    }
  }
}

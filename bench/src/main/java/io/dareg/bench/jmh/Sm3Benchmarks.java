package io.dareg.bench.jmh;

import io.dareg.core.crypto.Sm3;
import io.dareg.core.crypto.Sm3Lanes;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One core's hashing speed, 1 MiB per operation (ops/s x 1.05 = MB/s): dareg's {@link Sm3} on one
 * input against Bouncy Castle's {@code SM3Digest} and the JDK's SHA-256, and {@link Sm3Lanes} on
 * 128 inputs of 8 KiB at once, from direct buffers as the evidence hashing reads them.
 * Compare with {@code openssl speed -evp sm3 -bytes 16384} on the same machine.
 *
 * <pre>
 * java -jar bench/target/dareg-bench-*-all.jar Sm3Benchmarks -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm3Benchmarks {
  private static final int SIZE = 1 << 20;
  private static final int LANES = 128;

  private byte[] data;
  private final byte[] out = new byte[32];
  private final Sm3 sm3 = new Sm3();
  private final SM3Digest bouncyCastle = new SM3Digest();
  private MessageDigest sha256;
  private final Sm3Lanes lanes = new Sm3Lanes(LANES);
  private final ByteBuffer[] direct = new ByteBuffer[LANES];
  private final Sm3[] laneDigests = new Sm3[LANES];

  @Setup
  public void setUp() throws Exception {
    data = new byte[SIZE];
    new Random(26).nextBytes(data);
    sha256 = MessageDigest.getInstance("SHA-256");
    int each = SIZE / LANES;
    for (int l = 0; l < LANES; l++) {
      direct[l] = ByteBuffer.allocateDirect(each).put(data, l * each, each).flip();
      laneDigests[l] = new Sm3();
    }
  }

  @Benchmark
  public byte[] sm3Dareg() {
    sm3.update(data, 0, SIZE);
    sm3.digest(out, 0);
    return out;
  }

  @Benchmark
  public byte[] sm3BouncyCastle() {
    bouncyCastle.update(data, 0, SIZE);
    bouncyCastle.doFinal(out, 0);
    return out;
  }

  @Benchmark
  public byte[] sha256Jdk() throws Exception {
    sha256.update(data, 0, SIZE);
    sha256.digest(out, 0, 32);
    return out;
  }

  @Benchmark
  public byte[] sm3Lanes128() {
    int blocks = SIZE / LANES / 64;
    for (int l = 0; l < LANES; l++) {
      Sm3 d = laneDigests[l];
      d.reset();
      lanes.add(d, direct[l], 0, blocks, () -> d.digest(out, 0));
    }
    while (lanes.active() > 0) {
      lanes.runUntilOneDone();
    }
    return out;
  }
}

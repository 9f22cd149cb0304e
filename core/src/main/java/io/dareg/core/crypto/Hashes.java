package io.dareg.core.crypto;

import io.dareg.core.model.HashAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.HexFormat;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * SHA-256 and SM3 digests. SHA-256 comes from the JDK, whose implementation uses the CPU's SHA
 * instructions; SM3 from a Bouncy Castle provider instance held here (never installed globally).
 *
 * <pre>{@code
 * String hex = Hashes.hex(HashAlgorithm.SM3, "abc".getBytes(UTF_8));
 * // 66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0
 * }</pre>
 */
public final class Hashes {
  private static final Provider BC = new BouncyCastleProvider();
  private static final HexFormat HEX = HexFormat.of();

  private Hashes() {}

  /** A fresh digest for streaming input; not thread-safe, like every MessageDigest. */
  public static MessageDigest newDigest(HashAlgorithm algorithm) {
    try {
      return algorithm == HashAlgorithm.SM3
          ? MessageDigest.getInstance("SM3", BC)
          : MessageDigest.getInstance(algorithm.jcaName());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is not available in this JVM", e);
    }
  }

  /** The digest of {@code data}. */
  public static byte[] digest(HashAlgorithm algorithm, byte[] data) {
    return newDigest(algorithm).digest(data);
  }

  /** The digest of {@code data} as lower-case hex. */
  public static String hex(HashAlgorithm algorithm, byte[] data) {
    return toHex(digest(algorithm, data));
  }

  /** Lower-case hex of {@code bytes}. */
  public static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The bytes of a hex string (either case); a clear error for odd length or other characters. */
  public static byte[] fromHex(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("hex text has an odd number of characters (" + hex.length() + ")");
    }
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not hexadecimal: " + e.getMessage(), e);
    }
  }
}

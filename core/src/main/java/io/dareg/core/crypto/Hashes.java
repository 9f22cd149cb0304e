package io.dareg.core.crypto;

import io.dareg.core.model.HashAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 and SM3 digests. SHA-256 comes from the JDK, whose implementation uses the CPU's SHA
 * instructions; SM3 is dareg's own {@link Sm3} (checked against Bouncy Castle and OpenSSL).
 *
 * <pre>{@code
 * String hex = Hashes.hex(HashAlgorithm.SM3, "abc".getBytes(UTF_8));
 * // 66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0
 * }</pre>
 */
public final class Hashes {
  private static final HexFormat HEX = HexFormat.of();

  private Hashes() {}

  /** A fresh digest for streaming input; not thread-safe, like every MessageDigest. */
  public static MessageDigest newDigest(HashAlgorithm algorithm) {
    try {
      return algorithm == HashAlgorithm.SM3 ? Sm3.newMessageDigest() : MessageDigest.getInstance(algorithm.jcaName());
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

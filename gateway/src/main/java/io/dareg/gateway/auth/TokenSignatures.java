package io.dareg.gateway.auth;

import io.dareg.core.crypto.NativeEcdsa;
import java.security.Provider;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What checks the ES256 signature every bearer token carries, one per request: BoringSSL through
 * Conscrypt where its native library loads (bundled for Linux and macOS on x86-64 and ARM64, and
 * Windows on x86-64), Bouncy Castle elsewhere or when the operator asks for it. Under register
 * load Bouncy Castle's check was the largest single cost of a request that carries a token;
 * BoringSSL does the same check for about two thirds of the CPU (figures in bench/README.md). SM2
 * tokens and the chain from a caller's certificate to the registry's CA are checked by Bouncy
 * Castle either way.
 *
 * <p>BoringSSL is only taken after a check at start-up: a signature made by Bouncy Castle with a
 * fresh key must verify, and the same signature over a changed message must not.
 *
 * @param provider the JCA provider handed to {@link io.dareg.core.auth.BearerTokens}
 * @param name what the start-up message calls it
 * @param why why this one, when it is not the one asked for (empty otherwise)
 */
public record TokenSignatures(Provider provider, String name, String why) {
  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  /** The operator's choice ({@code --token-signatures}). */
  public enum Choice {
    /** BoringSSL where it loads and passes the start-up check, else Bouncy Castle: the default. */
    AUTOMATIC,
    /** BoringSSL or refuse to start. */
    BORINGSSL,
    /** Bouncy Castle only: Java code, no native library. */
    BOUNCYCASTLE;

    /** The choice an option value names: {@code boringssl} or {@code bouncycastle}. */
    public static Choice parse(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "boringssl" -> BORINGSSL;
        case "bouncycastle" -> BOUNCYCASTLE;
        default -> throw new IllegalArgumentException("--token-signatures is boringssl or bouncycastle, not '" + value
            + "' (leave it out to take BoringSSL where it loads and Bouncy Castle elsewhere)");
      };
    }
  }

  /** Bouncy Castle for every token. */
  public static TokenSignatures bouncyCastle() {
    return new TokenSignatures(BOUNCY_CASTLE, "Bouncy Castle", "");
  }

  /**
   * The checker {@code choice} asks for on this machine; {@link IllegalStateException}, saying why,
   * when BoringSSL is required and cannot be used.
   */
  public static TokenSignatures choose(Choice choice) {
    if (choice == Choice.BOUNCYCASTLE) {
      return bouncyCastle();
    }
    Provider boringSsl = NativeEcdsa.provider();
    if (boringSsl != null) {
      return new TokenSignatures(boringSsl, "BoringSSL", "");
    }
    String failure = NativeEcdsa.unavailableBecause();
    if (choice == Choice.BORINGSSL) {
      throw new IllegalStateException("--token-signatures boringssl: " + failure
          + "; leave the option out to fall back to Bouncy Castle");
    }
    return new TokenSignatures(BOUNCY_CASTLE, "Bouncy Castle", failure);
  }

  /** Null when {@code candidate} signs and checks ES256 as Bouncy Castle does on a sample, else what went wrong. */
  static String selfCheck(Provider candidate) {
    return NativeEcdsa.selfCheck(candidate);
  }
}

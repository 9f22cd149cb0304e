package io.dareg.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.conscrypt.Conscrypt;

/**
 * BoringSSL's ECDSA P-256, through Conscrypt, where its native library loads (bundled for Linux and macOS on x86-64
 * and ARM64, and Windows on x86-64) and passes a check at first use: a signature Bouncy Castle made with a fresh key
 * must verify, the same signature over a changed message must not, and a signature BoringSSL made must verify under
 * Bouncy Castle. On this project's machine it verifies in about 85 us and signs in about 50 us against Bouncy
 * Castle's 330 and 190 (bench/README.md). SM2 has no native path: Bouncy Castle does it everywhere.
 *
 * <p>Both libraries accept exactly the DER-encoded signatures that verify (each refuses a non-minimal or trailing
 * encoding), so a ledger whose rules run with one and replayed with the other reaches the same verdicts
 * ({@code SignaturesAgreementTest}).
 */
public final class NativeEcdsa {
  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
  private static volatile Loaded loaded;

  private record Loaded(Provider provider, String failure) {}

  private NativeEcdsa() {}

  /** The BoringSSL provider, or null where it does not load or failed its check ({@link #unavailableBecause()} says why). */
  public static Provider provider() {
    return load().provider();
  }

  /** Why {@link #provider()} is null, or null when it is not. */
  public static String unavailableBecause() {
    return load().failure();
  }

  private static Loaded load() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (NativeEcdsa.class) {
        l = loaded;
        if (l == null) {
          l = tryLoad();
          loaded = l;
        }
      }
    }
    return l;
  }

  private static Loaded tryLoad() {
    try {
      if (!Conscrypt.isAvailable()) {
        return new Loaded(null, "Conscrypt has no native library for " + System.getProperty("os.name") + " on "
            + System.getProperty("os.arch"));
      }
      Provider boringSsl = Conscrypt.newProvider();
      String failure = selfCheck(boringSsl);
      return failure == null ? new Loaded(boringSsl, null) : new Loaded(null, failure);
    } catch (LinkageError | RuntimeException e) {
      return new Loaded(null, "Conscrypt's native library does not load here (" + e + ")");
    }
  }

  /** Null when {@code candidate} signs and checks ECDSA P-256 as Bouncy Castle does on a sample, else what went wrong. */
  public static String selfCheck(Provider candidate) {
    Signatures bouncyCastle = new Signatures(BOUNCY_CASTLE);
    Signatures checker = new Signatures(candidate);
    try {
      KeyPair keys = bouncyCastle.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      byte[] message = "dareg checks the native ECDSA".getBytes(StandardCharsets.US_ASCII);
      byte[] signature = bouncyCastle.sign(SignatureAlgorithm.ECDSA_P256_SHA256, keys.getPrivate(), message);
      PublicKey key = KeyFactory.getInstance("EC", candidate).generatePublic(new X509EncodedKeySpec(keys.getPublic().getEncoded()));
      if (!checker.verify(SignatureAlgorithm.ECDSA_P256_SHA256, key, message, signature)) {
        return candidate.getName() + " refused a valid ECDSA P-256 signature";
      }
      message[0] ^= 1;
      if (checker.verify(SignatureAlgorithm.ECDSA_P256_SHA256, key, message, signature)) {
        return candidate.getName() + " accepted an ECDSA P-256 signature over a changed message";
      }
      byte[] own = checker.sign(SignatureAlgorithm.ECDSA_P256_SHA256, keys.getPrivate(), message);
      if (!bouncyCastle.verify(SignatureAlgorithm.ECDSA_P256_SHA256, keys.getPublic(), message, own)) {
        return candidate.getName() + " made an ECDSA P-256 signature that Bouncy Castle refuses";
      }
      return null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return candidate.getName() + " cannot sign or check ECDSA P-256 signatures (" + e + ")";
    }
  }
}

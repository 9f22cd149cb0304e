package io.dareg.core.crypto;

import io.dareg.core.model.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signing and verifying with ECDSA P-256 / SHA-256 and SM2 / SM3 through a Bouncy Castle provider
 * that the caller passes in (the JDK 17 providers verify P-256 about ten times slower, and have no
 * SM2), or through {@link #fastest()}, which hands ECDSA P-256 to BoringSSL where it loads.
 * Signatures are DER-encoded. Thread-safe: every call takes its own {@link Signature}.
 *
 * <pre>{@code
 * Signatures sig = new Signatures(new BouncyCastleProvider());
 * KeyPair keys = sig.generate(SignatureAlgorithm.SM2_SM3);
 * byte[] s = sig.sign(SignatureAlgorithm.SM2_SM3, keys.getPrivate(), payload);
 * boolean ok = sig.verify(SignatureAlgorithm.SM2_SM3, keys.getPublic(), payload, s);
 * }</pre>
 */
public final class Signatures {
  /** The SM2 signer ID GB/T 32918 recommends when the parties agree on none. */
  public static final String SM2_DEFAULT_ID = "1234567812345678";
  /** How many converted keys {@link #forEcdsa} keeps before it starts again. */
  private static final int MAX_KEPT_KEYS = 10_000;

  private static final Signatures FASTEST = fastestNow();

  private final Provider provider;
  /** What signs and verifies ECDSA P-256: {@link #provider} or BoringSSL ({@link NativeEcdsa}). */
  private final Provider ecdsa;
  /** Keys as {@link #ecdsa} reads them, by the key given (most calls check a few authors' keys again and again). */
  private final Map<Key, Key> ecdsaKeys = new ConcurrentHashMap<>();

  /** Signatures through {@code provider}, normally {@code new BouncyCastleProvider()}. */
  public Signatures(Provider provider) {
    this(provider, provider);
  }

  private Signatures(Provider provider, Provider ecdsa) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.ecdsa = Objects.requireNonNull(ecdsa, "ecdsa");
  }

  /**
   * Bouncy Castle, with ECDSA P-256 signed and verified by BoringSSL where {@link NativeEcdsa} loads it: what the rules
   * and clients use. One instance, shared (thread-safe).
   */
  public static Signatures fastest() {
    return FASTEST;
  }

  private static Signatures fastestNow() {
    Provider bc = new BouncyCastleProvider();
    Provider boringSsl = NativeEcdsa.provider();
    return new Signatures(bc, boringSsl == null ? bc : boringSsl);
  }

  /** The name of what signs and verifies ECDSA P-256 here: {@code BoringSSL} or the provider's name. */
  public String ecdsaName() {
    return ecdsa == provider ? provider.getName() : "BoringSSL";
  }

  /** The provider this instance uses. */
  public Provider provider() {
    return provider;
  }

  /** A new key pair on the algorithm's curve. */
  public KeyPair generate(SignatureAlgorithm algorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
      g.initialize(new ECGenParameterSpec(algorithm.curve()));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm.curve() + " key", e);
    }
  }

  /** The DER signature of {@code data}. */
  public byte[] sign(SignatureAlgorithm algorithm, PrivateKey key, byte[] data) {
    requireCurve(algorithm, key);
    try {
      Signature s = instance(algorithm);
      s.initSign(forEcdsa(algorithm, key));
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + algorithm.wireName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * True when {@code signature} is a valid DER signature of {@code data} by {@code key}. A bad or
   * malformed signature is false; a key of the wrong curve is a programming error and throws.
   */
  public boolean verify(SignatureAlgorithm algorithm, PublicKey key, byte[] data, byte[] signature) {
    requireCurve(algorithm, key);
    try {
      Signature s = instance(algorithm);
      s.initVerify(forEcdsa(algorithm, key));
      s.update(data);
      return s.verify(signature);
    } catch (SignatureException | InvalidKeyException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot verify with " + algorithm.wireName() + ": " + e.getMessage(), e);
    }
  }

  /** The algorithm that goes with an EC public key's curve. */
  public SignatureAlgorithm algorithmOf(PublicKey key) {
    if (key instanceof ECKey) {
      java.math.BigInteger order = ((ECKey) key).getParams().getOrder();
      for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
        if (a.order().equals(order)) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException("not a P-256 or SM2 key: " + key.getAlgorithm());
  }

  /** A public key from PEM ({@code PUBLIC KEY}, SubjectPublicKeyInfo). */
  public PublicKey publicKeyFromPem(String pem) {
    try {
      return KeyFactory.getInstance("EC", provider).generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an EC public key: " + e.getMessage(), e);
    }
  }

  /** A private key from PEM ({@code PRIVATE KEY}, PKCS#8). */
  public PrivateKey privateKeyFromPem(String pem) {
    try {
      return KeyFactory.getInstance("EC", provider).generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an EC private key: " + e.getMessage(), e);
    }
  }

  /** PEM of a public key (SubjectPublicKeyInfo). */
  public static String toPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /** PEM of a private key (PKCS#8). */
  public static String toPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /**
   * A key's id: the first 16 bytes of the SHA-256 of its SubjectPublicKeyInfo DER, as 32 lower-case
   * hex characters.
   */
  public static String keyId(PublicKey key) {
    return Hashes.toHex(Arrays.copyOf(Hashes.digest(HashAlgorithm.SHA256, key.getEncoded()), 16));
  }

  private Signature instance(SignatureAlgorithm algorithm) throws GeneralSecurityException {
    Signature s = Signature.getInstance(algorithm.jcaName(), algorithm == SignatureAlgorithm.ECDSA_P256_SHA256 ? ecdsa : provider);
    if (algorithm == SignatureAlgorithm.SM2_SM3) {
      s.setParameter(new SM2ParameterSpec(SM2_DEFAULT_ID.getBytes(StandardCharsets.US_ASCII)));
    }
    return s;
  }

  /**
   * {@code key} as the provider that handles {@code algorithm} reads it: BoringSSL takes another library's key only
   * after re-encoding it on every call (139 us a check instead of 85), so each key is converted once and kept.
   */
  @SuppressWarnings("unchecked")
  private <K extends Key> K forEcdsa(SignatureAlgorithm algorithm, K key) throws GeneralSecurityException {
    if (algorithm != SignatureAlgorithm.ECDSA_P256_SHA256 || ecdsa == provider) {
      return key;
    }
    Key known = ecdsaKeys.get(key);
    if (known == null) {
      KeyFactory f = KeyFactory.getInstance("EC", ecdsa);
      known = key instanceof PublicKey ? f.generatePublic(new X509EncodedKeySpec(key.getEncoded()))
          : f.generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
      if (ecdsaKeys.size() >= MAX_KEPT_KEYS) {
        ecdsaKeys.clear();
      }
      ecdsaKeys.put(key, known);
    }
    return (K) known;
  }

  private void requireCurve(SignatureAlgorithm algorithm, Key key) {
    if (!(key instanceof ECKey) || !algorithm.order().equals(((ECKey) key).getParams().getOrder())) {
      throw new IllegalArgumentException("a " + algorithm.wireName() + " signature needs a " + algorithm.curve() + " key");
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[] der(String pem, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("no " + type + " block in the PEM text");
    }
    String body = pem.substring(b + begin.length(), e).replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}

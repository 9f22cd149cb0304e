package io.dareg.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.BigIntegers;

/**
 * Signed bearer tokens bound to a key (used by the gateway to authenticate callers and by clients to
 * make tokens): a compact JWS whose header carries the caller's X.509
 * certificate (x5c) issued by the registry's CA, and whose claims carry audience, issue time,
 * expiry and a random id. The gateway trusts the certificate's subject (O = organisation, OU = role,
 * CN = user) only after checking the chain to its root, the signature by the certificate's key and
 * the time window; the format is described in gateway/README.md. ES256 for P-256 keys; {@code SM2SM3} for SM2 keys, both with the raw 64-byte
 * r‖s signature of JWS.
 */
public final class BearerTokens {
  /** The audience every dareg token names. */
  public static final String AUDIENCE = "dareg";

  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final List<X509Certificate> roots;
  private final Duration maxLifetime;
  private final Duration skew = Duration.ofSeconds(60);
  private final Signatures es256;
  // A caller sends the same certificate with every token, and whether a root signed it is the same
  // answer for the same bytes: remembered, so each request costs one signature check, not two
  // (validity dates are still checked every time), with the key already in the form the token's
  // checker wants (for Bouncy Castle the same parsed key also keeps its precomputed multiples).
  private final BoundedCache<String, Issued> issuedByRoot = new BoundedCache<>(4096);

  /** A caller certificate found issued by a root, and how its tokens' signatures are checked. */
  private record Issued(X509Certificate cert, Signatures checker, PublicKey key) {}

  /**
   * A verifier trusting {@code roots}, refusing tokens that live longer than {@code maxLifetime};
   * every signature is checked with Bouncy Castle.
   */
  public BearerTokens(List<X509Certificate> roots, Duration maxLifetime) {
    this(roots, maxLifetime, SIGNATURES.provider());
  }

  /**
   * As {@link #BearerTokens(List, Duration)}, but ES256 token signatures are checked through
   * {@code es256}, for instance a provider backed by native code, which checks P-256 signatures
   * with less CPU than Bouncy Castle. SM2 tokens and the certificates' chains to the roots are
   * still checked with Bouncy Castle.
   */
  public BearerTokens(List<X509Certificate> roots, Duration maxLifetime, Provider es256) {
    this.roots = List.copyOf(roots);
    this.maxLifetime = maxLifetime;
    this.es256 = BouncyCastleProvider.PROVIDER_NAME.equals(es256.getName()) ? SIGNATURES : new Signatures(es256);
  }

  /** Why a token is not accepted. */
  public static final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTokenException(String message) {
      super(message);
    }
  }

  /** A token for the holder of {@code key} and {@code certificate}, valid from {@code now} for {@code lifetime}. */
  public static String sign(X509Certificate certificate, PrivateKey key, Instant now, Duration lifetime) {
    try {
      SignatureAlgorithm alg = SIGNATURES.algorithmOf(certificate.getPublicKey());
      ObjectNode header = Json.mapper().createObjectNode();
      header.put("alg", alg == SignatureAlgorithm.SM2_SM3 ? "SM2SM3" : "ES256");
      header.put("typ", "dareg+jwt");
      header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
      ObjectNode claims = Json.mapper().createObjectNode();
      claims.put("aud", AUDIENCE);
      claims.put("iat", now.getEpochSecond());
      claims.put("exp", now.plus(lifetime).getEpochSecond());
      byte[] jti = new byte[16];
      RANDOM.nextBytes(jti);
      claims.put("jti", Hashes.toHex(jti));
      String input = URL.encodeToString(Json.canonical(header)) + "." + URL.encodeToString(Json.canonical(claims));
      byte[] der = SIGNATURES.sign(alg, key, input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(raw(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
    }
  }

  /**
   * The certificate of the caller a valid token speaks for; {@link InvalidTokenException} says why
   * a token is refused.
   */
  public X509Certificate verify(String token, Instant now) throws InvalidTokenException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new InvalidTokenException("a token has three dot-separated parts");
    }
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      header = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidTokenException("the token is not well-formed base64url JSON");
    }
    Issued issued = issuedHere(header.path("x5c").path(0).asText());
    X509Certificate cert = valid(issued.cert(), now);
    SignatureAlgorithm alg = SIGNATURES.algorithmOf(cert.getPublicKey());
    String expectedAlg = alg == SignatureAlgorithm.SM2_SM3 ? "SM2SM3" : "ES256";
    if (!expectedAlg.equals(header.path("alg").asText())) {
      throw new InvalidTokenException("the token's alg does not fit its certificate's key");
    }
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (signature.length != 64 || !issued.checker().verify(alg, issued.key(), input, der(signature))) {
      throw new InvalidTokenException("the token's signature does not verify with its certificate's key");
    }
    if (!AUDIENCE.equals(claims.path("aud").asText())) {
      throw new InvalidTokenException("the token is for another audience");
    }
    long iat = claims.path("iat").asLong(Long.MIN_VALUE);
    long exp = claims.path("exp").asLong(Long.MIN_VALUE);
    if (iat == Long.MIN_VALUE || exp == Long.MIN_VALUE) {
      throw new InvalidTokenException("the token needs iat and exp");
    }
    if (Instant.ofEpochSecond(iat).isAfter(now.plus(skew))) {
      throw new InvalidTokenException("the token is not valid yet");
    }
    if (!Instant.ofEpochSecond(exp).isAfter(now)) {
      throw new InvalidTokenException("the token expired at " + Instant.ofEpochSecond(exp));
    }
    if (Duration.ofSeconds(exp - iat).compareTo(maxLifetime) > 0) {
      throw new InvalidTokenException("the token lives longer than the " + maxLifetime + " this gateway allows");
    }
    return cert;
  }

  /**
   * The caller certificate {@code base64Der} (a token's x5c, or a TLS client certificate), once it
   * is known to be issued by one of the roots and valid at {@code now}; {@link
   * InvalidTokenException} says why not.
   */
  public X509Certificate trusted(String base64Der, Instant now) throws InvalidTokenException {
    return valid(issuedHere(base64Der).cert(), now);
  }

  private static X509Certificate valid(X509Certificate cert, Instant now) throws InvalidTokenException {
    try {
      cert.checkValidity(Date.from(now));
    } catch (GeneralSecurityException e) {
      throw new InvalidTokenException("the caller's certificate is not valid now (" + e.getMessage() + "): renew it");
    }
    return cert;
  }

  private Issued issuedHere(String x5c) throws InvalidTokenException {
    Issued known = issuedByRoot.get(x5c);
    if (known != null) {
      return known;
    }
    X509Certificate cert;
    try {
      cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509", SIGNATURES.provider())
          .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(x5c)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new InvalidTokenException("the caller's certificate cannot be read (a token carries it as x5c)");
    }
    for (X509Certificate root : roots) {
      if (!root.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        continue;
      }
      try {
        cert.verify(root.getPublicKey(), SIGNATURES.provider());
      } catch (GeneralSecurityException e) {
        continue; // another root of the same name (two registries' CAs named alike) may have issued it
      }
      Issued issued = checkedBy(cert);
      issuedByRoot.put(x5c, issued);
      return issued;
    }
    throw new InvalidTokenException("the caller's certificate is not issued by this registry's CA");
  }

  /** How tokens signed with {@code cert}'s key are checked: ES256 through {@link #es256}. */
  private Issued checkedBy(X509Certificate cert) {
    PublicKey key = cert.getPublicKey();
    if (es256 == SIGNATURES || !isP256(key)) {
      return new Issued(cert, SIGNATURES, key);
    }
    try {
      // The key as the checker's own type, converted once rather than on every request.
      PublicKey converted = KeyFactory.getInstance("EC", es256.provider()).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
      return new Issued(cert, es256, converted);
    } catch (GeneralSecurityException e) {
      // A key the other provider cannot take is still a valid P-256 key: Bouncy Castle checks it.
      return new Issued(cert, SIGNATURES, key);
    }
  }

  private static boolean isP256(PublicKey key) {
    try {
      return SIGNATURES.algorithmOf(key) == SignatureAlgorithm.ECDSA_P256_SHA256;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] raw(byte[] der) {
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    byte[] out = new byte[64];
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(seq.getObjectAt(0)).getValue()), 0, out, 0, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()), 0, out, 32, 32);
    return out;
  }

  private static byte[] der(byte[] raw) {
    try {
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32))));
      v.add(new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64))));
      return new DERSequence(v).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
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
  // A caller sends the same certificate with every token, and whether a root signed it is the same
  // answer for the same bytes: remembered, so each request costs one signature check, not two
  // (validity dates are still checked every time). The same parsed key also keeps Bouncy Castle's
  // precomputed multiples of its point, which makes the token's own check faster.
  private final BoundedCache<String, X509Certificate> issuedByRoot = new BoundedCache<>(4096);

  /** A verifier trusting {@code roots}, refusing tokens that live longer than {@code maxLifetime}. */
  public BearerTokens(List<X509Certificate> roots, Duration maxLifetime) {
    this.roots = List.copyOf(roots);
    this.maxLifetime = maxLifetime;
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
    X509Certificate cert = trusted(header.path("x5c").path(0).asText(), now);
    SignatureAlgorithm alg = SIGNATURES.algorithmOf(cert.getPublicKey());
    String expectedAlg = alg == SignatureAlgorithm.SM2_SM3 ? "SM2SM3" : "ES256";
    if (!expectedAlg.equals(header.path("alg").asText())) {
      throw new InvalidTokenException("the token's alg does not fit its certificate's key");
    }
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (signature.length != 64 || !SIGNATURES.verify(alg, cert.getPublicKey(), input, der(signature))) {
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
    X509Certificate cert = issuedHere(base64Der);
    try {
      cert.checkValidity(Date.from(now));
    } catch (GeneralSecurityException e) {
      throw new InvalidTokenException("the caller's certificate is not valid now (" + e.getMessage() + "): renew it");
    }
    return cert;
  }

  private X509Certificate issuedHere(String x5c) throws InvalidTokenException {
    X509Certificate known = issuedByRoot.get(x5c);
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
        issuedByRoot.put(x5c, cert);
        return cert;
      } catch (GeneralSecurityException e) {
        break;
      }
    }
    throw new InvalidTokenException("the caller's certificate is not issued by this registry's CA");
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

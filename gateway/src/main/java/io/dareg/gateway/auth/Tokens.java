package io.dareg.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.CertificateNames;
import io.dareg.core.auth.BearerTokens;
import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The gateway's side of {@link BearerTokens}: a token is accepted as in core, and its certificate's
 * subject names the caller the ledger is told about: O = organisation, OU = role, CN = user. Unless
 * replays are allowed (dev mode, where tokens sit in files for curl), each token is accepted once:
 * its id ({@code jti}) is remembered, per certificate, until the token has expired ({@link
 * SpentTokens}).
 */
public final class Tokens {
  /** Whether a token may be presented more than once inside its lifetime. */
  public enum Replay {
    /** Each token is accepted once: outside dev mode. */
    REFUSED,
    /** A token may be reused until it expires: dev mode and tests that hold one token per caller. */
    ALLOWED
  }

  /**
   * How many unexpired token ids the gateway remembers before it asks callers to come back: 128
   * MiB at most, room for 11,000 requests a second with the five-minute tokens {@code DaregClient}
   * signs (each id is kept for the token's lifetime plus the minute of clock skew).
   */
  static final int MAX_REMEMBERED = 4_000_000;
  private static final Pattern JTI = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  /** The clock skew core allows; a used id is remembered this much past its expiry. */
  private static final Duration SKEW = Duration.ofSeconds(60);

  private final BearerTokens tokens;
  private final Replay replay;
  private final SpentTokens spent = new SpentTokens(MAX_REMEMBERED, SKEW.toSeconds());
  /** What each trusted certificate names, and its fingerprint: reading them again on every request is costly. */
  private final BoundedCache<X509Certificate, Known> known = new BoundedCache<>(10_000);

  /** The caller a certificate names and the SHA-256 of its encoding. */
  private record Known(Caller caller, byte[] fingerprint) {}

  /**
   * A verifier trusting {@code roots}, refusing tokens that live longer than {@code maxLifetime},
   * checking every signature with Bouncy Castle.
   */
  public Tokens(List<X509Certificate> roots, Duration maxLifetime, Replay replay) {
    this(roots, maxLifetime, replay, TokenSignatures.bouncyCastle());
  }

  /** As {@link #Tokens(List, Duration, Replay)}, ES256 token signatures checked by {@code signatures}. */
  public Tokens(List<X509Certificate> roots, Duration maxLifetime, Replay replay, TokenSignatures signatures) {
    this.tokens = new BearerTokens(roots, maxLifetime, signatures.provider());
    this.replay = replay;
  }

  /** Why a token is not accepted. */
  public static final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTokenException(String message) {
      super(message);
    }
  }

  /** The gateway remembers too many unexpired tokens to take another now; try again shortly. */
  public static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  /** A token for the holder of {@code key} and {@code certificate}; see {@link BearerTokens#sign}. */
  public static String sign(X509Certificate certificate, PrivateKey key, Instant now, Duration lifetime) {
    return BearerTokens.sign(certificate, key, now, lifetime);
  }

  /** The caller a valid token speaks for. */
  public Caller verify(String token, Instant now) throws InvalidTokenException, BusyException {
    X509Certificate cert;
    try {
      cert = tokens.verify(token, now);
    } catch (BearerTokens.InvalidTokenException e) {
      throw new InvalidTokenException(e.getMessage());
    }
    Known named;
    try {
      named = knownOf(cert);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException(e.getMessage());
    }
    if (replay == Replay.REFUSED) {
      // The signature verified, so the claims are the signer's own.
      JsonNode claims;
      try {
        claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.", -1)[1]));
      } catch (IOException | IllegalArgumentException e) {
        throw new InvalidTokenException("the token's claims are unreadable");
      }
      String jti = claims.path("jti").asText("");
      if (!JTI.matcher(jti).matches()) {
        throw new InvalidTokenException("the token needs a jti of 16 to 128 URL-safe characters, new for each request");
      }
      remember(named.fingerprint(), jti, claims.path("exp").asLong(), now);
    }
    return named.caller();
  }

  /**
   * The caller a TLS client certificate speaks for, on a connection that carried no token. The
   * certificate must come from the registry's CA, as a token's must: the TLS client roots decide
   * only who may connect. One connection, one identity, checked once per request without a
   * signature of its own, so there is nothing to replay.
   */
  public Caller identify(X509Certificate clientCertificate, Instant now) throws InvalidTokenException {
    try {
      X509Certificate cert = tokens.trusted(Base64.getEncoder().encodeToString(clientCertificate.getEncoded()), now);
      return knownOf(cert).caller();
    } catch (BearerTokens.InvalidTokenException | IllegalArgumentException e) {
      throw new InvalidTokenException(e.getMessage());
    } catch (CertificateEncodingException e) {
      throw new InvalidTokenException("the client certificate cannot be encoded: " + e.getMessage());
    }
  }

  /** Spends the token {@code jti} of the certificate with {@code fingerprint}, expiring at {@code exp}. */
  private void remember(byte[] fingerprint, String jti, long exp, Instant now) throws InvalidTokenException, BusyException {
    MessageDigest digest = Hashes.newDigest(HashAlgorithm.SHA256);
    digest.update(fingerprint);
    digest.update(jti.getBytes(StandardCharsets.US_ASCII));
    long id = ByteBuffer.wrap(digest.digest()).getLong();
    switch (spent.spend(exp, id, now)) {
      case SPENT -> { }
      case USED_BEFORE ->
          throw new InvalidTokenException("this token was used before (its jti is spent): sign a new token for each request");
      case FULL ->
          throw new BusyException("the gateway is holding " + MAX_REMEMBERED + " unexpired token ids; try again in a few seconds");
      default -> throw new IllegalStateException();
    }
  }

  /** What a certificate already found trusted names ({@link #caller(X509Certificate)}), remembered. */
  private Known knownOf(X509Certificate cert) {
    Known k = known.get(cert);
    if (k == null) {
      try {
        k = new Known(caller(cert), Hashes.digest(HashAlgorithm.SHA256, cert.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage());
      }
      known.put(cert, k);
    }
    return k;
  }

  /**
   * The caller a client certificate names: O = organisation, the identity id of
   * {@link CertificateNames}, the role OU as the role attribute (none for an admin).
   */
  public static Caller caller(X509Certificate cert) {
    CertificateNames names = CertificateNames.of(cert);
    if (names.organisation() == null || names.user() == null) {
      throw new IllegalArgumentException("a client certificate names its organisation (O) and user (CN)");
    }
    return new Caller(new IdentityRef(names.organisation(), names.identityId()),
        names.admin() ? null : names.roleUnit(), names.admin());
  }
}

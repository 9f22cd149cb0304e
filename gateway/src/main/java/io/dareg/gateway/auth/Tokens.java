package io.dareg.gateway.auth;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.CertificateNames;
import io.dareg.core.auth.BearerTokens;
import io.dareg.core.model.IdentityRef;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The gateway's side of {@link BearerTokens}: a token is accepted as in core, and its certificate's
 * subject names the caller the ledger is told about: O = organisation, OU = role, CN = user.
 */
public final class Tokens {
  private final BearerTokens tokens;

  /** A verifier trusting {@code roots}, refusing tokens that live longer than {@code maxLifetime}. */
  public Tokens(List<X509Certificate> roots, Duration maxLifetime) {
    this.tokens = new BearerTokens(roots, maxLifetime);
  }

  /** Why a token is not accepted. */
  public static final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTokenException(String message) {
      super(message);
    }
  }

  /** A token for the holder of {@code key} and {@code certificate}; see {@link BearerTokens#sign}. */
  public static String sign(X509Certificate certificate, PrivateKey key, Instant now, Duration lifetime) {
    return BearerTokens.sign(certificate, key, now, lifetime);
  }

  /** The caller a valid token speaks for. */
  public Caller verify(String token, Instant now) throws InvalidTokenException {
    try {
      return caller(tokens.verify(token, now));
    } catch (BearerTokens.InvalidTokenException e) {
      throw new InvalidTokenException(e.getMessage());
    }
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

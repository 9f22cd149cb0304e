package io.dareg.gateway.auth;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.auth.BearerTokens;
import io.dareg.core.model.IdentityRef;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

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

  /** The caller a client certificate names: O = organisation, OU = role, CN = user. */
  public static Caller caller(X509Certificate cert) {
    String o = null;
    String ou = null;
    String cn = null;
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        switch (rdn.getType().toUpperCase(java.util.Locale.ROOT)) {
          case "O": o = String.valueOf(rdn.getValue()); break;
          case "OU": ou = String.valueOf(rdn.getValue()); break;
          case "CN": cn = String.valueOf(rdn.getValue()); break;
          default: break;
        }
      }
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("unreadable certificate subject", e);
    }
    if (o == null || cn == null) {
      throw new IllegalArgumentException("a client certificate names its organisation (O) and user (CN)");
    }
    boolean admin = "admin".equalsIgnoreCase(ou);
    return new Caller(new IdentityRef(o, "CN=" + cn + (ou == null ? "" : ",OU=" + ou)), admin ? null : ou, admin);
  }
}

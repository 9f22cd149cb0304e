package io.dareg.core.act;

/** Why a {@link SignedRequest} is refused, in words that say what to do about it. */
public final class SignedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of refusal. */
  public enum Reason {
    /** Not a well-formed signed request (a member missing, of the wrong form, or unknown). */
    MALFORMED,
    /** Signed for another ledger. */
    WRONG_LEDGER,
    /** The signature does not match the request and the certificate's key. */
    BAD_SIGNATURE,
    /** The certificate is not issued by a CA the ledger trusts. */
    UNTRUSTED_CERTIFICATE,
    /** The certificate was not valid at the ledger's time. */
    CERTIFICATE_NOT_VALID,
    /** Signed too far from the ledger's time. */
    TIME_SKEW
  }

  private final Reason reason;

  /** A refusal for {@code reason}, explained by {@code message}. */
  public SignedRequestException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}

package io.dareg.client;

/**
 * The gateway answered with a problem (RFC 9457): its stable type, HTTP status, what went wrong and
 * the field at fault. One subclass per kind of problem, so callers can catch what they handle.
 *
 * <pre>{@code
 * try {
 *   client.submit(request, null);
 * } catch (ProblemException.Invalid e) {
 *   System.err.println(e.field() + ": " + e.detail());
 * }
 * }</pre>
 */
public abstract sealed class ProblemException extends DaregException
    permits ProblemException.Invalid, ProblemException.Unauthorized, ProblemException.Forbidden,
        ProblemException.NotFound, ProblemException.Conflict, ProblemException.Unavailable, ProblemException.Other {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String detail;
  private final String field;

  /** What every kind of problem carries, handed from {@link #of} through each subclass's constructor. */
  private record Fields(int status, String type, String detail, String field) {}

  private ProblemException(Fields f) {
    super(f.status() + " " + f.type() + ": " + (f.field() == null ? "" : f.field() + ": ") + f.detail(), null);
    this.status = f.status();
    this.type = f.type();
    this.detail = f.detail();
    this.field = f.field();
  }

  /** The problem for a status and body; the type decides the subclass. */
  static ProblemException of(int status, String type, String detail, String field) {
    Fields f = new Fields(status, type, detail, field);
    String slug = type == null ? "" : type.substring(type.lastIndexOf('/') + 1);
    return switch (slug) {
      case "invalid", "payload-too-large", "unsupported-media-type" -> new Invalid(f);
      case "unauthorized" -> new Unauthorized(f);
      case "forbidden" -> new Forbidden(f);
      case "not-found" -> new NotFound(f);
      case "conflict" -> new Conflict(f);
      case "unavailable" -> new Unavailable(f);
      default -> new Other(f);
    };
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The problem type URI, e.g. {@code https://dareg.io/problems/conflict}. */
  public String type() {
    return type;
  }

  /** What went wrong, in words. */
  public String detail() {
    return detail;
  }

  /** The field at fault, or null. */
  public String field() {
    return field;
  }

  /** The request was malformed, too large or of the wrong media type; nothing was written. */
  public static final class Invalid extends ProblemException {
    Invalid(Fields f) {
      super(f);
    }
  }

  /** No token, or a token the gateway does not accept. */
  public static final class Unauthorized extends ProblemException {
    Unauthorized(Fields f) {
      super(f);
    }
  }

  /** The caller's role or organisation may not do this. */
  public static final class Forbidden extends ProblemException {
    Forbidden(Fields f) {
      super(f);
    }
  }

  /** A record named does not exist. */
  public static final class NotFound extends ProblemException {
    NotFound(Fields f) {
      super(f);
    }
  }

  /** The request clashes with the current state (wrong status, deadline, duplicate). */
  public static final class Conflict extends ProblemException {
    Conflict(Fields f) {
      super(f);
    }
  }

  /** The ledger is not serving. */
  public static final class Unavailable extends ProblemException {
    Unavailable(Fields f) {
      super(f);
    }
  }

  /** Any other problem. */
  public static final class Other extends ProblemException {
    Other(Fields f) {
      super(f);
    }
  }
}

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

  ProblemException(int status, String type, String detail, String field) {
    super(status + " " + type + ": " + (field == null ? "" : field + ": ") + detail, null);
    this.status = status;
    this.type = type;
    this.detail = detail;
    this.field = field;
  }

  /** The problem for a status and body; the type decides the subclass. */
  static ProblemException of(int status, String type, String detail, String field) {
    String slug = type == null ? "" : type.substring(type.lastIndexOf('/') + 1);
    return switch (slug) {
      case "invalid", "payload-too-large", "unsupported-media-type" -> new Invalid(status, type, detail, field);
      case "unauthorized" -> new Unauthorized(status, type, detail, field);
      case "forbidden" -> new Forbidden(status, type, detail, field);
      case "not-found" -> new NotFound(status, type, detail, field);
      case "conflict" -> new Conflict(status, type, detail, field);
      case "unavailable" -> new Unavailable(status, type, detail, field);
      default -> new Other(status, type, detail, field);
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
    private static final long serialVersionUID = 1L;

    Invalid(int s, String t, String d, String f) {
      super(s, t, d, f);
    }
  }

  /** No token, or a token the gateway does not accept. */
  public static final class Unauthorized extends ProblemException {
    private static final long serialVersionUID = 1L;

    Unauthorized(int s, String t, String d, String f) {
      super(s, t, d, f);
    }
  }

  /** The caller's role or organisation may not do this. */
  public static final class Forbidden extends ProblemException {
    private static final long serialVersionUID = 1L;

    Forbidden(int s, String t, String d, String f) {
      super(s, t, d, f);
    }
  }

  /** A record named does not exist. */
  public static final class NotFound extends ProblemException {
    private static final long serialVersionUID = 1L;

    NotFound(int s, String t, String d, String f) {
      super(s, t, d, f);
    }
  }

  /** The request clashes with the current state (wrong status, deadline, duplicate). */
  public static final class Conflict extends ProblemException {
    private static final long serialVersionUID = 1L;

    Conflict(int s, String t, String d, String f) {
      super(s, t, d, f);
    }
  }

  /** The ledger is not serving. */
  public static final class Unavailable extends ProblemException {
    private static final long serialVersionUID = 1L;

    Unavailable(int s, String t, String d, String f) {
      super(s, t, d, f);
    }
  }

  /** Any other problem. */
  public static final class Other extends ProblemException {
    private static final long serialVersionUID = 1L;

    Other(int s, String t, String d, String f) {
      super(s, t, d, f);
    }
  }
}

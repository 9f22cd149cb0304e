package io.dareg.gateway.http;

/**
 * An RFC 9457 problem the API answers with: a stable type, a status, what went wrong, and the
 * field at fault when there is one. Never carries a stack trace.
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Where problem types live. */
  public static final String BASE = "https://dareg.io/problems/";

  private final int status;
  private final String slug;
  private final String title;
  private final String field;

  Problem(int status, String slug, String title, String detail, String field) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.field = field;
  }

  static Problem invalid(String field, String detail) {
    return new Problem(400, "invalid", "Invalid request", detail, field);
  }

  static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Not authenticated", detail, null);
  }

  static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Not allowed", detail, null);
  }

  static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail, null);
  }

  static Problem conflict(String detail) {
    return new Problem(409, "conflict", "Conflicts with the current state", detail, null);
  }

  static Problem unavailable(String detail) {
    return new Problem(503, "unavailable", "The ledger is not serving", detail, null);
  }

  int status() {
    return status;
  }

  String type() {
    return BASE + slug;
  }

  String title() {
    return title;
  }

  String field() {
    return field;
  }
}

package io.dareg.core.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the dareg HTTP API: where it lives, what ledger transaction it runs, the request
 * record its body (plus path parameters) must form, what it answers, and who may call it. The
 * gateway's routes, the door's role check and the OpenAPI document are all made from the table of
 * these ({@link Operations#all()}), and a client can build its requests from the same entries, so
 * an operation is named in one place.
 *
 * @param id the OpenAPI operationId
 * @param method GET or POST
 * @param path the path under /api/v1 in OpenAPI template form, e.g. {@code /registrations/{regNo}/issue}; a last
 *     parameter written {@code {name*}} takes the rest of the path, slashes included (a C2SP tile path)
 * @param transaction the ledger transaction, or null for operations the gateway implements itself
 * @param request the request record of the transaction (body fields plus path parameters), or null
 * @param result the type of the JSON answer (an array type for a list), or null where the answer is
 *     a document (PDF, CSV, a file) or has no record of its own
 * @param pathParams path parameter names, each also a field of the request record
 * @param kind how it is served
 * @param callers who may call it, as the gateway checks before it reads the body or the ledger's
 *     state; empty when any identified caller may and the rules decide
 * @param summary one line for the document
 * @param creates true for a write that creates a record (answered 201 Created once committed)
 */
public record Operation(
    String id, String method, String path, String transaction, Class<?> request, Class<?> result, List<String> pathParams,
    Kind kind, Set<Who> callers, String summary, boolean creates) {

  /** How an operation is served. */
  public enum Kind {
    /** A ledger transaction that changes state; needs a signed token. */
    SUBMIT,
    /** A ledger query; needs a signed token. */
    EVALUATE,
    /** Implemented by the gateway; needs a signed token. */
    GATEWAY,
    /** Implemented by the gateway; open to anyone. */
    PUBLIC
  }

  /**
   * A kind of caller, for the door's check. The table restates what the rules enforce (registrar(),
   * holder(), require(...) at the top of each rule); the rules still check on the ledger, with the
   * finer conditions the table cannot know (the holder of this registration, the exchange that
   * recorded this trade, the registrar's organisation).
   */
  public enum Who {
    /** An admin of the registry organisation (initLedger: an admin of any organisation until the ledger says which). */
    REGISTRY_ADMIN,
    /** The registrar role. */
    REGISTRAR,
    /** The reviewer role. */
    REVIEWER,
    /** A holder that acts for an open account. */
    HOLDER,
    /** The exchange role. */
    EXCHANGE,
    /** The regulator role. */
    REGULATOR
  }

  /** The table's entries are immutable. */
  public Operation {
    pathParams = List.copyOf(pathParams);
    // In the enum's order, so that refusals name the callers always alike.
    callers = callers.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(callers));
  }

  /**
   * An operation with no result type and open to any identified caller at the door: the shape of
   * an operation a gateway adds beside the table (dev mode, tests).
   */
  public Operation(String id, String method, String path, String transaction, Class<?> request, List<String> pathParams, Kind kind,
      String summary) {
    this(id, method, path, transaction, request, null, pathParams, kind, Set.of(), summary, false);
  }

  /** A ledger transaction that changes state: POST {@code path}, its path parameters taken from the template. */
  public static Operation submit(String id, String path, String transaction, Class<?> request, String summary) {
    return new Operation(id, "POST", path, transaction, request, null, params(path), Kind.SUBMIT, Set.of(), summary, false);
  }

  /** A ledger query: GET {@code path}, its path parameters taken from the template. */
  public static Operation evaluate(String id, String path, String transaction, Class<?> request, String summary) {
    return new Operation(id, "GET", path, transaction, request, null, params(path), Kind.EVALUATE, Set.of(), summary, false);
  }

  /** An operation the gateway implements itself (kind GATEWAY or PUBLIC). */
  public static Operation gateway(String id, String method, String path, Kind kind, String summary) {
    return new Operation(id, method, path, null, null, null, params(path), kind, Set.of(), summary, false);
  }

  /** This operation, answering with {@code type}. */
  public Operation returns(Class<?> type) {
    return new Operation(id, method, path, transaction, request, type, pathParams, kind, callers, summary, creates);
  }

  /** This write, which creates a record: answered 201 Created once committed. */
  public Operation creating() {
    return new Operation(id, method, path, transaction, request, result, pathParams, kind, callers, summary, true);
  }

  /** This operation, for {@code who} only at the door. */
  public Operation by(Who first, Who... more) {
    return new Operation(id, method, path, transaction, request, result, pathParams, kind, EnumSet.of(first, more), summary, creates);
  }

  /**
   * True when the caller presents a token: every operation but the public ones. A {@link #signed()}
   * operation may instead carry its author's signed request and no token.
   */
  public boolean authenticated() {
    return kind != Kind.PUBLIC;
  }

  /**
   * True when the body may be a signed request of its author (docs/signed-requests.md), sent with no
   * token, rather than the request itself: every ledger write, and issuing a certificate, which the
   * registrar authorises by signing {@code issueCertificate}. Its {@code operation} is
   * {@link #signedOperation()}; its {@code arguments} are the request record, path parameters included.
   */
  public boolean signed() {
    return kind == Kind.SUBMIT || id.equals("issueCertificate");
  }

  /** The operation a signed request for this operation names: the ledger transaction, or the id for a gateway operation. */
  public String signedOperation() {
    return transaction != null ? transaction : id;
  }

  /** True when the ledger serves it ({@link Kind#SUBMIT} or {@link Kind#EVALUATE}). */
  public boolean ledgerTransaction() {
    return kind == Kind.SUBMIT || kind == Kind.EVALUATE;
  }

  private static final Pattern PARAM = Pattern.compile("\\{([^}*]+)\\*?}");

  private static List<String> params(String path) {
    List<String> out = new ArrayList<>();
    Matcher m = PARAM.matcher(path);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}

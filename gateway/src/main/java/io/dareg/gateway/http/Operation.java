package io.dareg.gateway.http;

import java.util.List;

/**
 * One HTTP operation of the API: where it lives, what ledger transaction it runs, the request
 * record its body (plus path parameters) must form, and who may call it. The route table and the
 * OpenAPI document are both made from these, so they cannot drift apart.
 *
 * @param id the OpenAPI operationId
 * @param method GET or POST
 * @param path the path under /api/v1 in OpenAPI template form, e.g. {@code /registrations/{regNo}/issue}
 * @param transaction the ledger transaction, or null for operations the gateway implements itself
 * @param request the request record of the transaction (body fields plus path parameters), or null
 * @param pathParams path parameter names, each also a field of the request record
 * @param kind how it is served
 * @param summary one line for the document
 */
public record Operation(
    String id, String method, String path, String transaction, Class<?> request, List<String> pathParams, Kind kind, String summary) {

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

  /** True when the caller must present a token. */
  public boolean authenticated() {
    return kind != Kind.PUBLIC;
  }

  /**
   * Who may call it, as the door checks before it reads the body or the ledger's state (see {@link
   * Callers}); empty when any identified caller may and the rules decide.
   */
  java.util.Set<Callers.Who> callers() {
    return Callers.of(id);
  }

  /** The Vert.x route path: {@code {regNo}} becomes {@code :regNo}. */
  public String routePath() {
    return "/api/v1" + path.replaceAll("\\{([^}]+)}", ":$1");
  }
}

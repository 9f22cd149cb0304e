package io.dareg.gateway.http;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.Operation;
import io.vertx.ext.web.RoutingContext;

/**
 * One request admitted by the door: the operation of the table it calls, its routing context, and
 * the authenticated caller (null on a public operation).
 */
record Call(Operation op, RoutingContext ctx, Caller caller) {

  /** The path parameter {@code name}; a rest-of-path parameter ({@code {name*}}) is what the route's wildcard matched. */
  String param(String name) {
    String value = ctx.pathParam(name);
    if (value == null && op.path().endsWith("{" + name + "*}")) {
      String prefix = "/api/v1" + op.path().substring(0, op.path().length() - name.length() - 3);
      String path = ctx.normalizedPath();
      value = path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    }
    return value;
  }

  /** The query parameter {@code name}, or null. */
  String query(String name) {
    return ctx.queryParams().get(name);
  }

  /** Serves one operation; whatever it throws is answered as a problem. */
  @FunctionalInterface
  interface Handler {
    void handle(Call call);
  }
}

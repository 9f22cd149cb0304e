package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * The hook every request passes first: when its response ends, the request is counted in the
 * metrics and written to the audit log (one line, monitoring endpoints aside).
 */
final class RequestAudit {
  private final AuditLog audit;
  private final Metrics metrics;

  RequestAudit(AuditLog audit, Metrics metrics) {
    this.audit = audit;
    this.metrics = metrics;
  }

  /** Registers the end of the request, then passes it on. */
  void handle(RoutingContext ctx) {
    long t0 = System.nanoTime();
    ctx.addEndHandler(v -> {
      metrics.request(String.valueOf(ctx.<String>get("operation", "other")), ctx.response().getStatusCode(), System.nanoTime() - t0);
      record(ctx);
    });
    ctx.next();
  }

  /** One audit line per request, monitoring endpoints aside. */
  private void record(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.equals("/health") || path.equals("/metrics")) {
      return;
    }
    int status = ctx.response().getStatusCode();
    Caller caller = ctx.get("caller");
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("time", Instant.now().toString());
    if (caller != null) {
      e.put("msp", caller.msp()).put("user", caller.identity().id()).put("role", caller.orgAdmin() ? "admin" : caller.roleAttribute());
    } else {
      e.put("user", "anonymous");
    }
    if (ctx.request().remoteAddress() != null) {
      e.put("remote", ctx.request().remoteAddress().host());
    }
    e.put("operation", String.valueOf(ctx.<String>get("operation", "other")));
    e.put("method", ctx.request().method().name());
    e.put("path", path.length() > 300 ? path.substring(0, 300) + "..." : path);
    e.put("status", status);
    e.put("outcome", status < 400 ? "ok" : status < 500 ? "refused" : "failed");
    String tx = ctx.response().headers().get("Dareg-Transaction");
    if (tx != null) {
      e.put("txId", tx).put("block", Long.parseLong(ctx.response().headers().get("Dareg-Block")));
    }
    audit.record(e);
  }
}

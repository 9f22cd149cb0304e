package io.dareg.gateway.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.gateway.ledger.Committed;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * How a handler reads a request's body and answers: JSON in canonical form, bytes as a download,
 * work that blocks (ledger reads it waits for, files, PDFs) on a worker thread, never on the event
 * loop; whatever fails becomes a problem ({@link Failures}).
 */
final class Replies {
  private final Vertx vertx;

  Replies(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Work that may block, answering JSON. */
  interface Work {
    JsonNode run() throws Exception;
  }

  /** Work that may block, answering bytes. */
  interface BytesWork {
    byte[] run() throws Exception;
  }

  /** Runs {@code work} on a worker and answers its JSON with {@code status}. */
  void blocking(RoutingContext ctx, int status, Work work) {
    vertx.<JsonNode>executeBlocking(work::run, false)
        .onSuccess(result -> json(ctx, status, result))
        .onFailure(e -> Failures.fail(ctx, e));
  }

  /** Runs {@code work} on a worker and answers its bytes as {@code mediaType}, named {@code disposition}. */
  void bytes(RoutingContext ctx, String mediaType, String disposition, BytesWork work) {
    vertx.<byte[]>executeBlocking(work::run, false)
        .onSuccess(bytes -> ctx.response().putHeader("content-type", mediaType).putHeader("content-disposition", disposition)
            .end(Buffer.buffer(bytes)))
        .onFailure(e -> Failures.fail(ctx, e));
  }

  /** Runs {@code work} on a worker and answers its bytes as {@code mediaType} with {@code cacheControl}, shown inline. */
  void cached(RoutingContext ctx, String mediaType, String cacheControl, BytesWork work) {
    vertx.<byte[]>executeBlocking(work::run, false)
        .onSuccess(bytes -> ctx.response().putHeader("content-type", mediaType).putHeader("cache-control", cacheControl)
            .end(Buffer.buffer(bytes)))
        .onFailure(e -> Failures.fail(ctx, e));
  }

  /** Answers {@code body} in canonical JSON. */
  static void json(RoutingContext ctx, int status, JsonNode body) {
    String text;
    try {
      text = CanonicalJson.toString(body);
    } catch (RuntimeException e) {
      Failures.fail(ctx, e);
      return;
    }
    raw(ctx, status, text);
  }

  /** Answers JSON text as it is (the ledger's own answer). */
  static void raw(RoutingContext ctx, int status, String json) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(json);
  }

  /** The committed transaction's id and block, for the caller and the audit log. */
  static void transactionHeaders(RoutingContext ctx, Committed c) {
    ctx.response().putHeader("Dareg-Transaction", c.txId()).putHeader("Dareg-Block", String.valueOf(c.blockNumber()));
  }

  /** True when the request came with no body. */
  static boolean noBody(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0;
  }

  /** The body as a JSON object (an empty one when there is no body). */
  static ObjectNode bodyObject(RoutingContext ctx) {
    JsonNode body;
    if (noBody(ctx)) {
      return Json.mapper().createObjectNode();
    }
    try {
      body = Json.mapper().readTree(ctx.body().buffer().getBytes());
    } catch (JacksonException e) {
      throw StrictJson.malformed(e);
    } catch (IOException e) {
      throw Problem.invalid("request", "the body cannot be read");
    }
    if (!body.isObject()) {
      throw Problem.invalid("request", "the body must be a JSON object");
    }
    return (ObjectNode) body;
  }

  /** Where this request reached the gateway, for links printed on documents. */
  static String origin(RoutingContext ctx) {
    var authority = ctx.request().authority();
    String host = authority == null ? "" : authority.toString();
    // The Host header is the client's word: keep it to host-name characters.
    if (!host.matches("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?")) {
      host = "localhost";
    }
    return ("https".equals(ctx.request().scheme()) ? "https" : "http") + "://" + host;
  }

  /** The headers of the public pages: same origin only, no sniffing, no referrer. */
  static void pageHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.InvalidInputException;
import io.dareg.gateway.ledger.RefusedException;
import io.dareg.gateway.ledger.UnavailableException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Failures to problems: what a rule's refusal, an unavailable ledger, a bad input or an unexpected
 * error answers (RFC 9457 problem+json), including what the router and the HTTP decoder refuse
 * before any operation sees the request. No failure leaves a request unanswered.
 */
final class Failures {
  private static final Logger LOG = Logger.getLogger(Failures.class.getName());

  private final Limits limits;

  Failures(Limits limits) {
    this.limits = limits;
  }

  /** The router's failure handler: a body too large, a request timed out, a status set, or an exception. */
  void handle(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (ctx.statusCode() == 413 || (f != null && f.getClass().getSimpleName().contains("TooLarge"))) {
      problem(ctx, new Problem(413, "payload-too-large", "Payload too large", "the body exceeds " + limits.maxBody() + " bytes", null));
      return;
    }
    if (f == null && ctx.statusCode() == 503) {
      Duration t = limits.requestTimeout();
      problem(ctx, Problem.unavailable("the gateway gave up after " + (t.toMillis() < 1000 ? t.toMillis() + " ms" : t.toSeconds() + " s")
          + "; a transaction sent with this request may still commit: send the same signed request again (the ledger commits it"
          + " once and answers a repeat with the first result)"));
      return;
    }
    if (f == null) {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      problem(ctx, new Problem(status, status == 404 ? "not-found" : status == 400 ? "invalid" : "internal",
          status == 400 ? "Invalid request" : "Error", "the request failed with status " + status, null));
      return;
    }
    problem(ctx, toProblem(f));
  }

  /**
   * Runs one step of a request: whatever it throws becomes the request's answer, so no failure
   * leaves a request unanswered.
   */
  static void guarded(RoutingContext ctx, Runnable step) {
    try {
      step.run();
    } catch (Problem p) {
      problem(ctx, p);
    } catch (RuntimeException | StackOverflowError e) {
      problem(ctx, toProblem(e));
    }
  }

  /** The problem a failure answers with; an unexpected one is logged and answered as 500 without details. */
  static Problem toProblem(Throwable e) {
    e = unwrap(e);
    if (e instanceof Problem p) {
      return p;
    }
    if (e instanceof RefusedException r) {
      switch (r.code()) {
        case INVALID: return Problem.invalid(r.field(), r.getMessage());
        case FORBIDDEN: return Problem.forbidden(r.getMessage());
        case NOT_FOUND: return Problem.notFound(r.getMessage());
        default: return Problem.conflict(r.getMessage());
      }
    }
    if (e instanceof UnavailableException) {
      return Problem.unavailable(e.getMessage());
    }
    if (e instanceof InvalidInputException i) {
      return Problem.invalid(i.field(), i.getMessage());
    }
    LOG.log(Level.SEVERE, "unexpected failure", e);
    return new Problem(500, "internal", "Internal error", "the gateway failed unexpectedly; the operator's log has the details", null);
  }

  /** The cause a completion stage failed with. */
  static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** Answers with the problem that {@code e} is or stands for. */
  static void fail(RoutingContext ctx, Throwable e) {
    problem(ctx, toProblem(e));
  }

  /** Answers with {@code p}, unless the response has ended already. */
  static void problem(RoutingContext ctx, Problem p) {
    if (ctx.response().ended()) {
      return;
    }
    if (p.status() == 503) {
      // The ledger comes back by itself once its disk takes writes or its chain is restored.
      ctx.response().putHeader("Retry-After", "5");
    }
    ctx.response().setStatusCode(p.status()).putHeader("content-type", "application/problem+json; charset=utf-8")
        .end(problemJson(p, ctx.request().path()));
  }

  /**
   * A problem's body. Every text in it is made printable first (a detail may quote what the
   * caller sent), so writing it cannot fail, and a request is never left unanswered.
   */
  static String problemJson(Problem p, String instance) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("type", p.type()).put("title", p.title()).put("status", p.status())
        .put("detail", StrictJson.printable(String.valueOf(p.getMessage())));
    if (p.field() != null) {
      out.put("field", StrictJson.printable(p.field()));
    }
    out.put("instance", StrictJson.printable(instance == null ? "" : instance.length() > 300 ? instance.substring(0, 300) + "..." : instance));
    return CanonicalJson.toString(out);
  }

  /**
   * Requests the HTTP decoder refused before any route saw them: a request line over the limit
   * (414), headers over the limit (431), or anything malformed (400); answered as problems, then
   * the connection is closed.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    Problem p;
    if (cause instanceof io.netty.handler.codec.TooLongFrameException && cause.getMessage() != null && cause.getMessage().contains("line")) {
      p = new Problem(414, "uri-too-long", "URI too long", "the request line is longer than 8192 bytes; send parameters in a body", null);
    } else if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
      p = new Problem(431, "headers-too-large", "Request header fields too large", "the request headers exceed 16 KiB", null);
    } else {
      p = Problem.invalid("request", "the request is not well-formed HTTP");
    }
    request.response().setStatusCode(p.status()).putHeader("content-type", "application/problem+json; charset=utf-8")
        .putHeader("connection", "close").end(problemJson(p, null)).onComplete(v -> request.connection().close());
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Admission;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operation.Who;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.RefusedException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The door every operation passes, in order: the public rate limit, the caller's token (or TLS
 * client certificate), the caller's role by the table's {@link Operation#callers()} (so that a
 * caller of the wrong role gets 403 and learns nothing of the body's rules or the ledger's state:
 * not whether a record exists, not whether the ledger is initialised), then the body (media type,
 * strict UTF-8, clean text), then the operation's handler.
 *
 * <p>Issue 22: where the operation's first ledger call admits the caller by the table itself
 * ({@link Admission#inTransaction}: the writes of the table, and issuing a certificate), the door
 * asks the ledger nothing: the write is one call. It asks only when it must
 * answer before that call, for a body it refuses, so that a caller of the wrong role still gets 403.
 */
final class Door {
  private final Vertx vertx;
  private final Ledger ledger;
  private final Tokens tokens;
  private final Limits limits;
  private final PublicRateLimit publicRate;

  Door(Vertx vertx, Ledger ledger, Tokens tokens, Limits limits) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.tokens = tokens;
    this.limits = limits;
    this.publicRate = new PublicRateLimit(limits.publicPerMinute(), System::nanoTime);
  }

  /**
   * Lets the request through the door to {@code handler}, or answers why not; {@code admittedInside}
   * when the handler's first ledger call admits the caller by the table.
   */
  void enter(Operation op, RoutingContext ctx, Call.Handler handler, boolean admittedInside) {
    ctx.put("operation", op.id());
    Failures.guarded(ctx, () -> {
      if (op.kind() == Operation.Kind.PUBLIC) {
        limitRate(ctx);
      }
      // issue 23: a write may come as its author's signed request, with no token; the rules check its signature
      boolean signedWrite = op.signed() && ctx.request().getHeader("Authorization") == null && clientCertificate(ctx) == null;
      Caller caller = op.authenticated() && !signedWrite ? authenticate(ctx) : null;
      ctx.put("caller", caller);
      if (admittedInside) {
        try {
          readBody(op, ctx);
          handler.handle(new Call(op, ctx, caller));
        } catch (RuntimeException e) {
          Problem p = Failures.toProblem(e);
          if (p.status() >= 500 || caller == null) {
            throw p;
          }
          // Refused before the ledger was called: the table's answer comes first.
          admit(op, caller).onComplete(admitted -> Failures.fail(ctx, admitted.failed() ? admitted.cause() : p));
        }
        return;
      }
      admit(op, caller).onComplete(admitted -> Failures.guarded(ctx, () -> {
        if (admitted.failed()) {
          throw Failures.toProblem(admitted.cause());
        }
        readBody(op, ctx);
        handler.handle(new Call(op, ctx, caller));
      }));
    });
  }

  private void limitRate(RoutingContext ctx) {
    long wait = publicRate.take(ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host());
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(wait));
      throw new Problem(429, "too-many-requests", "Too many requests", "this address made more than "
          + limits.publicPerMinute() + " public requests in a minute; try again in " + wait + " s, or sign in", null);
    }
  }

  private Caller authenticate(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    try {
      // Tokens and certificates live in real time; the dev clock only moves the ledger.
      if (h == null) {
        X509Certificate clientCertificate = clientCertificate(ctx);
        if (clientCertificate != null) {
          return tokens.identify(clientCertificate, Instant.now());
        }
      }
      if (h == null || !h.startsWith("Bearer ")) {
        throw Problem.unauthorized("this operation needs 'Authorization: Bearer <token>' (dev mode writes tokens under"
            + " <data>/dev/<role>/token), or, on a gateway with --client-roots, a TLS client certificate from the registry's CA");
      }
      return tokens.verify(h.substring(7).trim(), Instant.now());
    } catch (Tokens.InvalidTokenException e) {
      throw Problem.unauthorized(e.getMessage());
    } catch (Tokens.BusyException e) {
      throw Problem.unavailable(e.getMessage());
    }
  }

  /** The certificate the caller presented in a mutual TLS handshake, or null. */
  private static X509Certificate clientCertificate(RoutingContext ctx) {
    if (!ctx.request().isSSL()) {
      return null;
    }
    try {
      List<java.security.cert.Certificate> chain = ctx.request().connection().peerCertificates();
      return chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate c ? c : null;
    } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
      return null;
    }
  }

  /**
   * Completes when the table admits the caller to {@code op}, fails with a 403 otherwise. It reads
   * who the ledger takes the caller to be (and, for the registry admin's operations, the registry
   * organisation) and nothing else.
   */
  Future<Void> admit(Operation op, Caller caller) {
    Set<Who> allowed = op.callers();
    if (caller == null || allowed.isEmpty()) {
      return Future.succeededFuture();
    }
    boolean admins = allowed.contains(Who.REGISTRY_ADMIN);
    boolean roles = allowed.stream().anyMatch(w -> w != Who.REGISTRY_ADMIN);
    Context context = vertx.getOrCreateContext();
    Future<JsonNode> who = roles
        ? Future.fromCompletionStage(ledger.evaluate(caller, "whoAmI", "{}"), context).map(Reads::tree)
        : Future.succeededFuture(null);
    // Not initialised: any organisation's admin may go on (initLedger names the organisation; the rules decide).
    Future<String> registryMsp = admins && caller.orgAdmin()
        ? Future.fromCompletionStage(ledger.evaluate(ApiServer.SERVICE_CALLER, "getSettings", "{}"), context)
            .map(json -> Reads.tree(json).path("registryMsp").asText())
            .recover(e -> Failures.unwrap(e) instanceof RefusedException r && r.code() == RuleException.Code.CONFLICT
                ? Future.succeededFuture("") : Future.failedFuture(e))
        : Future.succeededFuture(null);
    return Future.all(who, registryMsp).compose(both -> {
      boolean registryAdmin = registryMsp.result() != null && (registryMsp.result().isEmpty() || registryMsp.result().equals(caller.msp()));
      JsonNode info = who.result();
      String role = info == null ? "" : info.path("role").asText("");
      boolean hasAccount = info != null && !info.path("accountId").asText("").isEmpty();
      return Admission.admits(allowed, registryAdmin, role, hasAccount)
          ? Future.succeededFuture()
          : Future.failedFuture(Problem.forbidden(Admission.refusal(op, caller.identity(), role, hasAccount)));
    });
  }

  /** The body, read by the door's rules ({@link StrictJson}); a GET takes none. */
  private static void readBody(Operation op, RoutingContext ctx) {
    if (Replies.noBody(ctx)) {
      return;
    }
    if (!op.method().equals("POST")) {
      throw Problem.invalid("request", "a " + op.method() + " request takes no body; the path and query say what is asked");
    }
    StrictJson.mediaType(ctx.request().getHeader("Content-Type"));
    StrictJson.check(ctx.body().buffer().getBytes());
  }
}

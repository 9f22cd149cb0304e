package io.dareg.gateway.http;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.act.SignedRequestException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Registered;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.gateway.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * Serves every ledger transaction of the table: the body checked against its schema in the
 * document, the path parameters put in, confidential material kept off the ledger, then submitted
 * (answering with the committed transaction's id and block) or evaluated.
 */
final class LedgerTransactions {
  private final Vertx vertx;
  private final Ledger ledger;
  private final OpenApiDocument document;
  private final SchemaValidator validator;
  private final ConfidentialStore confidential;
  private final Door door;
  private final Metrics metrics;

  LedgerTransactions(Vertx vertx, Ledger ledger, OpenApiDocument document, ConfidentialStore confidential, Door door, Metrics metrics) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.document = document;
    this.validator = new SchemaValidator(document);
    this.confidential = confidential;
    this.door = door;
    this.metrics = metrics;
  }

  /** The body of a POST, checked against its schema in the document (an empty object for a GET). */
  ObjectNode validated(Operation op, RoutingContext ctx) {
    ObjectNode args = op.method().equals("POST") ? Replies.bodyObject(ctx) : Json.mapper().createObjectNode();
    JsonNode schema = document.bodySchema(op);
    if (schema != null) {
      try {
        validator.validate(schema, args);
      } catch (SchemaValidator.Violation v) {
        throw Problem.invalid(v.field, v.field + " " + v.getMessage());
      }
    }
    return args;
  }

  /**
   * The signed request of a signed write, checked at the door for its form only (the rules check its
   * signature, author and time): its schema, that it names this operation, and that its arguments
   * carry the path's parameters. For {@code submit} and {@code register}, confidential material beside it is stored off
   * the ledger once its hash is the one the author signed.
   */
  SignedRequest signedRequest(Operation op, RoutingContext ctx) {
    ObjectNode body = Replies.bodyObject(ctx);
    if (!body.has("format")) {
      throw Problem.unauthorized(op.id() + " needs its author's signed request (dareg-signed-request/1, docs/signed-requests.md;"
          + " `dareg sign` makes one) or 'Authorization: Bearer <token>' (dev mode writes tokens under <data>/dev/<role>/token)");
    }
    try {
      validator.validate(document.signedBodySchema(op), body);
    } catch (SchemaValidator.Violation v) {
      throw Problem.invalid(v.field, v.field + " " + v.getMessage()
          + " (a write without a token is its author's signed request: docs/signed-requests.md)");
    }
    JsonNode material = body.remove("confidential");
    SignedRequest request;
    try {
      request = SignedRequest.of(body);
    } catch (SignedRequestException e) {
      throw Problem.invalid("request", e.getMessage());
    }
    if (!request.operation().equals(op.signedOperation())) {
      throw Problem.invalid("operation", "the request was signed for " + request.operation() + ", and " + op.method() + " "
          + op.path() + " takes " + op.signedOperation());
    }
    for (String p : op.pathParams()) {
      JsonNode signed = request.arguments().get(p);
      if (signed == null || !signed.asText().equals(ctx.pathParam(p))) {
        throw Problem.invalid("arguments." + p, "the signed arguments' " + p + " must be the path's " + p + " ("
            + ctx.pathParam(p) + ")");
      }
    }
    if (material != null) {
      String signedHash = application(op, request.arguments()).path("confidentialHash").asText("");
      String hash;
      try {
        hash = confidential.hashOf(material);
        if (!hash.equals(signedHash)) {
          throw Problem.invalid("confidential", "the confidential material's hash (SHA-256 of its RFC 8785 canonical JSON) is "
              + hash + ", and the signed arguments' confidentialHash is " + (signedHash.isEmpty() ? "missing" : signedHash));
        }
        confidential.put(material);
      } catch (IOException e) {
        throw Problem.unavailable("the gateway cannot store confidential material: " + e.getMessage());
      }
    }
    return request;
  }

  /** Runs the call's transaction on the ledger and answers with its result. */
  void run(Call call) {
    Operation op = call.op();
    RoutingContext ctx = call.ctx();
    if (op.signed() && call.caller() == null) {
      SignedRequest request = signedRequest(op, ctx);
      submit(ctx, op, ApiServer.SERVICE_CALLER, CanonicalJson.toString(request.toJson()));
      return;
    }
    ObjectNode args = validated(op, ctx);
    for (String p : op.pathParams()) {
      String value = ctx.pathParam(p);
      if (args.has(p) && !args.get(p).asText().equals(value)) {
        throw Problem.invalid(p, p + " in the body differs from the path");
      }
      args.put(p, value);
    }
    if (OpenApiDocument.carriesConfidential(op) && args.has("confidential")) {
      // Stored before the transaction runs, so only for a caller the table admits: the door asks first.
      door.admit(op, call.caller()).onComplete(admitted -> Failures.guarded(ctx, () -> {
        if (admitted.failed()) {
          throw Failures.toProblem(admitted.cause());
        }
        if (!(application(op, args) instanceof ObjectNode application)) {
          throw Problem.invalid("application", "application is missing: the confidential material belongs to an application");
        }
        keepConfidential(args, application);
        run(call, args);
      }));
      return;
    }
    run(call, args);
  }

  private void run(Call call, ObjectNode args) {
    Operation op = call.op();
    RoutingContext ctx = call.ctx();
    String argsJson = CanonicalJson.toString(args);
    if (op.kind() == Operation.Kind.SUBMIT) {
      submit(ctx, op, call.caller(), argsJson);
    } else {
      Future.fromCompletionStage(ledger.evaluate(call.caller(), op.transaction(), argsJson), vertx.getOrCreateContext())
          .onSuccess(result -> Replies.raw(ctx, 200, result))
          .onFailure(e -> Failures.fail(ctx, e));
    }
  }

  /**
   * Submits {@code argsJson} as {@code submitter} and answers with the commit: a signed request as the
   * gateway itself (the rules run it as its author), a plain one as the token's caller.
   */
  private void submit(RoutingContext ctx, Operation op, Caller submitter, String argsJson) {
    Future.fromCompletionStage(ledger.submit(submitter, op.transaction(), argsJson), vertx.getOrCreateContext())
        .onSuccess(c -> {
          metrics.commit();
          Replies.transactionHeaders(ctx, c);
          Replies.raw(ctx, op.creates() && c.blockNumber() >= 0 ? 201 : 200, c.resultJson());
        })
        .onFailure(e -> Failures.fail(ctx, e));
  }

  /** The arguments of the application whose confidentialHash the material's hash is: submit's own, register's application. */
  private static JsonNode application(Operation op, JsonNode args) {
    return op.id().equals(Registered.OPERATION) ? args.path("application") : args;
  }

  /** Stores the confidential material beside {@code args} off the ledger and puts its hash in {@code application}. */
  private void keepConfidential(ObjectNode args, ObjectNode application) {
    JsonNode material = args.remove("confidential");
    if (!material.isObject()) {
      throw Problem.invalid("confidential", "confidential must be a JSON object");
    }
    if (application.hasNonNull("confidentialHash")) {
      throw Problem.invalid(application == args ? "confidentialHash" : "application.confidentialHash",
          "give the confidential material or its hash, not both");
    }
    try {
      application.put("confidentialHash", confidential.put(material));
    } catch (IOException e) {
      throw Problem.unavailable("the gateway cannot store confidential material: " + e.getMessage());
    }
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.Operation;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.gateway.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Set;

/**
 * Serves every ledger transaction of the table: the body checked against its schema in the
 * document, the path parameters put in, confidential material kept off the ledger, then submitted
 * (answering with the committed transaction's id and block) or evaluated.
 */
final class LedgerTransactions {
  /** The writes that create a record, answered 201. */
  private static final Set<String> CREATES =
      Set.of(
          "submit", "depositEvidence", "openAccount", "raiseObjection", "proposeTransfer", "addEncumbrance",
          "recordListingCheck", "recordTrade", "recordDelivery");

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

  /** Runs the call's transaction on the ledger and answers with its result. */
  void run(Call call) {
    Operation op = call.op();
    RoutingContext ctx = call.ctx();
    ObjectNode args = validated(op, ctx);
    for (String p : op.pathParams()) {
      String value = ctx.pathParam(p);
      if (args.has(p) && !args.get(p).asText().equals(value)) {
        throw Problem.invalid(p, p + " in the body differs from the path");
      }
      args.put(p, value);
    }
    if (op.id().equals("submit") && args.has("confidential")) {
      // Stored before the transaction runs, so only for a caller the table admits: the door asks first.
      door.admit(op, call.caller()).onComplete(admitted -> Failures.guarded(ctx, () -> {
        if (admitted.failed()) {
          throw Failures.toProblem(admitted.cause());
        }
        keepConfidential(args);
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
      Future.fromCompletionStage(ledger.submit(call.caller(), op.transaction(), argsJson), vertx.getOrCreateContext())
          .onSuccess(c -> {
            metrics.commit();
            Replies.transactionHeaders(ctx, c);
            Replies.raw(ctx, CREATES.contains(op.id()) ? 201 : 200, c.resultJson());
          })
          .onFailure(e -> Failures.fail(ctx, e));
    } else {
      Future.fromCompletionStage(ledger.evaluate(call.caller(), op.transaction(), argsJson), vertx.getOrCreateContext())
          .onSuccess(result -> Replies.raw(ctx, 200, result))
          .onFailure(e -> Failures.fail(ctx, e));
    }
  }

  /** Stores the application's confidential material off the ledger and puts its hash in its place. */
  private void keepConfidential(ObjectNode args) {
    JsonNode material = args.remove("confidential");
    if (!material.isObject()) {
      throw Problem.invalid("confidential", "confidential must be a JSON object");
    }
    if (args.hasNonNull("confidentialHash")) {
      throw Problem.invalid("confidentialHash", "give the confidential material or its hash, not both");
    }
    try {
      args.put("confidentialHash", confidential.put(material));
    } catch (IOException e) {
      throw Problem.unavailable("the gateway cannot store confidential material: " + e.getMessage());
    }
  }
}

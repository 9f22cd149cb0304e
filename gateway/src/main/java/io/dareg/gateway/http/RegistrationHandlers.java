package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.ConfidentialAccess;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.Registration;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Registrations the gateway serves itself: the lists (by holder, by status, the registrar's overdue
 * formal reviews) and the confidential material kept off the ledger. Every other registration
 * operation is a ledger transaction.
 */
final class RegistrationHandlers {
  private final Reads reads;
  private final ConfidentialStore confidential;
  private final Replies replies;
  private final Clock clock;

  RegistrationHandlers(Reads reads, ConfidentialStore confidential, Replies replies, Clock clock) {
    this.reads = reads;
    this.confidential = confidential;
    this.replies = replies;
    this.clock = clock;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("listRegistrations", this::list).bind("getConfidential", this::confidential);
  }

  /** listRegistrations: by holder or status, paged; or, with overdue=true, the formal reviews past their due date. */
  void list(Call call) {
    replies.blocking(call.ctx(), 200, () -> list(call.ctx(), call.caller()));
  }

  /** getConfidential: the material, when the rules say the caller may read it (getConfidentialAccess, the same on Fabric). */
  void confidential(Call call) {
    replies.blocking(call.ctx(), 200, () -> confidential(call.caller(), call.param("regNo")));
  }

  private JsonNode list(RoutingContext ctx, Caller caller) {
    if (ctx.queryParams().contains("overdue")) {
      return overdueFormalReviews(ctx, caller);
    }
    String holder = ctx.queryParams().get("holder");
    String status = ctx.queryParams().get("status");
    if ((holder == null) == (status == null)) {
      throw Problem.invalid("holder", "give exactly one of the query parameters holder and status");
    }
    int pageSize;
    try {
      pageSize = ctx.queryParams().contains("pageSize") ? Integer.parseInt(ctx.queryParams().get("pageSize")) : 0;
    } catch (NumberFormatException e) {
      throw Problem.invalid("pageSize", "pageSize must be a whole number");
    }
    ObjectNode args = Json.mapper().createObjectNode();
    args.put("key", holder != null ? holder : status);
    args.put("pageSize", pageSize);
    if (ctx.queryParams().contains("bookmark")) {
      args.put("bookmark", ctx.queryParams().get("bookmark"));
    }
    return reads.query(caller, holder != null ? "listByHolder" : "listByStatus", CanonicalJson.toString(args));
  }

  /** The registrar's queue of formal reviews past the due date their profile sets (the registry is late). */
  private JsonNode overdueFormalReviews(RoutingContext ctx, Caller caller) {
    if (!"true".equals(ctx.queryParams().get("overdue"))
        || ctx.queryParams().contains("holder")
        || (ctx.queryParams().contains("status") && !"FORMAL_REVIEW".equals(ctx.queryParams().get("status")))) {
      throw Problem.invalid("overdue", "overdue=true lists formal reviews past their due date; give no holder, and status FORMAL_REVIEW or none");
    }
    Instant now = clock.instant();
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode items = out.putArray("items");
    for (JsonNode item : reads.allPages(caller, "FORMAL_REVIEW")) {
      if (Json.mapper().convertValue(item, Registration.class).formalReviewOverdue(now)) {
        items.add(item);
      }
    }
    out.put("bookmark", "");
    return out;
  }

  private JsonNode confidential(Caller caller, String regNo) throws IOException {
    String hash = reads.query(caller, "getConfidentialAccess", Map.of("regNo", regNo), ConfidentialAccess.class).confidentialHash();
    if (hash == null) {
      throw Problem.notFound(regNo + " has no confidential material");
    }
    JsonNode doc = confidential.get(hash);
    if (doc == null) {
      throw Problem.notFound("this gateway does not hold the confidential material of " + regNo);
    }
    return doc;
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.TradeQuery;
import io.dareg.core.json.Json;
import io.dareg.core.model.DeliveryStatus;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.TradeStatus;
import io.dareg.gateway.cert.CertificateIssuer;
import io.dareg.gateway.index.QueryIndex;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Trades and deliveries the gateway serves itself: the lists from its query index, as far as the
 * caller may see them, and the signed vouchers of listing checks and trades. Recording them is a
 * ledger transaction.
 */
final class TradeHandlers {
  private final Reads reads;
  private final QueryIndex index;
  private final CertificateIssuer issuer;
  private final Replies replies;
  private final Clock clock;

  private final ArtifactReceipts receipts;

  TradeHandlers(Reads reads, QueryIndex index, CertificateIssuer issuer, Replies replies, Clock clock, ArtifactReceipts receipts) {
    this.receipts = receipts;
    this.reads = reads;
    this.index = index;
    this.issuer = issuer;
    this.replies = replies;
    this.clock = clock;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("listTrades", this::trades).bind("listDeliveries", this::deliveries)
        .bind("getListingCheckVoucher", this::listingCheckVoucher).bind("getTradeVoucher", this::tradeVoucher);
  }

  /** listTrades. */
  void trades(Call call) {
    replies.blocking(call.ctx(), 200, () -> list(call.ctx(), call.caller(), true));
  }

  /** listDeliveries. */
  void deliveries(Call call) {
    replies.blocking(call.ctx(), 200, () -> list(call.ctx(), call.caller(), false));
  }

  /** getListingCheckVoucher: the evidence an exchange keeps of a listing check. */
  void listingCheckVoucher(Call call) {
    replies.blocking(call.ctx(), 200, () -> voucher(call.caller(), "listing-check", "getListingCheck", call.param("id")));
  }

  /** getTradeVoucher: the trade voucher (交易凭证). */
  void tradeVoucher(Call call) {
    replies.blocking(call.ctx(), 200, () -> voucher(call.caller(), "trade", "getTrade", call.param("id")));
  }

  /** The ledger's record as the caller may read it, signed by the registry's issuing key. */
  private JsonNode voucher(Caller caller, String kind, String transaction, String id) {
    JsonNode record = reads.query(caller, transaction, Map.of("id", id));
    ObjectNode voucher = Json.mapper().valueToTree(issuer.voucher(kind, record, clock.instant()));
    if (kind.equals("listing-check")) { // issue 24: the check's transaction in the witnessed log
      receipts.attach(voucher, receipts.writtenBy(record.path("regNo").asText(), "listingCheck", record.path("checkNo").asText()));
    }
    return voucher;
  }

  /** The query parameters of the trade and delivery lists. */
  static final List<String> INDEX_PARAMETERS = List.of("exchange", "party", "regNo", "status", "from", "to", "pageSize", "bookmark");

  /**
   * Trades or deliveries from the query index, as far as the caller may see them: a regulator
   * everything, an exchange what its organisation recorded, a party what it sells or buys.
   */
  private JsonNode list(RoutingContext ctx, Caller caller, boolean trades) throws IOException {
    TradeQuery q = visible(caller, indexQuery(ctx, trades));
    QueryIndex.Page page = trades ? index.trades(q) : index.deliveries(q);
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode items = out.putArray("items");
    for (String json : page.items()) {
      items.add(Json.mapper().readTree(json));
    }
    out.put("bookmark", page.bookmark()).put("indexedThrough", page.indexedThrough()).put("behind", page.behind());
    if (page.behind()) {
      ctx.response().putHeader("Dareg-Index-Behind", "true");
    }
    return out;
  }

  private static TradeQuery indexQuery(RoutingContext ctx, boolean trades) {
    MultiMap p = ctx.queryParams();
    for (String name : p.names()) {
      if (!INDEX_PARAMETERS.contains(name)) {
        throw Problem.invalid(name, name + " is not a parameter of this list; use " + String.join(", ", INDEX_PARAMETERS));
      }
      if (p.getAll(name).size() > 1) {
        throw Problem.invalid(name, "give " + name + " once");
      }
    }
    String status = p.get("status");
    List<String> statuses = Arrays.stream(trades ? TradeStatus.values() : DeliveryStatus.values()).map(Enum::name).toList();
    if (status != null && !statuses.contains(status)) {
      throw Problem.invalid("status", "status '" + status + "' is not a " + (trades ? "trade" : "delivery") + " status; use one of "
          + String.join(", ", statuses));
    }
    int pageSize = 0;
    if (p.get("pageSize") != null) {
      try {
        pageSize = Integer.parseInt(p.get("pageSize"));
      } catch (NumberFormatException e) {
        throw Problem.invalid("pageSize", "pageSize must be a whole number from 1 to " + TradeQuery.MAX_PAGE + " (default " + TradeQuery.DEFAULT_PAGE + ")");
      }
    }
    try {
      return new TradeQuery(p.get("exchange"), p.get("party"), p.get("regNo"), status, time(p.get("from"), "from", false),
          time(p.get("to"), "to", true), pageSize, p.get("bookmark"));
    } catch (InvalidInputException e) {
      throw Problem.invalid(e.field(), e.field() + " " + e.getMessage());
    }
  }

  /** An instant, or a China date: from its first moment for {@code from}, through its last for {@code to}. */
  private static Instant time(String text, String name, boolean end) {
    return text == null ? null : TradeQuery.time(name, text, end);
  }

  /** The query narrowed to what the caller may see; asking for more is refused, not silently narrowed. */
  private TradeQuery visible(Caller caller, TradeQuery q) {
    JsonNode who = reads.query(caller, "whoAmI", "{}");
    String role = who.path("role").asText("");
    switch (role) {
      case "REGULATOR":
        return q;
      case "EXCHANGE":
        if (q.exchange() != null && !q.exchange().equals(caller.msp())) {
          throw Problem.forbidden("an exchange sees the trades its own organisation recorded (" + caller.msp() + "), not those of " + q.exchange());
        }
        return new TradeQuery(caller.msp(), q.party(), q.regNo(), q.status(), q.from(), q.to(), q.pageSize(), q.bookmark());
      case "HOLDER":
        String account = who.path("accountId").asText("");
        if (account.isEmpty()) {
          throw Problem.forbidden(caller.identity() + " acts for no open account, so it is party to no trade");
        }
        if (q.party() != null && !q.party().equals(account)) {
          throw Problem.forbidden("a party sees the trades it sells or buys in (account " + account + "), not those of " + q.party());
        }
        return new TradeQuery(q.exchange(), account, q.regNo(), q.status(), q.from(), q.to(), q.pageSize(), q.bookmark());
      default:
        throw Problem.forbidden("trades and deliveries are listed for regulators (all), exchanges (their own) and the parties (theirs); "
            + caller.identity() + (role.isEmpty() ? " has no role" : " is " + role));
    }
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import io.dareg.gateway.Sweeper;
import io.dareg.gateway.index.QueryIndex;
import io.dareg.gateway.ledger.Ledger;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/** {@code /health}: whether the ledger serves, how far the query index has come, and the calendar's warning. */
final class Health {
  private final Ledger ledger;
  private final QueryIndex index;
  private final Clock clock;

  Health(Ledger ledger, QueryIndex index, Clock clock) {
    this.ledger = ledger;
    this.index = index;
    this.clock = clock;
  }

  /** Answers 200 while the ledger serves, else 503, with the details. */
  void handle(RoutingContext ctx) {
    var h = ledger.health();
    ObjectNode out = Json.mapper().createObjectNode().put("status", h.ready() ? "UP" : h.readable() ? "DEGRADED" : "DOWN")
        .put("ledger", h.state().name()).put("detail", h.detail());
    // The index's lag is reported, not judged: the ledger serves while the index catches up.
    QueryIndex.Status i = index.status();
    out.putObject("index").put("state", i.state()).put("indexedThrough", i.indexedThrough()).put("lagBlocks", i.lagBlocks())
        .put("pendingEvents", i.pendingEvents()).put("rebuilding", i.rebuilding()).put("detail", i.detail());
    if (!h.readable()) {
      Replies.json(ctx, h.ready() ? 200 : 503, out);
      return;
    }
    // issue 20: warn when the working-day calendar covers less than 60 days ahead (a warning, not a failure)
    Sweeper.calendarWarningAsync(ledger, clock).whenComplete((warning, e) -> {
      if (e == null && warning != null) {
        out.putArray("warnings").add(warning);
      }
      Replies.json(ctx, h.ready() ? 200 : 503, out);
    });
  }
}

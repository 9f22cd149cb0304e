package io.dareg.client.cli;

import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.json.Json;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The public dev clock ({@code GET /api/v1/dev/clock}) of a test gateway whose ledger keeps a clock of the test's:
 * the command line signs its writes at the time it answers, as it does on a {@code serve --dev} gateway.
 */
final class DevClockRoute {
  private DevClockRoute() {}

  /** The route's operation, for {@code ApiServer}'s extra operations. */
  static List<Operation> operations() {
    return Operations.dev().stream().filter(op -> op.id().equals("getDevClock")).toList();
  }

  /** Its handler, answering {@code clock}'s time as the gateway's dev clock does. */
  static Map<String, Handler<RoutingContext>> handlers(Clock clock) {
    return handlers(clock, () -> true);
  }

  /**
   * Its handler, answering {@code clock}'s time as the gateway's dev clock does while {@code served} says so, and 404
   * as a gateway outside dev mode otherwise.
   */
  static Map<String, Handler<RoutingContext>> handlers(Clock clock, BooleanSupplier served) {
    return Map.of("getDevClock", ctx -> {
      if (!served.getAsBoolean()) {
        ctx.response().setStatusCode(404).putHeader("content-type", "application/problem+json")
            .end("{\"type\":\"https://dareg.io/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"no dev clock\"}");
        return;
      }
      Instant now = clock.instant();
      ctx.response().putHeader("content-type", "application/json").end(Json.mapper().createObjectNode()
          .put("now", now.toString()).put("offsetDays", Duration.between(Instant.now(), now).toDays()).toString());
    });
  }
}

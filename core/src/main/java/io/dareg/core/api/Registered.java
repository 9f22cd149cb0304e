package io.dareg.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Registration;
import io.dareg.core.model.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code register} recorded in its one transaction: the application, and the evidence deposited with it (whose
 * numbers end the application's {@code evidenceNos}).
 *
 * @param registration the application, as {@code submit} returns it
 * @param evidence the deposits made, in the request's order
 */
public record Registered(Registration registration, List<Evidence> evidence) {
  /** Validates every field. */
  public Registered {
    Require.present("registration", registration);
    evidence = Require.list("evidence", evidence, RegisterRequest.MAX_DEPOSITS);
  }

  /** The operation whose event this result is. */
  public static final String OPERATION = "register";

  /**
   * The steps the payload of a {@code register} event records, as the events {@code depositEvidence} and {@code submit}
   * would have emitted: each deposit, then the application; readers that count or follow those (reports, alerts) take
   * a registration with its evidence as the same acts.
   */
  public static List<Map.Entry<String, JsonNode>> steps(JsonNode payload) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (JsonNode e : payload.path("evidence")) {
      out.add(Map.entry("depositEvidence", e));
    }
    out.add(Map.entry("submit", payload.path("registration")));
    return out;
  }
}

package io.dareg.core.api;

import io.dareg.core.model.Evidence;
import io.dareg.core.model.Registration;
import io.dareg.core.model.Require;
import java.util.List;

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
}

package io.dareg.chaincode.profile;

import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;

/**
 * A period counted in days, e.g. 10 working days.
 *
 * @param days how many
 * @param kind working or natural days
 */
public record DayCount(int days, DayKind kind) {
  /** Validates both parts. */
  public DayCount {
    if (days < 0) {
      throw new InvalidInputException("days", "must be zero or more, was " + days);
    }
    Require.present("kind", kind);
  }

  @Override
  public String toString() {
    return days + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " days";
  }
}

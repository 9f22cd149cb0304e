package io.dareg.core.model;

import java.time.LocalDate;

/**
 * A period of dates, both ends included; an open end is null.
 *
 * @param from the first day
 * @param until the last day, or null when open
 */
public record TimeSpan(LocalDate from, LocalDate until) {
  /** The start is required and may not follow the end. */
  public TimeSpan {
    Require.present("from", from);
    if (until != null && until.isBefore(from)) {
      throw new InvalidInputException("until", "must not be before from (" + from + ")");
    }
  }
}

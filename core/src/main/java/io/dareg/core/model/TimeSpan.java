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

  /** True when {@code day} falls inside the span. */
  public boolean contains(LocalDate day) {
    return !day.isBefore(from) && (until == null || !day.isAfter(until));
  }

  /** True when {@code other} lies entirely inside this span. */
  public boolean covers(TimeSpan other) {
    if (other.from.isBefore(from)) {
      return false;
    }
    if (until == null) {
      return true;
    }
    return other.until != null && !other.until.isAfter(until);
  }
}

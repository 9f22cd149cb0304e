package io.dareg.core.api;

import io.dareg.core.model.CalendarYear;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The working-day calendar a ledger counts deadlines with.
 *
 * @param firstYear the first year covered
 * @param lastYear the last year covered; a deadline beyond it is refused until the next year is recorded
 * @param shippedLastYear the last year the rules ship with (calendar/cn.json)
 * @param recorded the years recorded on the ledger after the shipped ones, in order
 */
public record CalendarView(int firstYear, int lastYear, int shippedLastYear, List<CalendarYear> recorded) {
  /** Copies the list. */
  public CalendarView {
    recorded = List.copyOf(recorded);
  }

  // --- issue 20: warn well before the calendar runs out ------------------------------------------

  /** A registry is warned when its calendar covers fewer days ahead than this. */
  public static final int WARN_DAYS_AHEAD = 60;

  /** The last day the calendar covers. */
  public LocalDate lastDay() {
    return LocalDate.of(lastYear, 12, 31);
  }

  /** Days from {@code today} to the calendar's last day (negative once it has run out). */
  public long daysAhead(LocalDate today) {
    return ChronoUnit.DAYS.between(today, lastDay());
  }

  /**
   * The warning a registry must act on when the calendar covers fewer than {@link #WARN_DAYS_AHEAD}
   * days after {@code today}, saying what to do; null when it covers enough.
   */
  public String warning(LocalDate today) {
    long ahead = daysAhead(today);
    if (ahead >= WARN_DAYS_AHEAD) {
      return null;
    }
    int next = lastYear + 1;
    return "the working-day calendar ends on " + lastDay()
        + (ahead < 0 ? ", " + (-ahead) + " days ago" : ", " + ahead + " days from " + today)
        + " (less than " + WARN_DAYS_AHEAD + "): deadlines counted into " + next + " are refused until " + next
        + " is recorded. When the State Council publishes " + next + "'s holiday arrangement, a registry admin"
        + " records it: dareg calendar set " + next + " FILE (format in docs/rules.md)";
  }
}

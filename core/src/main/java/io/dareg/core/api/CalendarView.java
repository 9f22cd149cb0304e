package io.dareg.core.api;

import io.dareg.core.model.CalendarYear;
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
}

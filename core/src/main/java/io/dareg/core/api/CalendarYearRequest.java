package io.dareg.core.api;

import io.dareg.core.model.CalendarYear;
import io.dareg.core.model.Require;
import java.time.LocalDate;
import java.util.List;

/**
 * Records the official working-day calendar of one year (registry organisation admins only), for
 * the year after the last one the ledger knows.
 *
 * @param year the year
 * @param holidays the public holidays that fall on weekdays (days off)
 * @param workdays the weekend days that are working days (调休)
 * @param source the State Council notice the dates come from
 */
public record CalendarYearRequest(int year, List<LocalDate> holidays, List<LocalDate> workdays, String source) {
  /** Validates the dates as {@link CalendarYear#check} does, and the source. */
  public CalendarYearRequest {
    holidays = holidays == null ? List.of() : holidays;
    workdays = workdays == null ? List.of() : workdays;
    CalendarYear.check(year, holidays, workdays);
    source = Require.text("source", source, 300);
  }
}

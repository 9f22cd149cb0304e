package io.dareg.core.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One year of the official working-day calendar as the State Council publishes it (节假日安排):
 * the public holidays that fall on weekdays, and the weekend days swapped into working days
 * (调休). Recorded on the ledger by a registry admin when the notice is published, for the years
 * after those the rules ship with, so that deadlines counted in working days keep working into a
 * new year without a new release.
 *
 * @param year the year
 * @param holidays the days off that would otherwise be working days, in that year
 * @param workdays the Saturdays and Sundays that are working days, in that year
 * @param source the notice it comes from (e.g. 国务院办公厅关于2027年部分节假日安排的通知)
 * @param recordedBy the admin that recorded it
 * @param recordedAt when
 */
public record CalendarYear(int year, List<LocalDate> holidays, List<LocalDate> workdays, String source,
    IdentityRef recordedBy, Instant recordedAt) {
  /** Validates the dates against the year and each other. */
  public CalendarYear {
    holidays = holidays == null ? List.of() : holidays;
    workdays = workdays == null ? List.of() : workdays;
    check(year, holidays, workdays);
    holidays = List.copyOf(new TreeSet<>(holidays));
    workdays = List.copyOf(new TreeSet<>(workdays));
    source = Require.text("source", source, 300);
    Require.present("recordedBy", recordedBy);
    Require.present("recordedAt", recordedAt);
  }

  /**
   * Checks a year's dates: the year is 2000 to 2100, every date lies in it and appears once, no
   * day is both a holiday and a working day, and every swapped working day is a Saturday or Sunday.
   */
  public static void check(int year, List<LocalDate> holidays, List<LocalDate> workdays) {
    if (year < 2000 || year > 2100) {
      throw new InvalidInputException("year", "must be between 2000 and 2100");
    }
    Set<LocalDate> seen = new TreeSet<>();
    for (LocalDate d : Require.list("holidays", holidays, 60)) {
      inYear("holidays", d, year);
      if (!seen.add(d)) {
        throw new InvalidInputException("holidays", d + " is listed twice");
      }
    }
    for (LocalDate d : Require.list("workdays", workdays, 30)) {
      inYear("workdays", d, year);
      if (seen.contains(d)) {
        throw new InvalidInputException("workdays", d + " is listed both as a holiday and as a working day");
      }
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        throw new InvalidInputException("workdays", d + " is a " + d.getDayOfWeek()
            + ": only Saturdays and Sundays are swapped into working days; weekdays work anyway");
      }
      seen.add(d);
    }
  }

  private static void inYear(String field, LocalDate d, int year) {
    Require.present(field, d);
    if (d.getYear() != year) {
      throw new InvalidInputException(field, d + " is not in " + year);
    }
  }
}

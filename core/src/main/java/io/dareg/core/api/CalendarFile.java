package io.dareg.core.api;

import io.dareg.core.model.InvalidInputException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file a registry admin records one year of the working-day calendar from ({@code dareg calendar
 * set YEAR FILE}, issue 20), as the State Council's holiday notice gives it. UTF-8 text, one entry a
 * line, {@code #} starts a comment:
 *
 * <pre>
 * year 2027
 * source 国务院办公厅关于2027年部分节假日安排的通知
 * 2027-01-01 holiday
 * 2027-02-06/2027-02-12 holiday
 * 2027-02-14 workday
 * </pre>
 *
 * A day listed {@code holiday} is a day off; a Saturday or Sunday listed {@code workday} is a
 * swapped working day (调休); every other day is classified by the week (Monday to Friday working).
 * Each day is classified once: a day listed twice, a date outside the year, a weekday listed as a
 * workday or a year that does not match are refused with the line and the date at fault.
 */
public final class CalendarFile {
  private CalendarFile() {}

  /**
   * Reads {@code text} as the calendar of {@code year}.
   *
   * @throws InvalidInputException naming the line and date at fault
   */
  public static CalendarYearRequest parse(int year, String text) {
    Integer fileYear = null;
    String source = null;
    Map<LocalDate, String> days = new TreeMap<>();
    Map<LocalDate, Integer> lineOf = new TreeMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int no = i + 1;
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (parts.length < 2) {
        throw error(no, "'" + line + "' needs two parts: 'year YYYY', 'source TEXT' or 'DATE[/DATE] holiday|workday'");
      }
      switch (parts[0]) {
        case "year" -> {
          try {
            fileYear = Integer.parseInt(parts[1].strip());
          } catch (NumberFormatException e) {
            throw error(no, "'" + parts[1] + "' is not a year");
          }
          if (fileYear != year) {
            throw error(no, "the file is for " + fileYear + ", not " + year);
          }
        }
        case "source" -> source = parts[1].strip();
        default -> {
          String kind = parts[1].strip();
          if (!kind.equals("holiday") && !kind.equals("workday")) {
            throw error(no, "'" + kind + "' is neither holiday nor workday");
          }
          String[] ends = parts[0].split("/");
          LocalDate from = date(no, ends[0]);
          LocalDate to = ends.length > 1 ? date(no, ends[1]) : from;
          if (ends.length > 2 || to.isBefore(from)) {
            throw error(no, "'" + parts[0] + "' is not a date or a range FROM/TO with FROM before TO");
          }
          for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getYear() != year) {
              throw error(no, d + " is not in " + year);
            }
            if (kind.equals("workday") && d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
              throw error(no, d + " is a " + d.getDayOfWeek() + ": only a Saturday or Sunday is swapped into a working day");
            }
            String before = days.putIfAbsent(d, kind);
            if (before != null) {
              throw error(no, d + " is already classified " + before + " on line " + lineOf.get(d) + "; classify each day once");
            }
            lineOf.put(d, no);
          }
        }
      }
    }
    if (fileYear == null) {
      throw new InvalidInputException("file", "the file has no 'year " + year + "' line");
    }
    if (source == null) {
      throw new InvalidInputException("file", "the file has no 'source' line naming the State Council notice");
    }
    List<LocalDate> holidays = new ArrayList<>();
    List<LocalDate> workdays = new ArrayList<>();
    days.forEach((d, kind) -> (kind.equals("holiday") ? holidays : workdays).add(d));
    return new CalendarYearRequest(year, holidays, workdays, source);
  }

  private static LocalDate date(int line, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw error(line, "'" + text + "' is not a date (YYYY-MM-DD)");
    }
  }

  private static InvalidInputException error(int line, String message) {
    return new InvalidInputException("file", "line " + line + ": " + message);
  }
}

package io.dareg.chaincode.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.json.Json;
import io.dareg.core.model.ChinaTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Working days by the official calendar: weekdays, minus public holidays, plus the weekend days
 * swapped into working days (调休). Deadlines counted in working days depend on it, so it is data.
 */
public final class WorkingCalendar {
  private static final String RESOURCE = "/calendar/cn.json";
  private static volatile WorkingCalendar china;

  private final SortedMap<Integer, YearRules> years;

  /**
   * One year's exceptions to the Monday-to-Friday week.
   *
   * @param holidays days off that would otherwise be working days (and holidays on weekends)
   * @param workdays weekend days that are working days
   */
  public record YearRules(Set<LocalDate> holidays, Set<LocalDate> workdays) {
    /** Defensive, sorted copies. */
    public YearRules {
      holidays = Collections.unmodifiableSet(new TreeSet<>(holidays));
      workdays = Collections.unmodifiableSet(new TreeSet<>(workdays));
    }
  }

  private WorkingCalendar(Map<Integer, YearRules> years) {
    if (years.isEmpty()) {
      throw new IllegalArgumentException("a calendar needs at least one year");
    }
    this.years = Collections.unmodifiableSortedMap(new TreeMap<>(years));
    Iterator<Integer> it = this.years.keySet().iterator();
    int previous = it.next();
    while (it.hasNext()) {
      int y = it.next();
      if (y != previous + 1) {
        throw new IllegalArgumentException("calendar years must be consecutive; " + (previous + 1) + " is missing");
      }
      previous = y;
    }
  }

  /** The official calendar shipped in the jar ({@code /calendar/cn.json}); loaded once. */
  public static WorkingCalendar china() {
    WorkingCalendar c = china;
    if (c == null) {
      synchronized (WorkingCalendar.class) {
        c = china;
        if (c == null) {
          china = c = load();
        }
      }
    }
    return c;
  }

  /** A calendar of the given years (consecutive). */
  public static WorkingCalendar of(Map<Integer, YearRules> years) {
    return new WorkingCalendar(years);
  }

  /** The first year covered. */
  public int firstYear() {
    return years.firstKey();
  }

  /** The last year covered. */
  public int lastYear() {
    return years.lastKey();
  }

  /**
   * This calendar followed by {@code later} years (each the year after the previous one); the
   * years the registry records on the ledger after those it ships with.
   */
  public WorkingCalendar extendedBy(Map<Integer, YearRules> later) {
    if (later.isEmpty()) {
      return this;
    }
    Map<Integer, YearRules> all = new TreeMap<>(years);
    later.forEach((y, r) -> {
      if (all.containsKey(y)) {
        throw new IllegalArgumentException(y + " is already in the calendar");
      }
      all.put(y, r);
    });
    return new WorkingCalendar(all);
  }

  /** True when government offices work on {@code day}. */
  public boolean isWorkingDay(LocalDate day) {
    YearRules rules = years.get(day.getYear());
    if (rules == null) {
      if (day.getYear() < firstYear()) {
        throw RuleException.conflict(
            "the working-day calendar starts with " + firstYear() + "; " + day + " is before it");
      }
      // issue 20: say which year is missing and how to record it
      throw RuleException.conflict(
          "the working-day calendar ends with " + lastYear() + ": a deadline counted to " + day + " needs "
              + (lastYear() + 1) + ", which is missing. A registry admin records " + (lastYear() + 1)
              + "'s holidays and swapped working days when the State Council publishes them: dareg calendar set "
              + (lastYear() + 1) + " FILE (recordCalendarYear; the file format is in docs/rules.md)");
    }
    if (rules.workdays().contains(day)) {
      return true;
    }
    if (rules.holidays().contains(day)) {
      return false;
    }
    DayOfWeek dow = day.getDayOfWeek();
    return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
  }

  /** The {@code n}-th working day strictly after {@code start}; {@code start} itself for n = 0. */
  public LocalDate addWorkingDays(LocalDate start, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be zero or more");
    }
    LocalDate day = start;
    int counted = 0;
    while (counted < n) {
      day = day.plusDays(1);
      if (isWorkingDay(day)) {
        counted++;
      }
    }
    return day;
  }

  /** {@code start} plus a day count: natural days as they come, working days by this calendar. */
  public LocalDate add(LocalDate start, DayCount count) {
    return count.kind() == DayKind.NATURAL
        ? start.plusDays(count.days())
        : addWorkingDays(start, count.days());
  }

  /**
   * The end of a period that starts at {@code from}: midnight (China time) after the last day
   * counted, the day of {@code from} itself not counting.
   */
  public Instant deadline(Instant from, DayCount count) {
    LocalDate last = add(from.atZone(ChinaTime.ZONE).toLocalDate(), count);
    return last.plusDays(1).atStartOfDay(ChinaTime.ZONE).toInstant();
  }

  private static WorkingCalendar load() {
    try (InputStream in = WorkingCalendar.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = Json.mapper().readTree(in);
      Map<Integer, YearRules> years = new TreeMap<>();
      for (JsonNode year : root.get("years")) {
        int y = year.get("year").asInt();
        Set<LocalDate> holidays = dates(year.get("holidays"), y);
        Set<LocalDate> workdays = dates(year.get("workdays"), y);
        years.put(y, new YearRules(holidays, workdays));
      }
      return new WorkingCalendar(years);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** Dates written as "2026-02-15" or as ranges "2026-02-15/2026-02-23". */
  private static Set<LocalDate> dates(JsonNode list, int year) {
    Set<LocalDate> out = new TreeSet<>();
    for (JsonNode n : list) {
      String text = n.asText();
      String[] ends = text.split("/");
      LocalDate from = LocalDate.parse(ends[0]);
      LocalDate to = ends.length > 1 ? LocalDate.parse(ends[1]) : from;
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        if (d.getYear() != year) {
          throw new IllegalStateException(text + " is not in " + year);
        }
        out.add(d);
      }
    }
    return out;
  }
}

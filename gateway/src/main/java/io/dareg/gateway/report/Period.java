package io.dareg.gateway.report;

import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period: a month ({@code 2026-09}), a quarter ({@code 2026-Q3}) or a year
 * ({@code 2026}), with its bounds taken in China time (Asia/Shanghai), the time of the registry's
 * rules and documents.
 *
 * @param name the period as written, e.g. {@code 2026-Q3}
 * @param first its first day
 * @param next the first day after it
 */
public record Period(String name, LocalDate first, LocalDate next) {
  /** What {@link #parse} accepts, for error messages and documentation. */
  public static final String FORMS = "a month YYYY-MM (2026-09), a quarter YYYY-Qn (2026-Q3) or a year YYYY (2026)";

  private static final Pattern FORM = Pattern.compile("(\\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?");

  /** Requires a name and a first day before the next. */
  public Period {
    if (name == null || first == null || next == null || !first.isBefore(next)) {
      throw new InvalidInputException("period", "a period needs a name and a first day before the day after it");
    }
  }

  /** Parses {@code text}; INVALID naming the accepted forms when it is none of them. */
  public static Period parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches() || Integer.parseInt(m.group(1)) < 2000) {
      throw new InvalidInputException("period", "'" + (text == null ? "" : text) + "' is not a period: give " + FORMS);
    }
    int year = Integer.parseInt(m.group(1));
    if (m.group(2) != null) {
      LocalDate first = LocalDate.of(year, Integer.parseInt(m.group(2)), 1);
      return new Period(m.group(0), first, first.plusMonths(1));
    }
    if (m.group(3) != null) {
      LocalDate first = LocalDate.of(year, (Integer.parseInt(m.group(3)) - 1) * 3 + 1, 1);
      return new Period(m.group(0), first, first.plusMonths(3));
    }
    LocalDate first = LocalDate.of(year, 1, 1);
    return new Period(m.group(0), first, first.plusYears(1));
  }

  /** Parses {@code text} and refuses a period that has not begun at {@code now}. */
  public static Period parse(String text, Instant now) {
    Period p = parse(text);
    if (p.start().isAfter(now)) {
      throw new InvalidInputException("period", p.name + " has not begun (today is " + LocalDate.ofInstant(now, ChinaTime.ZONE)
          + " in China time): give a past or current period, " + FORMS);
    }
    return p;
  }

  /** The first instant of the period. */
  public Instant start() {
    return first.atStartOfDay(ChinaTime.ZONE).toInstant();
  }

  /** The first instant after the period. */
  public Instant end() {
    return next.atStartOfDay(ChinaTime.ZONE).toInstant();
  }

  /** True when {@code t} falls in the period. */
  public boolean contains(Instant t) {
    return t != null && !t.isBefore(start()) && t.isBefore(end());
  }

  /** The last day of the period. */
  public LocalDate last() {
    return next.minusDays(1);
  }
}

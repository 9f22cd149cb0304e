package io.dareg.chaincode.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.chaincode.registry.RuleException;
import java.time.Instant;
import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The official calendar: holidays, swapped working days, and deadlines counted over them. */
class WorkingCalendarTest {
  private final WorkingCalendar cal = WorkingCalendar.china();

  @Test
  void swapped_weekend_days_are_working_days_and_weekday_holidays_are_not() {
    assertThat(cal.isWorkingDay(LocalDate.of(2025, 9, 28))).as("Sunday worked before National Day").isTrue();
    assertThat(cal.isWorkingDay(LocalDate.of(2026, 2, 14))).as("Saturday worked before Spring Festival").isTrue();
    assertThat(cal.isWorkingDay(LocalDate.of(2026, 2, 16))).as("Monday in Spring Festival").isFalse();
    assertThat(cal.isWorkingDay(LocalDate.of(2024, 6, 10))).as("Dragon Boat Festival 2024").isFalse();
    assertThat(cal.isWorkingDay(LocalDate.of(2025, 10, 8))).as("Mid-Autumn within National Day 2025").isFalse();
    assertThat(cal.isWorkingDay(LocalDate.of(2026, 3, 7))).as("a plain Saturday").isFalse();
    assertThat(cal.isWorkingDay(LocalDate.of(2026, 3, 9))).as("a plain Monday").isTrue();
  }

  @Test
  void ten_working_days_from_the_friday_before_national_day_2025_skip_the_holiday_week() {
    // 2025-09-26 (Fri): working days after it are Sep 28 (Sun, swapped), 29, 30, then Oct 9, 10, 11 (Sat, swapped), 13..16.
    assertThat(cal.addWorkingDays(LocalDate.of(2025, 9, 26), 10)).isEqualTo(LocalDate.of(2025, 10, 16));
    assertThat(cal.addWorkingDays(LocalDate.of(2025, 9, 26), 3)).isEqualTo(LocalDate.of(2025, 9, 30));
    assertThat(cal.addWorkingDays(LocalDate.of(2025, 9, 26), 4)).isEqualTo(LocalDate.of(2025, 10, 9));
    assertThat(cal.addWorkingDays(LocalDate.of(2025, 9, 26), 0)).isEqualTo(LocalDate.of(2025, 9, 26));
  }

  @Test
  void a_deadline_ends_at_midnight_beijing_time_after_the_last_day_counted() {
    Instant published = Instant.parse("2026-03-02T02:00:00Z"); // Monday 10:00 in Beijing
    assertThat(cal.deadline(published, new DayCount(3, DayKind.WORKING))).isEqualTo(Instant.parse("2026-03-05T16:00:00Z"));
    assertThat(cal.deadline(published, new DayCount(7, DayKind.NATURAL))).isEqualTo(Instant.parse("2026-03-09T16:00:00Z"));
    // Sunday 17:00 UTC is already Monday 01:00 in Beijing: one working day after Monday is Tuesday.
    assertThat(cal.deadline(Instant.parse("2026-03-01T17:00:00Z"), new DayCount(1, DayKind.WORKING)))
        .isEqualTo(Instant.parse("2026-03-03T16:00:00Z"));
  }

  @Test
  void refuses_years_it_does_not_know() {
    assertThat(cal.firstYear()).isEqualTo(2024);
    assertThat(cal.lastYear()).isEqualTo(2026);
    assertThatThrownBy(() -> cal.isWorkingDay(LocalDate.of(2027, 1, 4)))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("ends with 2026")
        .hasMessageContaining("2027, which is missing") // issue 20: which year, and how to record it
        .hasMessageContaining("dareg calendar set 2027 FILE");
    assertThat(cal.add(LocalDate.of(2027, 1, 4), new DayCount(7, DayKind.NATURAL))).isEqualTo(LocalDate.of(2027, 1, 11));
  }

  @Property(tries = 500)
  void adding_n_working_days_lands_on_a_working_day_with_exactly_n_in_between(
      @ForAll @IntRange(min = 0, max = 900) int offset, @ForAll @IntRange(min = 1, max = 60) int n) {
    LocalDate start = LocalDate.of(2024, 1, 1).plusDays(offset);
    LocalDate end = cal.addWorkingDays(start, n);
    assertThat(cal.isWorkingDay(end)).isTrue();
    assertThat(end).isAfter(start);
    int counted = 0;
    for (LocalDate d = start.plusDays(1); !d.isAfter(end); d = d.plusDays(1)) {
      if (cal.isWorkingDay(d)) {
        counted++;
      }
    }
    assertThat(counted).isEqualTo(n);
  }
}

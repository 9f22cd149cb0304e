package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.DayCount;
import io.dareg.chaincode.profile.WorkingCalendar;
import io.dareg.core.model.CalendarYear;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The working-day calendar as this ledger knows it: the years shipped with the rules followed by the
 * years a registry admin recorded after them (recordCalendarYear), read in order until one is missing.
 * The rules that count deadlines in working days are given this, not the registry.
 */
final class LedgerCalendar {
  private final WorkingCalendar shipped;

  LedgerCalendar(WorkingCalendar shipped) {
    this.shipped = shipped;
  }

  /** The calendar the rules ship with. */
  WorkingCalendar shipped() {
    return shipped;
  }

  /** The shipped years extended by the years recorded on the ledger. */
  WorkingCalendar of(Store store) {
    Map<Integer, WorkingCalendar.YearRules> later = new TreeMap<>();
    for (CalendarYear y : recordedYears(store)) {
      later.put(y.year(), new WorkingCalendar.YearRules(Set.copyOf(y.holidays()), Set.copyOf(y.workdays())));
    }
    return shipped.extendedBy(later);
  }

  /** The years recorded on the ledger after the shipped ones, in order, up to the first missing. */
  List<CalendarYear> recordedYears(Store store) {
    List<CalendarYear> recorded = new ArrayList<>();
    for (int y = shipped.lastYear() + 1; ; y++) {
      CalendarYear c = store.find(Keys.calendarYear(y), CalendarYear.class);
      if (c == null) {
        return recorded;
      }
      recorded.add(c);
    }
  }

  /** The deadline {@code count} from the transaction's time; a RuleException where the calendar ends first. */
  Instant deadline(Tx tx, DayCount count) {
    return of(tx.store).deadline(tx.time(), count);
  }

  /**
   * As {@link #deadline}, but null while the calendar does not reach it: for the registry's own
   * deadlines, which never hold a caller up.
   */
  Instant deadlineIfKnown(Tx tx, DayCount count) {
    try {
      return deadline(tx, count);
    } catch (RuleException calendarGap) {
      return null;
    }
  }
}

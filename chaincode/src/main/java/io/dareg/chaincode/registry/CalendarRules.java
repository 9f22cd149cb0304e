package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.WorkingCalendar;
import io.dareg.core.api.CalendarView;
import io.dareg.core.api.CalendarYearRequest;
import io.dareg.core.api.Empty;
import io.dareg.core.model.CalendarYear;
import java.util.List;

/**
 * The working-day calendar beyond the years the rules ship with: when the State Council publishes
 * next year's holiday arrangement, a registry admin records it, and deadlines counted in working
 * days (notices, corrections, objections, encumbrance filings) run into that year. Years are
 * recorded in order, once each; a recorded year is not changed, because deadlines already counted
 * with it stand.
 */
final class CalendarRules {
  private final LedgerCalendar calendar;

  CalendarRules(LedgerCalendar calendar) {
    this.calendar = calendar;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("recordCalendarYear", CalendarYearRequest.class, this::record);
    d.evaluate("getCalendar", Empty.class, (tx, r) -> view(tx));
  }

  CalendarYear record(Tx tx, CalendarYearRequest req) {
    tx.access.registryAdmin();
    WorkingCalendar known = calendar.of(tx.store);
    if (req.year() <= known.lastYear()) {
      throw RuleException.conflict("the calendar already covers " + req.year() + " ("
          + (req.year() <= calendar.shipped().lastYear() ? "shipped with the rules" : "recorded on the ledger")
          + "); recorded years are not changed because deadlines counted with them stand");
    }
    if (req.year() != known.lastYear() + 1) {
      throw RuleException.invalid("year", "the calendar ends with " + known.lastYear() + ": record " + (known.lastYear() + 1)
          + " before " + req.year());
    }
    CalendarYear year = new CalendarYear(req.year(), req.holidays(), req.workdays(), req.source(), tx.caller().identity(), tx.time());
    tx.store.put(Keys.calendarYear(req.year()), year);
    return year;
  }

  private CalendarView view(Tx tx) {
    WorkingCalendar shipped = calendar.shipped();
    List<CalendarYear> recorded = calendar.recordedYears(tx.store);
    return new CalendarView(shipped.firstYear(), shipped.lastYear() + recorded.size(), shipped.lastYear(), recorded);
  }
}

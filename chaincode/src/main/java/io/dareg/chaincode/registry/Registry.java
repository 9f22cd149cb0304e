package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.chaincode.profile.WorkingCalendar;
import io.dareg.core.model.CalendarYear;
import io.dareg.core.model.ChinaTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry's rules, assembled: the profiles and calendar they read and the rule classes that
 * declare the transactions.
 */
final class Registry {
  private final ProfileCatalog profiles;
  private final WorkingCalendar calendar;
  private final RecordCodec codec;

  Registry(ProfileCatalog profiles, WorkingCalendar calendar, RecordCodec codec) {
    this.profiles = profiles;
    this.calendar = calendar;
    this.codec = codec;
  }

  /** One transaction over {@code ws}, decoding records through this registry's cache. */
  Tx tx(WorldState ws) {
    return new Tx(ws, codec);
  }

  /** Typed access to {@code ws}, decoding records through this registry's cache. */
  Store store(WorldState ws) {
    return new Store(ws, codec);
  }

  ProfileCatalog profiles() {
    return profiles;
  }

  /** The calendar the rules ship with. */
  WorkingCalendar shippedCalendar() {
    return calendar;
  }

  /**
   * The working-day calendar as this ledger knows it: the shipped years followed by the years a
   * registry admin recorded after them (recordCalendarYear), read in order until one is missing.
   */
  WorkingCalendar calendar(Store store) {
    Map<Integer, WorkingCalendar.YearRules> later = new TreeMap<>();
    for (CalendarYear y : recordedYears(store)) {
      later.put(y.year(), new WorkingCalendar.YearRules(Set.copyOf(y.holidays()), Set.copyOf(y.workdays())));
    }
    return calendar.extendedBy(later);
  }

  /** The years recorded on the ledger after the shipped ones, in order, up to the first missing. */
  List<CalendarYear> recordedYears(Store store) {
    List<CalendarYear> recorded = new ArrayList<>();
    for (int y = calendar.lastYear() + 1; ; y++) {
      CalendarYear c = store.find(Keys.calendarYear(y), CalendarYear.class);
      if (c == null) {
        return recorded;
      }
      recorded.add(c);
    }
  }

  Profile profile(String code) {
    return profiles.get(code);
  }

  /** {@code from} plus a calendar period, in China time. */
  static Instant plus(Instant from, java.time.Period period) {
    return from.atZone(ChinaTime.ZONE).plus(period).toInstant();
  }

  /** {@code from} minus a calendar period, in China time. */
  static Instant minus(Instant from, java.time.Period period) {
    return from.atZone(ChinaTime.ZONE).minus(period).toInstant();
  }

  void declare(RegistryTransactions.Declarations d) {
    new AccountRules(this).declare(d);
    new RegistrationRules(this).declare(d);
    new ObjectionRules(this).declare(d);
    new CertificateRules(this).declare(d);
    new RightsRules(this).declare(d);
    new TradeRules(this).declare(d);
    new ProvenanceQueries(this).declare(d);
    new RegistryQueries(this).declare(d);
    new CalendarRules(this).declare(d);
    // What an exchange may read (issue 21 item 9).
    new ExchangeScope(this).declare(d);
    // issue 20: after issue
    new ChangeRules(this).declare(d);
    new SweepRules(this).declare(d);
  }
}

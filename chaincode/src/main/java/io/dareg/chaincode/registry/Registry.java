package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.chaincode.profile.WorkingCalendar;
import io.dareg.core.model.CalendarYear;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's rules, assembled: the profiles and calendar they read and the rule classes that
 * declare the transactions.
 */
final class Registry {
  /** Dates (notice ends, deadlines, registration numbers) are China dates. */
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private final ProfileCatalog profiles;
  private final WorkingCalendar calendar;

  Registry(ProfileCatalog profiles, WorkingCalendar calendar) {
    this.profiles = profiles;
    this.calendar = calendar;
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
    for (int y = calendar.lastYear() + 1; ; y++) {
      CalendarYear recorded = store.find(Keys.calendarYear(y), CalendarYear.class);
      if (recorded == null) {
        break;
      }
      later.put(y, new WorkingCalendar.YearRules(new TreeSet<>(recorded.holidays()), new TreeSet<>(recorded.workdays())));
    }
    return calendar.extendedBy(later);
  }

  Profile profile(String code) {
    return profiles.get(code);
  }

  /** {@code from} plus a calendar period, in China time. */
  static Instant plus(Instant from, java.time.Period period) {
    return from.atZone(ZONE).plus(period).toInstant();
  }

  /** {@code from} minus a calendar period, in China time. */
  static Instant minus(Instant from, java.time.Period period) {
    return from.atZone(ZONE).minus(period).toInstant();
  }

  void declare(RegistryTransactions.Declarations d) {
    new AccountRules(this).declare(d);
    new RegistrationRules(this).declare(d);
    new ObjectionRules(this).declare(d);
    new CertificateRules(this).declare(d);
    new RightsRules(this).declare(d);
    new TradeRules().declare(d);
    new ProvenanceQueries().declare(d);
    new RegistryQueries(this).declare(d);
    new CalendarRules(this).declare(d);
  }
}

package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.chaincode.profile.WorkingCalendar;
import java.time.Instant;
import java.time.ZoneId;

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

  WorkingCalendar calendar() {
    return calendar;
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
  }
}

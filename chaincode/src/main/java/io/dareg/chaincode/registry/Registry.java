package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.chaincode.profile.WorkingCalendar;

/**
 * The registry's rules, assembled: each rule class is given only the profiles and calendar it
 * reads, and no rule class calls another (what several need is on {@link Tx} or in {@link Guards}).
 */
final class Registry {
  private Registry() {}

  static void declare(ProfileCatalog profiles, WorkingCalendar shipped, RegistryTransactions.Declarations d) {
    LedgerCalendar calendar = new LedgerCalendar(shipped);
    new AccountRules(profiles).declare(d);
    new ApplicationRules(profiles, calendar).declare(d);
    new ReviewRules(profiles, calendar).declare(d);
    new IssueRules(profiles).declare(d);
    new CancellationRules(profiles).declare(d);
    new ObjectionRules(profiles, calendar).declare(d);
    new CertificateRules().declare(d);
    new RightsRules(profiles, calendar).declare(d);
    new TradeRules().declare(d);
    new ProvenanceQueries().declare(d);
    new RegistryQueries(profiles).declare(d);
    new CalendarRules(calendar).declare(d);
    // What an exchange may read (issue 21 item 9).
    new ExchangeScope().declare(d);
    // issue 20: after issue
    new ChangeRules(profiles, calendar).declare(d);
    new SweepRules(profiles).declare(d);
    // issue 25: several registries
    new RegistriesRules(profiles).declare(d);
    new PeerDuplicates().declare(d);
  }
}

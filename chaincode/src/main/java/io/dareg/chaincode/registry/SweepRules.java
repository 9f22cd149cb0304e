package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.Empty;
import io.dareg.core.api.SweepResult;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.Objection;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistryRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep (issue 20): records what time has made true, so that no read computes a status nobody
 * recorded. Each sweep is one transaction that lists what it changed:
 *
 * <ul>
 *   <li>an ISSUED registration whose validity ended without renewal is recorded EXPIRED; where the
 *       profile says so (TJ-DIP: 到期未续展的，予以注销并公告) it is cancelled and announced once the
 *       renewal grace has passed, and its certificate cancelled;
 *   <li>an objection registered after issue whose objector showed no court or arbitration filing
 *       within the profile's filing period (SZ: 15 days) lapses, and the record is removed from the
 *       certificate;
 *   <li>objections not forwarded to the holder in time (TJ-DIP: 3 working days) and change
 *       applications not decided in time are listed: the registry is late, nothing is changed.
 * </ul>
 *
 * The gateway runs it daily and at start; a registrar can run it by hand ({@code dareg sweep}).
 */
final class SweepRules {
  /** Changes one sweep records at most; a sweep that stops says so and the next one goes on. */
  static final int LIMIT = 200;

  private final ProfileCatalog profiles;

  SweepRules(ProfileCatalog profiles) {
    this.profiles = profiles;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("sweep", Empty.class, this::sweep);
  }

  SweepResult sweep(Tx tx, Empty req) {
    tx.access.settings();
    // The registry acts: a registrar, its admin, or the gateway's service identity (no role); a
    // holder, reviewer or exchange identity that happens to belong to the registry's organisation does not.
    // Issue 25: each registry sweeps its own registrations.
    io.dareg.core.model.Role role = tx.access.role();
    RegistryRecord own = tx.access.registryOfMsp(tx.caller().msp());
    if (own == null || (role != null && role != io.dareg.core.model.Role.REGISTRAR && !tx.caller().orgAdmin())) {
      throw RuleException.forbidden(
          "the sweep is run by a registry (a registrar, its admin, or the gateway's service identity of a registry"
              + " organisation); " + tx.caller().identity() + " is not one");
    }
    String prefix = own.code() + "-";
    Instant now = tx.time();
    List<String> expired = new ArrayList<>();
    List<String> cancelled = new ArrayList<>();
    List<String> lapsed = new ArrayList<>();
    int budget = LIMIT;
    boolean more = false;
    for (RegistrationStatus status : new RegistrationStatus[] {RegistrationStatus.ISSUED, RegistrationStatus.EXPIRED}) {
      for (String regNo : tx.store.indexed(Keys.byStatus(status))) {
        if (!regNo.startsWith(prefix)) {
          continue;
        }
        Registration r = tx.registration(regNo);
        if (r.validUntil() == null || !now.isAfter(r.validUntil())) {
          continue;
        }
        Profile profile = profiles.get(r.profile());
        boolean cancel = profile.expiryCancels() && now.isAfter(Guards.plus(r.validUntil(), profile.renewalGrace()));
        if (!cancel && status == RegistrationStatus.EXPIRED) {
          continue;
        }
        if (budget-- <= 0) {
          more = true;
          break;
        }
        if (cancel) {
          tx.endCertificate(r, CertificateStatus.CANCELLED, "expired without renewal");
          tx.saved(r,
              r.toBuilder()
                  .status(RegistrationStatus.CANCELLED)
                  .certificateNo(null)
                  .retainUntil(Guards.plus(now, profile.retention())) // kept as long as any cancelled record
                  .reason(null, "EXPIRY: validity ended " + r.validUntil() + " without renewal; cancelled and announced"
                      + " (profile " + profile.code() + ")"));
          cancelled.add(regNo);
        } else {
          tx.saved(r,
              r.toBuilder()
                  .status(RegistrationStatus.EXPIRED)
                  .reason(null, "validity ended " + r.validUntil() + " without renewal"));
          expired.add(regNo);
        }
      }
    }
    List<String> overdueForwarding = new ArrayList<>();
    for (String no : tx.store.indexed(Keys.openObjections())) {
      Objection o = tx.store.require(Keys.OBJECTION.record(no), Objection.class, "objection " + no);
      if (!o.regNo().startsWith(prefix)) {
        continue;
      }
      if (o.status() == ObjectionStatus.AWAITING_FILING && now.isAfter(o.filingDeadline())) {
        if (budget-- <= 0) {
          more = true;
          continue;
        }
        tx.close(o.with(ObjectionStatus.LAPSED, null, null, null, null, tx.time(), null));
        lapsed.add(no);
      } else if (o.forwardingOverdue(now)) {
        overdueForwarding.add(no);
      }
    }
    List<String> overdueChanges = new ArrayList<>();
    for (String no : tx.store.indexed(Keys.openChanges())) {
      ChangeApplication c = tx.change(no);
      if (c.regNo().startsWith(prefix) && c.reviewOverdue(now)) {
        overdueChanges.add(no);
      }
    }
    return new SweepResult(now, expired, cancelled, lapsed, overdueForwarding, overdueChanges, more);
  }
}

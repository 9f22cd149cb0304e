package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RevocationBasis;
import io.dareg.core.model.Role;
import java.util.EnumSet;

/**
 * An issued registration paused or ended (REQUIREMENTS.md §4): suspension and resumption by the
 * registry or a regulator, revocation, abandonment by the holder, and cancellation; each ends the
 * certificate in force.
 */
final class CancellationRules {
  private final ProfileCatalog profiles;

  CancellationRules(ProfileCatalog profiles) {
    this.profiles = profiles;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("suspend", DecisionRequest.class, this::suspend);
    d.submit("resume", DecisionRequest.class, this::resume);
    d.submit("revoke", RevokeRequest.class, this::revoke);
    d.submit("abandon", DecisionRequest.class, this::abandon);
    d.submit("cancel", CancelRequest.class, this::cancel);
  }

  Registration suspend(Tx tx, DecisionRequest req) {
    tx.access.require(Role.REGISTRAR, Role.REGULATOR);
    Registration r = tx.registration(req.regNo());
    tx.requireEffective(r, "suspend", EnumSet.of(RegistrationStatus.ISSUED));
    return tx.saved(r, r.toBuilder().status(RegistrationStatus.SUSPENDED).reason(req.reasonHash(), req.reason()));
  }

  Registration resume(Tx tx, DecisionRequest req) {
    tx.access.require(Role.REGISTRAR, Role.REGULATOR);
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "resume", RegistrationStatus.SUSPENDED);
    return tx.saved(r, r.toBuilder().status(RegistrationStatus.ISSUED).reason(req.reasonHash(), req.reason()));
  }

  Registration revoke(Tx tx, RevokeRequest req) {
    Role role = tx.access.require(Role.REGISTRAR, Role.REGULATOR);
    if (role == Role.REGULATOR && req.basis() != RevocationBasis.ORDER) {
      throw RuleException.forbidden("a regulator revokes by order: use basis ORDER with the order's reference");
    }
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "revoke", RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    tx.endCertificate(r, CertificateStatus.REVOKED, "revoked: " + req.basis());
    String why = req.basis() + (req.orderRef() == null ? "" : " " + req.orderRef()) + ": " + req.reason();
    return tx.saved(r,
        r.toBuilder()
            .status(RegistrationStatus.REVOKED)
            .certificateNo(null)
            .reason(req.reasonHash(), why.length() > 2000 ? why.substring(0, 2000) : why));
  }

  Registration abandon(Tx tx, DecisionRequest req) {
    Registration r = tx.registration(req.regNo());
    tx.access.holderOf(r);
    tx.requireStatus(r, "abandon", RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    tx.refuseWhilePledged(r, "abandon");
    tx.endCertificate(r, CertificateStatus.CANCELLED, "abandoned");
    return tx.saved(r,
        r.toBuilder()
            .status(RegistrationStatus.ABANDONED)
            .certificateNo(null)
            .reason(req.reasonHash(), req.reason()));
  }

  Registration cancel(Tx tx, CancelRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "cancel", RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    tx.endCertificate(r, CertificateStatus.CANCELLED, "cancelled: " + req.basis());
    Profile profile = profiles.get(r.profile());
    return tx.saved(r,
        r.toBuilder()
            .status(RegistrationStatus.CANCELLED)
            .certificateNo(null)
            .retainUntil(Guards.plus(tx.time(), profile.retention()))
            .reason(req.reasonHash(), req.basis() + ": " + req.reason()));
  }
}

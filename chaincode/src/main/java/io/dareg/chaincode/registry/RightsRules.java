package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.RecordTransferRequest;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.model.Account;
import io.dareg.core.model.Consent;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.EncumbranceStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.Role;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.Transfer;
import io.dareg.core.model.TransferStatus;
import java.time.LocalDate;
import java.util.List;

/**
 * Changes after issue: transfers (过户) and the other rights recorded against a registration
 * (他项权益: pledge, licence, trust).
 *
 * <p>A transfer by agreement is a joint application: the holder proposes (its change declaration,
 * recorded that day) and the recipient accepts. Inheritance, court judgments and name changes are
 * recorded by the registry alone. Either way the certificate in force is superseded; the registrar
 * records the new holder's certificate. Pledges and licences are filed within the profile's period
 * (10 working days) of the contract.
 *
 * <p>A jointly held asset is transferred, pledged, licensed or put in trust only with every
 * co-holder's consent (REQUIREMENTS §9): the proposal or filing records its maker's consent, each
 * other co-holder records theirs ({@code consentToTransfer}, {@code consentToEncumbrance}), and the
 * act completes with the last one (a transfer also waits for the recipient's acceptance). Until then
 * an encumbrance is PENDING_CONSENT and not in force.
 */
final class RightsRules {
  private final ProfileCatalog profiles;
  private final LedgerCalendar calendar;

  RightsRules(ProfileCatalog profiles, LedgerCalendar calendar) {
    this.profiles = profiles;
    this.calendar = calendar;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("proposeTransfer", ProposeTransferRequest.class, this::proposeTransfer);
    d.submit("acceptTransfer", IdRequest.class, this::acceptTransfer);
    d.submit("declineTransfer", IdRequest.class, this::declineTransfer);
    d.submit("recordTransfer", RecordTransferRequest.class, this::recordTransfer);
    d.submit("addEncumbrance", AddEncumbranceRequest.class, this::addEncumbrance);
    d.submit("releaseEncumbrance", ReleaseEncumbranceRequest.class, this::releaseEncumbrance);
    // issue 20: co-holders' consent
    d.submit("consentToTransfer", IdRequest.class, this::consentToTransfer);
    d.submit("consentToEncumbrance", IdRequest.class, this::consentToEncumbrance);
  }

  Transfer proposeTransfer(Tx tx, ProposeTransferRequest req) {
    Registration r = tx.registration(req.regNo());
    String proposer = tx.access.holderOf(r);
    tx.requireStatus(r, "transfer", RegistrationStatus.ISSUED);
    tx.recipient(r, req.to());
    tx.refuseWhilePledged(r, "transfer");
    Transfer t = tx.proposeTransfer(r, req.to(), req.documentHash(), null, List.of(new Consent(proposer, tx.time())));
    return t;
  }

  Transfer acceptTransfer(Tx tx, IdRequest req) {
    Transfer t = tx.transfer(req.id());
    String account = tx.access.holder();
    if (!account.equals(t.to())) {
      throw RuleException.forbidden("only the recipient " + t.to() + " accepts transfer " + t.transferNo());
    }
    requireProposed(t);
    if (t.acceptedAt() != null) {
      throw RuleException.conflict(
          "transfer " + t.transferNo() + " was accepted at " + t.acceptedAt() + "; it waits for the consent of "
              + t.awaitingConsent());
    }
    Registration r = tx.registration(t.regNo());
    tx.requireStatus(r, "transfer", RegistrationStatus.ISSUED);
    tx.refuseWhilePledged(r, "transfer");
    return completeOnceAgreed(tx, r, t.accepted(tx.time()));
  }

  /** A co-holder of a jointly held asset consents to the transfer one of them proposed. */
  Transfer consentToTransfer(Tx tx, IdRequest req) {
    Transfer t = tx.transfer(req.id());
    String account = tx.access.holder();
    if (!t.from().contains(account)) {
      throw RuleException.forbidden(
          "account " + account + " is not a holder of " + t.regNo() + " (holders: " + t.from() + "); only they consent to "
              + t.transferNo());
    }
    requireProposed(t);
    if (t.consentedBy(account)) {
      throw RuleException.conflict("account " + account + " has already consented to transfer " + t.transferNo());
    }
    Registration r = tx.registration(t.regNo());
    tx.requireStatus(r, "transfer", RegistrationStatus.ISSUED);
    tx.refuseWhilePledged(r, "transfer");
    return completeOnceAgreed(tx, r, t.consented(account, tx.time()));
  }

  /** Completes an agreed transfer when the recipient has accepted and every holder consented; else stores it as it is. */
  private static Transfer completeOnceAgreed(Tx tx, Registration r, Transfer t) {
    if (t.acceptedAt() != null && t.awaitingConsent().isEmpty()) {
      return tx.completeTransfer(r, t);
    }
    tx.store.put(Keys.TRANSFER.record(t.transferNo()), t);
    return t;
  }

  Transfer declineTransfer(Tx tx, IdRequest req) {
    Transfer t = tx.transfer(req.id());
    String account = tx.access.holder();
    if (!account.equals(t.to()) && !t.from().contains(account)) {
      throw RuleException.forbidden("only the parties to transfer " + t.transferNo() + " may decline it");
    }
    requireProposed(t);
    Transfer declined = t.ended(TransferStatus.DECLINED, tx.time());
    tx.store.put(Keys.TRANSFER.record(t.transferNo()), declined);
    return declined;
  }

  Transfer recordTransfer(Tx tx, RecordTransferRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "transfer", RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    tx.recipient(r, req.to());
    Transfer open = tx.openTransfer(r.regNo());
    if (open != null) {
      tx.store.put(Keys.TRANSFER.record(open.transferNo()), open.ended(TransferStatus.DECLINED, tx.time()));
    }
    String transferNo = tx.store.newNumber("TR", Keys.TRANSFER::record);
    Transfer t =
        new Transfer(
            transferNo, r.regNo(), req.basis(), r.holders(), req.to(), req.documentHash(), TransferStatus.PROPOSED,
            tx.time(), null, null, List.of());
    tx.store.mark(Keys.TRANSFER.entry(r.regNo(), transferNo));
    return tx.completeTransfer(r, t);
  }

  Encumbrance addEncumbrance(Tx tx, AddEncumbranceRequest req) {
    Registration r = tx.registration(req.regNo());
    String grantor = tx.access.holderOf(r);
    tx.requireStatus(r, "encumber", RegistrationStatus.ISSUED);
    Account counterparty = tx.openAccount(req.counterparty(), "counterparty");
    if (r.holders().contains(counterparty.accountId())) {
      throw RuleException.invalid("counterparty", "a holder cannot take a right over its own registration");
    }
    if (req.contractDate().isAfter(tx.date())) {
      throw RuleException.invalid("contractDate", "is after today (" + tx.date() + ")");
    }
    if (req.term().until() != null && req.term().until().isBefore(tx.date())) {
      throw RuleException.invalid("term.until", "the term ended before today (" + tx.date() + ")");
    }
    if (req.kind() == EncumbranceKind.LICENCE) {
      Guards.requirePermittedScenarios(r, req.scenarios());
    }
    Profile profile = profiles.get(r.profile());
    if (req.kind() != EncumbranceKind.TRUST) {
      LocalDate due = calendar.of(tx.store).add(req.contractDate(), profile.encumbranceFiling());
      if (tx.date().isAfter(due)) {
        throw RuleException.conflict(
            "a " + req.kind() + " contract of " + req.contractDate() + " had to be filed by " + due + " ("
                + profile.encumbranceFiling().days() + " " + profile.encumbranceFiling().kind()
                + " days, profile " + profile.code() + ")");
      }
    }
    boolean exclusive = req.kind() == EncumbranceKind.LICENCE && req.exclusive();
    refuseConflicts(tx, r, req.kind(), exclusive, req.term());
    String no = tx.store.newNumber("EN", Keys.ENCUMBRANCE::record);
    boolean sole = r.holders().size() == 1;
    Encumbrance e =
        new Encumbrance(
            no, r.regNo(), req.kind(), grantor, counterparty.accountId(), req.scope(), req.scenarios(),
            exclusive, req.term(), req.contractHash(), req.contractDate(), sole, tx.time(), null,
            sole ? EncumbranceStatus.IN_FORCE : EncumbranceStatus.PENDING_CONSENT, r.holders(),
            List.of(new Consent(grantor, tx.time())));
    tx.store.put(Keys.ENCUMBRANCE.record(no), e);
    tx.store.mark(Keys.ENCUMBRANCE.entry(r.regNo(), no));
    return e;
  }

  /** A co-holder consents to a pledge, licence or trust another co-holder filed; the last consent puts it in force. */
  Encumbrance consentToEncumbrance(Tx tx, IdRequest req) {
    Encumbrance e = tx.store.require(Keys.ENCUMBRANCE.record(req.id()), Encumbrance.class, "encumbrance " + req.id());
    String account = tx.access.holder();
    if (!e.holders().contains(account)) {
      throw RuleException.forbidden(
          "account " + account + " is not a holder of " + e.regNo() + " (holders: " + e.holders() + "); only they consent to "
              + e.encumbranceNo());
    }
    if (e.status() != EncumbranceStatus.PENDING_CONSENT) {
      throw RuleException.conflict("encumbrance " + e.encumbranceNo() + " is " + e.status() + "; there is nothing to consent to");
    }
    if (e.consentedBy(account)) {
      throw RuleException.conflict("account " + account + " has already consented to " + e.encumbranceNo());
    }
    Registration r = tx.registration(e.regNo());
    tx.requireStatus(r, "encumber", RegistrationStatus.ISSUED);
    if (!r.holders().equals(e.holders())) {
      throw RuleException.conflict(
          "the holders of " + r.regNo() + " changed since " + e.encumbranceNo() + " was filed (now " + r.holders()
              + "); the grantor withdraws it (releaseEncumbrance) and files it again");
    }
    Encumbrance next = e.consented(account, tx.time());
    if (next.active()) {
      if (e.term().until() != null && e.term().until().isBefore(tx.date())) {
        throw RuleException.conflict("the term of " + e.encumbranceNo() + " ended on " + e.term().until() + " before every holder consented");
      }
      refuseConflicts(tx, r, e.kind(), e.exclusive(), e.term());
    }
    tx.store.put(Keys.ENCUMBRANCE.record(e.encumbranceNo()), next);
    return next;
  }

  /** Refuses a second pledge, and a licence overlapping another where one of them is exclusive. */
  private static void refuseConflicts(Tx tx, Registration r, EncumbranceKind kind, boolean exclusive, TimeSpan term) {
    for (Encumbrance e : tx.encumbrances(r.regNo())) {
      if (!e.active()) {
        continue;
      }
      if (kind == EncumbranceKind.PLEDGE && e.kind() == EncumbranceKind.PLEDGE) {
        throw RuleException.conflict(r.regNo() + " is already pledged to " + e.counterparty() + " (" + e.encumbranceNo() + ")");
      }
      if (kind == EncumbranceKind.LICENCE
          && e.kind() == EncumbranceKind.LICENCE
          && (e.exclusive() || exclusive)
          && Guards.overlap(e.term(), term)) {
        throw RuleException.conflict(
            "licence " + e.encumbranceNo() + " to " + e.counterparty() + " overlaps this term and one of them is exclusive");
      }
    }
  }

  Encumbrance releaseEncumbrance(Tx tx, ReleaseEncumbranceRequest req) {
    Encumbrance e =
        tx.store.require(Keys.ENCUMBRANCE.record(req.encumbranceNo()), Encumbrance.class, "encumbrance " + req.encumbranceNo());
    Role role = tx.access.require(Role.REGISTRAR, Role.HOLDER);
    if (role == Role.HOLDER) {
      String account = tx.access.holder();
      boolean counterparty = account.equals(e.counterparty());
      // Before it is in force, any holder asked to consent may withdraw it instead.
      boolean holderBeforeConsent = e.status() == EncumbranceStatus.PENDING_CONSENT && e.holders().contains(account);
      boolean grantorAfterTerm =
          account.equals(e.grantor())
              && e.kind() != EncumbranceKind.PLEDGE
              && e.term().until() != null
              && tx.date().isAfter(e.term().until());
      if (!counterparty && !grantorAfterTerm && !holderBeforeConsent) {
        throw RuleException.forbidden(
            "only the counterparty " + e.counterparty() + " or the registry releases " + e.encumbranceNo()
                + (e.kind() == EncumbranceKind.PLEDGE ? "" : " (the grantor may after its term ends)"));
      }
    }
    if (e.status() == EncumbranceStatus.RELEASED) {
      throw RuleException.conflict("encumbrance " + e.encumbranceNo() + " was released at " + e.releasedAt());
    }
    Encumbrance released = e.released(tx.time());
    tx.store.put(Keys.ENCUMBRANCE.record(e.encumbranceNo()), released);
    return released;
  }

  private static void requireProposed(Transfer t) {
    if (t.status() != TransferStatus.PROPOSED) {
      throw RuleException.conflict("transfer " + t.transferNo() + " is already " + t.status());
    }
  }
}

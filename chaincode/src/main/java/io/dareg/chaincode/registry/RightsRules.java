package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.RecordTransferRequest;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.model.Account;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.Role;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.Transfer;
import io.dareg.core.model.TransferBasis;
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
 */
final class RightsRules {
  private final Registry registry;

  RightsRules(Registry registry) {
    this.registry = registry;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("proposeTransfer", ProposeTransferRequest.class, this::proposeTransfer);
    d.submit("acceptTransfer", IdRequest.class, this::acceptTransfer);
    d.submit("declineTransfer", IdRequest.class, this::declineTransfer);
    d.submit("recordTransfer", RecordTransferRequest.class, this::recordTransfer);
    d.submit("addEncumbrance", AddEncumbranceRequest.class, this::addEncumbrance);
    d.submit("releaseEncumbrance", ReleaseEncumbranceRequest.class, this::releaseEncumbrance);
  }

  Transfer proposeTransfer(WorldState ws, ProposeTransferRequest req) {
    Tx tx = registry.tx(ws);
    Registration r = tx.registration(req.regNo());
    tx.access.holderOf(r);
    RegistrationRules.requireStatus(tx, r, "transfer", RegistrationStatus.ISSUED);
    recipient(tx, r, req.to());
    RegistrationRules.refuseWhilePledged(tx, r, "transfer");
    Transfer open = openTransfer(tx, r.regNo());
    if (open != null) {
      throw RuleException.conflict(
          "transfer " + open.transferNo() + " to " + open.to() + " is still open; it must be accepted or declined first");
    }
    String transferNo = tx.store.newNumber("TR", Keys::transfer);
    Transfer t =
        new Transfer(
            transferNo, r.regNo(), TransferBasis.AGREEMENT, r.holders(), req.to(), req.documentHash(),
            TransferStatus.PROPOSED, tx.time(), null);
    tx.store.put(Keys.transfer(transferNo), t);
    tx.store.mark(Keys.transferOf(r.regNo(), transferNo));
    return t;
  }

  Transfer acceptTransfer(WorldState ws, IdRequest req) {
    Tx tx = registry.tx(ws);
    Transfer t = transfer(tx, req.id());
    String account = tx.access.holder();
    if (!account.equals(t.to())) {
      throw RuleException.forbidden("only the recipient " + t.to() + " accepts transfer " + t.transferNo());
    }
    requireProposed(t);
    Registration r = tx.registration(t.regNo());
    RegistrationRules.requireStatus(tx, r, "transfer", RegistrationStatus.ISSUED);
    RegistrationRules.refuseWhilePledged(tx, r, "transfer");
    return complete(tx, r, t);
  }

  Transfer declineTransfer(WorldState ws, IdRequest req) {
    Tx tx = registry.tx(ws);
    Transfer t = transfer(tx, req.id());
    String account = tx.access.holder();
    if (!account.equals(t.to()) && !t.from().contains(account)) {
      throw RuleException.forbidden("only the parties to transfer " + t.transferNo() + " may decline it");
    }
    requireProposed(t);
    Transfer declined = t.ended(TransferStatus.DECLINED, tx.time());
    tx.store.put(Keys.transfer(t.transferNo()), declined);
    return declined;
  }

  Transfer recordTransfer(WorldState ws, RecordTransferRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    RegistrationRules.requireStatus(tx, r, "transfer", RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    recipient(tx, r, req.to());
    Transfer open = openTransfer(tx, r.regNo());
    if (open != null) {
      tx.store.put(Keys.transfer(open.transferNo()), open.ended(TransferStatus.DECLINED, tx.time()));
    }
    String transferNo = tx.store.newNumber("TR", Keys::transfer);
    Transfer t =
        new Transfer(
            transferNo, r.regNo(), req.basis(), r.holders(), req.to(), req.documentHash(), TransferStatus.PROPOSED,
            tx.time(), null);
    tx.store.mark(Keys.transferOf(r.regNo(), transferNo));
    return complete(tx, r, t);
  }

  Encumbrance addEncumbrance(WorldState ws, AddEncumbranceRequest req) {
    Tx tx = registry.tx(ws);
    Registration r = tx.registration(req.regNo());
    String grantor = tx.access.holderOf(r);
    RegistrationRules.requireStatus(tx, r, "encumber", RegistrationStatus.ISSUED);
    Account counterparty = account(tx, req.counterparty(), "counterparty");
    if (r.holders().contains(counterparty.accountId())) {
      throw RuleException.invalid("counterparty", "a holder cannot take a right over its own registration");
    }
    if (req.contractDate().isAfter(tx.date())) {
      throw RuleException.invalid("contractDate", "is after today (" + tx.date() + ")");
    }
    if (req.term().until() != null && req.term().until().isBefore(tx.date())) {
      throw RuleException.invalid("term.until", "the term ended before today (" + tx.date() + ")");
    }
    Profile profile = registry.profile(r.profile());
    if (req.kind() != EncumbranceKind.TRUST) {
      LocalDate due = registry.calendar(tx.store).add(req.contractDate(), profile.encumbranceFiling());
      if (tx.date().isAfter(due)) {
        throw RuleException.conflict(
            "a " + req.kind() + " contract of " + req.contractDate() + " had to be filed by " + due + " ("
                + profile.encumbranceFiling().days() + " " + profile.encumbranceFiling().kind()
                + " days, profile " + profile.code() + ")");
      }
    }
    List<Encumbrance> active =
        tx.encumbrances(r.regNo()).stream().filter(Encumbrance::active).toList();
    for (Encumbrance e : active) {
      if (req.kind() == EncumbranceKind.PLEDGE && e.kind() == EncumbranceKind.PLEDGE) {
        throw RuleException.conflict(r.regNo() + " is already pledged to " + e.counterparty() + " (" + e.encumbranceNo() + ")");
      }
      if (req.kind() == EncumbranceKind.LICENCE
          && e.kind() == EncumbranceKind.LICENCE
          && (e.exclusive() || req.exclusive())
          && overlap(e.term(), req.term())) {
        throw RuleException.conflict(
            "licence " + e.encumbranceNo() + " to " + e.counterparty() + " overlaps this term and one of them is exclusive");
      }
    }
    String no = tx.store.newNumber("EN", Keys::encumbrance);
    Encumbrance e =
        new Encumbrance(
            no, r.regNo(), req.kind(), grantor, counterparty.accountId(), req.scope(), req.scenarios(),
            req.kind() == EncumbranceKind.LICENCE && req.exclusive(), req.term(), req.contractHash(),
            req.contractDate(), true, tx.time(), null);
    tx.store.put(Keys.encumbrance(no), e);
    tx.store.mark(Keys.encumbranceOf(r.regNo(), no));
    return e;
  }

  Encumbrance releaseEncumbrance(WorldState ws, ReleaseEncumbranceRequest req) {
    Tx tx = registry.tx(ws);
    Encumbrance e =
        tx.store.require(Keys.encumbrance(req.encumbranceNo()), Encumbrance.class, "encumbrance " + req.encumbranceNo());
    Role role = tx.access.require(Role.REGISTRAR, Role.HOLDER);
    if (role == Role.HOLDER) {
      String account = tx.access.holder();
      boolean counterparty = account.equals(e.counterparty());
      boolean grantorAfterTerm =
          account.equals(e.grantor())
              && e.kind() != EncumbranceKind.PLEDGE
              && e.term().until() != null
              && tx.date().isAfter(e.term().until());
      if (!counterparty && !grantorAfterTerm) {
        throw RuleException.forbidden(
            "only the counterparty " + e.counterparty() + " or the registry releases " + e.encumbranceNo()
                + (e.kind() == EncumbranceKind.PLEDGE ? "" : " (the grantor may after its term ends)"));
      }
    }
    if (!e.active()) {
      throw RuleException.conflict("encumbrance " + e.encumbranceNo() + " was released at " + e.releasedAt());
    }
    Encumbrance released = e.released(tx.time());
    tx.store.put(Keys.encumbrance(e.encumbranceNo()), released);
    return released;
  }

  static Transfer complete(Tx tx, Registration r, Transfer t) {
    Transfer done = t.ended(TransferStatus.COMPLETED, tx.time());
    tx.store.put(Keys.transfer(t.transferNo()), done);
    CertificateRules.endCurrent(tx, r, CertificateStatus.SUPERSEDED, "transferred by " + t.transferNo());
    RegistrationRules.saved(
        tx, r, r.toBuilder().holders(List.of(t.to())).consents(List.of()).certificateNo(null));
    return done;
  }

  static Account recipient(Tx tx, Registration r, String to) {
    Account a = account(tx, to, "to");
    if (r.holders().contains(to)) {
      throw RuleException.invalid("to", "account " + to + " already holds " + r.regNo());
    }
    return a;
  }

  static Account account(Tx tx, String accountId, String field) {
    Account a = tx.store.find(Keys.account(accountId), Account.class);
    if (a == null) {
      throw RuleException.notFound("account " + accountId + " (" + field + ") does not exist");
    }
    if (!a.open()) {
      throw RuleException.conflict("account " + accountId + " (" + field + ") is closed");
    }
    return a;
  }

  private static Transfer transfer(Tx tx, String no) {
    return tx.store.require(Keys.transfer(no), Transfer.class, "transfer " + no);
  }

  static Transfer openTransfer(Tx tx, String regNo) {
    for (String no : tx.store.indexed(Keys.transfersOf(regNo))) {
      Transfer t = transfer(tx, no);
      if (t.status() == TransferStatus.PROPOSED) {
        return t;
      }
    }
    return null;
  }

  private static void requireProposed(Transfer t) {
    if (t.status() != TransferStatus.PROPOSED) {
      throw RuleException.conflict("transfer " + t.transferNo() + " is already " + t.status());
    }
  }

  static boolean overlap(TimeSpan a, TimeSpan b) {
    boolean aEndsBeforeB = a.until() != null && a.until().isBefore(b.from());
    boolean bEndsBeforeA = b.until() != null && b.until().isBefore(a.from());
    return !aEndsBeforeB && !bEndsBeforeA;
  }
}

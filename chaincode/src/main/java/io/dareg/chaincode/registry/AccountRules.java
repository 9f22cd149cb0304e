package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.Empty;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.IdentityRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.PublicTermsRequest;
import io.dareg.core.api.SetLogWitnessesRequest;
import io.dareg.core.model.Account;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Role;
import io.dareg.core.model.RoleGrant;
import java.util.ArrayList;
import java.util.List;

/** Setting the ledger up, the role table, holder accounts and evidence deposits. */
final class AccountRules {
  private final ProfileCatalog profiles;

  AccountRules(ProfileCatalog profiles) {
    this.profiles = profiles;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("initLedger", InitLedgerRequest.class, this::initLedger);
    d.submit("grantRole", GrantRoleRequest.class, this::grantRole);
    d.submit("removeRole", IdentityRequest.class, this::removeRole);
    d.evaluate("listRoles", Empty.class, this::listRoles);
    d.submit("openAccount", OpenAccountRequest.class, this::openAccount);
    d.submit("closeAccount", IdRequest.class, this::closeAccount);
    d.evaluate("listAccounts", Empty.class, this::listAccounts);
    d.submit("depositEvidence", DepositEvidenceRequest.class, this::depositEvidence);
    // issue 20: review, profiles and disclosure
    d.submit("setPublicTerms", PublicTermsRequest.class, this::setPublicTerms);
    // issue 24: the witnesses of the transparency log
    d.submit("setLogWitnesses", SetLogWitnessesRequest.class, this::setLogWitnesses);
  }

  /**
   * The registry admin names the witnesses whose cosignatures make a checkpoint of the ledger's log witnessed, and how
   * many must cosign (the request checked the keys and the quorum when it was read).
   */
  RegistrySettings setLogWitnesses(Tx tx, SetLogWitnessesRequest req) {
    tx.access.registryAdmin();
    RegistrySettings next = tx.access.settings().withLogWitnesses(req.policy());
    tx.store.put(Keys.settings(), next);
    return next;
  }

  /** The registry admin sets the fee schedule and operating rules the registry publishes (SZ). */
  RegistrySettings setPublicTerms(Tx tx, PublicTermsRequest req) {
    tx.access.registryAdmin();
    RegistrySettings next = tx.access.settings().withTerms(req.fees(), req.operatingRules(), tx.time());
    tx.store.put(Keys.settings(), next);
    return next;
  }

  RegistrySettings initLedger(Tx tx, InitLedgerRequest req) {
    RegistrySettings existing = tx.store.find(Keys.settings(), RegistrySettings.class);
    Caller caller = tx.caller();
    // Only the registry organisation's admin learns that the ledger is initialised, and by whom;
    // anyone else is refused first, in the words it would hear before initialisation.
    boolean admitted = caller.orgAdmin() && caller.msp().equals(existing != null ? existing.registryMsp() : req.registryMsp());
    if (!admitted) {
      throw RuleException.forbidden(
          "only an admin of " + (caller.orgAdmin() && existing != null ? "the registry organisation" : req.registryMsp())
              + " may initialise the ledger; " + caller.identity() + " is not one");
    }
    if (existing != null) {
      throw RuleException.conflict(
          "the ledger was initialised by " + existing.initialisedBy() + " at " + existing.initialisedAt());
    }
    profiles.get(req.defaultProfile());
    RegistrySettings settings =
        new RegistrySettings(
            req.registryMsp(), req.registryName(), req.defaultProfile(), caller.identity(), tx.time(), req.ledgerId(),
            req.trustedRoots(), req.requestSkewSeconds())
        .withLogWitnesses(req.logWitnessPolicy())
        .withCode(req.registryCode());
    tx.store.put(Keys.settings(), settings);
    return settings;
  }

  /** An admin of a registry enters an identity in the role table; a registrar only of its own organisation (issue 25). */
  RoleGrant grantRole(Tx tx, GrantRoleRequest req) {
    String registryMsp = tx.access.ownRegistryAsAdmin().msp();
    if (req.role() == Role.REGISTRAR && !req.identity().msp().equals(registryMsp)) {
      throw RuleException.invalid(
          "identity.msp", "registrars must belong to the registry organisation " + registryMsp);
    }
    RoleGrant existing = tx.store.find(Keys.role(req.identity()), RoleGrant.class);
    if (existing != null && !existing.grantedBy().msp().equals(registryMsp)) {
      throw RuleException.conflict(req.identity() + " is already " + existing.role() + " by " + existing.grantedBy()
          + ", an admin of another registry; that registry removes it first");
    }
    RoleGrant grant = new RoleGrant(req.identity(), req.role(), tx.caller().identity(), tx.time());
    tx.store.put(Keys.role(req.identity()), grant);
    return grant;
  }

  RoleGrant removeRole(Tx tx, IdentityRequest req) {
    String registryMsp = tx.access.ownRegistryAsAdmin().msp();
    RoleGrant grant =
        tx.store.require(Keys.role(req.identity()), RoleGrant.class, "a role for " + req.identity());
    if (!grant.grantedBy().msp().equals(registryMsp)) {
      throw RuleException.forbidden(req.identity() + " was entered by " + grant.grantedBy()
          + ", an admin of another registry; only that registry's admins remove it");
    }
    tx.store.delete(Keys.role(req.identity()));
    return grant;
  }

  /** The role table, in key order (by organisation, then subject), for the registry admin who keeps it. */
  List<RoleGrant> listRoles(Tx tx, Empty req) {
    tx.access.ownRegistryAsAdmin(); // issue 25: an admin of any registry (each keeps its own entries, all read alike)
    return tx.store.all(Keys.roles(), RoleGrant.class);
  }

  /**
   * Every account, open and closed, in number order, for the registrar who opens and closes them and the regulators
   * who supervise them (issue 27: the console lists them instead of asking for a number).
   */
  List<Account> listAccounts(Tx tx, Empty req) {
    tx.access.require(Role.REGISTRAR, Role.REGULATOR);
    return tx.store.all(Keys.accounts(), Account.class);
  }

  Account openAccount(Tx tx, OpenAccountRequest req) {
    tx.access.registrar();
    String existing = tx.store.text(Keys.creditCode(req.creditCodeHash()));
    if (existing != null) {
      throw RuleException.conflict("this credit code already has account " + existing);
    }
    for (int i = 0; i < req.members().size(); i++) {
      IdentityRef m = req.members().get(i);
      String other = tx.store.text(Keys.member(m));
      if (other != null) {
        throw RuleException.conflict(m + " already acts for account " + other);
      }
      if (req.members().subList(0, i).contains(m)) {
        throw RuleException.invalid("members[" + i + "]", m + " is listed twice");
      }
    }
    String accountId = tx.store.newNumber("AC", Keys::account);
    Account account =
        new Account(
            accountId, req.creditCodeHash(), req.name(), req.kind(), true, req.members(), tx.time(), null);
    tx.store.put(Keys.account(accountId), account);
    tx.store.putText(Keys.creditCode(req.creditCodeHash()), accountId);
    for (IdentityRef m : req.members()) {
      tx.store.putText(Keys.member(m), accountId);
    }
    return account;
  }

  Account closeAccount(Tx tx, IdRequest req) {
    tx.access.registrar();
    Account account = tx.store.require(Keys.account(req.id()), Account.class, "account " + req.id());
    if (!account.open()) {
      throw RuleException.conflict("account " + req.id() + " was closed at " + account.closedAt());
    }
    List<String> live = new ArrayList<>();
    for (String regNo : tx.store.indexed(Keys.byHolder(req.id()))) {
      Registration r = tx.registration(regNo);
      RegistrationStatus s = r.effectiveStatus(tx.time());
      if (!s.terminal() && s != RegistrationStatus.EXPIRED) {
        live.add(regNo + " (" + s + ")");
      }
    }
    if (!live.isEmpty()) {
      throw RuleException.conflict(
          "account " + req.id() + " still holds live registrations: " + String.join(", ", live)
              + "; cancel, transfer or withdraw them first");
    }
    Account closed =
        new Account(
            account.accountId(), account.creditCodeHash(), account.name(), account.kind(), false,
            account.members(), account.openedAt(), tx.time());
    tx.store.put(Keys.account(req.id()), closed);
    for (IdentityRef m : account.members()) {
      tx.store.delete(Keys.member(m));
    }
    return closed;
  }

  Evidence depositEvidence(Tx tx, DepositEvidenceRequest req) {
    return tx.deposit(tx.access.holder(), req);
  }
}

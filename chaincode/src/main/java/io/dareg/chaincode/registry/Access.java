package io.dareg.chaincode.registry;

import io.dareg.core.api.CallerInfo;
import io.dareg.core.model.Account;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Role;
import io.dareg.core.model.RoleGrant;
import io.dareg.core.model.Trade;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who the caller is to the registry, and the checks every rule starts with.
 *
 * <p>A caller's role comes, in this order, from the on-ledger role table (kept by the registry
 * organisation's admins), from the {@code dareg.role} certificate attribute, or from membership of
 * an open holder account (a registrar opening the account is what makes an identity a holder).
 * Attributes are trusted for HOLDER and EXCHANGE from any organisation, and for every role from the
 * registry organisation, because any organisation's CA can write any attribute into its own
 * certificates: a registrar, reviewer or regulator of another organisation must be in the table.
 */
final class Access {
  private static final Set<Role> SELF_DECLARABLE = EnumSet.of(Role.HOLDER, Role.EXCHANGE);

  private final Store store;
  private final Caller caller;

  // What this transaction read of the settings, the caller's role and account, valid while the
  // store's write count is the one noted: a rule that writes before checking again reads afresh.
  private int settingsRead = -1;
  private RegistrySettings settings;
  private int roleRead = -1;
  private Role role;
  private String grantedByMsp;
  private int accountRead = -1;
  private String accountId;

  Access(Store store) {
    this.store = store;
    this.caller = store.ws().caller();
  }

  Caller caller() {
    return caller;
  }

  /** The registry's settings; CONFLICT while the ledger is not initialised. */
  RegistrySettings settings() {
    RegistrySettings s = storedSettings();
    if (s == null) {
      throw RuleException.conflict(
          "the ledger is not initialised: an admin of the registry organisation must call initLedger");
    }
    return s;
  }

  /** The caller's role, or null when it has none. */
  Role role() {
    if (roleRead != store.writes()) {
      role = readRole();
      roleRead = store.writes();
    }
    return role;
  }

  /** The open account the caller acts for, or null. */
  String accountId() {
    if (accountRead != store.writes()) {
      accountId = readAccountId();
      accountRead = store.writes();
    }
    return accountId;
  }

  /** Requires one of {@code allowed}; returns the caller's role. */
  Role require(Role... allowed) {
    RegistrySettings s = settings();
    Role role = role();
    if (role == null || !Arrays.asList(allowed).contains(role)) {
      throw RuleException.forbidden(
          caller.identity()
              + (role == null ? " has no role" : " is " + role)
              + "; this needs "
              + describe(allowed));
    }
    if (role == Role.REGISTRAR && registryOfMsp(caller.msp()) == null) {
      throw RuleException.forbidden(
          "registrars belong to a registry organisation (" + s.registryMsp() + " or one that opened a registry); "
              + caller.msp() + " is none");
    }
    return role;
  }

  // --- issue 25: several registries ----------------------------------------------------------

  /** The registry coded {@code code}, or null when the ledger has none. */
  RegistryRecord registry(String code) {
    RegistrySettings s = settings();
    return s.code().equals(code) ? s.firstRegistry() : store.find(Keys.registry(code), RegistryRecord.class);
  }

  /** The registry coded {@code code}; NOT_FOUND, naming {@code field}'s value, when the ledger has none. */
  RegistryRecord requireRegistry(String code) {
    RegistryRecord r = registry(code);
    if (r == null) {
      throw RuleException.notFound("registry " + code + " (the registries on this ledger are listed by listRegistries)");
    }
    return r;
  }

  /** The registry organisation {@code msp} runs, or null when it runs none. */
  RegistryRecord registryOfMsp(String msp) {
    RegistrySettings s = storedSettings();
    if (s == null) {
      return null;
    }
    if (s.registryMsp().equals(msp)) {
      return s.firstRegistry();
    }
    String code = store.text(Keys.registryOf(msp));
    return code == null ? null : store.find(Keys.registry(code), RegistryRecord.class);
  }

  /** The peer registry (of another ledger) coded {@code code}, or null. */
  PeerRegistry peer(String code) {
    return store.find(Keys.peer(code), PeerRegistry.class);
  }

  /**
   * The code of the registry an admin caller acts for in a recognition agreement: its organisation's registry on this
   * ledger, or the peer registry (of another ledger) its organisation runs; FORBIDDEN for anyone else.
   */
  String agreementPartyAsAdmin() {
    settings();
    RegistryRecord own = registryOfMsp(caller.msp());
    String code = own != null ? own.code() : store.text(Keys.peerOf(caller.msp()));
    if (!caller.orgAdmin() || code == null) {
      throw RuleException.forbidden(
          "only an admin of a registry (on this ledger, or a peer registry it names) may do this; " + caller.identity() + " is not one");
    }
    return code;
  }

  /** The registry of the caller's organisation, to an admin of it; FORBIDDEN otherwise. */
  RegistryRecord ownRegistryAsAdmin() {
    settings();
    RegistryRecord own = registryOfMsp(caller.msp());
    if (!caller.orgAdmin() || own == null) {
      throw RuleException.forbidden(
          "only an admin of a registry organisation may do this; " + caller.identity() + " is not one");
    }
    return own;
  }

  /**
   * Refuses a registrar or reviewer acting on a registration of another registry than the one it acts
   * for: a registry's rules apply only to its own registrations. A registrar acts for its
   * organisation's registry; a reviewer for the registry whose admin entered it in the role table
   * (or, declared by its certificate, for its organisation's).
   */
  void requireActsFor(String regNo) {
    Role role = role();
    if (role != Role.REGISTRAR && role != Role.REVIEWER) {
      return;
    }
    String code = RegistryRecord.codeOf(regNo);
    RegistryRecord owner = registry(code);
    String actingMsp = role == Role.REVIEWER && grantedByMsp != null ? grantedByMsp : caller.msp();
    if (owner == null || !owner.msp().equals(actingMsp)) {
      throw RuleException.forbidden(
          regNo + " belongs to registry " + code + (owner == null ? "" : " (" + owner.msp() + ")") + "; a " + role
              + " of " + actingMsp + " acts only on its own registry's registrations");
    }
  }

  /** Requires a registrar of the registry organisation. */
  void registrar() {
    require(Role.REGISTRAR);
  }

  /** Requires an admin of the registry organisation. */
  void registryAdmin() {
    RegistrySettings s = settings();
    if (!caller.orgAdmin() || !s.registryMsp().equals(caller.msp())) {
      throw RuleException.forbidden(
          "only an admin of " + s.registryMsp() + " may do this; " + caller.identity() + " is not one");
    }
  }

  /** Requires a holder with an open account; returns the account id. */
  String holder() {
    require(Role.HOLDER);
    String id = accountId();
    if (id == null) {
      throw RuleException.forbidden(
          caller.identity() + " acts for no open account: a registrar must open one (openAccount)");
    }
    return id;
  }

  /** Requires a holder of {@code r}; returns the caller's account id. */
  String holderOf(Registration r) {
    String id = holder();
    if (!r.holders().contains(id)) {
      throw RuleException.forbidden(
          "account " + id + " is not a holder of " + r.regNo() + " (holders: " + r.holders() + ")");
    }
    return id;
  }

  /** What the ledger takes the caller to be. */
  CallerInfo info() {
    return new CallerInfo(caller.identity(), role(), accountId(), caller.orgAdmin());
  }

  /** The settings as stored, or null. */
  RegistrySettings storedSettings() {
    if (settingsRead != store.writes()) {
      settings = store.find(Keys.settings(), RegistrySettings.class);
      settingsRead = store.writes();
    }
    return settings;
  }

  private Role readRole() {
    RoleGrant grant = store.find(Keys.role(caller.identity()), RoleGrant.class);
    grantedByMsp = grant == null ? null : grant.grantedBy().msp();
    if (grant != null) {
      return grant.role();
    }
    Role declared = parse(caller.roleAttribute());
    if (declared != null) {
      boolean registryOrg = registryOfMsp(caller.msp()) != null;
      if (registryOrg || SELF_DECLARABLE.contains(declared)) {
        return declared;
      }
    }
    return accountId() != null ? Role.HOLDER : null;
  }

  // What an exchange may read (issue 21 item 9, see ExchangeScope).

  /** Refuses an exchange a trade another organisation recorded (and so its deliveries and voucher). */
  void requireOwnTrade(Trade t) {
    if (role() == Role.EXCHANGE && !t.exchange().equals(caller.msp())) {
      throw RuleException.forbidden(
          "trade " + t.tradeNo() + " was recorded by " + t.exchange() + "; an exchange reads the trades its own organisation recorded ("
              + caller.msp() + ")");
    }
  }

  /** Refuses an exchange a listing check another organisation recorded. */
  void requireOwnCheck(ListingCheck c) {
    if (role() == Role.EXCHANGE && !c.checkedBy().msp().equals(caller.msp())) {
      throw RuleException.forbidden(
          "listing check " + c.checkNo() + " was recorded by " + c.checkedBy().msp() + "; an exchange reads the listing checks its own"
              + " organisation recorded (" + caller.msp() + ")");
    }
  }

  private String readAccountId() {
    String id = store.text(Keys.member(caller.identity()));
    if (id == null) {
      return null;
    }
    Account a = store.find(Keys.account(id), Account.class);
    return a != null && a.open() ? id : null;
  }

  private static Role parse(String attribute) {
    if (attribute == null || attribute.isBlank()) {
      return null;
    }
    try {
      return Role.valueOf(attribute.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String describe(Role... roles) {
    if (roles.length == 1) {
      return "the " + roles[0] + " role";
    }
    return "one of the roles " + Arrays.toString(roles);
  }
}

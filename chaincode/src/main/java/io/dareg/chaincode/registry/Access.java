package io.dareg.chaincode.registry;

import io.dareg.core.api.CallerInfo;
import io.dareg.core.model.Account;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Registration;
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
    if (role == Role.REGISTRAR && !s.registryMsp().equals(caller.msp())) {
      throw RuleException.forbidden(
          "registrars belong to " + s.registryMsp() + "; " + caller.msp() + " is another organisation");
    }
    return role;
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
    if (grant != null) {
      return grant.role();
    }
    Role declared = parse(caller.roleAttribute());
    if (declared != null) {
      RegistrySettings s = storedSettings();
      boolean registryOrg = s != null && s.registryMsp().equals(caller.msp());
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

package io.dareg.chaincode.registry;

import io.dareg.core.api.Operation;
import io.dareg.core.api.Operation.Who;
import io.dareg.core.api.Operations;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may call an operation, as the operation table says ({@link Operation#callers()}), checked in
 * one place for the gateway's door and for the rules. A write of the table is admitted inside its
 * own transaction, before its request is read (issue 22: the door asks the ledger nothing before a
 * write, so a write is one call of the ledger), and a caller of the wrong role learns nothing of the
 * body's rules or the ledger's state: not whether a record exists, not whether the ledger is
 * initialised.
 */
public final class Admission {
  /**
   * Transactions whose rules admit callers the table does not, so the rules cannot admit by the
   * table: the sweep is also run by the gateway's own service identity (which has no role). The
   * gateway's door checks the table's callers of these before the transaction.
   */
  private static final Set<String> BEYOND_THE_TABLE = Set.of("sweep");

  /**
   * Operations the gateway implements whose first ledger call is a transaction of their own, which
   * admits their callers: issuing a certificate starts with {@code prepareCertificate}.
   */
  private static final Map<String, String> FIRST_CALLS = Map.of("prepareCertificate", "issueCertificate");

  /** The table's operations that restrict their callers, by the transaction that admits them. */
  private static final Map<String, Operation> RESTRICTED = restricted();

  private Admission() {}

  /**
   * True when the first ledger call of {@code op} admits its callers by the table itself, so the door
   * need not ask the ledger first.
   */
  public static boolean inTransaction(Operation op) {
    return !op.callers().isEmpty() && RESTRICTED.containsValue(op);
  }

  /**
   * True when the table admits to {@code allowed} a caller who is the registry organisation's admin
   * (or any organisation's admin while the ledger is not initialised) when {@code registryAdmin},
   * and has {@code role} (empty for none), acting for an open account when {@code hasAccount}.
   */
  public static boolean admits(Set<Who> allowed, boolean registryAdmin, String role, boolean hasAccount) {
    if (allowed.isEmpty() || (registryAdmin && allowed.contains(Who.REGISTRY_ADMIN))) {
      return true;
    }
    for (Who w : allowed) {
      if (w != Who.REGISTRY_ADMIN && w.name().equals(role) && (w != Who.HOLDER || hasAccount)) {
        return true;
      }
    }
    return false;
  }

  /** Why the table refuses: who may call, and what the caller is; never anything of the ledger's state. */
  public static String refusal(Operation op, IdentityRef identity, String role, boolean hasAccount) {
    return refusal(op.id(), op, identity, role, hasAccount);
  }

  private static String refusal(String name, Operation op, IdentityRef identity, String role, boolean hasAccount) {
    if (op.id().equals("initLedger")) {
      return "only an admin of the registry organisation initialises the ledger; " + identity + " is not one";
    }
    List<String> who = new ArrayList<>();
    for (Who w : op.callers()) {
      who.add(switch (w) {
        case REGISTRY_ADMIN -> "the registry organisation's admin";
        case HOLDER -> "a holder acting for an open account";
        default -> "the " + w + " role";
      });
    }
    String is = role.isEmpty() ? "has no role" : role.equals("HOLDER") && !hasAccount ? "is a HOLDER with no open account" : "is " + role;
    return name + " is for " + String.join(" or ", who) + "; " + identity + " " + is;
  }

  /** Admits the caller of {@code transaction} by the table, first thing in the transaction; FORBIDDEN otherwise. */
  static void admit(Tx tx, String transaction) {
    Operation op = RESTRICTED.get(transaction);
    if (op == null) {
      return;
    }
    Caller caller = tx.caller();
    RegistrySettings settings = tx.access.storedSettings();
    // issue 25: an admin of any registry on the ledger; the rules say which registry's admin each act needs
    boolean registryAdmin = caller.orgAdmin() && (settings == null || tx.access.registryOfMsp(caller.msp()) != null
        || tx.store.text(Keys.peerOf(caller.msp())) != null);
    Role role = tx.access.role();
    String roleName = role == null ? "" : role.name();
    boolean hasAccount = tx.access.accountId() != null;
    if (!admits(op.callers(), registryAdmin, roleName, hasAccount)) {
      throw RuleException.forbidden(refusal(transaction, op, caller.identity(), roleName, hasAccount));
    }
  }

  private static Map<String, Operation> restricted() {
    Map<String, Operation> out = new HashMap<>();
    for (Operation op : Operations.all()) {
      String transaction = op.ledgerTransaction() ? op.transaction() : null;
      for (Map.Entry<String, String> first : FIRST_CALLS.entrySet()) {
        if (first.getValue().equals(op.id())) {
          transaction = first.getKey();
        }
      }
      if (transaction == null || op.callers().isEmpty() || BEYOND_THE_TABLE.contains(transaction)) {
        continue;
      }
      if (out.putIfAbsent(transaction, op) != null) {
        throw new IllegalStateException("two operations of the table restrict the callers of " + transaction);
      }
    }
    return out;
  }
}

package io.dareg.gateway.http;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who may call each operation: the one table the door checks, before it reads the body or any of
 * the ledger's state, so that a caller of the wrong role gets 403 and learns nothing else (not the
 * body's rules, not whether a record exists, not whether the ledger is initialised).
 *
 * <p>The table restates what the rules enforce (registrar(), holder(), require(...) at the top of
 * each rule); the rules still check on the ledger, with the finer conditions the table cannot know
 * (the holder of this registration, the exchange that recorded this trade, the registrar's
 * organisation). An operation not in the table is open to any identified caller at the door, and
 * the rules decide: reads, objections (anyone may object; only the objector records the filing).
 */
final class Callers {
  private Callers() {}

  /** A kind of caller. */
  enum Who {
    /** An admin of the registry organisation (initLedger: an admin of any organisation until the ledger says which). */
    REGISTRY_ADMIN,
    REGISTRAR,
    REVIEWER,
    /** A holder that acts for an open account. */
    HOLDER,
    EXCHANGE,
    REGULATOR
  }

  private static final Map<String, Set<Who>> TABLE = new HashMap<>();

  static {
    Set<Who> admin = EnumSet.of(Who.REGISTRY_ADMIN);
    Set<Who> registrar = EnumSet.of(Who.REGISTRAR);
    Set<Who> holder = EnumSet.of(Who.HOLDER);
    for (String id : new String[] {"initLedger", "grantRole", "removeRole", "recordCalendarYear", "backupLedger", "advanceDevClock"}) {
      TABLE.put(id, admin);
    }
    for (String id : new String[] {"openAccount", "closeAccount", "startFormalReview", "formalReview", "reject", "publishNotice", "issue",
        "issueCertificate", "renew", "cancel", "referObjectionToCourt", "resolveObjection", "recordTransfer"}) {
      TABLE.put(id, registrar);
    }
    TABLE.put("substantiveReview", EnumSet.of(Who.REVIEWER));
    for (String id : new String[] {"suspend", "resume", "revoke"}) {
      TABLE.put(id, EnumSet.of(Who.REGISTRAR, Who.REGULATOR));
    }
    for (String id : new String[] {"depositEvidence", "submit", "confirmJointApplication", "withdraw", "correct", "abandon", "answerObjection",
        "proposeTransfer", "acceptTransfer", "declineTransfer", "addEncumbrance", "recordDelivery", "answerDelivery", "completeDelivery",
        "recordDeletion"}) {
      TABLE.put(id, holder);
    }
    // issue 20: attachments, co-holders' consents, public terms and the prohibited list
    for (String id : new String[] {"attachDocument", "consentToTransfer", "consentToEncumbrance"}) {
      TABLE.put(id, holder);
    }
    for (String id : new String[] {"setPublicTerms", "setProhibitedList"}) {
      TABLE.put(id, admin);
    }
    // issue 20: after issue
    TABLE.put("applyForChange", holder);
    for (String id : new String[] {"approveChange", "refuseChange", "forwardObjection"}) {
      TABLE.put(id, registrar);
    }
    TABLE.put("sweep", EnumSet.of(Who.REGISTRAR, Who.REGISTRY_ADMIN));
    TABLE.put("releaseEncumbrance", EnumSet.of(Who.REGISTRAR, Who.HOLDER));
    TABLE.put("recordListingCheck", EnumSet.of(Who.EXCHANGE, Who.REGULATOR));
    for (String id : new String[] {"recordTrade", "recordSettlement", "recordDispute"}) {
      TABLE.put(id, EnumSet.of(Who.EXCHANGE));
    }
    // The gateway's own operations.
    for (String id : new String[] {"auditLedger", "readAuditLog", "getPeriodReport"}) {
      TABLE.put(id, EnumSet.of(Who.REGISTRY_ADMIN, Who.REGULATOR));
    }
    TABLE.put("listTrades", EnumSet.of(Who.REGULATOR, Who.EXCHANGE, Who.HOLDER));
    TABLE.put("listDeliveries", EnumSet.of(Who.REGULATOR, Who.EXCHANGE, Who.HOLDER));
    TABLE.put("getConfidential", EnumSet.of(Who.REGISTRAR, Who.REGULATOR, Who.EXCHANGE, Who.HOLDER));
    TABLE.put("getJudicialExtract", EnumSet.of(Who.REGISTRY_ADMIN, Who.REGISTRAR, Who.REVIEWER, Who.REGULATOR, Who.HOLDER));
  }

  /** Who may call operation {@code id}; empty when any identified caller may (the rules decide). */
  static Set<Who> of(String id) {
    return TABLE.getOrDefault(id, Set.of());
  }
}

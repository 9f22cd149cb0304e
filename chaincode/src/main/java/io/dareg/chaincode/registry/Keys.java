package io.dareg.chaincode.registry;

import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.RegistrationStatus;

/** The composite keys of every record and index, in one place. */
final class Keys {
  private Keys() {}

  /**
   * A record kept under its number, with an index of the numbers under the record each belongs to
   * (its registration; a delivery's trade): {@code type/no}, and {@code index/parent/no}.
   */
  record Indexed(String type, String index) {
    /** The record numbered {@code no}. */
    Key record(String no) {
      return Key.of(type, no);
    }

    /** The index entry of record {@code no} under {@code parent}. */
    Key entry(String parent, String no) {
      return Key.of(index, parent, no);
    }

    /** The prefix of every index entry under {@code parent}. */
    Key all(String parent) {
      return Key.of(index, parent);
    }
  }

  static final Indexed OBJECTION = new Indexed("objection", "objection-reg");
  static final Indexed CERTIFICATE = new Indexed("cert", "cert-reg");
  static final Indexed ENCUMBRANCE = new Indexed("enc", "enc-reg");
  static final Indexed TRANSFER = new Indexed("transfer", "transfer-reg");
  static final Indexed TRADE = new Indexed("trade", "trade-reg");
  static final Indexed DELIVERY = new Indexed("delivery", "delivery-trade");
  static final Indexed LISTING_CHECK = new Indexed("listing", "listing-reg");
  static final Indexed CHANGE = new Indexed("change", "change-reg");

  /** An index of records by a hash of their content: {@code index/algorithm/hash/no}. */
  record ByHash(String index) {
    /** The index entry of record {@code no} under a hash. */
    Key entry(HashAlgorithm alg, String hash, String no) {
      return Key.of(index, alg.name(), hash, no);
    }

    /** The prefix of every index entry under a hash. */
    Key all(HashAlgorithm alg, String hash) {
      return Key.of(index, alg.name(), hash);
    }
  }

  static final ByHash EVIDENCE_BY_HASH = new ByHash("evidence-hash");
  /** Merkle root -> the evidence deposits with that root */
  static final ByHash EVIDENCE_BY_ROOT = new ByHash("evidence-root");
  /** payload root -> the deliveries that carried it */
  static final ByHash DELIVERY_BY_ROOT = new ByHash("delivery-root");

  /**
   * The key types whose history no rule reads, so that no ledger needs to keep it: index entries, which say where a record
   * is found (under its status, holder, hash, parent record, organisation) and change when the record does, and the
   * bookkeeping of signed requests, written once. The embedded ledger keeps no history of them (seven of a registration's
   * nine writes), and every world state refuses to read it ({@link Key#historyKept()}), so that a rule which comes to
   * need one fails in the tests instead of reading an empty history on one ledger and a full one on Fabric, which keeps
   * every key's. A record's own key keeps its history everywhere: that is what getHistory, provenance and a record
   * number's second use read.
   */
  static final java.util.Set<String> WITHOUT_HISTORY = java.util.Set.copyOf(java.util.stream.Stream.concat(
      java.util.stream.Stream.of(OBJECTION, CERTIFICATE, ENCUMBRANCE, TRANSFER, TRADE, DELIVERY, LISTING_CHECK, CHANGE)
          .map(Indexed::index),
      java.util.stream.Stream.of(EVIDENCE_BY_HASH.index(), EVIDENCE_BY_ROOT.index(), DELIVERY_BY_ROOT.index(), "reg-status",
          "reg-holder", "reg-evidence", "reg-evidence-in", "cert-hash", "change-open", "objection-open", "account-member",
          "account-code", "registry-msp", "peer-msp", "request", "act")).toList());

  /** The record of a signed request by its request id: what makes a write idempotent (issue 23). */
  static Key request(String requestId) {
    return Key.of("request", requestId);
  }

  /** Who signed transaction {@code txId}, and its request id: what history and provenance show (issue 23). */
  static Key act(String txId) {
    return Key.of("act", txId);
  }

  static Key settings() {
    return Key.of("settings");
  }

  static Key calendarYear(int year) {
    return Key.of("calendar", String.valueOf(year));
  }

  static Key role(IdentityRef who) {
    return Key.of("role", who.msp(), who.id());
  }

  /** The partial key of every entry of the role table. */
  static Key roles() {
    return Key.of("role");
  }

  /** The partial key of every account record (not its member and credit-code indexes, which are other kinds). */
  static Key accounts() {
    return Key.of("account");
  }

  static Key account(String accountId) {
    return Key.of("account", accountId);
  }

  /** identity -> account id */
  static Key member(IdentityRef who) {
    return Key.of("account-member", who.msp(), who.id());
  }

  /** credit code hash -> account id */
  static Key creditCode(String creditCodeHash) {
    return Key.of("account-code", creditCodeHash);
  }

  static Key evidence(String evidenceNo) {
    return Key.of("evidence", evidenceNo);
  }

  static Key registration(String regNo) {
    return Key.of("reg", regNo);
  }

  static Key byStatus(RegistrationStatus status, String regNo) {
    return Key.of("reg-status", status.name(), regNo);
  }

  static Key byStatus(RegistrationStatus status) {
    return Key.of("reg-status", status.name());
  }

  static Key byHolder(String accountId, String regNo) {
    return Key.of("reg-holder", accountId, regNo);
  }

  static Key byHolder(String accountId) {
    return Key.of("reg-holder", accountId);
  }

  /** evidence hash -> the registration that rests on it */
  static Key registeredHash(HashAlgorithm alg, String hash) {
    return Key.of("reg-evidence", alg.name(), hash);
  }

  static Key review(String regNo, String reviewNo) {
    return Key.of("review", regNo, reviewNo);
  }

  static Key reviews(String regNo) {
    return Key.of("review", regNo);
  }

  /** certificate hash -> certificate number */
  static Key certificateHash(String hash) {
    return Key.of("cert-hash", hash);
  }

  /** The number of the last listing check of {@code regNo} an exchange organisation recorded. */
  static Key lastListingCheck(String regNo, String msp) {
    return Key.of("listing-last", regNo, msp);
  }

  // --- issue 20: after issue ------------------------------------------------------------------

  /** A change or correction application not decided yet, for the sweep's overdue list. */
  static Key openChange(String changeNo) {
    return Key.of("change-open", changeNo);
  }

  static Key openChanges() {
    return Key.of("change-open");
  }

  /** An objection registered after issue and still pending, for the sweep. */
  static Key openObjection(String objectionNo) {
    return Key.of("objection-open", objectionNo);
  }

  static Key openObjections() {
    return Key.of("objection-open");
  }

  // --- issue 25: several registries ------------------------------------------------------------

  /** A registry other than the ledger's first (whose record is its settings). */
  static Key registry(String code) {
    return Key.of("registry", code);
  }

  static Key registries() {
    return Key.of("registry");
  }

  /** organisation -> the code of its registry */
  static Key registryOf(String msp) {
    return Key.of("registry-msp", msp);
  }

  /** A registry of another ledger this ledger's registry admin entered (issue 25, between ledgers). */
  static Key peer(String code) {
    return Key.of("peer", code);
  }

  static Key peers() {
    return Key.of("peer");
  }

  /** organisation -> the code of the peer registry it runs */
  static Key peerOf(String msp) {
    return Key.of("peer-msp", msp);
  }

  static final Key RECOGNITIONS = Key.of("recognition");

  static Key recognition(String agreementNo) {
    return Key.of("recognition", agreementNo);
  }

  /** The flag of {@code regNo} resting on the same data as {@code otherRegNo} of another registry, under the registry flagged. */
  static Key duplicate(String registry, String regNo, String otherRegNo) {
    return Key.of("duplicate", registry, regNo, otherRegNo);
  }

  /**
   * evidence hash -> the registration of {@code registry} resting on it, kept for a registration flagged because
   * another registry's registration holds {@link #registeredHash}
   */
  static Key registeredHashIn(String registry, HashAlgorithm alg, String hash) {
    return Key.of("reg-evidence-in", registry, alg.name(), hash);
  }

  static Key duplicates(String registry) {
    return Key.of("duplicate", registry);
  }
}

package io.dareg.chaincode.registry;

import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.RegistrationStatus;

/** The composite keys of every record and index, in one place. */
final class Keys {
  private Keys() {}

  static Key settings() {
    return Key.of("settings");
  }

  static Key calendarYear(int year) {
    return Key.of("calendar", String.valueOf(year));
  }

  static Key role(IdentityRef who) {
    return Key.of("role", who.msp(), who.id());
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

  static Key evidenceByHash(HashAlgorithm alg, String hash, String evidenceNo) {
    return Key.of("evidence-hash", alg.name(), hash, evidenceNo);
  }

  static Key evidenceByHash(HashAlgorithm alg, String hash) {
    return Key.of("evidence-hash", alg.name(), hash);
  }

  /** Merkle root -> the evidence deposits with that root */
  static Key evidenceByRoot(HashAlgorithm alg, String root, String evidenceNo) {
    return Key.of("evidence-root", alg.name(), root, evidenceNo);
  }

  static Key evidenceByRoot(HashAlgorithm alg, String root) {
    return Key.of("evidence-root", alg.name(), root);
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

  static Key objection(String objectionNo) {
    return Key.of("objection", objectionNo);
  }

  static Key objectionOf(String regNo, String objectionNo) {
    return Key.of("objection-reg", regNo, objectionNo);
  }

  static Key objectionsOf(String regNo) {
    return Key.of("objection-reg", regNo);
  }

  static Key certificate(String certNo) {
    return Key.of("cert", certNo);
  }

  static Key certificateOf(String regNo, String certNo) {
    return Key.of("cert-reg", regNo, certNo);
  }

  static Key certificatesOf(String regNo) {
    return Key.of("cert-reg", regNo);
  }

  /** certificate hash -> certificate number */
  static Key certificateHash(String hash) {
    return Key.of("cert-hash", hash);
  }

  static Key encumbrance(String encumbranceNo) {
    return Key.of("enc", encumbranceNo);
  }

  static Key encumbranceOf(String regNo, String encumbranceNo) {
    return Key.of("enc-reg", regNo, encumbranceNo);
  }

  static Key encumbrancesOf(String regNo) {
    return Key.of("enc-reg", regNo);
  }

  static Key transfer(String transferNo) {
    return Key.of("transfer", transferNo);
  }

  static Key transferOf(String regNo, String transferNo) {
    return Key.of("transfer-reg", regNo, transferNo);
  }

  static Key transfersOf(String regNo) {
    return Key.of("transfer-reg", regNo);
  }

  static Key trade(String tradeNo) {
    return Key.of("trade", tradeNo);
  }

  static Key tradeOf(String regNo, String tradeNo) {
    return Key.of("trade-reg", regNo, tradeNo);
  }

  static Key tradesOf(String regNo) {
    return Key.of("trade-reg", regNo);
  }

  static Key delivery(String deliveryNo) {
    return Key.of("delivery", deliveryNo);
  }

  static Key deliveryOf(String tradeNo, String deliveryNo) {
    return Key.of("delivery-trade", tradeNo, deliveryNo);
  }

  static Key deliveriesOf(String tradeNo) {
    return Key.of("delivery-trade", tradeNo);
  }

  /** payload root -> the deliveries that carried it */
  static Key deliveryByRoot(HashAlgorithm alg, String root, String deliveryNo) {
    return Key.of("delivery-root", alg.name(), root, deliveryNo);
  }

  static Key deliveriesByRoot(HashAlgorithm alg, String root) {
    return Key.of("delivery-root", alg.name(), root);
  }

  static Key listingCheck(String checkNo) {
    return Key.of("listing", checkNo);
  }

  static Key listingCheckOf(String regNo, String checkNo) {
    return Key.of("listing-reg", regNo, checkNo);
  }

  static Key listingChecksOf(String regNo) {
    return Key.of("listing-reg", regNo);
  }

  /** The number of the last listing check of {@code regNo} an exchange organisation recorded. */
  static Key lastListingCheck(String regNo, String msp) {
    return Key.of("listing-last", regNo, msp);
  }

  // --- issue 20: after issue ------------------------------------------------------------------

  static Key change(String changeNo) {
    return Key.of("change", changeNo);
  }

  static Key changeOf(String regNo, String changeNo) {
    return Key.of("change-reg", regNo, changeNo);
  }

  static Key changesOf(String regNo) {
    return Key.of("change-reg", regNo);
  }

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
}

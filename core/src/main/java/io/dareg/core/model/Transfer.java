package io.dareg.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A change of holder. The proposal is the former holder's change declaration, recorded the day it
 * is made (TJ-STD).
 *
 * @param transferNo the transfer number
 * @param regNo the registration transferred
 * @param basis agreement, inheritance, court judgment or name change
 * @param from the holders before
 * @param to the account that receives the right
 * @param documentHash hash of the contract, will, judgment or change record
 * @param status proposed, completed or declined
 * @param proposedAt when it was proposed (the change declaration)
 * @param completedAt when it completed or was declined, or null
 * @param acceptedAt when the recipient accepted an agreed transfer, or null
 * @param consents the holders' consents so far, the proposer's first; an agreed transfer completes
 *     when the recipient has accepted and every holder in {@code from} has consented
 */
public record Transfer(
    String transferNo,
    String regNo,
    TransferBasis basis,
    List<String> from,
    String to,
    String documentHash,
    TransferStatus status,
    Instant proposedAt,
    Instant completedAt,
    Instant acceptedAt,
    List<Consent> consents) {
  /** Validates every field. */
  public Transfer {
    transferNo = Require.identifier("transferNo", transferNo);
    regNo = Require.identifier("regNo", regNo);
    Require.present("basis", basis);
    from = Require.nonEmptyList("from", from, 20);
    to = Require.identifier("to", to);
    documentHash = Require.hash("documentHash", documentHash);
    Require.present("status", status);
    Require.present("proposedAt", proposedAt);
    consents = Require.list("consents", consents, 20);
  }

  /** This transfer, completed or declined at {@code when}. */
  public Transfer ended(TransferStatus newStatus, Instant when) {
    return new Transfer(
        transferNo, regNo, basis, from, to, documentHash, newStatus, proposedAt, when, acceptedAt, consents);
  }

  /** This transfer, accepted by the recipient at {@code when}. */
  public Transfer accepted(Instant when) {
    return new Transfer(
        transferNo, regNo, basis, from, to, documentHash, status, proposedAt, completedAt, when, consents);
  }

  /** This transfer with {@code account}'s consent recorded at {@code when}. */
  public Transfer consented(String account, Instant when) {
    List<Consent> more = new java.util.ArrayList<>(consents);
    more.add(new Consent(account, when));
    return new Transfer(
        transferNo, regNo, basis, from, to, documentHash, status, proposedAt, completedAt, acceptedAt, more);
  }

  /** True when {@code account} has consented. */
  public boolean consentedBy(String account) {
    return consents.stream().anyMatch(c -> c.account().equals(account));
  }

  /** The holders whose consent is still missing, in the order of {@code from}. */
  public List<String> awaitingConsent() {
    return from.stream().filter(h -> !consentedBy(h)).toList();
  }
}

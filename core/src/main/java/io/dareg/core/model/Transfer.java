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
    Instant completedAt) {
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
  }

  /** This transfer, completed or declined at {@code when}. */
  public Transfer ended(TransferStatus newStatus, Instant when) {
    return new Transfer(
        transferNo, regNo, basis, from, to, documentHash, newStatus, proposedAt, when);
  }
}

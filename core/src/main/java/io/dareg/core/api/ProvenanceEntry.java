package io.dareg.core.api;

import io.dareg.core.model.IdentityRef;

import io.dareg.core.model.Require;
import java.time.Instant;

/**
 * One step in the provenance timeline of an asset: a record written by one transaction.
 *
 * @param time the transaction's time
 * @param txId the transaction's id
 * @param record what kind of record: {@code registration}, {@code review}, {@code objection},
 *     {@code certificate}, {@code encumbrance}, {@code transfer}, {@code listingCheck}, {@code trade}
 *     or {@code delivery}
 * @param number the record's number
 * @param state the record's state after the transaction, e.g. {@code ISSUED}, {@code ACTIVE},
 *     {@code LICENCE}, {@code accepted}
 * @param signedBy who signed the act that wrote it, as the rules verified it (issue 23); null for an act
 *     without its author's signature (a ledger without trusted roots, the sweep)
 */
public record ProvenanceEntry(Instant time, String txId, String record, String number, String state, IdentityRef signedBy) {
  /** Validates every field. */
  public ProvenanceEntry {
    Require.present("time", time);
    txId = Require.identifier("txId", txId);
    record = Require.identifier("record", record);
    number = Require.identifier("number", number);
    state = Require.text("state", state, 200);
  }
}

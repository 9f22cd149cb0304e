package io.dareg.core.api;

import io.dareg.core.model.IdentityRef;

import io.dareg.core.model.Registration;
import java.time.Instant;

/**
 * One change of a registration: the transaction, its time and the record it left.
 *
 * @param txId the transaction
 * @param time the transaction time
 * @param registration the record after the change
 * @param signedBy who signed the act, as the rules verified it (issue 23); null for an act without its
 *     author's signature (a ledger without trusted roots, the sweep)
 */
public record HistoryEntry(String txId, Instant time, Registration registration, IdentityRef signedBy) {}

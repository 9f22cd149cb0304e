package io.dareg.core.api;

import io.dareg.core.model.Registration;
import java.time.Instant;

/**
 * One change of a registration: the transaction, its time and the record it left.
 *
 * @param txId the transaction
 * @param time the transaction time
 * @param registration the record after the change
 */
public record HistoryEntry(String txId, Instant time, Registration registration) {}

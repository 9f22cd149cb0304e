package io.dareg.core.api;

/**
 * Moves the dev clock forward (dev mode only, {@code dareg serve --dev}): whole days, 1 to 3650. The
 * schema the door validates against is this record's, so "3" and 1.5 are refused before any handler.
 *
 * @param days how many days the ledger's clock moves forward
 */
public record AdvanceDevClockRequest(int days) {}

package io.dareg.gateway.ledger;

/**
 * A committed transaction.
 *
 * @param txId the transaction id
 * @param blockNumber the block that holds it; -1 when the same signed request was committed before (issue 23:
 *     writes are idempotent), in transaction {@code txId}, whose result this is
 * @param resultJson the transaction's result, canonical JSON
 */
public record Committed(String txId, long blockNumber, String resultJson) {}

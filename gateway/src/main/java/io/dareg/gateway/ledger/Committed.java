package io.dareg.gateway.ledger;

/**
 * A committed transaction.
 *
 * @param txId the transaction id
 * @param blockNumber the block that holds it
 * @param resultJson the transaction's result, canonical JSON
 */
public record Committed(String txId, long blockNumber, String resultJson) {}

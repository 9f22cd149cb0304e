package io.dareg.gateway.ledger;

/**
 * The event a committed transaction emitted.
 *
 * @param blockNumber the block
 * @param txId the transaction
 * @param name the event name (the transaction's name)
 * @param payloadJson the payload, canonical JSON
 */
public record LedgerEvent(long blockNumber, String txId, String name, String payloadJson) {}

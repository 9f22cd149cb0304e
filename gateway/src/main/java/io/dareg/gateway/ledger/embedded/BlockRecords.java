package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.Caller;
import java.time.Instant;
import java.util.List;

/** The JSON shapes inside a block frame (canonical JSON, RFC 8785). */
final class BlockRecords {
  private BlockRecords() {}

  /**
   * The signed header.
   *
   * @param number 0 for the first block
   * @param previousHash hex SHA-256 of the previous header's bytes; 64 zeros for block 0
   * @param txRoot hex Merkle root over the SHA-256 of each transaction's canonical bytes
   * @param stateRoot hex Merkle root over the SHA-256 of each write's canonical bytes, in key order
   * @param time when the block was cut
   * @param txCount how many transactions it holds
   * @param signerKeyId the node key's id
   */
  record Header(
      long number, String previousHash, String txRoot, String stateRoot, Instant time, int txCount, String signerKeyId) {}

  /**
   * One committed transaction.
   *
   * @param txId its id
   * @param time its time
   * @param caller who signed it
   * @param name the transaction
   * @param args its JSON argument
   * @param result its JSON result
   * @param writes its writes, in key order
   * @param eventName the event it emitted, or null
   * @param eventPayload the event's JSON payload, or null
   */
  record Transaction(
      String txId,
      Instant time,
      Caller caller,
      String name,
      String args,
      String result,
      List<Write> writes,
      String eventName,
      String eventPayload) {}

  /**
   * One write.
   *
   * @param key the composite key as encoded on the ledger
   * @param value base64 of the value, or null when deleted
   * @param deleted true for a deletion
   */
  record Write(String key, String value, boolean deleted) {}
}

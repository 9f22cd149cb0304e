package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.log.LogReceipt;
import io.dareg.gateway.log.Receipts;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receipts carried by what the gateway hands out (issue 24 item 4): certificates, act exports, listing-check vouchers
 * and the records of a judicial extract get a {@code logReceipt} member when the log holds their transaction and a
 * checkpoint cosigned per the registry's policy covers it; otherwise the artifact goes out as before, and its receipt
 * is fetched later from {@code GET /log/receipts/{txId}}.
 */
final class ArtifactReceipts {
  private static final Logger LOG = Logger.getLogger(ArtifactReceipts.class.getName());
  private final Receipts receipts;
  private final Reads reads;

  /** {@code receipts} null where the gateway keeps no log: nothing is attached. */
  ArtifactReceipts(Receipts receipts, Reads reads) {
    this.receipts = receipts;
    this.reads = reads;
  }

  /** The receipt of {@code txId} when one can be had now. */
  Optional<LogReceipt> of(String txId) {
    return receipts == null || txId == null ? Optional.empty() : receipts.whenWitnessed(txId);
  }

  /** "recorded in the log at N, witnessed by k of n", as checked here with the log's key and the policy in force. */
  Optional<String> summary(LogReceipt receipt) {
    LogReceipt.Result r = receipts.check(receipt);
    return r.valid() ? Optional.of(r.summary()) : Optional.empty();
  }

  /** {@code json} with the receipt of {@code txId} attached, or unchanged when there is none yet. */
  byte[] attach(byte[] json, String txId) {
    return of(txId).map(r -> LogReceipt.attach(json, r)).orElse(json);
  }

  /** {@code node} with the receipt of {@code txId} attached, when there is one. */
  ObjectNode attach(ObjectNode node, String txId) {
    of(txId).ifPresent(r -> LogReceipt.attach(node, r));
    return node;
  }

  /**
   * The transaction that first wrote the record {@code number} of kind {@code record} (as the provenance timeline of
   * {@code regNo} names them: {@code certificate}, {@code listingCheck}), or null when it cannot be told.
   */
  String writtenBy(String regNo, String record, String number) {
    if (receipts == null) {
      return null;
    }
    try {
      for (ProvenanceEntry p : reads.query(ApiServer.SERVICE_CALLER, "getProvenance", Map.of("regNo", regNo), ProvenanceEntry[].class)) {
        if (p.record().equals(record) && p.number().equals(number)) {
          return p.txId();
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "no provenance of " + regNo + " for a receipt: " + e.getMessage(), e);
    }
    return null;
  }
}

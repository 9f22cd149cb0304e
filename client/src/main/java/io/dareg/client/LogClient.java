package io.dareg.client;

import io.dareg.core.log.LogReceipt;
import java.util.List;

/**
 * The transparency log's part of {@link DaregClient} (issue 24, docs/transparency-log.md): a transaction's receipt, the
 * newest checkpoint and consistency proofs, all public. Use it through a {@link DaregClient}; {@code dareg witness} and
 * {@code dareg monitor} read the log's tile routes themselves.
 */
public interface LogClient {

  /**
   * The log receipt of committed transaction {@code txId}: {@link ProblemException.NotFound} when the log holds no such
   * transaction, {@link ProblemException.Conflict} while it is not yet witnessed.
   */
  LogReceipt logReceipt(String txId);

  /** The transparency log's newest checkpoint, as a signed note (its text, a blank line, signature lines). */
  String logCheckpoint();

  /** The RFC 9162 consistency proof from the log's tree of {@code from} entries to its tree of {@code to} entries. */
  List<byte[]> logConsistencyProof(long from, long to);
}

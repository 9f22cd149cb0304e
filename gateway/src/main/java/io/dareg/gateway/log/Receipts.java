package io.dareg.gateway.log;

import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.SignedNote;
import java.util.Optional;

/**
 * Receipts of the transparency log (issue 24 item 4): for a committed transaction, its leaf, the inclusion path to the
 * newest checkpoint cosigned per the registry's witness policy, and that cosigned checkpoint ({@link LogReceipt}).
 */
public final class Receipts {
  private final TransparencyLog log;
  private final Cosignatures cosignatures;

  /** Receipts of {@code log}, against the checkpoints {@code cosignatures} holds. */
  public Receipts(TransparencyLog log, Cosignatures cosignatures) {
    this.log = log;
    this.cosignatures = cosignatures;
  }

  /** The log holds no transaction by that id (not committed, or not appended to the log yet). */
  public static final class UnknownTransaction extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownTransaction(String message) {
      super(message);
    }
  }

  /** The transaction is in the log, but no checkpoint cosigned per policy covers it yet. */
  public static final class NotWitnessed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long index;

    NotWitnessed(long index, String message) {
      super(message);
      this.index = index;
    }

    /** The transaction's leaf. */
    public long index() {
      return index;
    }
  }

  /**
   * The receipt of {@code txId}.
   *
   * @throws UnknownTransaction when the log holds no such transaction
   * @throws NotWitnessed when the newest witnessed checkpoint does not cover it yet (retry in a few seconds)
   * @throws IllegalStateException when the log serves nothing
   */
  public LogReceipt receipt(String txId) {
    long index = log.indexOf(txId);
    if (index < 0) {
      throw new UnknownTransaction("the log holds no committed transaction " + txId + " (it holds " + log.size()
          + " entries; a transaction committed a moment ago is appended within a second)");
    }
    String note = cosignatures.witnessed();
    long size = note == null ? 0 : Checkpoint.parse(SignedNote.text(note)).size();
    if (index >= size) {
      throw new NotWitnessed(index, "transaction " + txId + " is entry " + index + " of the log, but it is not yet witnessed; retry: "
          + (note == null ? "no checkpoint is witnessed yet (" + cosignatures.progress() + ")"
              : "the newest checkpoint cosigned per the registry's policy has " + size + " entries"));
    }
    return new LogReceipt(txId, index, size, log.leafHash(index), log.entry(index), log.inclusionProof(index, size), note);
  }

  /** The receipt of {@code txId} when it can be had now; empty while it is not witnessed, unknown, or the log serves nothing. */
  public Optional<LogReceipt> whenWitnessed(String txId) {
    try {
      return Optional.of(receipt(txId));
    } catch (UnknownTransaction | NotWitnessed | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** {@code receipt} checked with this log's key and the witness policy in force now. */
  public LogReceipt.Result check(LogReceipt receipt) {
    io.dareg.core.log.WitnessPolicy policy = cosignatures.policy();
    if (policy.quorum() == 0) {
      return new LogReceipt.Result(LogReceipt.Failure.TOO_FEW_COSIGNATURES, "the registry's settings name no witnesses",
          receipt.index(), receipt.treeSize(), 0, 0);
    }
    return receipt.verify(log.verifier(), policy, null);
  }

  /** The witness policy the registry's settings name now. */
  public io.dareg.core.log.WitnessPolicy policy() {
    return cosignatures.policy();
  }
}

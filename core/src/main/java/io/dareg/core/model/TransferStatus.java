package io.dareg.core.model;

/** Where a transfer (过户) stands. */
public enum TransferStatus {
  /** Proposed by the holder, waiting for the recipient. */
  PROPOSED,
  /** Completed: the recipient holds the right. */
  COMPLETED,
  /** Declined by the recipient or withdrawn by the proposer. */
  DECLINED
}

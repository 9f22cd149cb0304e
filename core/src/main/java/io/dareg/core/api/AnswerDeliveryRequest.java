package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * The buyer accepts or rejects a delivery; the acceptance note or the reasons stay off the ledger
 * as a hash.
 *
 * @param deliveryNo the delivery
 * @param accepted true to accept, false to reject
 * @param answerHash hash of the acceptance note or of the reasons for rejection
 */
public record AnswerDeliveryRequest(String deliveryNo, boolean accepted, String answerHash) {
  /** Validates every field. */
  public AnswerDeliveryRequest {
    deliveryNo = Require.identifier("deliveryNo", deliveryNo);
    answerHash = Require.hash("answerHash", answerHash);
  }
}

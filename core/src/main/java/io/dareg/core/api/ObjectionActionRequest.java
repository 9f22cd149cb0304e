package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * A step on an objection that carries a document: the holder's answer, the objector's court
 * filing, or the registry's referral of an ownership dispute to court (document optional there).
 *
 * @param objectionNo the objection
 * @param documentHash hash of the answer, filing or referral letter
 */
public record ObjectionActionRequest(String objectionNo, String documentHash) {
  /** Validates every field. */
  public ObjectionActionRequest {
    objectionNo = Require.identifier("objectionNo", objectionNo);
    documentHash = Require.optionalHash("documentHash", documentHash);
  }
}

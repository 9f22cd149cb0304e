package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * The holder proposes to transfer the registered right (joint application: the recipient accepts).
 *
 * @param regNo the registration
 * @param to the recipient's account
 * @param documentHash hash of the transfer contract
 */
public record ProposeTransferRequest(String regNo, String to, String documentHash) {
  /** Validates every field. */
  public ProposeTransferRequest {
    regNo = Require.identifier("regNo", regNo);
    to = Require.identifier("to", to);
    documentHash = Require.hash("documentHash", documentHash);
  }
}

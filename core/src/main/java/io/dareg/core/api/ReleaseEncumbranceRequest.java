package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * Releases an encumbrance (the counterparty, or the registry).
 *
 * @param encumbranceNo the encumbrance
 * @param documentHash hash of the release document
 */
public record ReleaseEncumbranceRequest(String encumbranceNo, String documentHash) {
  /** Validates every field. */
  public ReleaseEncumbranceRequest {
    encumbranceNo = Require.identifier("encumbranceNo", encumbranceNo);
    documentHash = Require.hash("documentHash", documentHash);
  }
}

package io.dareg.core.api;

import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.Require;

/**
 * Objects to a registration in public notice, under the caller's real identity.
 *
 * @param regNo the registration
 * @param kind general or ownership
 * @param groundsHash hash of the written grounds
 * @param evidenceHash hash of the evidence
 */
public record RaiseObjectionRequest(
    String regNo, ObjectionKind kind, String groundsHash, String evidenceHash) {
  /** Validates every field. */
  public RaiseObjectionRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("kind", kind);
    groundsHash = Require.hash("groundsHash", groundsHash);
    evidenceHash = Require.hash("evidenceHash", evidenceHash);
  }
}

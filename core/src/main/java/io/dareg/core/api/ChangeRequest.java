package io.dareg.core.api;

import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.ChangeKind;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import java.time.LocalDate;

/**
 * A holder applies to change or correct an issued registration's data (issue 20). Fields left null
 * stay as registered; at least one must change.
 *
 * @param regNo the registration
 * @param kind change (变更) or correction (更正)
 * @param asset the changed public description, or null
 * @param authorisationEnds the new end of the authorisation agreement, or null
 * @param dataValidUntil the new end of the data's own validity, or null
 * @param confidentialHash the hash of the changed confidential material, or null
 * @param reason why, in words
 * @param reasonHash hash of the supporting documents, or null
 */
public record ChangeRequest(
    String regNo,
    ChangeKind kind,
    AssetDescription asset,
    LocalDate authorisationEnds,
    LocalDate dataValidUntil,
    String confidentialHash,
    String reason,
    String reasonHash) {
  /** Validates every field. */
  public ChangeRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("kind", kind);
    confidentialHash = Require.optionalHash("confidentialHash", confidentialHash);
    reason = Require.text("reason", reason, 2000);
    reasonHash = Require.optionalHash("reasonHash", reasonHash);
    if (asset == null && authorisationEnds == null && dataValidUntil == null && confidentialHash == null) {
      throw new InvalidInputException(
          "asset", "give the changed data: asset, authorisationEnds, dataValidUntil or confidentialHash");
    }
  }
}

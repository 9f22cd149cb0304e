package io.dareg.core.api;

import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Require;
import java.util.List;

/**
 * The applicant's correction of an application; absent parts stay as they were.
 *
 * @param regNo the registration
 * @param asset the corrected description, or null
 * @param evidenceNos the corrected evidence references, or null
 * @param confidentialHash the corrected confidential-material hash, or null
 */
public record CorrectRequest(
    String regNo, AssetDescription asset, List<String> evidenceNos, String confidentialHash) {
  /** Validates every field. */
  public CorrectRequest {
    regNo = Require.identifier("regNo", regNo);
    if (evidenceNos != null) {
      evidenceNos = Require.list("evidenceNos", evidenceNos, 100);
    }
    confidentialHash = Require.optionalHash("confidentialHash", confidentialHash);
  }
}

package io.dareg.core.api;

import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Require;
import io.dareg.core.model.RightType;
import java.util.List;

/**
 * Applies for registration. The applicant's account is the first holder; co-holders confirm.
 *
 * @param profile the profile code, or null for the registry's default
 * @param rightType the right to register
 * @param asset the public description
 * @param coHolders account ids of co-holders applying jointly, possibly empty
 * @param evidenceNos the applicant's prior evidence deposits
 * @param confidentialHash hash of the confidential material held off the ledger, or null
 */
public record SubmitRequest(
    String profile,
    RightType rightType,
    AssetDescription asset,
    List<String> coHolders,
    List<String> evidenceNos,
    String confidentialHash) {
  /** Validates every field. */
  public SubmitRequest {
    profile = Require.optionalIdentifier("profile", profile);
    Require.present("rightType", rightType);
    Require.present("asset", asset);
    coHolders = Require.list("coHolders", coHolders, 19);
    for (int i = 0; i < coHolders.size(); i++) {
      Require.identifier("coHolders[" + i + "]", coHolders.get(i));
    }
    evidenceNos = Require.list("evidenceNos", evidenceNos, 100);
    for (int i = 0; i < evidenceNos.size(); i++) {
      Require.identifier("evidenceNos[" + i + "]", evidenceNos.get(i));
    }
    confidentialHash = Require.optionalHash("confidentialHash", confidentialHash);
  }
}

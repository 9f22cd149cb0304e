package io.dareg.core.api;

import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Require;
import io.dareg.core.model.RightType;
import java.time.LocalDate;
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
 * @param authorisationEnds issue 20: the day the authorisation agreement the data is held under ends, or null
 * @param dataValidUntil issue 20: the last day of the data's own validity, or null
 */
public record SubmitRequest(
    String profile,
    RightType rightType,
    AssetDescription asset,
    List<String> coHolders,
    List<String> evidenceNos,
    String confidentialHash,
    // issue 20: validity caps (the certificate's validity never runs past them)
    LocalDate authorisationEnds,
    LocalDate dataValidUntil) {
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

  /** Issue 20: an application without validity caps. */
  public SubmitRequest(
      String profile, RightType rightType, AssetDescription asset, List<String> coHolders, List<String> evidenceNos,
      String confidentialHash) {
    this(profile, rightType, asset, coHolders, evidenceNos, confidentialHash, null, null);
  }
}

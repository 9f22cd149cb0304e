package io.dareg.core.api;

import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.HolderShare;
import io.dareg.core.model.InvalidInputException;
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
 * @param shares the holders' shares (资产权益比例, GD), or empty: when given, one per holder (the
 *     applicant and each co-holder) summing to 10000 basis points
 */
public record SubmitRequest(
    String profile,
    RightType rightType,
    AssetDescription asset,
    List<String> coHolders,
    List<String> evidenceNos,
    String confidentialHash,
    List<HolderShare> shares) {
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
    shares = Require.list("shares", shares, 20);
    if (!shares.isEmpty()) {
      int sum = shares.stream().mapToInt(HolderShare::basisPoints).sum();
      if (sum != 10_000) {
        throw new InvalidInputException("shares", "sum to " + sum + " basis points; the holders' shares must sum to 10000 (100%)");
      }
    }
  }

  /** An application without recorded shares. */
  public SubmitRequest(
      String profile, RightType rightType, AssetDescription asset, List<String> coHolders, List<String> evidenceNos,
      String confidentialHash) {
    this(profile, rightType, asset, coHolders, evidenceNos, confidentialHash, List.of());
  }
}

package io.dareg.core.api;

import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Attachment;
import io.dareg.core.model.HolderShare;
import io.dareg.core.model.InvalidInputException;
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
 * @param crossBorder whether the data is provided or used across the border (数据出境); such data
 *     takes GD's ordinary track
 * @param attachments the documents the application rests on, by hash (undertakings, reports,
 *     notarial certificates, powers of attorney), possibly empty
 * @param shares the holders' shares (资产权益比例, GD), or empty: when given, one per holder (the
 *     applicant and each co-holder) summing to 10000 basis points
 * @param authorisationEnds issue 20: the day the authorisation agreement the data is held under ends, or null
 * @param dataValidUntil issue 20: the last day of the data's own validity, or null
 * @param registry issue 25: the code of the registry applied to, or null for the ledger's first registry
 */
public record SubmitRequest(
    String profile,
    RightType rightType,
    AssetDescription asset,
    List<String> coHolders,
    List<String> evidenceNos,
    String confidentialHash,
    Boolean crossBorder,
    List<Attachment> attachments,
    List<HolderShare> shares,
    // issue 20: validity caps (the certificate's validity never runs past them)
    LocalDate authorisationEnds,
    LocalDate dataValidUntil,
    // issue 25: several registries on one ledger
    String registry) {
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
    crossBorder = Boolean.TRUE.equals(crossBorder); // absent in older clients' JSON
    attachments = Require.list("attachments", attachments, 20);
    shares = Require.list("shares", shares, 20);
    registry = registry == null ? null : io.dareg.core.model.RegistryRecord.requireCode("registry", registry);
    if (!shares.isEmpty()) {
      int sum = shares.stream().mapToInt(HolderShare::basisPoints).sum();
      if (sum != 10_000) {
        throw new InvalidInputException("shares", "sum to " + sum + " basis points; the holders' shares must sum to 10000 (100%)");
      }
    }
  }

  /** This application resting on {@code evidenceNos} instead of its own. */
  public SubmitRequest withEvidenceNos(List<String> evidenceNos) {
    return new SubmitRequest(profile, rightType, asset, coHolders, evidenceNos, confidentialHash, crossBorder, attachments,
        shares, authorisationEnds, dataValidUntil, registry);
  }

  /** An application of domestic data with no attached documents and no recorded shares. */
  public SubmitRequest(
      String profile, RightType rightType, AssetDescription asset, List<String> coHolders, List<String> evidenceNos,
      String confidentialHash) {
    this(profile, rightType, asset, coHolders, evidenceNos, confidentialHash, false, List.of(), List.of(), null, null, null);
  }

  /** An application with attached documents and no recorded shares. */
  public SubmitRequest(
      String profile, RightType rightType, AssetDescription asset, List<String> coHolders, List<String> evidenceNos,
      String confidentialHash, Boolean crossBorder, List<Attachment> attachments) {
    this(profile, rightType, asset, coHolders, evidenceNos, confidentialHash, crossBorder, attachments, List.of(), null, null, null);
  }

  /** An application of domestic data with recorded shares and no attached documents. */
  public SubmitRequest(
      String profile, RightType rightType, AssetDescription asset, List<String> coHolders, List<String> evidenceNos,
      String confidentialHash, List<HolderShare> shares) {
    this(profile, rightType, asset, coHolders, evidenceNos, confidentialHash, false, List.of(), shares, null, null, null);
  }

  /** An application to the ledger's first registry (as before issue 25). */
  public SubmitRequest(
      String profile, RightType rightType, AssetDescription asset, List<String> coHolders, List<String> evidenceNos,
      String confidentialHash, Boolean crossBorder, List<Attachment> attachments, List<HolderShare> shares,
      LocalDate authorisationEnds, LocalDate dataValidUntil) {
    this(profile, rightType, asset, coHolders, evidenceNos, confidentialHash, crossBorder, attachments, shares, authorisationEnds,
        dataValidUntil, null);
  }
}

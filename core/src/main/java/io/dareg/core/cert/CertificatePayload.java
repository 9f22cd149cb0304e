package io.dareg.core.cert;

import io.dareg.core.model.Require;
import java.time.Instant;
import java.util.List;

/**
 * What a registration certificate certifies (REQUIREMENTS.md §6). Enumerated values carry their
 * Chinese names beside the codes so the paper form and the electronic form say the same.
 *
 * @param certificateName the certificate's title, 数据资产登记证书
 * @param certNo the certificate number, {@code regNo-Cnn}
 * @param version the certificate's version for its registration
 * @param regNo the registration number
 * @param registryName the registry
 * @param profile the rule profile
 * @param issuedAt when this certificate was signed
 * @param assetName the asset's name
 * @param assetVersion the asset's version
 * @param assetForm the form's code and Chinese name
 * @param holders each holder's account id and name
 * @param rightType the right's code and Chinese name
 * @param acquisition the acquisition method's code and Chinese name
 * @param updateFrequency the update frequency's code and Chinese name
 * @param scenarios the permitted scenarios
 * @param scope the permitted scope
 * @param validFrom start of validity
 * @param validUntil end of validity, or null where the profile sets none
 * @param encumbrances the encumbrance page: pledges, licences and trusts in force
 * @param evidence the evidence the registration rests on
 */
public record CertificatePayload(
    String certificateName,
    String certNo,
    int version,
    String regNo,
    String registryName,
    String profile,
    Instant issuedAt,
    String assetName,
    String assetVersion,
    Label assetForm,
    List<Holder> holders,
    Label rightType,
    Label acquisition,
    Label updateFrequency,
    List<String> scenarios,
    String scope,
    Instant validFrom,
    Instant validUntil,
    List<EncumbranceEntry> encumbrances,
    List<EvidenceEntry> evidence) {

  /** Validates the fields a verifier relies on. */
  public CertificatePayload {
    certificateName = Require.text("payload.certificateName", certificateName, 100);
    certNo = Require.identifier("payload.certNo", certNo);
    Require.positive("payload.version", version);
    regNo = Require.identifier("payload.regNo", regNo);
    registryName = Require.text("payload.registryName", registryName, 200);
    profile = Require.identifier("payload.profile", profile);
    Require.present("payload.issuedAt", issuedAt);
    assetName = Require.text("payload.assetName", assetName, 200);
    assetVersion = Require.text("payload.assetVersion", assetVersion, 50);
    Require.present("payload.assetForm", assetForm);
    holders = Require.nonEmptyList("payload.holders", holders, 20);
    Require.present("payload.rightType", rightType);
    Require.present("payload.acquisition", acquisition);
    Require.present("payload.updateFrequency", updateFrequency);
    scenarios = Require.list("payload.scenarios", scenarios, 50);
    Require.present("payload.validFrom", validFrom);
    encumbrances = Require.list("payload.encumbrances", encumbrances, 100);
    evidence = Require.list("payload.evidence", evidence, 100);
  }

  /**
   * A coded value with its Chinese name.
   *
   * @param code the enum constant
   * @param label its Chinese name
   */
  public record Label(String code, String label) {}

  /**
   * A holder named on the certificate.
   *
   * @param accountId the registry account
   * @param name the holder's name
   * @param share its share of a jointly held asset (资产权益比例, GD), e.g. {@code 60.00%}; null when
   *     the registration records no shares
   */
  public record Holder(String accountId, String name, String share) {
    /** A holder whose share is not recorded. */
    public Holder(String accountId, String name) {
      this(accountId, name, null);
    }
  }

  /**
   * One line of the encumbrance page.
   *
   * @param encumbranceNo its number
   * @param kind pledge, licence or trust, with its Chinese name
   * @param counterparty the pledgee's, licensee's or trustee's account
   * @param scope what it covers
   * @param from start of its term
   * @param until end of its term, or null
   */
  public record EncumbranceEntry(
      String encumbranceNo, Label kind, String counterparty, String scope, java.time.LocalDate from, java.time.LocalDate until) {}

  /**
   * The evidence annex.
   *
   * @param evidenceNo the evidence number
   * @param algorithm SHA256 or SM3
   * @param hash the whole-content hash
   * @param merkleRoot the Merkle root, or null
   */
  public record EvidenceEntry(String evidenceNo, String algorithm, String hash, String merkleRoot) {}
}

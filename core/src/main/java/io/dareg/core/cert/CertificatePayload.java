package io.dareg.core.cert;

import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Registration;
import io.dareg.core.model.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  /** The certificate's title. */
  public static final String TITLE = "数据资产登记证书";

  /**
   * The payload of a registration's certificate, as the registry's rules compose it from the ledger
   * (transaction {@code prepareCertificate}) and check it again when it is recorded.
   *
   * @param r the registration, issued
   * @param inForce the encumbrances in force on it, in number order
   * @param holderNames each holder's name by account id (the account id stands in for a missing one)
   * @param evidence the evidence records it rests on, in its order
   * @param registryName the registry's name
   * @param certNo the certificate's number
   * @param version the certificate's version
   * @param issuedAt when it is signed
   */
  public static CertificatePayload of(
      Registration r, List<Encumbrance> inForce, Map<String, String> holderNames, List<Evidence> evidence, String registryName,
      String certNo, int version, Instant issuedAt) {
    AssetDescription a = r.asset();
    List<Holder> holders = new ArrayList<>();
    for (String id : r.holders()) {
      holders.add(new Holder(id, holderNames.getOrDefault(id, id), r.shares().isEmpty() ? null : r.shareOf(id)));
    }
    List<EncumbranceEntry> page = new ArrayList<>();
    for (Encumbrance e : inForce) {
      page.add(new EncumbranceEntry(e.encumbranceNo(), new Label(e.kind().name(), e.kind().label()), e.counterparty(), e.scope(),
          e.term().from(), e.term().until()));
    }
    List<EvidenceEntry> annex = new ArrayList<>();
    for (Evidence e : evidence) {
      annex.add(new EvidenceEntry(e.evidenceNo(), e.algorithm().name(), e.hash(), e.merkleRoot()));
    }
    return new CertificatePayload(
        TITLE, certNo, version, r.regNo(), registryName, r.profile(), issuedAt, a.name(), a.version(),
        new Label(a.form().name(), a.form().label()), holders, new Label(r.rightType().name(), r.rightType().label()),
        new Label(a.acquisition().name(), a.acquisition().label()),
        new Label(a.updateFrequency().name(), a.updateFrequency().label()), a.scenarios(), a.scope(),
        r.validFrom(), r.validUntil(), page, annex);
  }

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

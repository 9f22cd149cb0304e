package io.dareg.gateway.cert;

import io.dareg.core.api.RegistrationView;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.cert.CertificatePayload.Label;
import io.dareg.core.cert.CertificateSignature;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.model.Account;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Registration;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Builds and signs registration certificates with the registry's issuing key. The caller records
 * the returned certificate's hash on the ledger (transaction {@code recordCertificate}).
 */
public final class CertificateIssuer {
  /** The certificate's title. */
  public static final String TITLE = "数据资产登记证书";

  private final CertificateAuthority authority;
  private final Signatures signatures = new Signatures(new BouncyCastleProvider());

  /** Signs with {@code authority}'s issuing key. */
  public CertificateIssuer(CertificateAuthority authority) {
    this.authority = authority;
  }

  /**
   * The signed certificate for an issued registration.
   *
   * @param view the registration as the ledger reports it
   * @param accounts the holders' accounts by id
   * @param evidence the evidence records the registration rests on
   * @param registryName the registry's name
   * @param certNo the number the ledger will give it
   * @param version its version
   * @param now the signing time
   */
  public Certificate issue(
      RegistrationView view, Map<String, Account> accounts, List<Evidence> evidence, String registryName,
      String certNo, int version, Instant now) {
    Registration r = view.registration();
    AssetDescription a = r.asset();
    List<CertificatePayload.Holder> holders = new ArrayList<>();
    for (String id : r.holders()) {
      Account acc = accounts.get(id);
      holders.add(new CertificatePayload.Holder(id, acc == null ? id : acc.name(), r.shares().isEmpty() ? null : r.shareOf(id)));
    }
    List<CertificatePayload.EncumbranceEntry> page = new ArrayList<>();
    for (Encumbrance e : view.encumbrances()) {
      page.add(new CertificatePayload.EncumbranceEntry(e.encumbranceNo(), new Label(e.kind().name(), e.kind().label()),
          e.counterparty(), e.scope(), e.term().from(), e.term().until()));
    }
    List<CertificatePayload.EvidenceEntry> annex = new ArrayList<>();
    for (Evidence e : evidence) {
      annex.add(new CertificatePayload.EvidenceEntry(e.evidenceNo(), e.algorithm().name(), e.hash(), e.merkleRoot()));
    }
    CertificatePayload payload = new CertificatePayload(
        TITLE, certNo, version, r.regNo(), registryName, r.profile(), now, a.name(), a.version(),
        new Label(a.form().name(), a.form().label()), holders, new Label(r.rightType().name(), r.rightType().label()),
        new Label(a.acquisition().name(), a.acquisition().label()),
        new Label(a.updateFrequency().name(), a.updateFrequency().label()), a.scenarios(), a.scope(),
        r.validFrom(), r.validUntil(), page, annex);
    return new Certificate(Certificate.MEDIA_TYPE, payload, sign(io.dareg.core.json.Json.canonical(payload)));
  }

  /**
   * A voucher of {@code kind} for a ledger record, signed now with the issuing key and chain that
   * sign certificates, so that it verifies offline with the same roots.
   */
  public io.dareg.core.cert.Voucher voucher(String kind, com.fasterxml.jackson.databind.JsonNode record, java.time.Instant now) {
    return new io.dareg.core.cert.Voucher(io.dareg.core.cert.Voucher.MEDIA_TYPE, kind, now, record,
        sign(io.dareg.core.cert.Voucher.signedBytes(kind, now, record)));
  }

  /** The issuing key's signature over {@code bytes}, with the issuing chain (issuing, root). */
  private CertificateSignature sign(byte[] bytes) {
    SignatureAlgorithm alg = authority.algorithm();
    byte[] sig = signatures.sign(alg, authority.issuingKey(), bytes);
    try {
      List<String> chain = List.of(
          Base64.getEncoder().encodeToString(authority.issuing().getEncoded()),
          Base64.getEncoder().encodeToString(authority.root().getEncoded()));
      return new CertificateSignature(
          alg.wireName(), Signatures.keyId(authority.issuing().getPublicKey()), Base64.getEncoder().encodeToString(sig), chain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the issuing chain", e);
    }
  }
}

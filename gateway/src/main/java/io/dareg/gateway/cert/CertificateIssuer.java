package io.dareg.gateway.cert;

import io.dareg.core.api.RegistrationView;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.cert.CertificateSignature;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.model.Account;
import io.dareg.core.model.Evidence;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signs registration certificates with the registry's issuing key. The rules compose the payload
 * (transaction {@code prepareCertificate}); the caller records the signed certificate on the ledger
 * (transaction {@code recordCertificate}), whose rules check it against the state.
 */
public final class CertificateIssuer {
  /** The certificate's title. */
  public static final String TITLE = CertificatePayload.TITLE;

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
    Map<String, String> names = new HashMap<>();
    accounts.forEach((id, account) -> names.put(id, account.name()));
    return sign(CertificatePayload.of(view.registration(), view.encumbrances(), names, evidence, registryName, certNo, version, now));
  }

  /** The certificate of {@code payload} (as the rules prepare it: transaction {@code prepareCertificate}), signed now. */
  public Certificate sign(CertificatePayload payload) {
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

package io.dareg.core.cert;

import io.dareg.core.cert.VerificationReport.Check;
import io.dareg.core.cert.VerificationReport.CheckName;
import io.dareg.core.cert.VerificationReport.Outcome;
import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.RegistrationStatus;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a registration certificate and reports each check: the signature over the canonical
 * payload, the chain to a trusted registry root, the validity period, and, online, that the ledger
 * records this certificate and holds it in force, and, when data is given, that it matches the
 * evidence. Offline it needs nothing but the certificate and the roots. A certificate of another
 * registry whose root the verifier does not hold passes the chain check online only when the ledger
 * lookup's venue recognises that registry under an agreement in force and holds that root for it
 * ({@link RegistryTrust}, issue 25); the check names the agreement. Works for ECDSA P-256 and
 * SM2 alike: the chain is walked here with the given provider, because the JDK's PKIX knows no SM2.
 *
 * <pre>{@code
 * CertificateVerifier verifier = new CertificateVerifier(new BouncyCastleProvider(), roots);
 * VerificationReport offline = verifier.verify(cert, Instant.now(), null, null);
 * VerificationReport online = verifier.verify(cert, Instant.now(), ledgerLookup, null);
 * }</pre>
 */
public final class CertificateVerifier {
  private static final int CACHE_SIZE = 256;

  private final Provider provider;
  private final Signatures signatures;
  private final List<X509Certificate> roots;
  // Parsing a chain certificate and checking that its issuer signed it give the same answer every
  // time for the same bytes, so both are remembered (a few registry CAs sign every certificate);
  // validity dates and CA constraints are still checked on every call.
  private final BoundedCache<String, X509Certificate> parsed = new BoundedCache<>(CACHE_SIZE);
  private final BoundedCache<String, Boolean> signedBy = new BoundedCache<>(CACHE_SIZE);

  /** What the ledger says about a certificate, for online verification. */
  public interface LedgerLookup {
    /** The ledger's record of {@code certNo}, if it has one. */
    Optional<CertificateRecord> certificate(String certNo);

    /** The registration's status as of now, if the registration exists. */
    Optional<RegistrationStatus> registrationStatus(String regNo);

    /**
     * Issue 20: the objections registered against the registration after issue and still pending
     * (异议登记); the certificate stays in force and the check says "objection registered".
     */
    default List<String> objectionsRegistered(String regNo) {
      return List.of();
    }

    /**
     * Issue 25: asked only when the certificate chains to none of the verifier's own roots: whether the venue this
     * lookup answers for recognises the certificate's registry at {@code at}, and the roots it holds for it
     * ({@link RegistryTrust}); null when it answers for no venue.
     */
    default RegistryTrust.Answer recognition(CertificatePayload payload, Instant at) {
      return null;
    }

    /**
     * Issue 25: asked only when this ledger has no record of the certificate: why its record and status cannot be asked here
     * (its registry's registrations live on another ledger this lookup does not ask), or null when the ledger simply has none.
     */
    default String recordKeptElsewhere(CertificatePayload payload) {
      return null;
    }
  }

  /**
   * Data (or its hash) that should match the certificate's evidence.
   *
   * @param algorithm the hash algorithm
   * @param hash the whole-content hash or Merkle root, hex
   */
  public record EvidenceClaim(HashAlgorithm algorithm, String hash) {}

  /** A verifier trusting {@code roots}, doing its cryptography with {@code provider}. */
  public CertificateVerifier(Provider provider, List<X509Certificate> roots) {
    this.provider = provider;
    this.signatures = new Signatures(provider);
    this.roots = List.copyOf(roots);
  }

  /**
   * Verifies {@code cert} as of {@code now}.
   *
   * @param ledger the ledger to ask, or null to verify offline
   * @param claim data to match against the evidence, or null
   */
  public VerificationReport verify(Certificate cert, Instant now, LedgerLookup ledger, EvidenceClaim claim) {
    // Offline, the whole document's bytes and hash are not needed: only the payload's.
    return verify(cert, cert.signedBytes(), cert::certificateHash, now, ledger, claim);
  }

  /**
   * As {@link #verify(Certificate, Instant, LedgerLookup, EvidenceClaim)}, for a certificate whose
   * encodings the caller already holds.
   */
  public VerificationReport verify(Certificate.Encoded encoded, Instant now, LedgerLookup ledger, EvidenceClaim claim) {
    return verify(encoded.certificate(), encoded.signedBytes(), encoded::certificateHash, now, ledger, claim);
  }

  private VerificationReport verify(Certificate cert, byte[] signedBytes, java.util.function.Supplier<String> certificateHash,
      Instant now, LedgerLookup ledger, EvidenceClaim claim) {
    List<Check> checks = new ArrayList<>();
    List<X509Certificate> chain = new ArrayList<>();
    String chainProblem = parseChain(cert.signature(), chain);
    checks.add(signature(cert.signature(), signedBytes, chain, chainProblem));
    checks.add(chainProblem != null ? fail(CheckName.CHAIN, chainProblem)
        : chain(cert.signature(), cert.payload().issuedAt(), chain, top -> recognised(cert.payload(), top, now, ledger)));
    checks.add(validity(cert.payload(), now));
    if (ledger == null) {
      checks.add(new Check(CheckName.LEDGER_RECORDED, Outcome.SKIPPED, "offline: the ledger was not asked"));
      checks.add(new Check(CheckName.LEDGER_STATUS, Outcome.SKIPPED, "offline: the ledger was not asked"));
    } else {
      ledgerChecks(cert, certificateHash.get(), ledger, checks);
    }
    checks.add(evidence(cert.payload(), claim));
    return new VerificationReport(checks);
  }

  /**
   * Verifies a voucher the gateway signed (a listing check or a trade as the ledger recorded it):
   * the signature over its canonical content and the chain to a trusted registry root, as for a
   * certificate. The report holds the SIGNATURE and CHAIN checks.
   */
  public VerificationReport verify(Voucher voucher) {
    List<Check> checks = new ArrayList<>();
    List<X509Certificate> chain = new ArrayList<>();
    String chainProblem = parseChain(voucher.signature(), chain);
    checks.add(signature(voucher.signature(), voucher.signedBytes(), chain, chainProblem));
    checks.add(chainProblem != null ? fail(CheckName.CHAIN, chainProblem) : chain(voucher.signature(), voucher.signedAt(), chain,
        top -> fail(CheckName.CHAIN, "the chain ends at " + top.getSubjectX500Principal().getName() + ", which is not a trusted registry root")));
    return new VerificationReport(checks);
  }

  private String parseChain(CertificateSignature signature, List<X509Certificate> out) {
    try {
      CertificateFactory f = null;
      for (String der : signature.chain()) {
        X509Certificate c = parsed.get(der);
        if (c == null) {
          f = f != null ? f : CertificateFactory.getInstance("X.509", provider);
          c = (X509Certificate) f.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der)));
          parsed.put(der, c);
        }
        out.add(c);
      }
      return null;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "the certificate chain cannot be read: " + e.getMessage();
    }
  }

  private Check signature(CertificateSignature s, byte[] signed, List<X509Certificate> chain, String chainProblem) {
    if (chainProblem != null || chain.isEmpty()) {
      return fail(CheckName.SIGNATURE, "no signer certificate to check the signature with");
    }
    PublicKey key = chain.get(0).getPublicKey();
    SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(s.algorithm());
    if (!Signatures.keyId(key).equals(s.keyId())) {
      return fail(CheckName.SIGNATURE, "the signer certificate's key is not key " + s.keyId());
    }
    try {
      if (signatures.algorithmOf(key) != alg) {
        return fail(CheckName.SIGNATURE, "the signer's key is not a " + alg.wireName() + " key");
      }
      byte[] sig = Base64.getDecoder().decode(s.value());
      return signatures.verify(alg, key, signed, sig)
          ? pass(CheckName.SIGNATURE, "signed by " + chain.get(0).getSubjectX500Principal().getName() + " (" + alg.wireName() + ")")
          : fail(CheckName.SIGNATURE, "the signature does not match the document's content: it was changed after signing or signed by another key");
    } catch (IllegalArgumentException e) {
      return fail(CheckName.SIGNATURE, e.getMessage());
    }
  }

  private Check chain(CertificateSignature s, Instant signedAt, List<X509Certificate> chain,
      java.util.function.Function<X509Certificate, Check> untrusted) {
    Date at = Date.from(signedAt);
    List<String> ders = s.chain();
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : c;
      String link = ders.get(i) + "|" + (i + 1 < chain.size() ? ders.get(i + 1) : ders.get(i));
      try {
        c.checkValidity(at);
      } catch (GeneralSecurityException e) {
        return fail(CheckName.CHAIN, c.getSubjectX500Principal().getName() + " was not valid when the certificate was issued");
      }
      if (i > 0 && c.getBasicConstraints() < 0) {
        return fail(CheckName.CHAIN, c.getSubjectX500Principal().getName() + " is not a certificate authority");
      }
      try {
        if (signedBy.get(link) == null) {
          c.verify(issuer.getPublicKey(), provider);
          signedBy.put(link, Boolean.TRUE);
        }
      } catch (GeneralSecurityException e) {
        return fail(CheckName.CHAIN, c.getSubjectX500Principal().getName() + " is not signed by " + issuer.getSubjectX500Principal().getName());
      }
    }
    X509Certificate top = chain.get(chain.size() - 1);
    for (X509Certificate root : roots) {
      try {
        if (Arrays.equals(root.getEncoded(), top.getEncoded())) {
          return pass(CheckName.CHAIN, "chains to the trusted root " + root.getSubjectX500Principal().getName());
        }
      } catch (GeneralSecurityException e) {
        return fail(CheckName.CHAIN, "a trusted root cannot be encoded: " + e.getMessage());
      }
    }
    return untrusted.apply(top);
  }

  /**
   * Issue 25: a certificate whose chain ends at none of this verifier's roots passes only when the venue the ledger
   * lookup answers for recognises its registry and holds that very root for it; the failure says which registry
   * signed it and how to trust it.
   */
  private static Check recognised(CertificatePayload payload, X509Certificate top, Instant at, LedgerLookup ledger) {
    String registry = io.dareg.core.model.RegistryRecord.codeOf(payload.regNo());
    String notTrusted = "the chain ends at " + top.getSubjectX500Principal().getName() + ", which is not a trusted registry root: the"
        + " certificate is registry " + registry + "'s (" + payload.registryName() + ")";
    RegistryTrust.Answer answer = ledger == null ? null : ledger.recognition(payload, at);
    if (answer == null) {
      return fail(CheckName.CHAIN, notTrusted + "; trust registry " + registry + "'s root explicitly (the registry publishes it),"
          + " or verify online at a venue whose ledger recognises registry " + registry);
    }
    if (!answer.recognised()) {
      return fail(CheckName.CHAIN, notTrusted + "; " + answer.refusal());
    }
    for (X509Certificate root : answer.roots()) {
      try {
        if (Arrays.equals(root.getEncoded(), top.getEncoded())) {
          return pass(CheckName.CHAIN, answer.describe(root));
        }
      } catch (GeneralSecurityException e) {
        return fail(CheckName.CHAIN, "registry " + registry + "'s root on the ledger cannot be encoded: " + e.getMessage());
      }
    }
    return fail(CheckName.CHAIN, notTrusted + ", and the ledger of registry " + answer.venue() + " holds another root for " + registry
        + " (" + answer.roots().stream().map(r -> r.getSubjectX500Principal().getName()).toList() + ", " + answer.basis()
        + "): the certificate was not signed under the root the venue recognises");
  }

  private static Check validity(CertificatePayload p, Instant now) {
    if (now.isBefore(p.validFrom())) {
      return fail(CheckName.VALIDITY, "not valid before " + p.validFrom());
    }
    if (p.validUntil() != null && now.isAfter(p.validUntil())) {
      return fail(CheckName.VALIDITY, "expired at " + p.validUntil());
    }
    return pass(CheckName.VALIDITY, p.validUntil() == null ? "valid from " + p.validFrom() + ", with no end" : "valid until " + p.validUntil());
  }

  private static void ledgerChecks(Certificate cert, String certificateHash, LedgerLookup ledger, List<Check> checks) {
    Optional<CertificateRecord> record = ledger.certificate(cert.payload().certNo());
    String elsewhere = record.isEmpty() ? ledger.recordKeptElsewhere(cert.payload()) : null;
    if (elsewhere != null) {
      checks.add(new Check(CheckName.LEDGER_RECORDED, Outcome.SKIPPED, elsewhere));
      checks.add(new Check(CheckName.LEDGER_STATUS, Outcome.SKIPPED, elsewhere));
      return;
    }
    if (record.isEmpty()) {
      checks.add(fail(CheckName.LEDGER_RECORDED, "the ledger has no certificate " + cert.payload().certNo()));
      checks.add(fail(CheckName.LEDGER_STATUS, "not on the ledger"));
      return;
    }
    CertificateRecord r = record.get();
    if (!r.certificateHash().equals(certificateHash) || !r.regNo().equals(cert.payload().regNo())) {
      checks.add(fail(CheckName.LEDGER_RECORDED, "the ledger records another document under " + r.certNo() + ": this one was altered or forged"));
    } else {
      checks.add(pass(CheckName.LEDGER_RECORDED, "recorded on the ledger at " + r.issuedAt()));
    }
    if (r.status() != CertificateStatus.ACTIVE) {
      checks.add(fail(CheckName.LEDGER_STATUS, "the certificate is " + r.status()
          + (r.statusReason() == null ? "" : " (" + r.statusReason() + ")")
          + (r.supersededBy() == null ? "" : "; superseded by " + r.supersededBy())));
      return;
    }
    Optional<RegistrationStatus> status = ledger.registrationStatus(r.regNo());
    if (status.isPresent() && status.get() != RegistrationStatus.ISSUED) {
      checks.add(fail(CheckName.LEDGER_STATUS, "the registration is " + status.get()));
      return;
    }
    List<String> objections = ledger.objectionsRegistered(r.regNo());
    checks.add(pass(CheckName.LEDGER_STATUS, objections.isEmpty() ? "in force"
        : "in force; objection registered (" + String.join(", ", objections) + "): ownership is disputed until it is resolved or lapses"));
  }

  private static Check evidence(CertificatePayload p, EvidenceClaim claim) {
    if (claim == null) {
      return new Check(CheckName.EVIDENCE, Outcome.SKIPPED, "no data was given to compare");
    }
    String h = claim.hash().toLowerCase(java.util.Locale.ROOT);
    for (CertificatePayload.EvidenceEntry e : p.evidence()) {
      if (e.algorithm().equals(claim.algorithm().name()) && (h.equals(e.hash()) || h.equals(e.merkleRoot()))) {
        return pass(CheckName.EVIDENCE, "matches evidence " + e.evidenceNo());
      }
    }
    return fail(CheckName.EVIDENCE, "the data's " + claim.algorithm() + " hash matches none of the certificate's evidence");
  }

  private static Check pass(CheckName n, String detail) {
    return new Check(n, Outcome.PASS, detail);
  }

  private static Check fail(CheckName n, String detail) {
    return new Check(n, Outcome.FAIL, detail);
  }
}

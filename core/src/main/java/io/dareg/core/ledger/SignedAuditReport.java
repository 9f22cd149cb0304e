package io.dareg.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * An audit of a chain, signed so that anyone can check who vouched for it: by an operator's
 * identity (its X.509 certificate travels in the report and must chain to a registry root) or by
 * the node's own key (its id must be the node key id the blocks carry).
 *
 * <pre>{@code
 * {"report": {"audit": {...ChainAudit.Report...}, "auditedAt": "...", "source": "offline /srv/dareg"},
 *  "signer": {"algorithm": "ES256", "keyId": "...", "certificate": "<base64 DER>" | "publicKey": "<PEM>"},
 *  "signature": "<base64 DER signature over the canonical JSON of report>"}
 * }</pre>
 */
public final class SignedAuditReport {
  private SignedAuditReport() {}

  /** Signs an audit with an operator's certificate and key. */
  public static JsonNode signWithCertificate(Signatures signatures, ChainAudit.Report audit, Instant at, String source,
      X509Certificate certificate, PrivateKey key) {
    ObjectNode signer = Json.mapper().createObjectNode();
    try {
      signer.put("certificate", Base64.getEncoder().encodeToString(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the operator's certificate cannot be encoded: " + e.getMessage(), e);
    }
    return sign(signatures, audit, at, source, certificate.getPublicKey(), key, signer);
  }

  /** Signs an audit with the node's key. */
  public static JsonNode signWithNodeKey(Signatures signatures, ChainAudit.Report audit, Instant at, String source,
      PublicKey nodeKey, PrivateKey key) {
    ObjectNode signer = Json.mapper().createObjectNode();
    signer.put("publicKey", Signatures.toPem(nodeKey));
    return sign(signatures, audit, at, source, nodeKey, key, signer);
  }

  private static JsonNode sign(Signatures signatures, ChainAudit.Report audit, Instant at, String source, PublicKey pub,
      PrivateKey key, ObjectNode signer) {
    ObjectNode report = Json.mapper().createObjectNode();
    report.set("audit", Json.mapper().valueToTree(audit));
    report.put("auditedAt", at.toString());
    report.put("source", source);
    SignatureAlgorithm alg = signatures.algorithmOf(pub);
    signer.put("algorithm", alg.wireName());
    signer.put("keyId", Signatures.keyId(pub));
    ObjectNode out = Json.mapper().createObjectNode();
    out.set("report", report);
    out.set("signer", signer);
    out.put("signature", Base64.getEncoder().encodeToString(signatures.sign(alg, key, CanonicalJson.serialize(report))));
    return out;
  }

  /**
   * What checking a signed report found.
   *
   * @param valid true when the signature verifies and the signer is trusted
   * @param signer who signed: the certificate's subject, or "node key &lt;id&gt;"
   * @param detail why it is not valid, or a summary
   */
  public record Check(boolean valid, String signer, String detail) {}

  /**
   * Checks a signed report: the signature over the report, and that the signer is trusted: a
   * certificate issued by one of {@code roots}, or the node key named in the audit itself.
   */
  public static Check check(Signatures signatures, JsonNode signed, List<X509Certificate> roots) {
    JsonNode report = signed.path("report");
    JsonNode signer = signed.path("signer");
    if (!report.isObject() || !signer.isObject() || !signed.path("signature").isTextual()) {
      return new Check(false, "?", "not a signed audit report: it needs report, signer and signature");
    }
    PublicKey key;
    String who;
    String trust;
    try {
      if (signer.hasNonNull("certificate")) {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", signatures.provider())
            .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(signer.path("certificate").asText())));
        key = cert.getPublicKey();
        who = cert.getSubjectX500Principal().getName();
        trust = issuedBy(signatures, cert, roots);
      } else if (signer.hasNonNull("publicKey")) {
        key = signatures.publicKeyFromPem(signer.path("publicKey").asText());
        who = "node key " + Signatures.keyId(key);
        trust = Signatures.keyId(key).equals(report.path("audit").path("nodeKeyId").asText())
            ? null : "the signing key is not the node key the audited blocks are signed with";
      } else {
        return new Check(false, "?", "the signer gives neither a certificate nor a public key");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return new Check(false, "?", "the signer cannot be read: " + e.getMessage());
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signed.path("signature").asText());
    } catch (IllegalArgumentException e) {
      return new Check(false, who, "the signature is not base64");
    }
    if (!signatures.verify(signatures.algorithmOf(key), key, CanonicalJson.serialize(report), sig)) {
      return new Check(false, who, "the signature does not verify: the report was changed or signed by another key");
    }
    if (trust != null) {
      return new Check(false, who, trust);
    }
    return new Check(true, who, "signed by " + who + " at " + report.path("auditedAt").asText());
  }

  private static String issuedBy(Signatures signatures, X509Certificate cert, List<X509Certificate> roots) {
    for (X509Certificate root : roots) {
      try {
        cert.verify(root.getPublicKey(), signatures.provider());
        return null;
      } catch (GeneralSecurityException notThisOne) {
        // Try the next root.
      }
    }
    return roots.isEmpty() ? "no registry root given to check the signer's certificate against (--roots)"
        : "the signer's certificate is not issued by a trusted registry root";
  }
}

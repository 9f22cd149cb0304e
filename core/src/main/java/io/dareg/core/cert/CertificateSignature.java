package io.dareg.core.cert;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import java.util.Base64;
import java.util.List;

/**
 * The registry's signature on a certificate.
 *
 * @param algorithm {@code ECDSA-P256-SHA256} or {@code SM2-SM3}
 * @param keyId the signing key's id (first 16 bytes of SHA-256 of its SubjectPublicKeyInfo, hex)
 * @param value the DER signature over the canonical payload, standard base64 with padding
 * @param chain the signer's certificate first, then each issuer up to and including the registry
 *     root, each as standard base64 of its DER
 */
public record CertificateSignature(String algorithm, String keyId, String value, List<String> chain) {
  /** Validates every field. */
  public CertificateSignature {
    Require.present("signature.algorithm", algorithm);
    try {
      SignatureAlgorithm.fromWireName(algorithm);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("signature.algorithm", e.getMessage());
    }
    keyId = Require.text("signature.keyId", keyId, 64);
    value = Require.text("signature.value", value, 1024);
    chain = Require.nonEmptyList("signature.chain", chain, 10);
    base64("signature.value", value);
    for (int i = 0; i < chain.size(); i++) {
      base64("signature.chain[" + i + "]", chain.get(i));
    }
  }

  private static void base64(String field, String text) {
    try {
      Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, "is not standard base64");
    }
  }
}

package io.dareg.core.model;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A CA root the ledger trusts to certify the authors of signed requests, and the organisation whose
 * members it certifies: an author's organisation is the organisation of the root that issued their
 * certificate, never what the certificate says of itself.
 *
 * @param msp the organisation (MSP id) whose members the root certifies
 * @param certificate the root's X.509 certificate, base64 of its DER bytes
 */
public record TrustedRoot(String msp, String certificate) {
  // One provider for every read: building one registers hundreds of algorithms, more than the read itself costs.
  private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

  /**
   * Requires both fields. Whether the certificate reads is checked where roots come in
   * ({@link #requireReadable}), not each time settings are read back from the ledger.
   */
  public TrustedRoot {
    msp = Require.identifier("msp", msp);
    Require.present("certificate", certificate);
  }

  /** Throws {@link InvalidInputException} naming {@code field} when the certificate is not readable. */
  public void requireReadable(String field) {
    try {
      parse(certificate);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, e.getMessage());
    }
  }

  /** The root for {@code msp} from its certificate. */
  public static TrustedRoot of(String msp, X509Certificate root) {
    try {
      return new TrustedRoot(msp, Base64.getEncoder().encodeToString(root.getEncoded()));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalArgumentException("the root certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** The root's certificate. */
  public X509Certificate x509() {
    return parse(certificate);
  }

  private static X509Certificate parse(String base64) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509", BC)
          .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException | CertificateException e) {
      throw new IllegalArgumentException("must be base64 of a DER X.509 certificate (convert PEM with "
          + "`openssl x509 -outform der | base64 -w0`)");
    }
  }
}

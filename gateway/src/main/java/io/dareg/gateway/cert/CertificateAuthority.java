package io.dareg.gateway.cert;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.OwnerOnlyFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The registry's certificate authority for a single-machine installation: a root, an issuing
 * certificate that signs registration certificates, and client certificates for the identities
 * that call the gateway (O = organisation MSP id, OU = role, CN = user). Keys and certificates are
 * PEM files in one owner-only directory, created on first use and reloaded afterwards.
 */
public final class CertificateAuthority {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Signatures signatures = new Signatures(BC);
  private final KeyPair rootKeys;
  private final X509Certificate root;
  private final KeyPair issuingKeys;
  private final X509Certificate issuing;

  private final Clock clock;

  private CertificateAuthority(Path dir, SignatureAlgorithm algorithm, Clock clock) throws IOException {
    this.clock = clock;
    OwnerOnlyFiles.directory(dir);
    if (!Files.exists(dir.resolve("root.pem"))) {
      KeyPair rk = signatures.generate(algorithm);
      X509Certificate rc = build(name("RegistryMSP", "ca", "dareg registry root"), rk.getPublic(), name("RegistryMSP", "ca", "dareg registry root"),
          rk.getPrivate(), algorithm, clock.instant(), Duration.ofDays(3650), true);
      KeyPair ik = signatures.generate(algorithm);
      X509Certificate ic = build(name("RegistryMSP", "issuer", "dareg certificate issuer"), ik.getPublic(), name("RegistryMSP", "ca", "dareg registry root"),
          rk.getPrivate(), algorithm, clock.instant(), Duration.ofDays(1825), true);
      OwnerOnlyFiles.write(dir.resolve("root-key.pem"), Signatures.toPem(rk.getPrivate()));
      OwnerOnlyFiles.write(dir.resolve("root.pem"), pem(rc));
      OwnerOnlyFiles.write(dir.resolve("issuing-key.pem"), Signatures.toPem(ik.getPrivate()));
      OwnerOnlyFiles.write(dir.resolve("issuing.pem"), pem(ic));
    }
    this.root = readCertificate(dir.resolve("root.pem"));
    this.rootKeys = new KeyPair(root.getPublicKey(), signatures.privateKeyFromPem(Files.readString(dir.resolve("root-key.pem"))));
    this.issuing = readCertificate(dir.resolve("issuing.pem"));
    this.issuingKeys = new KeyPair(issuing.getPublicKey(), signatures.privateKeyFromPem(Files.readString(dir.resolve("issuing-key.pem"))));
  }

  /** Loads the authority from {@code dir}, creating it with {@code algorithm} keys the first time. */
  public static CertificateAuthority loadOrCreate(Path dir, SignatureAlgorithm algorithm) throws IOException {
    return new CertificateAuthority(dir, algorithm, Clock.systemUTC());
  }

  /**
   * As {@link #loadOrCreate(Path, SignatureAlgorithm)}, with certificate validity counted from
   * {@code clock} (the ledger's clock, so that certificates are valid at the ledger's times).
   */
  public static CertificateAuthority loadOrCreate(Path dir, SignatureAlgorithm algorithm, Clock clock) throws IOException {
    return new CertificateAuthority(dir, algorithm, clock);
  }

  /** The trusted root. */
  public X509Certificate root() {
    return root;
  }

  /** The issuing certificate that signs registration certificates. */
  public X509Certificate issuing() {
    return issuing;
  }

  /** The issuing key. */
  public PrivateKey issuingKey() {
    return issuingKeys.getPrivate();
  }

  /** The algorithm of every key of this authority. */
  public SignatureAlgorithm algorithm() {
    return signatures.algorithmOf(issuing.getPublicKey());
  }

  /** A client certificate for {@code publicKey}: O = msp, OU = role, CN = user, signed by the root. */
  public X509Certificate issueClient(String msp, String role, String user, PublicKey publicKey, Duration validity) {
    return build(name(msp, role, user), publicKey, X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
        rootKeys.getPrivate(), algorithm(), clock.instant(), validity, false);
  }

  /** PEM of a certificate. */
  public static String pem(X509Certificate cert) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a PEM or DER certificate file. */
  public static X509Certificate readCertificate(Path file) throws IOException {
    return parseCertificate(Files.readAllBytes(file));
  }

  /** Parses a PEM or DER certificate. */
  public static X509Certificate parseCertificate(byte[] bytes) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509", BC).generateCertificate(new ByteArrayInputStream(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate build(
      X500Name subject, PublicKey key, X500Name issuer, PrivateKey signer, SignatureAlgorithm algorithm, Instant now,
      Duration validity, boolean ca) {
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          issuer, new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, key);
      b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature));
      String sigAlg = algorithm == SignatureAlgorithm.SM2_SM3 ? "SM3withSM2" : "SHA256withECDSA";
      return new JcaX509CertificateConverter().setProvider(BC)
          .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).setProvider(BC).build(signer)));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build a certificate for " + subject + ": " + e.getMessage(), e);
    }
  }

  private static X500Name name(String msp, String role, String user) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.C, "CN").addRDN(BCStyle.O, msp).addRDN(BCStyle.OU, role).addRDN(BCStyle.CN, user).build();
  }
}

package io.dareg.chaincode.fabric;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** X.509 identities as Fabric CAs and cryptogen make them, generated for each test run. */
final class TestIdentities {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final ASN1ObjectIdentifier FABRIC_ATTRS = new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1");

  private TestIdentities() {}

  /** A PEM certificate for {@code cn} with organisational unit {@code ou} and an optional role attribute. */
  static String certificate(String cn, String ou, String roleAttribute) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = g.generateKeyPair();
      X500Name subject = new X500Name("CN=" + cn + ",OU=" + ou + ",O=Test Org,C=CN");
      X500Name issuer = new X500Name("CN=ca.test,O=Test Org,C=CN");
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
              Date.from(now.plus(1, ChronoUnit.DAYS)), subject, keys.getPublic());
      if (roleAttribute != null) {
        String attrs = "{\"attrs\":{\"dareg.role\":\"" + roleAttribute + "\"}}";
        b.addExtension(FABRIC_ATTRS, false, new DEROctetString(attrs.getBytes(StandardCharsets.UTF_8)).getOctets());
      }
      X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(keys.getPrivate()));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(holder);
      }
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

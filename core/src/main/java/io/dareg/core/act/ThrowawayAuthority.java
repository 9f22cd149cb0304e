package io.dareg.core.act;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.core.model.TrustedRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority per organisation, in memory, and authors it certifies: for
 * benchmarks and tests that write through the ledger's rules, which take only signed requests
 * (issue 23). Never for a real registry: its keys live and die with the process.
 *
 * <pre>{@code
 * ThrowawayAuthority ca = new ThrowawayAuthority();
 * ThrowawayAuthority.Author holder = ca.author("EnterpriseMSP", "alice", null, false);
 * InitLedgerRequest init = new InitLedgerRequest("RegistryMSP", "test", "TJ-DIP", "test-ledger", ca.roots());
 * String body = holder.sign("test-ledger", "depositEvidence", argsJson, clock.instant());
 * }</pre>
 */
public final class ThrowawayAuthority {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  /** The Fabric CA extension of attributes, where a role attribute ({@code dareg.role}) goes. */
  private static final ASN1ObjectIdentifier FABRIC_ATTRIBUTES = new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1");
  private static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  private static final Instant NOT_AFTER = Instant.parse("2049-12-31T00:00:00Z");

  private final Map<String, Ca> cas = new LinkedHashMap<>();
  private final Map<String, Author> authors = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  private record Ca(X509Certificate certificate, PrivateKey key, X500Name name) {}

  /** An authority for the usual organisations: RegistryMSP, ReviewMSP, RegulatorMSP, ExchangeMSP, EnterpriseMSP. */
  public ThrowawayAuthority() {
    this(List.of("RegistryMSP", "ReviewMSP", "RegulatorMSP", "ExchangeMSP", "EnterpriseMSP"));
  }

  /** An authority with one root per organisation of {@code msps}. */
  public ThrowawayAuthority(List<String> msps) {
    for (String msp : msps) {
      KeyPair keys = keyPair();
      X500Name name = new X500Name("CN=ca." + msp + ",O=" + msp);
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(NOT_BEFORE), Date.from(NOT_AFTER),
          name, keys.getPublic());
      try {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      cas.put(msp, new Ca(build(b, keys.getPrivate()), keys.getPrivate(), name));
    }
  }

  /** The roots, one per organisation, as a ledger's settings trust them. */
  public List<TrustedRoot> roots() {
    List<TrustedRoot> out = new ArrayList<>();
    cas.forEach((msp, ca) -> out.add(TrustedRoot.of(msp, ca.certificate())));
    return out;
  }

  /**
   * The author {@code user} of {@code msp} (made on first use, the same one afterwards): subject
   * {@code CN=user, OU=admin} for an organisation's admin, {@code CN=user, OU=client} otherwise,
   * with the Fabric CA attribute {@code dareg.role} when {@code roleAttribute} is given.
   */
  public Author author(String msp, String user, String roleAttribute, boolean admin) {
    return author(msp, user, roleAttribute, admin, null);
  }

  /**
   * As {@link #author(String, String, String, boolean)}, with {@code roleUnit} (when not null) as a
   * second OU of the subject, as some CAs name a role ({@code CN=user, OU=client, OU=registrar}):
   * its identity is then {@code CN=user,OU=roleUnit}.
   */
  public Author author(String msp, String user, String roleAttribute, boolean admin, String roleUnit) {
    String key = msp + "|" + user + "|" + roleAttribute + "|" + admin + "|" + roleUnit;
    return authors.computeIfAbsent(key, k -> issue(msp, user, roleAttribute, admin, roleUnit));
  }

  /** An author's certificate and key, signing requests. */
  public static final class Author {
    private final X509Certificate certificate;
    private final PrivateKey key;

    private Author(X509Certificate certificate, PrivateKey key) {
      this.certificate = certificate;
      this.key = key;
    }

    /** An author whose certificate and key come from elsewhere (a Fabric network's identities, a dev identity's files). */
    public static Author of(X509Certificate certificate, PrivateKey key) {
      return new Author(java.util.Objects.requireNonNull(certificate, "certificate"), java.util.Objects.requireNonNull(key, "key"));
    }

    /** The author's certificate. */
    public X509Certificate certificate() {
      return certificate;
    }

    /** The author's private key. */
    public PrivateKey key() {
      return key;
    }

    /** A signer for {@code ledger} at {@code clock}'s time. */
    public RequestSigner signer(String ledger, Clock clock) {
      return new RequestSigner(certificate, key, ledger, clock);
    }

    /** The signed request (its JSON text) of {@code operation} with {@code argsJson} for {@code ledger}, signed at {@code time}. */
    public String sign(String ledger, String operation, String argsJson, Instant time) {
      JsonNode args;
      try {
        args = Json.mapper().readTree(argsJson);
      } catch (IOException e) {
        throw new IllegalArgumentException("the arguments are not JSON: " + e.getMessage(), e);
      }
      SignedRequest r = signer(ledger, Clock.fixed(time, java.time.ZoneOffset.UTC)).sign(operation, args);
      return new String(Json.canonical(r.toJson()), StandardCharsets.UTF_8);
    }
  }

  private Author issue(String msp, String user, String roleAttribute, boolean admin, String roleUnit) {
    Ca ca = cas.get(msp);
    if (ca == null) {
      throw new IllegalArgumentException("this authority has no root for " + msp + "; it has " + cas.keySet());
    }
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + user + (roleUnit == null ? "" : ",OU=" + roleUnit) + ",OU=" + (admin ? "admin" : "client")
        + ",O=" + msp);
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.name(), serial(), Date.from(NOT_BEFORE), Date.from(NOT_AFTER),
        subject, keys.getPublic());
    try {
      if (roleAttribute != null) {
        byte[] attrs = ("{\"attrs\":{\"dareg.role\":\"" + roleAttribute + "\"}}").getBytes(StandardCharsets.UTF_8);
        b.addExtension(FABRIC_ATTRIBUTES, false, attrs);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Author(build(b, ca.key()), keys.getPrivate());
  }

  private BigInteger serial() {
    return new BigInteger(64, random).add(BigInteger.ONE);
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a P-256 key: " + e.getMessage(), e);
    }
  }

  private static X509Certificate build(X509v3CertificateBuilder b, PrivateKey signer) {
    try {
      return new JcaX509CertificateConverter().setProvider(BC)
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(signer)));
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
    }
  }
}

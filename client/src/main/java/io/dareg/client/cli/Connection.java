package io.dareg.client.cli;

import io.dareg.client.DaregClient;
import io.dareg.core.crypto.Signatures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import picocli.CommandLine.Option;

/**
 * Where the gateway is and who is calling: from options, else the environment ({@code DAREG_URL},
 * {@code DAREG_IDENTITY}, {@code DAREG_ROOTS}, {@code DAREG_TLS_ROOTS}), else {@code ~/.dareg.properties} (keys
 * {@code url}, {@code identity}, {@code roots}, {@code tls-roots}), else the defaults of a local {@code serve --dev} gateway.
 *
 * <pre>{@code
 * # ~/.dareg.properties
 * url=https://registry.example.cn
 * identity=/home/alice/.dareg/identity
 * roots=/home/alice/.dareg/registry-root.pem
 * }</pre>
 */
public final class Connection {
  @Option(names = "--url", defaultValue = "${DAREG_URL:-http://127.0.0.1:8080}", description = "the gateway (default: ${DEFAULT-VALUE})")
  URI url;

  @Option(names = "--identity", defaultValue = "${DAREG_IDENTITY}",
      description = "directory holding cert.pem and key.pem, e.g. .dareg/dev/holder")
  Path identity;

  @Option(names = "--roots", defaultValue = "${DAREG_ROOTS:-.dareg/ca/root.pem}",
      description = "PEM file of the registry roots certificates must chain to (default: ${DEFAULT-VALUE})")
  Path roots;

  @Option(names = "--tls-roots", defaultValue = "${DAREG_TLS_ROOTS}",
      description = "for an https gateway whose certificate the JVM does not trust: PEM file of the roots it chains to;"
          + " the identity is presented when the gateway asks for a client certificate")
  Path tlsRoots;

  @Option(names = "--json", description = "print JSON for scripts instead of text for people")
  boolean json;

  DaregClient client() throws IOException {
    return builder().build();
  }

  /** The client's builder, configured from these options, for a command that adds to them. */
  DaregClient.Builder builder() throws IOException {
    DaregClient.Builder b = DaregClient.builder().baseUrl(url).trustedRoots(roots());
    if (identity != null) {
      Signatures sig = new Signatures(new BouncyCastleProvider());
      Path cert = identity.resolve("cert.pem");
      Path key = identity.resolve("key.pem");
      if (!Files.exists(cert) || !Files.exists(key)) {
        throw new IOException(identity + " must hold cert.pem and key.pem");
      }
      b.identity(certificates(cert).get(0), sig.privateKeyFromPem(Files.readString(key)));
    }
    if (tlsRoots != null) {
      if (!Files.isReadable(tlsRoots)) {
        throw new IOException("cannot read --tls-roots " + tlsRoots + ": give the PEM file of the roots the gateway's HTTPS certificate chains to");
      }
      b.tlsRoots(certificates(tlsRoots));
    }
    return b;
  }

  List<X509Certificate> roots() throws IOException {
    return roots != null && Files.exists(roots) ? certificates(roots) : List.of();
  }

  static List<X509Certificate> certificates(Path pem) throws IOException {
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509", new BouncyCastleProvider());
      List<X509Certificate> out = new ArrayList<>();
      for (var c : f.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException(pem + " holds no certificate");
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }
}

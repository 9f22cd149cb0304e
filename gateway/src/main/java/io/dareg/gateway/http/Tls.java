package io.dareg.gateway.http;

import io.dareg.core.crypto.Hashes;
import io.dareg.core.model.HashAlgorithm;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HTTPS for the gateway: its certificate chain and key as PEM files, and optionally the roots that
 * client certificates must chain to (mutual TLS: a caller without such a certificate cannot
 * connect). The files are read again when they change, so a renewed certificate is served to new
 * connections without a restart.
 *
 * @param certificate PEM certificate chain of the gateway, its own certificate first
 * @param key PEM private key (PKCS#8) of that certificate
 * @param clientRoots PEM roots client certificates must chain to, or null for no mutual TLS
 */
public record Tls(Path certificate, Path key, Path clientRoots) {
  /** Checks the files are there, saying which is missing. */
  public Tls {
    for (Path p : clientRoots == null ? new Path[] {certificate, key} : new Path[] {certificate, key, clientRoots}) {
      if (p == null || !Files.isReadable(p)) {
        throw new IllegalArgumentException("cannot read " + p + ": HTTPS needs a PEM certificate chain, its PEM key,"
            + " and for mutual TLS a PEM file of client roots");
      }
    }
  }

  /** The server's TLS settings, read from the files as they are now. */
  ServerSSLOptions options() throws IOException {
    ServerSSLOptions o = new ServerSSLOptions()
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(io.vertx.core.buffer.Buffer.buffer(Files.readAllBytes(certificate)))
            .setKeyValue(io.vertx.core.buffer.Buffer.buffer(Files.readAllBytes(key))));
    if (clientRoots != null) {
      o.setTrustOptions(new PemTrustOptions().addCertValue(io.vertx.core.buffer.Buffer.buffer(Files.readAllBytes(clientRoots))));
      o.setClientAuth(ClientAuth.REQUIRED);
    }
    return o;
  }

  /**
   * The TLS engine: BoringSSL (netty-tcnative, bundled for Linux x86-64) where it loads, which
   * encrypts and decrypts records several times cheaper than the JDK's engine; the JDK's elsewhere.
   */
  public static SSLEngineOptions engine() {
    return OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }

  /** Which {@link #engine()} this machine gets, for the start-up message. */
  public static String engineName() {
    return OpenSSLEngineOptions.isAvailable() ? "BoringSSL" : "the JDK";
  }

  /** A digest of the files' contents, to notice a renewal. */
  String stamp() throws IOException {
    var md = Hashes.newDigest(HashAlgorithm.SHA256);
    for (Path p : clientRoots == null ? new Path[] {certificate, key} : new Path[] {certificate, key, clientRoots}) {
      md.update(Files.readAllBytes(p));
    }
    return Hashes.toHex(md.digest());
  }
}

package io.dareg.client;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The TLS side of a client: which gateway certificates to trust (given roots, else the JVM's), and
 * the caller's certificate for gateways that ask for one. Key stores live in memory only.
 */
final class ClientTls {
  // The key store never leaves memory; PKCS#12 still wants a password to wrap the key with.
  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  private ClientTls() {}

  static SSLContext context(List<X509Certificate> roots, X509Certificate certificate, PrivateKey key) {
    try {
      TrustManagerFactory trust = null;
      if (!roots.isEmpty()) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < roots.size(); i++) {
          store.setCertificateEntry("root-" + i, roots.get(i));
        }
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
      }
      KeyManagerFactory keys = null;
      // The JDK's TLS cannot sign with SM2 keys: such an identity authenticates by token only.
      if (certificate != null && new Signatures(new BouncyCastleProvider()).algorithmOf(certificate.getPublicKey())
          == SignatureAlgorithm.ECDSA_P256_SHA256) {
        KeyStore mine = KeyStore.getInstance("PKCS12");
        mine.load(null, null);
        mine.setKeyEntry("caller", key, IN_MEMORY, new java.security.cert.Certificate[] {certificate});
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(mine, IN_MEMORY);
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
      return ssl;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot set up TLS with the given roots and identity: " + e.getMessage(), e);
    }
  }
}

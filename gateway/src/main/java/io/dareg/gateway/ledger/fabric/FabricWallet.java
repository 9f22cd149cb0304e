package io.dareg.gateway.ledger.fabric;

import io.dareg.chaincode.registry.CertificateNames;
import io.dareg.core.model.IdentityRef;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * The user identities a gateway may act for on Fabric: one directory per user with its
 * certificate and private key, keyed by the name dareg gives the certificate
 * ({@link CertificateNames}) so that a bearer token's caller finds its own Fabric identity.
 */
final class FabricWallet {
  /** One user: its Fabric identity and signer, and the directory name it was read from. */
  record Entry(String name, IdentityRef ref, X509Certificate certificate, X509Identity identity, Signer signer) {}

  private final Map<IdentityRef, Entry> byRef = new HashMap<>();
  private final Map<String, Entry> byName = new TreeMap<>();

  /** Reads every {@code <dir>/<user>/cert.pem + key.pem}; IllegalArgumentException naming a bad entry. */
  static FabricWallet read(Path dir, String mspId) {
    FabricWallet w = new FabricWallet();
    try (DirectoryStream<Path> users = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path user : users) {
        Entry e = entry(user, mspId);
        w.byRef.put(e.ref(), e);
        w.byName.put(e.name(), e);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the wallet " + dir + ": " + e.getMessage(), e);
    }
    if (w.byName.isEmpty()) {
      throw new IllegalArgumentException("the wallet " + dir + " holds no identity (a directory per user with cert.pem and key.pem)");
    }
    return w;
  }

  private static Entry entry(Path user, String mspId) {
    Path certFile = user.resolve("cert.pem");
    Path keyFile = user.resolve("key.pem");
    try (Reader certIn = Files.newBufferedReader(certFile); Reader keyIn = Files.newBufferedReader(keyFile)) {
      X509Certificate cert = Identities.readX509Certificate(certIn);
      PrivateKey key = Identities.readPrivateKey(keyIn);
      CertificateNames names = CertificateNames.of(cert);
      if (!mspId.equals(names.organisation())) {
        throw new IllegalArgumentException("wallet entry " + user + ": its certificate's O is "
            + names.organisation() + ", not the gateway's organisation " + mspId);
      }
      return new Entry(user.getFileName().toString(), new IdentityRef(mspId, names.identityId()), cert,
          new X509Identity(mspId, cert), Signers.newPrivateKeySigner(key));
    } catch (IOException | CertificateException | InvalidKeyException e) {
      throw new IllegalArgumentException("wallet entry " + user + ": " + e.getMessage(), e);
    }
  }

  /** The entry for a caller's identity, or null. */
  Entry find(IdentityRef ref) {
    return byRef.get(ref);
  }

  /** The entry read from directory {@code name}, or null. */
  Entry named(String name) {
    return byName.get(name);
  }

  /** How many identities the wallet holds. */
  int size() {
    return byName.size();
  }
}

package io.dareg.gateway.ledger.embedded;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;

/** The node's block-signing key (ECDSA P-256), created once in the data directory, owner-only. */
final class NodeKey {
  static final String FILE = "node-key.pem";
  static final String PUBLIC_FILE = "node-key.pub.pem";

  final PrivateKey privateKey;
  final PublicKey publicKey;
  final String keyId;

  private NodeKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = Signatures.keyId(publicKey);
  }

  /** Loads the key from {@code dir}, creating dir and key with owner-only permissions the first time. */
  static NodeKey loadOrCreate(Path dir, Signatures signatures) throws IOException {
    OwnerOnlyFiles.directory(dir);
    Path file = dir.resolve(FILE);
    Path pub = dir.resolve(PUBLIC_FILE);
    if (Files.exists(file)) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        throw new IOException(
            file + " is readable by others (" + PosixFilePermissions.toString(perms) + "): run chmod 600 on it and restart");
      }
      PrivateKey priv = signatures.privateKeyFromPem(Files.readString(file, StandardCharsets.US_ASCII));
      PublicKey pk = signatures.publicKeyFromPem(Files.readString(pub, StandardCharsets.US_ASCII));
      return new NodeKey(priv, pk);
    }
    KeyPair keys = signatures.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    OwnerOnlyFiles.write(file, Signatures.toPem(keys.getPrivate()));
    OwnerOnlyFiles.write(pub, Signatures.toPem(keys.getPublic()));
    return new NodeKey(keys.getPrivate(), keys.getPublic());
  }
}

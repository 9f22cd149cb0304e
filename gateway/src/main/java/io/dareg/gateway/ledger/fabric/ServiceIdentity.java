package io.dareg.gateway.ledger.fabric;

import io.dareg.chaincode.fabric.ReaderClaim;
import io.dareg.chaincode.registry.CertificateNames;
import io.dareg.core.model.IdentityRef;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The one Fabric identity a gateway signs proposals with (issue 23): its organisation's service identity, a
 * certificate whose role ({@code dareg.role} attribute) is {@link ReaderClaim#GATEWAY_ROLE}. The gateway holds no
 * user's key: writes are their authors' signed requests, which it hands in as itself; queries name their reader.
 *
 * @param ref the identity as the rules name it
 * @param identity its Fabric identity
 * @param signer its key, as the Fabric client signs with it ({@link ServiceKeySigner})
 * @param creator the serialised identity (MSP id and certificate PEM) every proposal names as its creator, encoded once
 */
record ServiceIdentity(IdentityRef ref, X509Identity identity, Signer signer, ByteString creator) {

  /** Reads {@code <dir>/cert.pem} and {@code <dir>/key.pem} (PKCS#8); IllegalArgumentException saying what is wrong. */
  static ServiceIdentity read(Path dir, String mspId) {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    if (!Files.isReadable(certFile) || !Files.isReadable(keyFile)) {
      throw new IllegalArgumentException("identity " + dir + " must hold the gateway's cert.pem and key.pem (network/fabric.sh up"
          + " writes them under gateway-identity/<org>)");
    }
    try (Reader certIn = Files.newBufferedReader(certFile); Reader keyIn = Files.newBufferedReader(keyFile)) {
      X509Certificate cert = Identities.readX509Certificate(certIn);
      PrivateKey key = Identities.readPrivateKey(keyIn);
      CertificateNames names = CertificateNames.of(cert);
      if (!mspId.equals(names.organisation())) {
        throw new IllegalArgumentException("identity " + dir + ": its certificate's O is " + names.organisation()
            + ", not the gateway's organisation " + mspId);
      }
      if (!ReaderClaim.GATEWAY_ROLE.equals(names.roleUnit())) {
        throw new IllegalArgumentException("identity " + dir + " is " + names.identityId() + ", not a gateway identity: its"
            + " certificate needs the role " + ReaderClaim.GATEWAY_ROLE + " (OU=" + ReaderClaim.GATEWAY_ROLE + " and the dareg.role"
            + " attribute), or the peers will not let it read for the gateway's callers");
      }
      ByteString creator = SerializedIdentity.newBuilder().setMspid(mspId)
          .setIdBytes(ByteString.copyFrom(Identities.toPemString(cert), StandardCharsets.UTF_8)).build().toByteString();
      return new ServiceIdentity(new IdentityRef(mspId, names.identityId()), new X509Identity(mspId, cert),
          ServiceKeySigner.of(key), creator);
    } catch (IOException | CertificateException | InvalidKeyException e) {
      throw new IllegalArgumentException("identity " + dir + ": " + e.getMessage(), e);
    }
  }
}

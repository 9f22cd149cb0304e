package io.dareg.gateway.ledger.fabric;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;

/**
 * The service identity's ECDSA key signing the digests the Fabric client hands it, in the form the peers take (DER, S in
 * the lower half of the order, as Fabric's own signer makes it), with the curve's tables kept from one signature to the
 * next. Fabric's {@link Signers#newPrivateKeySigner} signs through the JCA, where Bouncy Castle converts the JDK key's
 * curve afresh for every signature and so computes the generator's comb table again each time: on 2026-12-07 that was
 * about 420 us a signature against about 110 here, and 30 % of the gateway's Java threads' CPU on Fabric (every write
 * signs its proposal, its transaction and its commit-status request). The nonce is deterministic (RFC 6979), so no entropy is
 * drawn per signature.
 */
final class ServiceKeySigner implements Signer {
  private final ECPrivateKeyParameters key;
  private final BigInteger halfOrder;

  private ServiceKeySigner(ECPrivateKeyParameters key) {
    this.key = key;
    this.halfOrder = key.getParameters().getN().shiftRight(1);
  }

  /**
   * A signer for {@code key}: this one for an EC key on a named curve Bouncy Castle knows, Fabric's own for any other key
   * (whose signatures the peers take just as well, only slower).
   */
  static Signer of(PrivateKey key) {
    X9ECParameters curve = key instanceof ECPrivateKey ? namedCurve(key) : null;
    if (curve == null) {
      return Signers.newPrivateKeySigner(key);
    }
    // One ECDomainParameters, so one generator point: Bouncy Castle keeps the comb table on it.
    ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH(), curve.getSeed());
    return new ServiceKeySigner(new ECPrivateKeyParameters(((ECPrivateKey) key).getS(), domain));
  }

  /** The named curve of an EC key's PKCS#8 encoding, or null when it has none or Bouncy Castle does not know it. */
  private static X9ECParameters namedCurve(PrivateKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      return null; // a key that does not export itself (a token's): Fabric's signer goes through its provider
    }
    try {
      var parameters = X962Parameters.getInstance(PrivateKeyInfo.getInstance(encoded).getPrivateKeyAlgorithm().getParameters());
      if (!parameters.isNamedCurve()) {
        return null;
      }
      ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(parameters.getParameters());
      X9ECParameters custom = CustomNamedCurves.getByOID(oid);
      return custom != null ? custom : ECNamedCurveTable.getByOID(oid);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Signs {@code digest} (the Fabric client hashes first): a DER SEQUENCE of r and s, with s at most half the order. */
  @Override
  public byte[] sign(byte[] digest) throws GeneralSecurityException {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(digest);
    BigInteger n = key.getParameters().getN();
    BigInteger s = rs[1].compareTo(halfOrder) > 0 ? n.subtract(rs[1]) : rs[1];
    try {
      return StandardDSAEncoding.INSTANCE.encode(n, rs[0], s);
    } catch (IOException e) {
      throw new SignatureException("cannot encode an ECDSA signature: " + e.getMessage(), e);
    }
  }
}

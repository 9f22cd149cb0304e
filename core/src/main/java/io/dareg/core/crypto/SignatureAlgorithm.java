package io.dareg.core.crypto;

import io.dareg.core.model.HashAlgorithm;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The signature algorithms of dareg: ECDSA on P-256 with SHA-256 (what Fabric uses) and SM2 with
 * SM3 (商用密码, GB/T 32918). Both produce DER-encoded signatures: an ASN.1 SEQUENCE of the
 * integers r and s.
 */
public enum SignatureAlgorithm {
  /** ECDSA on secp256r1 (NIST P-256) over SHA-256. */
  ECDSA_P256_SHA256(
      "ECDSA-P256-SHA256",
      "SHA256withECDSA",
      "secp256r1",
      HashAlgorithm.SHA256,
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)),
  /**
   * SM2 on sm2p256v1 over SM3, with the signer ID {@link Signatures#SM2_DEFAULT_ID} in the SM3
   * pre-hash (the Z value of GB/T 32918.2).
   */
  SM2_SM3(
      "SM2-SM3",
      "SM3withSM2",
      "sm2p256v1",
      HashAlgorithm.SM3,
      new BigInteger("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16));

  private final String wireName;
  private final String jcaName;
  private final String curve;
  private final HashAlgorithm hash;
  private final BigInteger order;

  SignatureAlgorithm(String wireName, String jcaName, String curve, HashAlgorithm hash, BigInteger order) {
    this.wireName = wireName;
    this.jcaName = jcaName;
    this.curve = curve;
    this.hash = hash;
    this.order = order;
  }

  /** The name used in dareg documents, e.g. {@code SM2-SM3}. */
  public String wireName() {
    return wireName;
  }

  /** The JCA signature name. */
  public String jcaName() {
    return jcaName;
  }

  /** The curve's standard name. */
  public String curve() {
    return curve;
  }

  /** The hash algorithm that goes with the signature (for certificate hashes, say). */
  public HashAlgorithm hash() {
    return hash;
  }

  BigInteger order() {
    return order;
  }

  /** The algorithm of a wire name; a clear error listing the accepted names otherwise. */
  public static SignatureAlgorithm fromWireName(String name) {
    for (SignatureAlgorithm a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown signature algorithm '" + name + "'; accepted: "
            + Arrays.stream(values()).map(SignatureAlgorithm::wireName).collect(Collectors.joining(", ")));
  }
}

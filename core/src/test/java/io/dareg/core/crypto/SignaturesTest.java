package io.dareg.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Known answers from the standards, round trips, and every tampering we can think of. */
class SignaturesTest {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private final Signatures signatures = new Signatures(BC);

  /**
   * GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex A: SM2 signature on the recommended curve with the
   * default ID, message "message digest" and the standard's fixed random k.
   */
  @Test
  void sm2_reproduces_the_gbt_32918_standard_signature_and_our_verifier_accepts_it() throws Exception {
    BigInteger d = new BigInteger("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", 16);
    BigInteger k = new BigInteger("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 16);
    BigInteger x = new BigInteger("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020", 16);
    BigInteger y = new BigInteger("CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13", 16);
    byte[] message = "message digest".getBytes(US_ASCII);
    X9ECParameters curve = GMNamedCurves.getByName("sm2p256v1");
    ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());

    SM2Signer signer = new SM2Signer();
    signer.init(true, new ParametersWithID(
        new ParametersWithRandom(new ECPrivateKeyParameters(d, domain), fixed(k)),
        Signatures.SM2_DEFAULT_ID.getBytes(US_ASCII)));
    signer.update(message, 0, message.length);
    byte[] der = signer.generateSignature();

    BigInteger[] rs = decode(der);
    assertThat(rs[0]).isEqualTo(new BigInteger("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3", 16));
    assertThat(rs[1]).isEqualTo(new BigInteger("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA", 16));

    PublicKey pub = publicKey("sm2p256v1", x, y);
    assertThat(signatures.algorithmOf(pub)).isEqualTo(SignatureAlgorithm.SM2_SM3);
    assertThat(signatures.verify(SignatureAlgorithm.SM2_SM3, pub, message, der)).isTrue();
    assertThat(signatures.verify(SignatureAlgorithm.SM2_SM3, pub, "message digesT".getBytes(US_ASCII), der)).isFalse();
  }

  /** RFC 6979 A.2.5: the published P-256 / SHA-256 signature of "sample" verifies. */
  @Test
  void ecdsa_p256_accepts_the_rfc_6979_sample_signature() throws Exception {
    PublicKey pub = publicKey(
        "secp256r1",
        new BigInteger("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", 16),
        new BigInteger("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299", 16));
    byte[] der = encode(
        new BigInteger("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", 16),
        new BigInteger("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8", 16));
    assertThat(signatures.algorithmOf(pub)).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(signatures.verify(SignatureAlgorithm.ECDSA_P256_SHA256, pub, "sample".getBytes(US_ASCII), der)).isTrue();
    assertThat(signatures.verify(SignatureAlgorithm.ECDSA_P256_SHA256, pub, "test".getBytes(US_ASCII), der)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void a_signature_verifies_and_every_tampering_fails(SignatureAlgorithm alg) {
    KeyPair keys = signatures.generate(alg);
    byte[] data = "数据资产登记证书".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] sig = signatures.sign(alg, keys.getPrivate(), data);
    assertThat(signatures.verify(alg, keys.getPublic(), data, sig)).isTrue();

    byte[] flippedData = data.clone();
    flippedData[3] ^= 0x01;
    assertThat(signatures.verify(alg, keys.getPublic(), flippedData, sig)).isFalse();

    byte[] flippedSig = sig.clone();
    flippedSig[sig.length - 1] ^= 0x01;
    assertThat(signatures.verify(alg, keys.getPublic(), data, flippedSig)).isFalse();

    KeyPair other = signatures.generate(alg);
    assertThat(signatures.verify(alg, other.getPublic(), data, sig)).isFalse();
    assertThat(signatures.verify(alg, keys.getPublic(), data, Arrays.copyOf(sig, 10))).isFalse();
    assertThat(signatures.verify(alg, keys.getPublic(), data, new byte[] {1, 2, 3})).isFalse();
  }

  @Test
  void an_sm2_signature_is_never_accepted_as_ecdsa() {
    KeyPair sm2 = signatures.generate(SignatureAlgorithm.SM2_SM3);
    byte[] data = "x".getBytes(US_ASCII);
    byte[] sig = signatures.sign(SignatureAlgorithm.SM2_SM3, sm2.getPrivate(), data);
    assertThatThrownBy(() -> signatures.verify(SignatureAlgorithm.ECDSA_P256_SHA256, sm2.getPublic(), data, sig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secp256r1");
    KeyPair p256 = signatures.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(signatures.verify(SignatureAlgorithm.ECDSA_P256_SHA256, p256.getPublic(), data, sig)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void keys_survive_a_pem_round_trip_and_have_a_stable_id(SignatureAlgorithm alg) {
    KeyPair keys = signatures.generate(alg);
    PublicKey pub = signatures.publicKeyFromPem(Signatures.toPem(keys.getPublic()));
    java.security.PrivateKey priv = signatures.privateKeyFromPem(Signatures.toPem(keys.getPrivate()));
    byte[] data = {42};
    assertThat(signatures.verify(alg, pub, data, signatures.sign(alg, priv, data))).isTrue();
    assertThat(Signatures.keyId(pub)).hasSize(32).isEqualTo(Signatures.keyId(keys.getPublic())).matches("[0-9a-f]{32}");
    assertThat(signatures.algorithmOf(pub)).isEqualTo(alg);
    assertThatThrownBy(() -> signatures.publicKeyFromPem("nonsense")).hasMessageContaining("PUBLIC KEY");
  }

  @Test
  void wire_names_round_trip_and_unknown_names_are_explained() {
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
      assertThat(SignatureAlgorithm.fromWireName(a.wireName())).isEqualTo(a);
    }
    assertThatThrownBy(() -> SignatureAlgorithm.fromWireName("RSA")).hasMessageContaining("SM2-SM3");
  }

  private static SecureRandom fixed(BigInteger k) {
    byte[] bytes = BigIntegers.asUnsignedByteArray(32, k);
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] out) {
        System.arraycopy(bytes, 0, out, 0, out.length);
      }
    };
  }

  private static PublicKey publicKey(String curveName, BigInteger x, BigInteger y) throws Exception {
    ECNamedCurveParameterSpec spec = ECNamedCurveTable.getParameterSpec(curveName);
    return KeyFactory.getInstance("EC", BC).generatePublic(new ECPublicKeySpec(spec.getCurve().createPoint(x, y), spec));
  }

  private static byte[] encode(BigInteger r, BigInteger s) throws Exception {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(r));
    v.add(new ASN1Integer(s));
    return new DERSequence(v).getEncoded();
  }

  private static BigInteger[] decode(byte[] der) {
    org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
    return new BigInteger[] {
      ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
    };
  }
}

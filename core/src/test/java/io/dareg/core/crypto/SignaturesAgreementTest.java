package io.dareg.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * {@link Signatures#fastest()} (BoringSSL for ECDSA P-256 where it loads) and Bouncy Castle reach the same verdict on
 * every signature, valid or malformed, so rules run with one and replayed with the other agree; and each verifies what
 * the other signs.
 */
class SignaturesAgreementTest {
  private static final SignatureAlgorithm P256 = SignatureAlgorithm.ECDSA_P256_SHA256;
  private final Signatures bouncyCastle = new Signatures(new BouncyCastleProvider());
  private final Signatures fastest = Signatures.fastest();

  @Test
  void boringssl_is_used_for_p256_where_it_loads() {
    if (NativeEcdsa.provider() != null) {
      assertThat(fastest.ecdsaName()).isEqualTo("BoringSSL");
    } else {
      assertThat(fastest.ecdsaName()).as(NativeEcdsa.unavailableBecause()).isEqualTo(new BouncyCastleProvider().getName());
    }
  }

  @Test
  void both_verify_what_either_signs_and_refuse_a_changed_message() {
    KeyPair keys = bouncyCastle.generate(P256);
    byte[] message = "申请登记 TJ-2026-000042".getBytes(StandardCharsets.UTF_8);
    for (Signatures signer : new Signatures[] {bouncyCastle, fastest}) {
      byte[] signature = signer.sign(P256, keys.getPrivate(), message);
      assertThat(bouncyCastle.verify(P256, keys.getPublic(), message, signature)).isTrue();
      assertThat(fastest.verify(P256, keys.getPublic(), message, signature)).isTrue();
      byte[] changed = message.clone();
      changed[0] ^= 1;
      assertThat(bouncyCastle.verify(P256, keys.getPublic(), changed, signature)).isFalse();
      assertThat(fastest.verify(P256, keys.getPublic(), changed, signature)).isFalse();
      assertThat(fastest.verify(P256, bouncyCastle.generate(P256).getPublic(), message, signature)).isFalse();
    }
  }

  @Test
  void both_reach_the_same_verdict_on_every_variant_of_a_signature() throws Exception {
    KeyPair keys = bouncyCastle.generate(P256);
    byte[] message = "dareg".getBytes(StandardCharsets.US_ASCII);
    for (int round = 0; round < 20; round++) {
      byte[] valid = bouncyCastle.sign(P256, keys.getPrivate(), message);
      ASN1Sequence seq = ASN1Sequence.getInstance(valid);
      BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
      BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
      Map<String, byte[]> variants = new LinkedHashMap<>();
      variants.put("valid", valid);
      variants.put("high s", der(r, P256.order().subtract(s)));
      variants.put("trailing byte", concat(valid, new byte[] {0}));
      variants.put("r with a needless leading zero", nonMinimalR(valid));
      variants.put("long-form length", longFormLength(valid));
      variants.put("r and s swapped", der(s, r));
      variants.put("s = 0", der(r, BigInteger.ZERO));
      variants.put("s = n", der(r, P256.order()));
      variants.put("empty", new byte[0]);
      variants.put("truncated", java.util.Arrays.copyOf(valid, valid.length - 1));
      for (Map.Entry<String, byte[]> v : variants.entrySet()) {
        boolean bc = bouncyCastle.verify(P256, keys.getPublic(), message, v.getValue());
        boolean fast = fastest.verify(P256, keys.getPublic(), message, v.getValue());
        assertThat(fast).as(v.getKey() + ": Bouncy Castle says " + bc).isEqualTo(bc);
        if (!v.getKey().equals("valid") && !v.getKey().equals("high s")) {
          assertThat(bc).as(v.getKey() + " must be refused").isFalse();
        }
      }
    }
  }

  private static byte[] der(BigInteger r, BigInteger s) throws Exception {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(r));
    v.add(new ASN1Integer(s));
    return new DERSequence(v).getEncoded("DER");
  }

  /** The signature with r's INTEGER given one more leading zero byte than DER allows. */
  private static byte[] nonMinimalR(byte[] sig) {
    // 30 L 02 Lr r... 02 Ls s...
    int lr = sig[3];
    byte[] out = new byte[sig.length + 1];
    out[0] = 0x30;
    out[1] = (byte) (sig[1] + 1);
    out[2] = 0x02;
    out[3] = (byte) (lr + 1);
    out[4] = 0;
    System.arraycopy(sig, 4, out, 5, sig.length - 4);
    return out;
  }

  /** The signature with its outer length in the long form (0x81 L), which DER forbids below 128. */
  private static byte[] longFormLength(byte[] sig) {
    byte[] out = new byte[sig.length + 1];
    out[0] = 0x30;
    out[1] = (byte) 0x81;
    System.arraycopy(sig, 1, out, 2, sig.length - 1);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

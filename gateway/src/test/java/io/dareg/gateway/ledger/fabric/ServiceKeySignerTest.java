package io.dareg.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.junit.jupiter.api.Test;

class ServiceKeySignerTest {

  @Test
  void signatures_verify_with_the_public_key_on_p256_and_p384() throws Exception {
    for (String curve : new String[] {"secp256r1", "secp384r1"}) {
      KeyPair pair = ec(curve);
      Signer signer = ServiceKeySigner.of(readBackFromPem(pair));
      for (int i = 0; i < 20; i++) {
        byte[] digest = sha256("proposal " + i);
        assertThat(verifies(pair, digest, signer.sign(digest))).as(curve + " signature " + i).isTrue();
      }
      assertThat(signer).as(curve).isInstanceOf(ServiceKeySigner.class);
    }
  }

  @Test
  void s_is_always_in_the_lower_half_of_the_order_as_fabric_requires() throws Exception {
    KeyPair pair = ec("secp256r1");
    Signer signer = ServiceKeySigner.of(readBackFromPem(pair));
    BigInteger half = ((ECPublicKey) pair.getPublic()).getParams().getOrder().shiftRight(1);
    for (int i = 0; i < 200; i++) {
      ASN1Sequence rs = ASN1Sequence.getInstance(signer.sign(sha256("tx " + i)));
      assertThat(rs.size()).isEqualTo(2);
      assertThat(ASN1Integer.getInstance(rs.getObjectAt(1)).getValue()).as("s of signature " + i).isLessThanOrEqualTo(half);
    }
  }

  @Test
  void a_signature_is_over_the_digest_given_and_no_other() throws Exception {
    KeyPair pair = ec("secp256r1");
    Signer signer = ServiceKeySigner.of(readBackFromPem(pair));
    byte[] signature = signer.sign(sha256("one transaction"));
    assertThat(verifies(pair, sha256("another transaction"), signature)).isFalse();
    assertThat(verifies(ec("secp256r1"), sha256("one transaction"), signature)).as("another key").isFalse();
  }

  @Test
  void signers_of_many_threads_each_sign_correctly() throws Exception {
    KeyPair pair = ec("secp256r1");
    Signer signer = ServiceKeySigner.of(readBackFromPem(pair));
    var failures = new java.util.concurrent.atomic.AtomicInteger();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        try {
          for (int i = 0; i < 50; i++) {
            byte[] digest = sha256("thread " + id + " tx " + i);
            if (!verifies(pair, digest, signer.sign(digest))) {
              failures.incrementAndGet();
            }
          }
        } catch (Exception e) {
          failures.incrementAndGet();
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures.get()).isZero();
  }

  @Test
  void a_key_that_is_not_ec_goes_to_fabrics_own_signer_which_refuses_this_one_as_before() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertThatThrownBy(() -> Signers.newPrivateKeySigner(pair.getPrivate())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceKeySigner.of(pair.getPrivate())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unsupported private key type");
  }

  // --- test keys, generated here -------------------------------------------------------------------

  private static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  /** The private key as ServiceIdentity reads it: PKCS#8 PEM through the Fabric client. */
  private static java.security.PrivateKey readBackFromPem(KeyPair pair) throws Exception {
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    return Identities.readPrivateKey(pem);
  }

  private static boolean verifies(KeyPair pair, byte[] digest, byte[] signature) throws Exception {
    Signature verify = Signature.getInstance("NONEwithECDSA");
    verify.initVerify(pair.getPublic());
    verify.update(digest);
    return verify.verify(signature);
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}

package io.dareg.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureSpi;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Which provider checks token signatures, and the check a provider passes before it is used. */
class TokenSignaturesTest {
  /** Skips where Conscrypt bundles no native library; CI (Linux x86-64) is not such a place. */
  static void assumeConscryptBundled() {
    Assumptions.assumeTrue(List.of("Linux", "Mac OS X").contains(System.getProperty("os.name"))
        && List.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch")),
        "Conscrypt bundles BoringSSL for Linux and macOS on x86-64 and ARM64 (and Windows x86-64) only");
  }

  @Test
  void where_conscrypt_is_bundled_boringssl_is_the_default() {
    assumeConscryptBundled();
    TokenSignatures automatic = TokenSignatures.choose(TokenSignatures.Choice.AUTOMATIC);
    assertThat(automatic.name()).isEqualTo("BoringSSL");
    assertThat(automatic.provider().getName()).isEqualTo("Conscrypt");
    assertThat(automatic.why()).isEmpty();
  }

  @Test
  void the_operator_can_ask_for_bouncy_castle() {
    TokenSignatures chosen = TokenSignatures.choose(TokenSignatures.Choice.parse("BouncyCastle"));
    assertThat(chosen.name()).isEqualTo("Bouncy Castle");
    assertThat(chosen.provider().getName()).isEqualTo(BouncyCastleProvider.PROVIDER_NAME);
    assertThat(TokenSignatures.Choice.parse("boringssl")).isEqualTo(TokenSignatures.Choice.BORINGSSL);
  }

  @Test
  void an_unknown_choice_names_the_two_there_are() {
    assertThatThrownBy(() -> TokenSignatures.Choice.parse("openssl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("boringssl or bouncycastle, not 'openssl'");
  }

  @Test
  void the_start_up_check_passes_real_checkers_and_catches_one_that_accepts_anything() {
    assertThat(TokenSignatures.selfCheck(new BouncyCastleProvider())).isNull();
    assertThat(TokenSignatures.selfCheck(new AcceptsAnything())).contains("accepted an ECDSA P-256 signature over a changed message");
    assertThat(TokenSignatures.selfCheck(new Provider("Empty", "1", "no services") {})).contains("cannot sign or check ECDSA P-256 signatures");
  }

  @Test
  void where_conscrypt_is_bundled_it_passes_the_start_up_check() {
    assumeConscryptBundled();
    assertThat(TokenSignatures.selfCheck(org.conscrypt.Conscrypt.newProvider())).isNull();
  }

  /** A provider whose ECDSA check says yes to everything: what the start-up check is there for. */
  static final class AcceptsAnything extends Provider {
    private static final long serialVersionUID = 1L;

    AcceptsAnything() {
      super("AcceptsAnything", "1", "a broken signature checker");
      put("Signature.SHA256withECDSA", Yes.class.getName());
      put("KeyFactory.EC", "org.bouncycastle.jcajce.provider.asymmetric.ec.KeyFactorySpi$EC");
    }
  }

  /** The broken check itself. */
  public static final class Yes extends SignatureSpi {
    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {}

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {}

    @Override
    protected void engineUpdate(byte b) {}

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {}

    @Override
    protected byte[] engineSign() {
      return new byte[0];
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) {
      return true;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {}

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
      return null;
    }
  }
}

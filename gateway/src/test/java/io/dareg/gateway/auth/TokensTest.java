package io.dareg.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.cert.CertificateAuthority;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tokens are accepted only from the registry's CA, inside their window, untampered. */
class TokensTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void accepts_a_good_token_and_refuses_every_bad_one(SignatureAlgorithm alg) throws Exception {
    acceptsAGoodTokenAndRefusesEveryBadOne(alg, TokenSignatures.bouncyCastle());
  }

  /** The same with BoringSSL checking ES256 (SM2 tokens stay with Bouncy Castle). */
  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void boringssl_accepts_and_refuses_the_same_tokens(SignatureAlgorithm alg) throws Exception {
    TokenSignaturesTest.assumeConscryptBundled();
    TokenSignatures boringSsl = TokenSignatures.choose(TokenSignatures.Choice.BORINGSSL);
    assertThat(boringSsl.name()).isEqualTo("BoringSSL");
    acceptsAGoodTokenAndRefusesEveryBadOne(alg, boringSsl);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void es256_tokens_go_to_the_chosen_checker_and_sm2_tokens_stay_with_bouncy_castle(SignatureAlgorithm alg) throws Exception {
    // A checker that says yes to everything shows which tokens it is asked about.
    Alice alice = alice(alg, new TokenSignatures(new TokenSignaturesTest.AcceptsAnything(), "broken", ""));
    Tokens tokens = alice.tokens();
    KeyPair keys = alice.keys();
    Instant now = Instant.now();
    String stolen = Tokens.sign(alice.cert(), new Signatures(new BouncyCastleProvider()).generate(alg).getPrivate(), now,
        Duration.ofMinutes(1));
    if (alg == SignatureAlgorithm.ECDSA_P256_SHA256) {
      assertThat(tokens.verify(stolen, now).identity().id()).isEqualTo("CN=alice,OU=holder");
    } else {
      assertThatThrownBy(() -> tokens.verify(stolen, now)).hasMessageContaining("signature");
    }
    // The chain to the CA is Bouncy Castle's check whatever checks the tokens.
    CertificateAuthority rogue = CertificateAuthority.loadOrCreate(tmp.resolve("rogue"), alg);
    X509Certificate rogueCert = rogue.issueClient("RegistryMSP", "registrar", "mallory", keys.getPublic(), Duration.ofDays(1));
    assertThatThrownBy(() -> tokens.verify(Tokens.sign(rogueCert, keys.getPrivate(), now, Duration.ofMinutes(1)), now))
        .hasMessageContaining("not issued by this registry");
  }

  /** Alice, a holder with a key of {@code alg} and a certificate from a new CA, and a gateway's tokens. */
  private record Alice(KeyPair keys, X509Certificate cert, Tokens tokens) {}

  private Alice alice(SignatureAlgorithm alg, TokenSignatures checker) throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), alg);
    KeyPair keys = new Signatures(new BouncyCastleProvider()).generate(alg);
    X509Certificate cert = ca.issueClient("EnterpriseMSP", "holder", "alice", keys.getPublic(), Duration.ofDays(1));
    return new Alice(keys, cert, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED, checker));
  }

  private void acceptsAGoodTokenAndRefusesEveryBadOne(SignatureAlgorithm alg, TokenSignatures checker) throws Exception {
    Alice alice = alice(alg, checker);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    KeyPair keys = alice.keys();
    X509Certificate cert = alice.cert();
    Tokens tokens = alice.tokens();
    Instant now = Instant.now();

    String good = Tokens.sign(cert, keys.getPrivate(), now, Duration.ofMinutes(5));
    Caller caller = tokens.verify(good, now.plusSeconds(10));
    assertThat(caller.identity().msp()).isEqualTo("EnterpriseMSP");
    assertThat(caller.identity().id()).isEqualTo("CN=alice,OU=holder");
    assertThat(caller.roleAttribute()).isEqualTo("holder");

    assertThatThrownBy(() -> tokens.verify(good, now.plus(Duration.ofMinutes(6)))).hasMessageContaining("expired");
    String future = Tokens.sign(cert, keys.getPrivate(), now.plus(Duration.ofMinutes(10)), Duration.ofMinutes(1));
    assertThatThrownBy(() -> tokens.verify(future, now)).hasMessageContaining("not valid yet");
    String tooLong = Tokens.sign(cert, keys.getPrivate(), now, Duration.ofHours(2));
    assertThatThrownBy(() -> tokens.verify(tooLong, now)).hasMessageContaining("lives longer");

    // Claims changed after signing.
    String[] parts = good.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"aud\":\"dareg\"", "\"aud\":\"other\"");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + parts[2];
    assertThatThrownBy(() -> tokens.verify(tampered, now)).hasMessageContaining("signature");

    // Signed by a key that is not the certificate's: bound to another key.
    KeyPair thief = sig.generate(alg);
    String stolen = Tokens.sign(cert, thief.getPrivate(), now, Duration.ofMinutes(1));
    assertThatThrownBy(() -> tokens.verify(stolen, now)).hasMessageContaining("signature");

    // A certificate from another CA.
    CertificateAuthority rogue = CertificateAuthority.loadOrCreate(tmp.resolve("rogue"), alg);
    X509Certificate rogueCert = rogue.issueClient("RegistryMSP", "registrar", "mallory", keys.getPublic(), Duration.ofDays(1));
    String forged = Tokens.sign(rogueCert, keys.getPrivate(), now, Duration.ofMinutes(1));
    assertThatThrownBy(() -> tokens.verify(forged, now)).hasMessageContaining("not issued by this registry");

    assertThatThrownBy(() -> tokens.verify("abc", now)).hasMessageContaining("three");
    assertThatThrownBy(() -> tokens.verify("a.b.c", now)).hasMessageContaining("well-formed");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void a_certificate_accepted_before_is_refused_once_it_has_expired(SignatureAlgorithm alg) throws Exception {
    Signatures sig = new Signatures(new BouncyCastleProvider());
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca2"), alg);
    KeyPair keys = sig.generate(alg);
    X509Certificate cert = ca.issueClient("EnterpriseMSP", "holder", "alice", keys.getPublic(), Duration.ofDays(1));
    Tokens tokens = new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED);
    Instant now = Instant.now();
    assertThat(tokens.verify(Tokens.sign(cert, keys.getPrivate(), now, Duration.ofMinutes(5)), now).identity().id())
        .isEqualTo("CN=alice,OU=holder");

    // The same certificate two days later: the gateway remembers that its CA signed it, but not
    // that it is valid.
    Instant later = now.plus(Duration.ofDays(2));
    String token = Tokens.sign(cert, keys.getPrivate(), later, Duration.ofMinutes(5));
    assertThatThrownBy(() -> tokens.verify(token, later)).hasMessageContaining("certificate is not valid now");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void a_token_is_accepted_once_unless_replays_are_allowed(SignatureAlgorithm alg) throws Exception {
    Signatures sig = new Signatures(new BouncyCastleProvider());
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca3"), alg);
    KeyPair keys = sig.generate(alg);
    X509Certificate cert = ca.issueClient("EnterpriseMSP", "holder", "alice", keys.getPublic(), Duration.ofDays(1));
    Instant now = Instant.now();
    String token = Tokens.sign(cert, keys.getPrivate(), now, Duration.ofMinutes(5));

    Tokens production = new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED);
    production.verify(token, now);
    assertThatThrownBy(() -> production.verify(token, now.plusSeconds(1))).hasMessageContaining("used before")
        .hasMessageContaining("sign a new token for each request");
    // A fresh token of the same caller is a new request.
    assertThat(production.verify(Tokens.sign(cert, keys.getPrivate(), now, Duration.ofMinutes(5)), now).identity().id())
        .isEqualTo("CN=alice,OU=holder");
    // A token without a usable jti is refused, since it cannot be held to one use.
    String[] parts = token.split("\\.");
    String noJti = new String(Base64.getUrlDecoder().decode(parts[1])).replaceAll(",?\"jti\":\"[0-9a-f]+\"", "");
    String unsigned = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(noJti.getBytes());
    byte[] der = sig.sign(alg, keys.getPrivate(), unsigned.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
    byte[] raw = new byte[64];
    byte[] r = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, ((org.bouncycastle.asn1.ASN1Integer) seq.getObjectAt(0)).getValue());
    byte[] s2 = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, ((org.bouncycastle.asn1.ASN1Integer) seq.getObjectAt(1)).getValue());
    System.arraycopy(r, 0, raw, 0, 32);
    System.arraycopy(s2, 0, raw, 32, 32);
    String withoutJti = unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertThatThrownBy(() -> production.verify(withoutJti, now)).hasMessageContaining("needs a jti");

    Tokens dev = new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.ALLOWED);
    dev.verify(token, now);
    assertThat(dev.verify(token, now.plusSeconds(1)).identity().id()).isEqualTo("CN=alice,OU=holder");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void an_admin_certificate_makes_an_organisation_admin(SignatureAlgorithm alg) throws Exception {
    Signatures sig = new Signatures(new BouncyCastleProvider());
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca2"), alg);
    KeyPair keys = sig.generate(alg);
    Caller admin = Tokens.caller(ca.issueClient("RegistryMSP", "admin", "root", keys.getPublic(), Duration.ofDays(1)));
    assertThat(admin.orgAdmin()).isTrue();
    assertThat(admin.roleAttribute()).isNull();
  }
}

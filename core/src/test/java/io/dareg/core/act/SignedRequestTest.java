package io.dareg.core.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.SignedRequestException.Reason;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * The signed request of docs/signed-requests.md: the published vectors reproduce byte for byte and
 * verify, and each way of tampering with a request is refused with its own reason.
 */
class SignedRequestTest {
  private static final String LEDGER = "dareg:RegistryMSP:dareg";
  private static final Duration SKEW = Duration.ofMinutes(5);
  private final Signatures signatures = new Signatures(new BouncyCastleProvider());

  private record Vector(String name, X509Certificate root, PrivateKey key, Instant ledgerTime, ObjectNode json, String input, String sha256) {}

  private List<Vector> vectors() throws Exception {
    List<Vector> out = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/signed-requests/vectors.json")) {
      for (JsonNode v : Json.mapper().readTree(in)) {
        out.add(new Vector(v.get("name").asText(), certificate(v.get("rootCertificate").asText()),
            signatures.privateKeyFromPem(v.get("privateKey").asText()), Instant.parse(v.get("ledgerTime").asText()),
            (ObjectNode) v.get("signedRequest"), v.get("signingInput").asText(), v.get("signingInputSha256").asText()));
      }
    }
    assertThat(out).extracting(Vector::name).anyMatch(n -> n.startsWith("ECDSA-P256")).anyMatch(n -> n.startsWith("SM2"));
    return out;
  }

  private SignedRequest parse(ObjectNode json) {
    return SignedRequest.parse(Json.mapper().valueToTree(json).toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void the_published_vectors_give_the_same_signing_input_byte_for_byte_and_verify() throws Exception {
    for (Vector v : vectors()) {
      SignedRequest r = parse(v.json());
      assertThat(new String(r.signingInput(), StandardCharsets.UTF_8)).as(v.name()).isEqualTo(v.input());
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.signingInput()))).isEqualTo(v.sha256());
      assertThat(r.verify(signatures, LEDGER, List.of(v.root()), v.ledgerTime(), SKEW).getSubjectX500Principal().getName())
          .contains("O=" + (v.name().startsWith("SM2") ? "RegistryMSP" : "EnterpriseMSP"));
    }
  }

  @Test
  void a_request_signed_anew_with_the_vectors_key_verifies_and_carries_a_fresh_request_id() throws Exception {
    for (Vector v : vectors()) {
      SignedRequest old = parse(v.json());
      String id = SignedRequest.newRequestId(new SecureRandom());
      SignedRequest fresh = SignedRequest.sign(LEDGER, old.operation(), old.arguments(), old.signer(), v.key(), v.ledgerTime(), id, signatures);
      assertThat(fresh.requestId()).isEqualTo(id).isNotEqualTo(old.requestId());
      fresh.verify(signatures, LEDGER, List.of(v.root()), v.ledgerTime(), SKEW);
      // And it survives its own JSON form.
      parse(fresh.toJson()).verify(signatures, LEDGER, List.of(v.root()), v.ledgerTime(), SKEW);
    }
  }

  @Test
  void arguments_changed_after_signing_are_refused() throws Exception {
    for (Vector v : vectors()) {
      ObjectNode changed = v.json().deepCopy();
      ((ObjectNode) changed.get("arguments")).put("tampered", true);
      assertRefused(parse(changed), v, Reason.BAD_SIGNATURE);
      ObjectNode later = v.json().deepCopy();
      later.put("time", "2026-12-05T08:00:02.000Z");
      assertRefused(parse(later), v, Reason.BAD_SIGNATURE);
    }
  }

  @Test
  void a_request_signed_by_another_key_is_refused() throws Exception {
    List<Vector> vs = vectors();
    Vector p256 = vs.get(0);
    // The same request, certificate and all, signed with a key that is not the certificate's.
    PrivateKey other = signatures.generate(io.dareg.core.crypto.SignatureAlgorithm.ECDSA_P256_SHA256).getPrivate();
    SignedRequest r = parse(p256.json());
    SignedRequest forged = SignedRequest.sign(LEDGER, r.operation(), r.arguments(), r.signer(), other, p256.ledgerTime(), r.requestId(), signatures);
    assertRefused(forged, p256, Reason.BAD_SIGNATURE);
  }

  @Test
  void a_request_for_another_ledger_an_untrusted_or_expired_certificate_or_a_skewed_time_is_refused() throws Exception {
    List<Vector> vs = vectors();
    Vector v = vs.get(0);
    SignedRequest r = parse(v.json());
    assertThatThrownBy(() -> r.verify(signatures, "dareg:OtherRegistryMSP:dareg", List.of(v.root()), v.ledgerTime(), SKEW))
        .isInstanceOfSatisfying(SignedRequestException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_LEDGER));
    // The other vector's root did not issue this certificate.
    assertThatThrownBy(() -> r.verify(signatures, LEDGER, List.of(vs.get(1).root()), v.ledgerTime(), SKEW))
        .isInstanceOfSatisfying(SignedRequestException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED_CERTIFICATE));
    Instant afterExpiry = r.signer().getNotAfter().toInstant().plusSeconds(1);
    assertThatThrownBy(() -> r.verify(signatures, LEDGER, List.of(v.root()), afterExpiry, SKEW))
        .isInstanceOfSatisfying(SignedRequestException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_NOT_VALID));
    assertThatThrownBy(() -> r.verify(signatures, LEDGER, List.of(v.root()), v.ledgerTime().plus(Duration.ofMinutes(6)), SKEW))
        .isInstanceOfSatisfying(SignedRequestException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TIME_SKEW);
          assertThat(e.getMessage()).contains("at most 300 s");
        });
  }

  @Test
  void a_malformed_request_says_which_member_is_wrong() throws Exception {
    ObjectNode base = vectors().get(0).json();
    Object[][] cases = {
      {"format", "dareg-signed-request/2", "format"},
      {"time", "2026-12-05T08:00:00Z", "time"},
      {"requestId", "ABC", "requestId"},
      {"algorithm", "RSA", "algorithm"},
      {"extra", "x", "extra"},
    };
    for (Object[] c : cases) {
      ObjectNode bad = base.deepCopy();
      bad.put((String) c[0], (String) c[1]);
      assertThatThrownBy(() -> parse(bad)).as((String) c[0])
          .isInstanceOfSatisfying(SignedRequestException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
            assertThat(e.getMessage()).startsWith((String) c[2]);
          });
    }
  }

  @Test
  void the_signing_input_built_from_the_arguments_canonical_bytes_is_the_same_byte_for_byte() throws Exception {
    for (Vector v : vectors()) {
      SignedRequest r = parse(v.json());
      byte[] args = io.dareg.core.json.CanonicalJson.serialize(r.arguments());
      assertThat(new String(r.signingInput(args), StandardCharsets.UTF_8)).as(v.name()).isEqualTo(v.input());
    }
    // Arguments that hold the other members' names and characters to escape change nothing in the order or the bytes.
    ObjectNode odd = vectors().get(0).json().deepCopy();
    ((ObjectNode) odd.get("arguments")).put("certificate", "\",\"time\":\"x").put("zz", "\u0001é\u2028").putObject("format")
        .put("algorithm", 1.5);
    SignedRequest r = parse(odd);
    assertThat(r.signingInput(io.dareg.core.json.CanonicalJson.serialize(r.arguments()))).isEqualTo(r.signingInput());
  }

  @Test
  void a_time_is_read_exactly_when_the_formatter_writes_it_so() {
    java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(java.time.ZoneOffset.UTC);
    String[] texts = {
      "2026-12-05T08:00:00.000Z", "2024-02-29T23:59:59.999Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
      "2026-02-29T08:00:00.000Z", "2026-04-31T08:00:00.000Z", "2026-13-01T08:00:00.000Z", "2026-12-05T24:00:00.000Z",
      "2026-12-05T08:60:00.000Z", "2026-12-05T08:00:60.000Z", "2026-12-05T08:00:00Z", "2026-12-05T08:00:00.0000Z",
      "2026-12-05 08:00:00.000Z", "2026-12-05T08:00:00.000+", "+026-12-05T08:00:00.000Z", "2026-1a-05T08:00:00.000Z",
      "2026-00-05T08:00:00.000Z", "2026-12-00T08:00:00.000Z", "",
    };
    for (String t : texts) {
      Instant expected;
      try {
        Instant i = f.parse(t, Instant::from);
        expected = f.format(i).equals(t) ? i : null;
      } catch (java.time.format.DateTimeParseException e) {
        expected = null;
      }
      assertThat(SignedRequest.parseTime(t)).as(t).isEqualTo(expected);
    }
    assertThat(SignedRequest.parseTime("2026-12-05T08:00:00.123Z")).isEqualTo(Instant.parse("2026-12-05T08:00:00.123Z"));
  }

  private void assertRefused(SignedRequest r, Vector v, Reason reason) {
    assertThatThrownBy(() -> r.verify(signatures, LEDGER, List.of(v.root()), v.ledgerTime(), SKEW))
        .as(v.name())
        .isInstanceOfSatisfying(SignedRequestException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static X509Certificate certificate(String base64) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509", new BouncyCastleProvider())
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
  }
}

package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.AUTHORITY;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.LEDGER;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.Registration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: the rules take a write only as a signed request of its author, whoever hands it in. Each
 * refusal leaves the state as it was.
 */
class SignedActsTest {
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
  private final ThrowawayAuthority.Author alice = AUTHORITY.author("EnterpriseMSP", "alice", null, false);

  private String deposit(String data) {
    return new String(Json.canonical(new DepositEvidenceRequest(HashAlgorithm.SHA256, hash(data), null, 1, "dareg", null)),
        StandardCharsets.UTF_8);
  }

  /** Runs {@code signed} as handed in by anyone (the world state's caller is not its author); the result or the refusal. */
  private String run(String signed) {
    return f.callJsonAsIs("depositEvidence", signed).toString();
  }

  private RuleException refused(Code code, String signed) {
    int before = f.ws.size();
    RuleException e = catchThrowableOfType(RuleException.class, () -> run(signed));
    assertThat(e).isNotNull();
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    assertThat(f.ws.size()).as("nothing is written on a refusal").isEqualTo(before);
    return e;
  }

  private static ObjectNode tree(String json) {
    try {
      return (ObjectNode) Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void a_signed_write_runs_as_its_author_whoever_hands_it_in() {
    JsonNode evidence = Json.mapper().valueToTree(tree(run(alice.sign(LEDGER, "depositEvidence", deposit("a"), f.now))));
    assertThat(evidence.path("declaredBy").asText()).isEqualTo(f.accountA);
  }

  @Test
  void a_write_without_its_authors_signature_is_refused() {
    assertThat(refused(Code.INVALID, deposit("a")).getMessage()).contains("signed request");
  }

  @Test
  void arguments_changed_after_signing_are_refused() {
    ObjectNode signed = tree(alice.sign(LEDGER, "depositEvidence", deposit("a"), f.now));
    ((ObjectNode) signed.get("arguments")).put("hash", hash("b"));
    assertThat(refused(Code.FORBIDDEN, CanonicalJson.toString(signed)).getMessage()).contains("changed after signing");
  }

  @Test
  void a_request_signed_by_another_key_is_refused() {
    // The registrar's gateway puts the holder's certificate on a request the registrar signed.
    ObjectNode forged = tree(AUTHORITY.author("RegistryMSP", "registrar", "registrar", false)
        .sign(LEDGER, "depositEvidence", deposit("a"), f.now));
    forged.put("certificate", tree(alice.sign(LEDGER, "depositEvidence", deposit("a"), f.now)).get("certificate").asText());
    assertThat(refused(Code.FORBIDDEN, CanonicalJson.toString(forged)).getMessage()).contains("another key");
  }

  @Test
  void a_registrars_gateway_cannot_apply_in_a_holders_name() {
    // Signed with the registrar's own key, the application is the registrar's, which the rules refuse.
    String deposited = f.deposit(HOLDER_A, "data").evidenceNo();
    String submit = new String(Json.canonical(new io.dareg.core.api.SubmitRequest(null, io.dareg.core.model.RightType.HOLDING,
        RegistryFixture.asset(io.dareg.core.model.ClassificationLevel.GENERAL), java.util.List.of(),
        java.util.List.of(deposited), hash("c"), false, RegistryFixture.undertakings("data"))), StandardCharsets.UTF_8);
    int before = f.ws.size();
    RuleException e = catchThrowableOfType(RuleException.class, () -> f.callJsonAsIs("submit",
        AUTHORITY.author("RegistryMSP", "registrar", "registrar", false).sign(LEDGER, "submit", submit, f.now)));
    assertThat(e.code()).isEqualTo(Code.FORBIDDEN);
    assertThat(f.ws.size()).isEqualTo(before);
  }

  @Test
  void a_request_for_another_ledger_is_refused() {
    assertThat(refused(Code.INVALID, alice.sign("another-ledger", "depositEvidence", deposit("a"), f.now)).getMessage())
        .contains("another-ledger");
  }

  @Test
  void a_request_for_another_transaction_is_refused() {
    assertThat(refused(Code.INVALID, alice.sign(LEDGER, "raiseObjection", deposit("a"), f.now)).getMessage())
        .contains("signed for raiseObjection");
  }

  @Test
  void an_untrusted_or_expired_certificate_or_a_skewed_time_is_refused() {
    ThrowawayAuthority.Author stranger = new ThrowawayAuthority().author("EnterpriseMSP", "alice", null, false);
    assertThat(refused(Code.FORBIDDEN, stranger.sign(LEDGER, "depositEvidence", deposit("a"), f.now)).getMessage())
        .contains("not issued by a CA this ledger trusts");
    assertThat(refused(Code.INVALID, alice.sign(LEDGER, "depositEvidence", deposit("a"), f.now.minusSeconds(301))).getMessage())
        .contains("at most 300 s");
    f.advanceTo(Instant.parse("2050-01-02T00:00:00Z")); // the throw-away certificates end in 2049
    assertThat(refused(Code.FORBIDDEN, alice.sign(LEDGER, "depositEvidence", deposit("a"), f.now)).getMessage())
        .contains("not at the ledger's time");
  }

  @Test
  void the_same_request_twice_commits_once_and_a_used_id_with_other_arguments_is_refused() {
    String signed = alice.sign(LEDGER, "depositEvidence", deposit("a"), f.now);
    String first = run(signed);
    int after = f.ws.size();
    assertThat(run(signed)).isEqualTo(first);
    assertThat(f.ws.size()).as("the same request again writes nothing").isEqualTo(after);
    // Another request under the same id: re-signed honestly by the author, other arguments.
    ObjectNode other = tree(alice.sign(LEDGER, "depositEvidence", deposit("b"), f.now));
    ObjectNode reused = tree(signed);
    String id = reused.get("requestId").asText();
    ObjectNode args = (ObjectNode) other.get("arguments");
    String resigned = io.dareg.core.act.SignedRequest.sign(LEDGER, "depositEvidence", args, alice.certificate(), alice.key(), f.now,
        id, new io.dareg.core.crypto.Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider())).toJson().toString();
    assertThat(refused(Code.CONFLICT, resigned).getMessage()).contains("request id " + id + " was used by another request");
  }

  @Test
  void an_act_dated_before_the_last_one_recorded_for_its_registration_is_refused() {
    // issue 23, item 6: within the skew a client still picks its proposal's time; it cannot reorder a registration's history
    Registration r = f.submit(HOLDER_A, null, "ordered");
    f.call(REGISTRAR, "startFormalReview", new io.dareg.core.api.RegNoRequest(r.regNo()));
    java.time.Instant last = f.now;
    f.now = last.minusSeconds(120); // within the 300 s skew of the signed request, before the last act
    RuleException e = f.refused(Code.CONFLICT, REGISTRAR, "formalReview",
        new io.dareg.core.api.FormalReviewRequest(r.regNo(), io.dareg.core.model.ReviewOutcome.PASS, hash("formal"), null));
    assertThat(e.getMessage()).contains("cannot be dated before the last one recorded for the same registration");
    f.now = last.plusSeconds(1);
  }

  @Test
  void history_and_provenance_show_who_signed_each_act() {
    Registration r = f.submit(HOLDER_A, null, "who");
    f.call(REGISTRAR, "startFormalReview", new io.dareg.core.api.RegNoRequest(r.regNo()));
    com.fasterxml.jackson.databind.JsonNode history = f.call(REGISTRAR, "getHistory", new io.dareg.core.api.RegNoRequest(r.regNo()));
    assertThat(history).extracting(h -> h.path("signedBy").path("id").asText()).containsExactly("CN=alice", "CN=registrar");
    com.fasterxml.jackson.databind.JsonNode provenance = f.call(REGISTRAR, "getProvenance", new io.dareg.core.api.RegNoRequest(r.regNo()));
    assertThat(provenance).allMatch(p -> !p.path("signedBy").path("id").asText().isEmpty());
  }

  @Test
  void the_author_is_the_registrar_whose_signature_authorises_a_certificate() {
    // recordCertificate runs as the registrar who signed issueCertificate, not as whoever hands it in
    RegistryFixture g = RegistryFixture.initialised("TJ-DIP");
    assertThat(g.issued(HOLDER_A, null, "cert").certificateNo()).isNotNull();
    assertThat(REGISTRAR.identity().id()).isEqualTo("CN=registrar");
  }
}

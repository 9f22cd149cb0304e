package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.asset;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.HashRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.RegisterRequest;
import io.dareg.core.api.Registered;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RightType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 26: {@code register} deposits the evidence and applies in one transaction, under the same rules as the two. */
class RegisterWithEvidenceTest {
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");

  private static DepositEvidenceRequest deposit(String data, String channel) {
    return new DepositEvidenceRequest(HashAlgorithm.SM3, hash(data), hash("root:" + data), data.length(), channel, null);
  }

  private static SubmitRequest application(String data, List<String> evidenceNos) {
    return new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), evidenceNos,
        hash("confidential:" + data), false, RegistryFixture.undertakings(data));
  }

  @Test
  void deposits_and_applies_in_one_transaction() {
    Evidence earlier = f.deposit(HOLDER_A, "earlier");
    Registered r = f.call(HOLDER_A, "register",
        new RegisterRequest(List.of(deposit("orders", "dareg"), deposit("orders-2", "dareg")),
            application("orders", List.of(earlier.evidenceNo()))),
        Registered.class);

    Registration reg = r.registration();
    assertThat(reg.status()).isEqualTo(RegistrationStatus.SUBMITTED);
    assertThat(r.evidence()).hasSize(2);
    assertThat(reg.evidenceNos()).containsExactly(earlier.evidenceNo(), r.evidence().get(0).evidenceNo(), r.evidence().get(1).evidenceNo());
    for (Evidence e : r.evidence()) {
      assertThat(e.txId()).as("deposited by the registering transaction").isEqualTo(reg.lastTxId());
      assertThat(e.declaredBy()).isEqualTo(reg.holders().get(0));
      assertThat(f.call(REGISTRAR, "getEvidence", new IdRequest(e.evidenceNo()), Evidence.class)).isEqualTo(e);
    }
    assertThat(f.call(REGISTRAR, "findByHash", new HashRequest(hash("orders"))).path("evidence").get(0).path("evidenceNo").asText())
        .isEqualTo(r.evidence().get(0).evidenceNo());
    assertThat(f.registration(reg.regNo())).isEqualTo(reg);
    // the application goes on as any other
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(reg.regNo()));
  }

  @Test
  void data_already_registered_is_refused_and_nothing_is_deposited() {
    String existing = f.submit(HOLDER_A, null, "sales").regNo();
    RuleException e = f.refused(Code.CONFLICT, HOLDER_B, "register",
        new RegisterRequest(List.of(new DepositEvidenceRequest(HashAlgorithm.SHA256, hash("sales"), null, 5, "dareg", null)),
            application("sales", List.of())));
    assertThat(e.getMessage()).contains("the data of the deposit evidence[0]").contains("already registered as " + existing)
        .doesNotContain("EV-");
  }

  @Test
  void a_deposit_the_profile_does_not_accept_is_named_by_its_place_in_the_request() {
    RuleException e = f.refused(Code.INVALID, HOLDER_A, "register",
        new RegisterRequest(List.of(deposit("a", "dareg"), deposit("b", "elsewhere")), application("ab", List.of())));
    assertThat(e.field()).isEqualTo("evidence[1]");
    assertThat(e.getMessage()).contains("the deposit evidence[1] came through channel 'elsewhere'");
  }

  @Test
  void only_a_holder_registers() {
    f.refused(Code.FORBIDDEN, REGISTRAR, "register", new RegisterRequest(List.of(deposit("r", "dareg")), application("r", List.of())));
  }

  @Test
  void an_earlier_deposit_of_another_holder_is_refused_by_its_place_in_the_application() {
    Evidence other = f.deposit(HOLDER_B, "theirs");
    RuleException e = f.refused(Code.FORBIDDEN, HOLDER_A, "register",
        new RegisterRequest(List.of(deposit("mine", "dareg")), application("mine", List.of(other.evidenceNo()))));
    assertThat(e.getMessage()).contains("not by the applicant");
  }

  @Test
  void a_register_without_deposits_is_invalid_and_says_to_use_submit() {
    var args = io.dareg.core.json.Json.mapper().createObjectNode();
    args.putArray("evidence");
    args.set("application", io.dareg.core.json.Json.mapper().valueToTree(application("none", List.of())));
    RuleException e = f.refused(Code.INVALID, HOLDER_A, "register", args.toString());
    assertThat(e.field()).isEqualTo("evidence");
    assertThat(e.getMessage()).contains("submit");
  }
}

package io.dareg.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.model.InvalidInputException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** k of n: only named witnesses count, each once; the settings' text form reads back as the same policy. */
class WitnessPolicyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SignedNote.Verifier a = SignedNote.Signer.generate("a.example/witness", SignedNote.COSIGNATURE_V1, RANDOM).verifier();
  private final SignedNote.Verifier b = SignedNote.Signer.generate("b.example/witness", SignedNote.COSIGNATURE_V1, RANDOM).verifier();
  private final SignedNote.Verifier c = SignedNote.Signer.generate("c.example/witness", SignedNote.COSIGNATURE_V1, RANDOM).verifier();
  private final SignedNote.Verifier stranger = SignedNote.Signer.generate("x.example/witness", SignedNote.COSIGNATURE_V1, RANDOM).verifier();

  @Test
  void two_of_three_is_met_by_two_named_witnesses_and_not_by_one_twice_or_a_stranger() {
    WitnessPolicy policy = WitnessPolicy.of(List.of(a.toString(), b.toString(), c.toString()), 2);
    assertThat(policy.met(List.of(a))).isFalse();
    assertThat(policy.met(List.of(a, a))).isFalse();
    assertThat(policy.met(List.of(a, stranger))).isFalse();
    assertThat(policy.met(List.of(c, a))).isTrue();
    assertThat(policy.find("b.example/witness", b.keyId())).isEqualTo(b);
    assertThat(policy.find("b.example/witness", a.keyId())).isNull();
    assertThat(WitnessPolicy.of(policy.keyTexts(), policy.quorum())).isEqualTo(policy);
  }

  @Test
  void no_witnesses_is_never_met_and_a_missing_quorum_means_all() {
    assertThat(WitnessPolicy.of(null, null)).isEqualTo(WitnessPolicy.NONE);
    assertThat(WitnessPolicy.NONE.met(List.of(a))).isFalse();
    assertThat(WitnessPolicy.of(List.of(a.toString(), b.toString()), null).quorum()).isEqualTo(2);
    assertThatThrownBy(() -> WitnessPolicy.of(List.of(""), 1)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("logWitnesses[0]");
  }
}

package io.dareg.chaincode.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuleExceptionWireTest {
  @Test
  void a_refusal_survives_the_peers_wrapping() {
    RuleException sent = RuleException.invalid("asset.name", "asset.name must not be blank: give the asset's name");
    RuleException read = RuleException.fromWireText("chaincode response 500, " + sent.wireMessage()).orElseThrow();
    assertThat(read.code()).isEqualTo(RuleException.Code.INVALID);
    assertThat(read.field()).isEqualTo("asset.name");
    assertThat(read.getMessage()).isEqualTo(sent.getMessage());
  }

  @Test
  void codes_other_than_invalid_carry_no_field() {
    RuleException read = RuleException.fromWireText(
        "failed to endorse: chaincode response 500, CONFLICT: DR-20260302-ABC: already issued").orElseThrow();
    assertThat(read.code()).isEqualTo(RuleException.Code.CONFLICT);
    assertThat(read.field()).isNull();
    assertThat(read.getMessage()).isEqualTo("DR-20260302-ABC: already issued");
  }

  @Test
  void text_without_a_rule_code_is_not_a_refusal() {
    assertThat(RuleException.fromWireText("connection refused")).isEmpty();
    assertThat(RuleException.fromWireText(null)).isEmpty();
    assertThat(RuleException.fromWireText("INTERNAL: transaction x failed on the peer")).isEmpty();
  }
}

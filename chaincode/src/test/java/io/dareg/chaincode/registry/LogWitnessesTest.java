package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.ADMIN;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.Empty;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.SetLogWitnessesRequest;
import io.dareg.core.json.Json;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.RegistrySettings;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry names the witnesses of its transparency log and the quorum, k of n (issue 24 item 3). */
class LogWitnessesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final String exchange = witness("exchange.example/witness");
  private final String regulator = witness("regulator.example/witness");
  private final String otherRegistry = witness("registry-2.example/witness");

  private static String witness(String name) {
    return SignedNote.Signer.generate(name, SignedNote.COSIGNATURE_V1, RANDOM).verifier().toString();
  }

  private static String request(List<String> keys, Integer quorum) {
    var o = Json.mapper().createObjectNode();
    var a = o.putArray("logWitnesses");
    keys.forEach(a::add);
    if (quorum != null) {
      o.put("logWitnessQuorum", quorum);
    }
    return o.toString();
  }

  @Test
  void a_ledger_initialised_without_witnesses_names_none_and_the_admin_names_them_later() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    RegistrySettings before = f.call(ADMIN, "getSettings", new Empty(), RegistrySettings.class);
    assertThat(before.logWitnesses()).isNull();
    assertThat(before.logWitnessPolicy().quorum()).isZero();

    f.refused(Code.FORBIDDEN, REGISTRAR, "setLogWitnesses", new SetLogWitnessesRequest(List.of(exchange), 1));
    JsonNode set = f.call(ADMIN, "setLogWitnesses", new SetLogWitnessesRequest(List.of(exchange, regulator, otherRegistry), 2));
    assertThat(set.path("logWitnessQuorum").asInt()).isEqualTo(2);

    RegistrySettings after = f.call(REGISTRAR, "getSettings", new Empty(), RegistrySettings.class);
    assertThat(after.logWitnesses()).containsExactly(exchange, regulator, otherRegistry);
    assertThat(after.logWitnessPolicy().quorum()).isEqualTo(2);
    assertThat(after.logWitnessPolicy().witnesses()).extracting(SignedNote.Verifier::name)
        .containsExactly("exchange.example/witness", "regulator.example/witness", "registry-2.example/witness");
    // the other settings are untouched
    assertThat(after.ledgerId()).isEqualTo(before.ledgerId());
    assertThat(after.trustedRoots()).isEqualTo(before.trustedRoots());

    // naming none again
    f.call(ADMIN, "setLogWitnesses", new SetLogWitnessesRequest(List.of(), null));
    assertThat(f.call(ADMIN, "getSettings", new Empty(), RegistrySettings.class).logWitnesses()).isNull();
  }

  @Test
  void the_witnesses_are_refused_unless_the_keys_parse_are_distinct_cosignature_keys_and_k_is_from_1_to_n() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    assertThat(f.refused(Code.INVALID, ADMIN, "setLogWitnesses", request(List.of(exchange, "exchange.example/witness+1234abcd+AAAA"), 1))
        .getMessage()).contains("not a witness's verifier key");
    assertThat(f.refused(Code.INVALID, ADMIN, "setLogWitnesses", request(List.of(exchange, regulator, exchange), 2)).getMessage())
        .contains("named twice");
    assertThat(f.refused(Code.INVALID, ADMIN, "setLogWitnesses", request(List.of(exchange, regulator), 3)).getMessage())
        .contains("from 1 to the number of witnesses named (2), not 3");
    assertThat(f.refused(Code.INVALID, ADMIN, "setLogWitnesses", request(List.of(exchange), 0)).getMessage())
        .contains("from 1 to the number of witnesses named (1), not 0");
    assertThat(f.refused(Code.INVALID, ADMIN, "setLogWitnesses", request(List.of(), 1)).getMessage())
        .contains("no witness is named");
    // a log's own key (type 0x01) is not a witness's
    String logKey = SignedNote.Signer.generate("registry.example/log", SignedNote.ED25519, RANDOM).verifier().toString();
    assertThat(f.refused(Code.INVALID, ADMIN, "setLogWitnesses", request(List.of(logKey), 1)).getMessage())
        .contains("tlog-cosignature/v1 key (type 0x04)");
    assertThat(f.call(ADMIN, "getSettings", new Empty(), RegistrySettings.class).logWitnesses()).isNull();
  }

  @Test
  void init_ledger_may_name_the_witnesses_and_a_missing_quorum_means_all_of_them() {
    RegistryFixture f = new RegistryFixture();
    InitLedgerRequest plain = RegistryFixture.init("RegistryMSP", "天津数据资产登记中心", "TJ-DIP");
    f.call(ADMIN, "initLedger", new InitLedgerRequest(plain.registryMsp(), plain.registryName(), plain.defaultProfile(),
        plain.ledgerId(), plain.trustedRoots(), null, List.of(exchange, regulator), null));
    RegistrySettings s = f.call(ADMIN, "getSettings", new Empty(), RegistrySettings.class);
    assertThat(s.logWitnesses()).containsExactly(exchange, regulator);
    assertThat(s.logWitnessQuorum()).isEqualTo(2);
  }
}

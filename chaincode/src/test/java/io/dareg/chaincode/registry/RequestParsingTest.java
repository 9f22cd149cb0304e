package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.RuleException.Code;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed arguments are refused as INVALID, naming the field, before any rule runs. */
class RequestParsingTest {
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "startFormalReview | '' | request",
        "startFormalReview | 'not json' | request",
        "startFormalReview | '{\"regNo\":' | request",
        "startFormalReview | '{}' | regNo",
        "startFormalReview | '{\"regNo\":7}' | regNo",
        "startFormalReview | '{\"regNo\":\"DR-1\",\"extra\":true}' | extra",
        "startFormalReview | '{\"regNo\":\"DR-1\",\"regNo\":\"DR-2\"}' | request",
        "startFormalReview | '{\"regNo\":\"DR-1\"} {}' | request",
        "startFormalReview | '{\"regNo\":\"../../etc\"}' | regNo",
        "depositEvidence | '{\"algorithm\":\"MD5\",\"hash\":\"00\",\"size\":1,\"channel\":\"x\"}' | algorithm",
        "depositEvidence | '{\"algorithm\":\"SM3\",\"hash\":\"00\",\"size\":1,\"channel\":\"x\"}' | hash",
        "depositEvidence | '{\"algorithm\":\"SM3\",\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"size\":-1,\"channel\":\"x\"}' | size",
        "depositEvidence | '{\"algorithm\":\"SM3\",\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"size\":\"1\",\"channel\":\"x\"}' | size",
        "submit | '{\"rightType\":\"HOLDING\",\"asset\":{\"name\":\"\"}}' | asset.name",
        "submit | '{\"rightType\":\"OWNING\"}' | rightType",
        "listByStatus | '{\"key\":\"ISSUED\",\"pageSize\":1000}' | pageSize",
      })
  void malformed_arguments_are_invalid_and_name_the_field(String transaction, String args, String field) {
    RuleException e = f.refused(Code.INVALID, transaction.equals("depositEvidence") || transaction.equals("submit") ? HOLDER_A : REGISTRAR, transaction, args);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.wireMessage()).startsWith("INVALID: " + field + ": ");
  }

  @org.junit.jupiter.api.Test
  void a_nested_record_error_names_the_full_path() {
    String args = "{\"rightType\":\"HOLDING\",\"asset\":{\"name\":\"n\",\"version\":\"1\",\"assetClass\":\"DATA_PRODUCT\","
        + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"TJ\",\"timeSpan\":{\"from\":\"2025-01-01\",\"until\":\"2024-01-01\"},"
        + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"scale\":{\"records\":1,\"bytes\":1},\"updateFrequency\":\"DAILY\","
        + "\"scenarios\":[\"s\"],\"scope\":\"s\",\"algorithmSummary\":\"a\",\"classification\":\"GENERAL\"}}";
    RuleException e = f.refused(Code.INVALID, HOLDER_A, "submit", args);
    assertThat(e.field()).isEqualTo("asset.timeSpan.until");
  }
}

package io.dareg.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of RFC 8785 itself, and properties of the number formatter. */
class CanonicalJsonTest {
  // A plain mapper: the RFC examples need floating-point literals read as doubles.
  private static final ObjectMapper PLAIN = new ObjectMapper();

  @Test
  void canonicalises_the_rfc_8785_section_3_2_2_sample() throws Exception {
    String input =
        "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n}";
    String expected =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertThat(CanonicalJson.toString(PLAIN.readTree(input))).isEqualTo(expected);
    assertThat(CanonicalJson.serialize(PLAIN.readTree(input))).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sorts_members_by_utf16_code_units_as_in_rfc_8785_section_3_2_3() throws Exception {
    String input =
        "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
            + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
            + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
    String out = CanonicalJson.toString(PLAIN.readTree(input));
    assertThat(out)
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\","
                + "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2",
  })
  void formats_the_rfc_8785_appendix_b_numbers(String ieeeHex, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16));
    assertThat(CanonicalJson.formatNumber(d)).isEqualTo(expected);
  }

  @Test
  void refuses_nan_infinity_and_unsafe_integers() {
    assertThatThrownBy(() -> CanonicalJson.formatNumber(Double.longBitsToDouble(0x7fffffffffffffffL)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.formatNumber(Double.longBitsToDouble(0x7ff0000000000000L)))
        .isInstanceOf(IllegalArgumentException.class);
    ObjectNode big = JsonNodeFactory.instance.objectNode().put("n", 9007199254740993L);
    assertThatThrownBy(() -> CanonicalJson.serialize(big)).hasMessageContaining("9007199254740992");
    ObjectNode safe = JsonNodeFactory.instance.objectNode().put("n", 9007199254740992L);
    assertThat(CanonicalJson.toString(safe)).isEqualTo("{\"n\":9007199254740992}");
  }

  @Test
  void escapes_between_plain_runs_and_keeps_surrogate_pairs_whole() {
    ObjectNode mixed = JsonNodeFactory.instance.objectNode().put("s", "ab\"c\\d\u0001e\ud83d\ude00f\ng\u001f");
    assertThat(CanonicalJson.toString(mixed)).isEqualTo("{\"s\":\"ab\\\"c\\\\d\\u0001e\ud83d\ude00f\\ng\\u001f\"}");
    ObjectNode edge = JsonNodeFactory.instance.objectNode().put("s", "\"\ud83d\ude00");
    assertThat(CanonicalJson.toString(edge)).isEqualTo("{\"s\":\"\\\"\ud83d\ude00\"}");
    ObjectNode trailing = JsonNodeFactory.instance.objectNode().put("s", "x\ud83d");
    assertThatThrownBy(() -> CanonicalJson.serialize(trailing)).hasMessageContaining("lone surrogate at position 1");
  }

  @Test
  void refuses_lone_surrogates() {
    ObjectNode lone = JsonNodeFactory.instance.objectNode().put("s", "a\ud800b");
    assertThatThrownBy(() -> CanonicalJson.serialize(lone)).hasMessageContaining("lone surrogate");
  }

  @Test
  void escapes_controls_in_lower_case_hex_and_leaves_other_characters_literal() {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("s", "\u0000\u001f\u007f\u2028登记");
    assertThat(CanonicalJson.toString(o)).isEqualTo("{\"s\":\"\\u0000\\u001f\u007f\u2028登记\"}");
  }

  @Property(tries = 2000)
  void every_formatted_double_reads_back_and_has_no_shorter_form(@ForAll double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return;
    }
    String s = CanonicalJson.formatNumber(d);
    assertThat(Double.parseDouble(s)).isEqualTo(d == 0 ? 0.0 : d);
    if (d != 0) {
      BigDecimal exact = new BigDecimal(Math.abs(d));
      int digits = new BigDecimal(s.replace("-", "")).stripTrailingZeros().precision();
      for (int p = 1; p < digits; p++) {
        for (java.math.RoundingMode mode : new java.math.RoundingMode[] {java.math.RoundingMode.FLOOR, java.math.RoundingMode.CEILING}) {
          assertThat(exact.round(new java.math.MathContext(p, mode)).doubleValue())
              .as("a %d-digit form of %s would also read back", p, s)
              .isNotEqualTo(Math.abs(d));
        }
      }
    }
  }

  @Property(tries = 300)
  void canonical_output_is_a_fixed_point(@ForAll("trees") JsonNode tree) throws Exception {
    String once = CanonicalJson.toString(tree);
    assertThat(CanonicalJson.toString(PLAIN.readTree(once))).isEqualTo(once);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<JsonNode> trees() {
    net.jqwik.api.Arbitrary<JsonNode> leaves =
        net.jqwik.api.Arbitraries.oneOf(
            net.jqwik.api.Arbitraries.strings().ofMaxLength(8).map(JsonNodeFactory.instance::textNode),
            net.jqwik.api.Arbitraries.doubles().map(JsonNodeFactory.instance::numberNode),
            net.jqwik.api.Arbitraries.longs().between(-(1L << 53), 1L << 53).map(JsonNodeFactory.instance::numberNode),
            net.jqwik.api.Arbitraries.of(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true)));
    return net.jqwik.api.Arbitraries.recursive(
        () -> leaves,
        inner ->
            net.jqwik.api.Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> {
                  com.fasterxml.jackson.databind.node.ArrayNode a = JsonNodeFactory.instance.arrayNode();
                  l.forEach(a::add);
                  return (JsonNode) a;
                }),
                net.jqwik.api.Arbitraries.maps(net.jqwik.api.Arbitraries.strings().ofMaxLength(5), inner).ofMaxSize(4).map(m -> {
                  ObjectNode o = JsonNodeFactory.instance.objectNode();
                  m.forEach(o::set);
                  return (JsonNode) o;
                })),
        3);
  }
}

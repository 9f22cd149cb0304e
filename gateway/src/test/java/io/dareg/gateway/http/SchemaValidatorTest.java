package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request bodies against their schemas: each kind of fault, named by the field at fault. */
class SchemaValidatorTest {
  private static final OpenApiDocument DOCUMENT = OpenApiDocument.of(Operations.all());
  private final SchemaValidator validator = new SchemaValidator(DOCUMENT);

  private static final String SCHEMA = """
      {"type":"object","additionalProperties":false,"properties":{
        "name":{"type":"string","maxLength":5},
        "kind":{"type":"string","enum":["DATA","MODEL"]},
        "day":{"type":"string","pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$"},
        "count":{"type":"integer","minimum":0,"maximum":10},
        "flag":{"type":"boolean"},
        "tags":{"type":"array","maxItems":2,"items":{"type":"string","maxLength":3}},
        "inner":{"type":"object","additionalProperties":false,"properties":{"x":{"type":"integer"}}},
        "problem":{"$ref":"#/components/schemas/Problem"}}}""";

  private SchemaValidator.Violation violation(String body) throws Exception {
    return catchThrowableOfType(SchemaValidator.Violation.class, () -> validator.validate(json(SCHEMA), json(body)));
  }

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  @Test
  void a_body_that_fits_passes_and_absent_or_null_fields_are_left_to_the_request_record() {
    assertThatCode(() -> validator.validate(json(SCHEMA), json("""
        {"name":"abc","kind":"DATA","day":"2026-11-23","count":10,"flag":true,"tags":["a","bc"],"inner":{"x":1},
         "problem":{"title":"t"}}"""))).doesNotThrowAnyException();
    assertThatCode(() -> validator.validate(json(SCHEMA), json("{\"name\":null}"))).doesNotThrowAnyException();
    assertThatCode(() -> validator.validate(json(SCHEMA), json("{}"))).doesNotThrowAnyException();
  }

  @Test
  void each_fault_is_named_by_its_field() throws Exception {
    record Case(String body, String field, String message) {}
    for (Case c : List.of(
        new Case("[]", "request", "must be a JSON object"),
        new Case("{\"nmae\":\"a\"}", "nmae", "is not a known field; known fields: "),
        new Case("{\"name\":1}", "name", "must be a string"),
        new Case("{\"name\":\"abcdef\"}", "name", "is longer than 5 characters"),
        new Case("{\"kind\":\"CODE\"}", "kind", "'CODE' is not one of [\"DATA\",\"MODEL\"]"),
        new Case("{\"day\":\"23.11.2026\"}", "day", "'23.11.2026' does not have the expected format"),
        new Case("{\"count\":1.5}", "count", "must be an integer"),
        new Case("{\"count\":11}", "count", "is out of range"),
        new Case("{\"count\":-1}", "count", "is out of range"),
        new Case("{\"flag\":\"yes\"}", "flag", "must be true or false"),
        new Case("{\"tags\":\"a\"}", "tags", "must be a JSON array"),
        new Case("{\"tags\":[\"a\",\"b\",\"c\"]}", "tags", "has 3 items; at most 2"),
        new Case("{\"tags\":[\"a\",\"long\"]}", "tags[1]", "is longer than 3 characters"),
        new Case("{\"inner\":{\"x\":\"1\"}}", "inner.x", "must be an integer"),
        new Case("{\"inner\":{\"y\":1}}", "inner.y", "is not a known field; known fields: [x]"),
        new Case("{\"problem\":{\"title\":1}}", "problem.title", "must be a string"))) {
      SchemaValidator.Violation v = violation(c.body());
      assertThat(v).as(c.body()).isNotNull();
      assertThat(v.field).as(c.body()).isEqualTo(c.field());
      assertThat(v.getMessage()).as(c.body()).startsWith(c.message());
    }
  }

  @Test
  void an_unknown_field_lists_the_known_ones() throws Exception {
    assertThat(violation("{\"nmae\":\"a\"}").getMessage())
        .contains("name", "kind", "day", "count", "flag", "tags", "inner", "problem");
  }

  @Test
  void a_long_value_is_abbreviated_in_the_message() throws Exception {
    String value = "X".repeat(100);
    assertThat(violation("{\"kind\":\"" + value + "\"}").getMessage()).startsWith("'" + "X".repeat(40) + "…' is not one of");
  }

  @Test
  void every_operation_body_schema_accepts_an_empty_object() {
    // The document the gateway validates with resolves every reference it holds.
    for (Operation op : Operations.all()) {
      JsonNode schema = DOCUMENT.bodySchema(op);
      if (schema != null) {
        assertThatCode(() -> validator.validate(schema, Json.mapper().createObjectNode())).as(op.id()).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void a_bound_beyond_what_a_double_holds_is_compared_exactly() throws Exception {
    SchemaValidator.Violation v = catchThrowableOfType(SchemaValidator.Violation.class, () -> validator.validate(
        json("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":-9007199254740992}}}"),
        json("{\"n\":-9007199254740993}")));
    assertThat(v).isNotNull();
    assertThat(v.getMessage()).isEqualTo("is out of range");
  }

  @Test
  void an_instant_is_rfc_3339_with_its_offset_and_a_day_the_calendar_has() throws Exception {
    String schema = "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"string\",\"format\":\"date-time\"}}}";
    for (String fits : List.of("2026-12-05T08:00:00Z", "2026-12-05t08:00:00.123+08:00", "2028-02-29T23:59:60-01:30")) {
      assertThatCode(() -> validator.validate(json(schema), json("{\"t\":\"" + fits + "\"}"))).as(fits).doesNotThrowAnyException();
    }
    for (String broken : List.of("2026-12-05T08:00:00", "2026-12-05 08:00:00Z", "2027-02-29T08:00:00Z", "2026-12-05T24:00:00Z",
        "2026-12-05T08:00:00+08:60")) {
      SchemaValidator.Violation v = catchThrowableOfType(SchemaValidator.Violation.class,
          () -> validator.validate(json(schema), json("{\"t\":\"" + broken + "\"}")));
      assertThat(v).as(broken).isNotNull();
      assertThat(v.getMessage()).as(broken).isEqualTo("'" + broken + "' does not have the expected format");
    }
  }

  @Test
  void a_signed_request_without_its_envelope_names_what_is_missing_and_a_wrong_constant_says_what_it_must_be() throws Exception {
    Operation register = Operations.all().stream().filter(o -> o.signed() && o.signedOperation().equals("register"))
        .findFirst().orElseThrow();
    JsonNode schema = DOCUMENT.signedBodySchema(register);
    SchemaValidator.Violation missing = catchThrowableOfType(SchemaValidator.Violation.class,
        () -> validator.validate(schema, json("{\"format\":\"dareg-signed-request/1\"}")));
    assertThat(missing).isNotNull();
    assertThat(missing.getMessage()).isEqualTo("is missing");
    assertThat(schema.path("required").toString()).contains("\"" + missing.field + "\"");
    SchemaValidator.Violation constant = catchThrowableOfType(SchemaValidator.Violation.class,
        () -> validator.validate(schema.path("properties").path("operation"), json("\"submit\"")));
    assertThat(constant.getMessage()).isEqualTo("must be \"register\", not 'submit'");
  }

  @Test
  void a_schema_with_a_keyword_the_validator_does_not_check_does_not_compile() {
    assertThatThrownBy(() -> validator.validate(json("{\"type\":\"object\",\"properties\":{\"a\":{\"minLength\":1}}}"),
        json("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/properties/a/minLength")
        .hasMessageContaining("'minLength' is not one the validator checks");
  }
}

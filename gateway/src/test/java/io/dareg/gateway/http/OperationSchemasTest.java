package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each operation's request body against the schema the OpenAPI document publishes for it, checked
 * by the door's validator: an example request made from the schema passes (and fits the request
 * record the rules read), and the same request broken (a wrong type, an unknown field) is refused
 * naming the field, as the door's problem body does.
 */
class OperationSchemasTest {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private static final OpenApiDocument DOCUMENT = OpenApiDocument.of(Operations.all());
  private final SchemaValidator validator = new SchemaValidator(DOCUMENT);

  /** Operations with a request body schema, and their example requests (every field filled). */
  private static List<Map.Entry<Operation, ObjectNode>> examples() {
    List<Map.Entry<Operation, ObjectNode>> out = new ArrayList<>();
    for (Operation op : Operations.all()) {
      JsonNode schema = DOCUMENT.bodySchema(op);
      if (schema != null) {
        out.add(Map.entry(op, (ObjectNode) SchemaExamples.example(DOCUMENT, schema)));
      }
    }
    return out;
  }



  @Test
  void every_operation_accepts_its_example_request() {
    assertThat(examples()).hasSizeGreaterThan(40);
    for (Map.Entry<Operation, ObjectNode> e : examples()) {
      assertThatCode(() -> validator.validate(DOCUMENT.bodySchema(e.getKey()), e.getValue()))
          .as(e.getKey().id() + " " + e.getValue()).doesNotThrowAnyException();
    }
  }

  @Test
  void every_example_request_fits_the_request_record_the_rules_read() {
    // The document and the record agree on names and types (the record's own checks of values aside).
    for (Map.Entry<Operation, ObjectNode> e : examples()) {
      Operation op = e.getKey();
      if (op.request() == null) {
        continue;
      }
      ObjectNode args = e.getValue().deepCopy();
      args.remove("confidential"); // the gateway keeps it and puts its hash on the ledger
      op.pathParams().forEach(p -> args.put(p, "x"));
      Throwable t = catchThrowable(() -> Json.mapper().treeToValue(args, op.request()));
      assertThat(t instanceof MismatchedInputException).as(op.id() + " " + args + ": " + t).isFalse();
    }
  }

  @Test
  void every_operation_refuses_a_field_of_the_wrong_type_naming_it() {
    for (Map.Entry<Operation, ObjectNode> e : examples()) {
      ObjectNode body = e.getValue();
      if (body.isEmpty()) {
        continue;
      }
      String name = body.fieldNames().next();
      ObjectNode broken = body.deepCopy();
      JsonNode good = broken.get(name);
      broken.set(name, good.isTextual() ? N.numberNode(7) : N.textNode("seven"));
      SchemaValidator.Violation v = catchThrowableOfType(SchemaValidator.Violation.class,
          () -> validator.validate(DOCUMENT.bodySchema(e.getKey()), broken));
      assertThat(v).as(e.getKey().id() + " " + broken).isNotNull();
      assertThat(v.field).as(e.getKey().id()).isEqualTo(name);
      assertThat(v.getMessage()).as(e.getKey().id()).startsWith("must be ");
    }
  }

  @Test
  void every_operation_refuses_an_unknown_field_naming_it_and_the_known_ones() {
    for (Map.Entry<Operation, ObjectNode> e : examples()) {
      JsonNode schema = DOCUMENT.bodySchema(e.getKey());
      if (!schema.path("additionalProperties").isBoolean()) {
        continue; // an open body (an operation without a request record)
      }
      ObjectNode broken = e.getValue().deepCopy().put("notAField", "x");
      SchemaValidator.Violation v = catchThrowableOfType(SchemaValidator.Violation.class,
          () -> validator.validate(schema, broken));
      assertThat(v).as(e.getKey().id()).isNotNull();
      assertThat(v.field).isEqualTo("notAField");
      assertThat(v.getMessage()).startsWith("is not a known field; known fields: ");
      e.getValue().fieldNames().forEachRemaining(known -> assertThat(v.getMessage()).contains(known));
    }
  }

  @Test
  void a_fault_inside_a_nested_record_or_list_is_named_by_its_path() throws Exception {
    // submit carries the asset as a record of its own, with lists inside it.
    Operation submit = Operations.all().stream().filter(o -> o.id().equals("submit")).findFirst().orElseThrow();
    ObjectNode body = examples().stream().filter(e -> e.getKey().id().equals("submit")).findFirst().orElseThrow().getValue();
    String nested = null;
    for (var it = body.fields(); it.hasNext() && nested == null; ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue().isObject() && !f.getKey().equals("confidential") && f.getValue().size() > 0) {
        nested = f.getKey();
      }
    }
    assertThat(nested).as("submit has a nested record").isNotNull();
    ObjectNode broken = body.deepCopy();
    String inner = broken.get(nested).fieldNames().next();
    ((ObjectNode) broken.get(nested)).set(inner, N.arrayNode());
    SchemaValidator.Violation v = catchThrowableOfType(SchemaValidator.Violation.class,
        () -> validator.validate(DOCUMENT.bodySchema(submit), broken));
    assertThat(v).isNotNull();
    assertThat(v.field).isEqualTo(nested + "." + inner);
    assertThat(v.getMessage()).startsWith("must be ");
  }

  @Test
  void a_whole_number_written_with_a_fraction_is_not_an_integer() throws Exception {
    SchemaValidator.Violation v = catchThrowableOfType(SchemaValidator.Violation.class, () -> validator.validate(
        Json.mapper().readTree("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}"),
        Json.mapper().readTree("{\"n\":1.0}")));
    assertThat(v).isNotNull();
    assertThat(v.field).isEqualTo("n");
    assertThat(v.getMessage()).isEqualTo("must be an integer");
  }

  @Test
  void a_list_the_document_says_holds_each_item_once_refuses_a_repeated_item() throws Exception {
    SchemaValidator.Violation v = catchThrowableOfType(SchemaValidator.Violation.class, () -> validator.validate(
        Json.mapper().readTree("{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"array\",\"uniqueItems\":true}}}"),
        Json.mapper().readTree("{\"s\":[\"a\",\"a\"]}")));
    assertThat(v).isNotNull();
    assertThat(v.field).isEqualTo("s");
  }
}

package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Example values made from the document's schemas, for the tests of the door's validation. */
final class SchemaExamples {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;

  private SchemaExamples() {}

  /** A value that fits {@code schema}: every field filled, the first enum value, a date or instant where the format asks for one. */
  static JsonNode example(OpenApiDocument document, JsonNode schema) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      return example(document, document.component(ref.substring(ref.lastIndexOf('/') + 1)));
    }
    if (schema.has("const")) {
      return schema.get("const");
    }
    switch (schema.path("type").asText("")) {
      case "object": {
        ObjectNode o = N.objectNode();
        schema.path("properties").fields().forEachRemaining(p -> o.set(p.getKey(), example(document, p.getValue())));
        return o;
      }
      case "array": {
        ArrayNode a = N.arrayNode();
        a.add(example(document, schema.path("items")));
        return a;
      }
      case "integer":
        return N.numberNode(1);
      case "boolean":
        return N.booleanNode(true);
      case "string":
        if (schema.has("enum")) {
          return schema.get("enum").get(0);
        }
        String text = switch (schema.path("format").asText("")) {
          case "date" -> "2026-12-05";
          case "date-time" -> "2026-12-05T08:00:00Z";
          default -> "x";
        };
        assertThat(!schema.has("pattern") || text.matches(schema.get("pattern").asText()))
            .as("an example for the pattern %s", schema.get("pattern")).isTrue();
        return N.textNode(text);
      default:
        return N.objectNode();
    }
  }
}

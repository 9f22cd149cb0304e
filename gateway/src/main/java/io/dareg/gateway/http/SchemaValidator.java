package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Validates a request body against its schema in the OpenAPI document: types, enums, lengths,
 * ranges, array sizes and unknown fields, naming the first field at fault. It covers the subset of
 * JSON Schema that {@link OpenApiDocument} writes.
 */
final class SchemaValidator {
  private final OpenApiDocument document;
  /** The document's patterns, compiled once (a handful, all from {@link OpenApiDocument}). */
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  SchemaValidator(OpenApiDocument document) {
    this.document = document;
  }

  /** A body that breaks its schema. */
  static final class Violation extends Exception {
    private static final long serialVersionUID = 1L;
    final String field;

    Violation(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  void validate(JsonNode schema, JsonNode value) throws Violation {
    check(schema, value, "");
  }

  private void check(JsonNode schema, JsonNode value, String path) throws Violation {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      check(document.component(ref.substring(ref.lastIndexOf('/') + 1)), value, path);
      return;
    }
    String field = path.isEmpty() ? "request" : path;
    if (value == null || value.isNull()) {
      return; // absent or null: the request record decides whether the field is required
    }
    switch (schema.path("type").asText("")) {
      case "object":
        if (!value.isObject()) {
          throw new Violation(field, "must be a JSON object");
        }
        JsonNode props = schema.path("properties");
        if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
          for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!props.has(name)) {
              Set<String> known = new HashSet<>();
              props.fieldNames().forEachRemaining(known::add);
              throw new Violation(join(path, name), "is not a known field; known fields: " + known);
            }
          }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> p = it.next();
          JsonNode member = value.get(p.getKey());
          if (member != null && !member.isNull()) {
            check(p.getValue(), member, join(path, p.getKey()));
          }
        }
        break;
      case "array":
        if (!value.isArray()) {
          throw new Violation(field, "must be a JSON array");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
          throw new Violation(field, "has " + value.size() + " items; at most " + schema.get("maxItems").asInt());
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.path("items"), value.get(i), field + "[" + i + "]");
        }
        break;
      case "string":
        if (!value.isTextual()) {
          throw new Violation(field, "must be a string");
        }
        String text = value.asText();
        if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
          throw new Violation(field, "is longer than " + schema.get("maxLength").asInt() + " characters");
        }
        if (schema.has("enum")) {
          boolean ok = false;
          for (JsonNode e : schema.get("enum")) {
            ok |= e.asText().equals(text);
          }
          if (!ok) {
            throw new Violation(field, "'" + abbreviate(text) + "' is not one of " + schema.get("enum"));
          }
        }
        if (schema.has("pattern") && !patterns.computeIfAbsent(schema.get("pattern").asText(), Pattern::compile).matcher(text).matches()) {
          throw new Violation(field, "'" + abbreviate(text) + "' does not have the expected format");
        }
        break;
      case "integer":
        if (!value.isIntegralNumber()) {
          throw new Violation(field, "must be an integer");
        }
        if (schema.has("minimum") && value.bigIntegerValue().compareTo(schema.get("minimum").bigIntegerValue()) < 0
            || schema.has("maximum") && value.bigIntegerValue().compareTo(schema.get("maximum").bigIntegerValue()) > 0) {
          throw new Violation(field, "is out of range");
        }
        break;
      case "boolean":
        if (!value.isBoolean()) {
          throw new Violation(field, "must be true or false");
        }
        break;
      default:
        break;
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a request body against its schema in the OpenAPI document with vertx-json-schema
 * (JSON Schema 2020-12, the dialect of OpenAPI 3.1), so the document is checked by a hand other
 * than the one that writes it. The library finds the faults; this class names the first field at
 * fault in the words the API has always used. A member that is absent or null is left to the
 * request record, as before: the document does not say which fields are required.
 */
final class SchemaValidator {
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("urn:dareg:openapi").setOutputFormat(OutputFormat.Basic);
  /** Keywords whose failure only says that a subschema failed; the subschema's own fault names the field. */
  private static final Set<String> CONTAINERS = Set.of("properties", "items", "prefixItems", "$ref", "allOf", "anyOf", "oneOf");

  private final OpenApiDocument document;
  /** Each operation's body schema, compiled once; looked up by the node the document hands out. */
  private final Map<JsonNode, Compiled> operations = new IdentityHashMap<>();
  /** Other schemas (tests), compiled on first use. */
  private final Map<JsonNode, Compiled> others = new ConcurrentHashMap<>();

  SchemaValidator(OpenApiDocument document) {
    this.document = document;
    for (JsonNode item : document.json().path("paths")) {
      for (JsonNode op : item) {
        JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.isObject()) {
          operations.put(schema, compile(schema));
        }
      }
    }
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

  /** A schema compiled with the document's components beside it, so its references resolve. */
  private record Compiled(JsonNode root, Validator validator) {}

  private Compiled compile(JsonNode schema) {
    JsonNode components = document.json().path("components");
    ObjectNode root = (ObjectNode) inline(schema, components, new ArrayDeque<>());
    if (!root.has("components") && root.toString().contains("\"$ref\"")) {
      root.set("components", components); // a recursive schema keeps its references
    }
    return new Compiled(root, Validator.create(JsonSchema.of(new JsonObject(Json.mapper()
        .convertValue(root, Map.class))), OPTIONS));
  }

  /**
   * {@code schema} with each {@code $ref} to the document's components replaced by a copy of what it names, except a
   * reference back into a schema being inlined (recursion), which stays. The library resolves a reference on every
   * validation, walking and encoding JSON pointers; inlined, a signed body validates several times faster. A fault
   * is then located in the inlined copy, which the same {@code root.at(...)} reads.
   */
  private static JsonNode inline(JsonNode schema, JsonNode components, Deque<String> inlining) {
    if (schema.isObject()) {
      String ref = schema.path("$ref").asText(null);
      if (ref != null && ref.startsWith("#/components/") && schema.size() == 1 && !inlining.contains(ref)) {
        JsonNode target = components.at(ref.substring("#/components".length()));
        if (!target.isMissingNode()) {
          inlining.push(ref);
          JsonNode out = inline(target, components, inlining);
          inlining.pop();
          return out;
        }
      }
      ObjectNode out = Json.mapper().createObjectNode();
      schema.fields().forEachRemaining(f -> out.set(f.getKey(), inline(f.getValue(), components, inlining)));
      return out;
    }
    if (schema.isArray()) {
      ArrayNode out = Json.mapper().createArrayNode();
      schema.forEach(item -> out.add(inline(item, components, inlining)));
      return out;
    }
    return schema;
  }

  void validate(JsonNode schema, JsonNode value) throws Violation {
    Compiled c = operations.get(schema);
    if (c == null) {
      c = others.computeIfAbsent(schema, this::compile);
    }
    OutputUnit out = c.validator().validate(instance(value));
    if (Boolean.TRUE.equals(out.getValid()) || out.getErrors() == null) {
      return;
    }
    Violation first = null;
    for (OutputUnit e : out.getErrors()) {
      Violation v = violation(c.root(), e, value);
      if (v != null && v.getMessage().contains("is not a known field")) {
        throw v; // an unknown field first: it is often a misspelt known one
      }
      first = first == null ? v : first;
    }
    if (first != null) {
      throw first;
    }
  }

  /** The fault one output unit reports, in the API's words; null when it only echoes another or concerns a null. */
  private static Violation violation(JsonNode root, OutputUnit e, JsonNode value) {
    String keywordAt = pointer(e.getAbsoluteKeywordLocation());
    String keyword = unescape(keywordAt.substring(keywordAt.lastIndexOf('/') + 1));
    if (CONTAINERS.contains(keyword)) {
      return null;
    }
    String instanceAt = pointer(e.getInstanceLocation());
    JsonNode instance = value.at(instanceAt);
    if (instance.isMissingNode() || instance.isNull()) {
      return null; // absent or null: the request record decides whether the field is required
    }
    JsonNode schema = root.at(keywordAt.substring(0, keywordAt.lastIndexOf('/')));
    String field = field(value, instanceAt);
    String text = instance.isTextual() ? "'" + abbreviate(instance.asText()) + "'" : instance.toString();
    switch (keyword) {
      case "additionalProperties": {
        String name = unescape(instanceAt.substring(instanceAt.lastIndexOf('/') + 1));
        if (schema.path("properties").has(name)) {
          return null; // the library also reports a known member that failed its own schema here
        }
        Set<String> known = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(known::add);
        return new Violation(field, "is not a known field; known fields: " + known);
      }
      case "type":
        return new Violation(field, switch (schema.path("type").asText("")) {
          case "object" -> "must be a JSON object";
          case "array" -> "must be a JSON array";
          case "string" -> "must be a string";
          case "integer" -> "must be an integer";
          case "boolean" -> "must be true or false";
          default -> "must be of type " + schema.path("type");
        });
      case "maxLength":
        return new Violation(field, "is longer than " + schema.path("maxLength").asInt() + " characters");
      case "enum":
        return new Violation(field, text + " is not one of " + schema.path("enum"));
      case "pattern":
      case "format":
        return new Violation(field, text + " does not have the expected format");
      case "minimum":
      case "maximum":
        return new Violation(field, "is out of range");
      case "maxItems":
        return new Violation(field, "has " + instance.size() + " items; at most " + schema.path("maxItems").asInt());
      case "uniqueItems":
        return new Violation(field, "holds the same item twice");
      default: // a keyword the document does not write today; still not the library's own words
        return new Violation(field, "does not fit the document's schema ('" + keyword + "')");
    }
  }

  /** The JSON pointer in a location such as {@code urn:dareg:openapi#/properties/a} or {@code #/a}. */
  private static String pointer(String location) {
    String p = location == null ? "" : location.substring(location.indexOf('#') + 1);
    return p.equals("/") ? "" : p;
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  /** A field as the API names it: {@code inner.x}, {@code tags[1]}, or {@code request} for the body itself. */
  private static String field(JsonNode value, String pointer) {
    if (pointer.isEmpty()) {
      return "request";
    }
    StringBuilder b = new StringBuilder();
    JsonNode at = value;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String segment = unescape(raw);
      if (at.isArray()) {
        b.append('[').append(segment).append(']');
        at = at.path(Integer.parseInt(segment));
      } else {
        b.append(b.length() == 0 ? "" : ".").append(segment);
        at = at.path(segment);
      }
    }
    return b.toString();
  }

  /** The value as the library reads it; a number written with a fraction or exponent stays one (1.0 is no integer here). */
  private static Object instance(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    } else if (n.isObject()) {
      JsonObject o = new JsonObject();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        o.put(e.getKey(), instance(e.getValue()));
      }
      return o;
    } else if (n.isArray()) {
      JsonArray a = new JsonArray();
      n.forEach(item -> a.add(instance(item)));
      return a;
    } else if (n.isFloatingPointNumber()) {
      return n.decimalValue();
    } else if (n.isNumber()) {
      return n.numberValue();
    } else if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.asText();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}

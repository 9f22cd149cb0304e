package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.RequestSigner;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The door's validator against a second, independent reading of the same document: vertx-json-schema
 * (JSON Schema 2020-12) judges the same bodies, the example of every operation's body and signed
 * request broken at random (a value of another type, length, range or format put anywhere, a member
 * added or taken away), and the two must agree on every verdict; where both refuse, the field the door
 * names must be one the library also finds at fault. Null values are left out: the door leaves them
 * to the request record, the library does not.
 */
class SchemaValidatorAgreementTest {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private static final OpenApiDocument DOCUMENT = OpenApiDocument.of(Operations.all());
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("urn:dareg:openapi").setOutputFormat(OutputFormat.Basic);
  /** Values put in place of another: each kind of fault the document can describe, and values that fit. */
  private static final List<JsonNode> POOL = List.of(N.textNode("x"), N.textNode(""), N.textNode("y".repeat(300)),
      N.textNode("😀".repeat(64)), N.textNode("HOLDING"), N.textNode("2026-02-30"), N.textNode("2026-12-05"),
      N.textNode("2026-12-05T08:00:00+08:00"), N.textNode("2026-12-05T24:00:00Z"),
      N.textNode("2026-12-05T23:60:00Z"), N.textNode("2026-12-05T23:59:61Z"), N.textNode("2026-12-05T08:00:00.5-01:30"),
      N.textNode("2026-12-05T08:00:00+24:00"), N.textNode("2026-12-05T08:00:00+08:60"), N.textNode("2026-12-05 08:00:00Z"), N.textNode("2027-02-29T08:00:00Z"),
      N.textNode("2028-02-29"), N.textNode("sha256:" + "ab".repeat(32)),
      N.numberNode(7), N.numberNode(-1), N.numberNode(1.5), N.numberNode(1.0), N.numberNode(3_000_000_000L),
      N.numberNode(2_147_483_647), N.numberNode(-2_147_483_648), N.numberNode(-2_147_483_649L),
      N.numberNode(9_007_199_254_740_992L), // not 2^53 + 1: the library compares bounds as doubles, the door exactly
      N.numberNode(new java.math.BigInteger("9007199254740993")), N.booleanNode(true), N.arrayNode(),
      N.arrayNode().add("x").add("x"), N.arrayNode().add(1), N.objectNode(), N.objectNode().put("a", 1),
      // the document's limits, met and passed by one: 4,000 characters (code points), 1,000 items
      N.textNode("z".repeat(4000)), N.textNode("z".repeat(4001)), N.textNode("😀".repeat(4000)), N.textNode("😀".repeat(4001)),
      items(1000), items(1001),
      // the signed envelope's patterns
      N.textNode("2026-12-05T08:00:00.000Z"), N.textNode("2026-12-05T08:00:00Z"), N.textNode("0123456789abcdef0123456789abcdef"),
      N.textNode("0123456789ABCDEF0123456789ABCDEF"));

  private static ArrayNode items(int n) {
    ArrayNode a = N.arrayNode();
    for (int i = 0; i < n; i++) {
      a.add("i" + i);
    }
    return a;
  }

  private static final List<JsonNode> TEXTS = POOL.stream().filter(JsonNode::isTextual).toList();
  private static final List<JsonNode> NUMBERS = POOL.stream().filter(JsonNode::isNumber).toList();

  private final SchemaValidator door = new SchemaValidator(DOCUMENT);

  /** A body of one operation: its schema, the library's reading of it, and an example that fits. */
  private record Body(String op, JsonNode schema, Validator library, JsonNode example) {}

  /** Every operation's body and signed request, with examples made from their schemas (signed ones signed). */
  private static List<Body> bodies() {
    RequestSigner signer = new ThrowawayAuthority().author("EnterpriseMSP", "holder0", null, false)
        .signer("dareg-test-ledger", Clock.systemUTC());
    List<Body> out = new ArrayList<>();
    for (Operation op : Operations.all()) {
      JsonNode body = DOCUMENT.bodySchema(op);
      if (body != null) {
        out.add(new Body(op.id(), body, library(body), SchemaExamples.example(DOCUMENT, body)));
      }
      JsonNode signed = DOCUMENT.signedBodySchema(op);
      if (signed != null) {
        JsonNode arguments = SchemaExamples.example(DOCUMENT, signed.path("properties").path("arguments"));
        out.add(new Body(op.id() + " (signed)", signed, library(signed), signer.sign(op.signedOperation(), arguments).toJson()));
      }
    }
    return out;
  }

  @Test
  void the_door_and_the_library_agree_on_broken_bodies_of_every_operation() {
    Random random = new Random(20261207);
    int refused = 0;
    int cases = 0;
    for (Body b : bodies()) {
      for (int i = 0; i < 100; i++) {
        cases++;
        refused += agree(b, i == 0 ? b.example() : broken(b.example(), random)) ? 1 : 0;
      }
    }
    assertThat(cases).isGreaterThan(10_000);
    assertThat(refused).as("most broken bodies are refused, some pass").isBetween(cases / 2, cases - 200);
  }

  @Test
  void the_door_and_the_library_agree_on_every_edge_value_in_every_field_that_has_a_form() {
    // Each text of the pool in place of each text that is not the examples' plain "x" (dates, instants, enums, the
    // signed envelope's fields), each number of the pool in place of each number: every bound and format meets its edges.
    int cases = 0;
    for (Body b : bodies()) {
      List<JsonNode> containers = new ArrayList<>();
      JsonNode copy = b.example().deepCopy();
      collect(copy, containers);
      for (JsonNode parent : containers) {
        List<Object> keys = new ArrayList<>();
        if (parent.isObject()) {
          parent.fieldNames().forEachRemaining(keys::add);
        } else {
          for (int i = 0; i < parent.size(); i++) {
            keys.add(i);
          }
        }
        for (Object key : keys) {
          JsonNode old = key instanceof String name ? parent.get(name) : parent.get((Integer) key);
          List<JsonNode> pool = old.isTextual() && !old.textValue().equals("x") ? TEXTS : old.isNumber() ? NUMBERS : List.of();
          for (JsonNode edge : pool) {
            put(parent, key, edge);
            cases++;
            agree(b, copy);
          }
          put(parent, key, old);
        }
      }
    }
    assertThat(cases).isGreaterThan(1_000);
  }

  private static void put(JsonNode parent, Object key, JsonNode value) {
    if (parent instanceof ObjectNode o) {
      o.set((String) key, value);
    } else {
      ((ArrayNode) parent).set((Integer) key, value);
    }
  }

  private static Validator library(JsonNode schema) {
    return Validator.create(JsonSchema.of(new JsonObject(Json.mapper().convertValue(withComponents(schema), Map.class))), OPTIONS);
  }

  /** Whether both refused {@code value}; fails when they do not agree. */
  private boolean agree(Body b, JsonNode value) {
    String op = b.op();
    OutputUnit out = b.library().validate(instance(value));
    SchemaValidator.Violation v = null;
    try {
      door.validate(b.schema(), value);
    } catch (SchemaValidator.Violation e) {
      v = e;
    }
    boolean libraryRefused = !Boolean.TRUE.equals(out.getValid());
    String shown = value.toString().length() <= 600 ? value.toString() : value.toString().substring(0, 600) + "...";
    assertThat(v != null).as("%s %s: the door %s, the library %s", op, shown, v == null ? "passed" : "refused: " + v.field
        + " " + v.getMessage(), libraryRefused ? "refused: " + out.getErrors() : "passed").isEqualTo(libraryRefused);
    if (v != null) {
      Set<String> located = new HashSet<>();
      for (OutputUnit u : out.getErrors()) {
        located.add(field(value, u.getInstanceLocation()));
      }
      String named = v.getMessage().equals("is missing") && v.field.contains(".")
          ? v.field.substring(0, v.field.lastIndexOf('.')) : v.getMessage().equals("is missing") ? "request" : v.field;
      assertThat(located).as("%s %s: the door named %s (%s)", op, shown, v.field, v.getMessage()).contains(named);
    }
    return v != null;
  }

  /**
   * {@code value} with one fault of a kind the document describes, somewhere in it, or with something that still fits:
   * half the time a value of the same kind put in place of one (a text for a text, a number for a number), so that
   * rare fields (dates, instants, bounds) meet their edge cases; else any value of the pool, or a member added or taken away.
   */
  private static JsonNode broken(JsonNode value, Random random) {
    JsonNode copy = value.deepCopy();
    List<JsonNode> containers = new ArrayList<>();
    collect(copy, containers);
    JsonNode at = containers.get(random.nextInt(containers.size()));
    List<Object> keys = new ArrayList<>();
    if (at instanceof ObjectNode o) {
      o.fieldNames().forEachRemaining(keys::add);
    } else {
      for (int i = 0; i < at.size(); i++) {
        keys.add(i);
      }
    }
    int what = random.nextInt(12);
    if (keys.isEmpty() || what == 0) {
      if (at instanceof ObjectNode o) {
        o.set(keys.isEmpty() ? "notAField" : keys.get(0) + "x", pick(POOL, random));
      } else {
        ((ArrayNode) at).add(keys.isEmpty() ? pick(POOL, random) : at.get(0).deepCopy());
      }
      return copy;
    }
    Object key = keys.get(random.nextInt(keys.size()));
    JsonNode old = key instanceof String name ? at.get(name) : at.get((Integer) key);
    if (what == 1) {
      if (at instanceof ObjectNode o) {
        o.remove((String) key);
      } else {
        ((ArrayNode) at).remove((Integer) key);
      }
      return copy;
    }
    List<JsonNode> pool = what < 7 && old.isTextual() ? TEXTS : what < 7 && old.isNumber() ? NUMBERS : POOL;
    if (at instanceof ObjectNode o) {
      o.set((String) key, pick(pool, random));
    } else {
      ((ArrayNode) at).set((Integer) key, pick(pool, random));
    }
    return copy;
  }

  private static JsonNode pick(List<JsonNode> pool, Random random) {
    return pool.get(random.nextInt(pool.size())).deepCopy();
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      n.forEach(child -> collect(child, out));
    }
  }

  /** The schema with the document's components beside it, so that the library resolves its references. */
  private static JsonNode withComponents(JsonNode schema) {
    ObjectNode root = schema.deepCopy();
    root.set("components", DOCUMENT.json().path("components"));
    return root;
  }

  /** A location such as {@code urn:dareg:openapi#/a/1} as the door names fields: {@code a[1]}, or {@code request}. */
  private static String field(JsonNode value, String location) {
    String pointer = location == null ? "" : location.substring(location.indexOf('#') + 1);
    if (pointer.isEmpty() || pointer.equals("/")) {
      return "request";
    }
    StringBuilder b = new StringBuilder();
    JsonNode at = value;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String segment = raw.replace("~1", "/").replace("~0", "~");
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

  /** The value as the library reads it; a number written with a fraction stays one. */
  private static Object instance(JsonNode n) {
    if (n.isObject()) {
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
}

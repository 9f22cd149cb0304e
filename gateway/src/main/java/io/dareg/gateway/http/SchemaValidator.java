package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a request body against its schema in the OpenAPI document (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1). Each schema is compiled once, when the gateway starts, into a tree of
 * checks read from the published document, not from the records that wrote it; a keyword this class
 * does not check refuses to compile, so the document cannot say more than is enforced. The first
 * field at fault is named in the words the API has always used, an unknown field before any other
 * fault (it is often a misspelt known one). A member that is absent or null is left to the request
 * record: the document does not say which fields are required, except a signed request's envelope.
 * {@code SchemaValidatorAgreementTest} checks the verdicts against vertx-json-schema on generated bodies.
 */
final class SchemaValidator {
  /** Keywords that describe and do not constrain. */
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "examples", "example", "default",
      "deprecated", "readOnly", "writeOnly", "$comment");
  private static final String COMPONENTS = "#/components/schemas/";
  /** RFC 3339's date-time; the date's calendar and the fields' ranges are checked after the match. */
  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-](\\d{2}):(\\d{2}))");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final JsonNode components;
  /** Every schema of the document, compiled when the gateway starts; looked up by the node the document hands out. */
  private final Map<JsonNode, Check> compiled = new IdentityHashMap<>();
  /** Components by reference, so that a recursive schema compiles to a cycle of checks. */
  private final Map<String, Check> byRef = new HashMap<>();
  /** Other schemas (tests), compiled on first use. */
  private final Map<JsonNode, Check> others = new ConcurrentHashMap<>();

  SchemaValidator(OpenApiDocument document) {
    this.components = document.json().path("components").path("schemas");
    components.fieldNames().forEachRemaining(name -> compiled.put(components.get(name), ref(COMPONENTS + name, "")));
    for (JsonNode item : document.json().path("paths")) {
      for (JsonNode op : item) {
        JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.isObject()) {
          compiled.put(schema, compile(schema, "request body of " + op.path("operationId").asText()));
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

  /** Throws the first fault of {@code value} against {@code schema}, an unknown field before any other. */
  void validate(JsonNode schema, JsonNode value) throws Violation {
    Check check = compiled.get(schema);
    if (check == null) {
      check = others.computeIfAbsent(schema, s -> compile(s, "schema"));
    }
    Faults faults = new Faults();
    check.test(value, faults);
    if (faults.first != null) {
      throw faults.unknown != null ? faults.unknown : faults.first;
    }
  }

  private Check ref(String ref, String at) {
    Check c = byRef.get(ref);
    if (c == null) {
      JsonNode target = ref.startsWith(COMPONENTS) ? components.path(ref.substring(COMPONENTS.length())) : null;
      if (target == null || !target.isObject()) {
        throw new IllegalArgumentException(at + ": $ref " + ref + " names no schema of the document's components");
      }
      c = new Check();
      byRef.put(ref, c); // before its body, so that a reference back to it ends here
      c.fill(this, target, ref);
    }
    return c;
  }

  private Check compile(JsonNode schema, String at) {
    String ref = schema.path("$ref").asText(null);
    if (ref != null) {
      if (schema.size() != 1) {
        throw new IllegalArgumentException(at + ": a $ref with other keywords beside it; the validator takes a $ref alone");
      }
      return ref(ref, at);
    }
    Check c = new Check();
    c.fill(this, schema, at);
    return c;
  }

  /** The faults found so far: the first, and the first unknown field. */
  private static final class Faults {
    private final List<Object> path = new ArrayList<>();
    Violation first;
    Violation unknown;

    void add(String message) {
      if (first == null) {
        first = new Violation(field(), message);
      }
    }

    /** A member the schema does not name, among {@code known}: thrown before any other fault. */
    void addUnknown(Set<String> known) {
      Violation v = new Violation(field(), "is not a known field; known fields: " + new TreeSet<>(known));
      first = first == null ? v : first;
      unknown = unknown == null ? v : unknown;
    }

    /** Whether checking on can still change what is thrown: until an unknown field is found. */
    boolean open() {
      return unknown == null;
    }

    /** The field at the current path as the API names it: {@code inner.x}, {@code tags[1]}, or {@code request} for the body. */
    private String field() {
      if (path.isEmpty()) {
        return "request";
      }
      StringBuilder b = new StringBuilder();
      for (Object segment : path) {
        if (segment instanceof Integer i) {
          b.append('[').append(i).append(']');
        } else {
          b.append(b.length() == 0 ? "" : ".").append(segment);
        }
      }
      return b.toString();
    }
  }

  private enum Type {
    OBJECT("must be a JSON object"), ARRAY("must be a JSON array"), STRING("must be a string"),
    INTEGER("must be an integer"), NUMBER("must be a number"), BOOLEAN("must be true or false");

    final String message;

    Type(String message) {
      this.message = message;
    }

    boolean holds(JsonNode v) {
      return switch (this) {
        case OBJECT -> v.isObject();
        case ARRAY -> v.isArray();
        case STRING -> v.isTextual();
        case INTEGER -> v.isIntegralNumber(); // 1.0 is written as a fraction: no integer here
        case NUMBER -> v.isNumber();
        case BOOLEAN -> v.isBoolean();
      };
    }
  }

  /** One schema's keywords, read once; a keyword the schema does not hold is null or -1. */
  private static final class Check {
    Type type;
    JsonNode constant;
    JsonNode enumeration;
    Set<JsonNode> allowed;
    int maxLength = -1;
    Pattern pattern;
    String format;
    BigDecimal minimum;
    BigDecimal maximum;
    int maxItems = -1;
    boolean uniqueItems;
    Check items;
    /** In the schema's order, which is the order faults are looked for in. */
    Map<String, Check> properties;
    boolean closed;
    List<String> required;

    void fill(SchemaValidator v, JsonNode s, String at) {
      for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode k = e.getValue();
        String where = at + "/" + e.getKey();
        switch (e.getKey()) {
          case "type" -> type = type(k, where);
          case "const" -> constant = k;
          case "enum" -> {
            enumeration = k;
            allowed = new HashSet<>();
            k.forEach(allowed::add);
          }
          case "maxLength" -> maxLength = count(k, where);
          case "maxItems" -> maxItems = count(k, where);
          case "pattern" -> pattern = Pattern.compile(text(k, where));
          case "format" -> {
            format = text(k, where);
            if (!format.equals("date") && !format.equals("date-time")) {
              throw new IllegalArgumentException(where + ": format '" + format + "' is not one the validator checks (date, date-time)");
            }
          }
          case "minimum" -> minimum = number(k, where);
          case "maximum" -> maximum = number(k, where);
          case "uniqueItems" -> uniqueItems = k.asBoolean();
          case "items" -> items = v.compile(k, where);
          case "additionalProperties" -> {
            if (!k.isBoolean()) {
              throw new IllegalArgumentException(where + ": the validator takes additionalProperties as true or false only");
            }
            closed = !k.booleanValue();
          }
          case "properties" -> {
            properties = new LinkedHashMap<>();
            k.fields().forEachRemaining(p -> properties.put(p.getKey(), v.compile(p.getValue(), where + "/" + p.getKey())));
          }
          case "required" -> {
            required = new ArrayList<>();
            k.forEach(name -> required.add(name.asText()));
          }
          default -> {
            if (!ANNOTATIONS.contains(e.getKey())) {
              throw new IllegalArgumentException(where + ": the keyword '" + e.getKey() + "' is not one the validator checks;"
                  + " check it in SchemaValidator before the document uses it");
            }
          }
        }
      }
    }

    /** Adds {@code value}'s faults to {@code faults}; an absent or null value is the request record's to judge. */
    void test(JsonNode value, Faults faults) {
      if (value == null || value.isNull()) {
        return;
      }
      if (type != null && !type.holds(value)) {
        faults.add(type.message);
        return;
      }
      if (constant != null && !constant.equals(value)) {
        faults.add("must be " + constant + ", not " + quoted(value));
      }
      if (allowed != null && !allowed.contains(value)) {
        faults.add(quoted(value) + " is not one of " + enumeration);
      }
      if (value.isTextual()) {
        testString(value.textValue(), value, faults);
      } else if (value.isNumber()) {
        testNumber(value, faults);
      } else if (value.isArray()) {
        testArray(value, faults);
      } else if (value.isObject()) {
        testObject(value, faults);
      }
    }

    private void testString(String s, JsonNode value, Faults faults) {
      if (maxLength >= 0 && s.length() > maxLength && s.codePointCount(0, s.length()) > maxLength) {
        faults.add("is longer than " + maxLength + " characters");
      } else if ((pattern != null && !pattern.matcher(s).find()) || (format != null && !fitsFormat(s))) {
        faults.add(quoted(value) + " does not have the expected format");
      }
    }

    private boolean fitsFormat(String s) {
      try {
        if (format.equals("date")) {
          return DATE.matcher(s).matches() && LocalDate.parse(s) != null;
        }
        Matcher m = DATE_TIME.matcher(s);
        return m.matches() && LocalDate.parse(m.group(1)) != null && Integer.parseInt(m.group(2)) < 24
            && Integer.parseInt(m.group(3)) < 60 && Integer.parseInt(m.group(4)) <= 60
            && (m.group(7) == null || (Integer.parseInt(m.group(7)) < 24 && Integer.parseInt(m.group(8)) < 60));
      } catch (DateTimeException e) {
        return false; // a day the calendar does not have, such as 2026-02-30
      }
    }

    private void testNumber(JsonNode value, Faults faults) {
      if (minimum == null && maximum == null) {
        return;
      }
      BigDecimal n = value.decimalValue();
      if ((minimum != null && n.compareTo(minimum) < 0) || (maximum != null && n.compareTo(maximum) > 0)) {
        faults.add("is out of range");
      }
    }

    private void testArray(JsonNode value, Faults faults) {
      if (maxItems >= 0 && value.size() > maxItems) {
        faults.add("has " + value.size() + " items; at most " + maxItems);
      }
      if (uniqueItems && value.size() > 1) {
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode item : value) {
          if (!seen.add(item)) {
            faults.add("holds the same item twice");
            break;
          }
        }
      }
      if (items != null) {
        for (int i = 0; i < value.size() && faults.open(); i++) {
          faults.path.add(i);
          items.test(value.get(i), faults);
          faults.path.remove(faults.path.size() - 1);
        }
      }
    }

    private void testObject(JsonNode value, Faults faults) {
      if (required != null) {
        for (String name : required) {
          if (!value.has(name)) {
            faults.path.add(name);
            faults.add("is missing");
            faults.path.remove(faults.path.size() - 1);
          }
        }
      }
      if (properties != null) {
        for (Map.Entry<String, Check> p : properties.entrySet()) {
          JsonNode member = value.get(p.getKey());
          if (member != null && !member.isNull() && faults.open()) {
            faults.path.add(p.getKey());
            p.getValue().test(member, faults);
            faults.path.remove(faults.path.size() - 1);
          }
        }
      }
      if (closed && faults.open()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> member = it.next();
          if (!member.getValue().isNull() && (properties == null || !properties.containsKey(member.getKey()))) {
            faults.path.add(member.getKey());
            faults.addUnknown(properties == null ? Set.of() : properties.keySet());
            faults.path.remove(faults.path.size() - 1);
            return;
          }
        }
      }
    }

    private static String quoted(JsonNode value) {
      if (!value.isTextual()) {
        return value.toString();
      }
      String s = value.textValue();
      return "'" + (s.length() <= 40 ? s : s.substring(0, 40) + "…") + "'";
    }

    private static Type type(JsonNode k, String where) {
      for (Type t : Type.values()) {
        if (t.name().toLowerCase(java.util.Locale.ROOT).equals(k.asText())) {
          return t;
        }
      }
      throw new IllegalArgumentException(where + ": the type " + k + " is not one the validator checks (one type of "
          + java.util.Arrays.toString(Type.values()).toLowerCase(java.util.Locale.ROOT) + ")");
    }

    private static String text(JsonNode k, String where) {
      if (!k.isTextual()) {
        throw new IllegalArgumentException(where + ": must be a string, not " + k);
      }
      return k.textValue();
    }

    private static int count(JsonNode k, String where) {
      if (!k.canConvertToInt() || !k.isIntegralNumber() || k.intValue() < 0) {
        throw new IllegalArgumentException(where + ": must be a count, not " + k);
      }
      return k.intValue();
    }

    private static BigDecimal number(JsonNode k, String where) {
      if (!k.isNumber()) {
        throw new IllegalArgumentException(where + ": must be a number, not " + k);
      }
      return k.decimalValue();
    }
  }
}

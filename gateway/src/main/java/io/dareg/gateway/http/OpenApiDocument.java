package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Registered;
import io.dareg.core.json.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The OpenAPI 3.1 document of the API, built from the operation table and the request records, so
 * the document, the routes and the validation are one source. Each operation's request body schema
 * is the record's fields minus its path parameters, with no other fields allowed.
 */
public final class OpenApiDocument {
  private final ObjectNode root;

  private OpenApiDocument(ObjectNode root) {
    this.root = root;
  }

  /** The document for {@code operations}. */
  public static OpenApiDocument of(List<Operation> operations) {
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "dareg registry API");
    info.put("version", "1");
    info.put("description", "Data asset registration: every ledger transaction, public notices, and certificate verification."
        + " Authenticated operations need 'Authorization: Bearer <token>' (see gateway/README.md). Errors are RFC 9457 problem+json,"
        + " those the HTTP layer makes itself too (404, 405, 413, 414, 431). The caller's role is checked before the body (403)."
        + " Bodies are JSON in UTF-8 without a byte-order mark (another charset: 415); no string may hold a lone surrogate,"
        + " a control character other than tab, LF and CR, a bidirectional control (U+061C, U+200E, U+200F, U+202A-U+202E,"
        + " U+2066-U+2069) or U+FEFF (400 naming the field). A GET takes no body.");
    doc.putArray("servers").addObject().put("url", "/api/v1");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    schemas.set("Problem", problemSchema());
    doc.with("components").putObject("securitySchemes").putObject("token")
        .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWS with x5c (ES256 or SM2SM3)");
    ObjectNode paths = doc.putObject("paths");
    for (Operation op : operations) {
      String template = op.path().replace("*}", "}"); // a rest-of-path parameter is one template parameter to OpenAPI
      ObjectNode item = paths.has(template) ? (ObjectNode) paths.get(template) : paths.putObject(template);
      ObjectNode o = item.putObject(op.method().toLowerCase(java.util.Locale.ROOT));
      o.put("operationId", op.id());
      o.put("summary", op.summary());
      if (op.transaction() != null) {
        o.put("x-dareg-transaction", op.transaction());
      }
      if (op.signed()) {
        o.put("x-dareg-signed-operation", op.signedOperation());
        ArrayNode names = o.putArray("x-dareg-path-params");
        op.pathParams().forEach(names::add);
      }
      if (op.authenticated()) {
        o.putArray("security").addObject().putArray("token");
      } else {
        o.putArray("security");
      }
      ArrayNode params = o.putArray("parameters");
      for (String p : op.pathParams()) {
        ObjectNode param = params.addObject();
        param.put("name", p).put("in", "path").put("required", true);
        param.putObject("schema").put("type", "string").put("pattern", "^[A-Za-z0-9][A-Za-z0-9._:@=,/ -]{0,254}$");
      }
      if (op.id().equals("listRegistrations")) {
        for (String q : List.of("holder", "status", "pageSize", "bookmark", "overdue")) {
          ObjectNode param = params.addObject();
          param.put("name", q).put("in", "query").put("required", false);
          param.putObject("schema").put("type", q.equals("pageSize") ? "integer" : "string");
        }
      }
      if (op.id().equals("getPeriodReport")) {
        ObjectNode period = params.addObject();
        period.put("name", "period").put("in", "query").put("required", true)
            .put("description", "a month (2026-09), a quarter (2026-Q3) or a year (2026), bounded in China time (Asia/Shanghai)");
        period.putObject("schema").put("type", "string").put("pattern", "^\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$");
        ObjectNode format = params.addObject();
        format.put("name", "format").put("in", "query").put("required", false);
        format.putObject("schema").put("type", "string").put("default", "csv").putArray("enum").add("csv").add("pdf");
        ObjectNode registry = params.addObject();
        registry.put("name", "registry").put("in", "query").put("required", false)
            .put("description", "one registry's code (the prefix of its registration numbers, e.g. DR), or 'all' for the report across"
                + " registries, one section per registry and totals; left out, the report counts everything as one");
        registry.putObject("schema").put("type", "string").put("pattern", "^([A-Z][A-Z0-9]{0,15}|all)$");
      }
      if (op.id().equals("readSupervisionFeed")) {
        ObjectNode from = params.addObject();
        from.put("name", "from").put("in", "query").put("required", false)
            .put("description", "the first log position wanted (default 0); a Last-Event-ID header wins over it");
        from.putObject("schema").put("type", "integer").put("minimum", 0);
        ObjectNode follow = params.addObject();
        follow.put("name", "follow").put("in", "query").put("required", false)
            .put("description", "true (default): live acts follow; false: the stream ends after the acts committed when it was asked for");
        follow.putObject("schema").put("type", "boolean").put("default", true);
        ObjectNode last = params.addObject();
        last.put("name", "Last-Event-ID").put("in", "header").put("required", false)
            .put("description", "the id of the last event received: N (an act) or N/K (an alert); the stream resumes right after it");
        last.putObject("schema").put("type", "string").put("pattern", "^\\d{1,18}(/\\d{1,9})?$");
      }
      if (op.id().equals("listTrades") || op.id().equals("listDeliveries")) {
        indexParameters(params, op.id().equals("listTrades")
            ? io.dareg.core.model.TradeStatus.values() : io.dareg.core.model.DeliveryStatus.values());
      }
      if (op.method().equals("POST")) {
        ObjectNode body = o.putObject("requestBody");
        body.put("required", false);
        ObjectNode schema = body.putObject("content").putObject("application/json").putObject("schema");
        if (op.signed()) {
          schemas.set("Signed_" + op.id(), signedRequestSchema(op, schemas));
          o.put("x-dareg-signed-body", "#/components/schemas/Signed_" + op.id());
        }
        if (op.request() != null) {
          ObjectNode s = recordSchema(op.request(), Set.copyOf(op.pathParams()), schemas);
          if (carriesConfidential(op)) {
            s.with("properties").putObject("confidential")
                .put("type", "object")
                .put("description", "Confidential material kept off the ledger by the gateway; only its hash goes on the ledger"
                    + " (register's as its application's confidentialHash)");
          }
          schema.setAll(s);
        } else {
          schema.put("type", "object");
        }
      }
      ObjectNode responses = o.putObject("responses");
      if (op.id().equals("getPeriodReport")) {
        ObjectNode content = responses.putObject("200").put("description", "the report, as CSV (format=csv) or as PDF with a chart (format=pdf)")
            .putObject("content");
        content.putObject("text/csv").putObject("schema").put("type", "string");
        content.putObject("application/pdf").putObject("schema").put("type", "string").put("format", "binary");
      } else if (op.id().equals("readSupervisionFeed")) {
        responses.putObject("200").put("description", "server-sent events: 'act' (id N, the log position) and 'alert' (id N/K);"
            + " docs/supervision.md").putObject("content").putObject("text/event-stream").putObject("schema").put("type", "string");
      } else if (op.id().equals("getCertificatePdf") || op.id().equals("getEvidenceReport") || op.id().equals("getJudicialExtract")) {
        responses.putObject("200").put("description", "the document, as PDF")
            .putObject("content").putObject("application/pdf").putObject("schema").put("type", "string").put("format", "binary");
      } else {
        responses.putObject("200").put("description", "the result, as JSON")
            .putObject("content").putObject("application/json").putObject("schema").put("type", "object");
      }
      for (String code : List.of("400", "401", "403", "404", "409", "413", "415", "503")) {
        responses.putObject(code).put("description", "a problem")
            .putObject("content").putObject("application/problem+json").putObject("schema").put("$ref", "#/components/schemas/Problem");
      }
    }
    return new OpenApiDocument(doc);
  }

  /** The document as JSON. */
  public ObjectNode json() {
    return root;
  }

  /** The request-body schema of an operation, or null when it takes none. */
  public JsonNode bodySchema(Operation op) {
    JsonNode s = root.path("paths").path(op.path().replace("*}", "}")).path(op.method().toLowerCase(java.util.Locale.ROOT))
        .path("requestBody").path("content").path("application/json").path("schema");
    return s.isMissingNode() ? null : s;
  }

  /** The schema of {@code op}'s body as its author's signed request (issue 23), or null when it takes none. */
  public JsonNode signedBodySchema(Operation op) {
    JsonNode s = component("Signed_" + op.id());
    return s.isMissingNode() ? null : s;
  }

  /** A schema from the document's components, by name. */
  public JsonNode component(String name) {
    return root.path("components").path("schemas").path(name);
  }

  /**
   * The body of a signed write (issue 23): a {@code dareg-signed-request/1} whose arguments are the
   * request record, path parameters included; for {@code submit}, the confidential material beside it.
   */
  private static ObjectNode signedRequestSchema(Operation op, ObjectNode schemas) {
    ObjectNode s = Json.mapper().createObjectNode();
    s.put("type", "object");
    s.put("additionalProperties", false);
    s.put("description", "The author's signed request (docs/signed-requests.md): the rules check its signature and run it as its author");
    ObjectNode props = s.putObject("properties");
    props.putObject("format").put("type", "string").put("const", io.dareg.core.act.SignedRequest.FORMAT);
    props.putObject("ledger").put("type", "string").put("description", "the ledger's identity: GET /ledger/identity");
    props.putObject("operation").put("type", "string").put("const", op.signedOperation());
    if (op.request() != null) {
      props.set("arguments", recordSchema(op.request(), Set.of(), schemas));
    } else {
      ObjectNode args = props.putObject("arguments").put("type", "object").put("additionalProperties", false);
      ArrayNode required = args.putArray("required");
      for (String p : op.pathParams()) {
        args.with("properties").putObject(p).put("type", "string");
        required.add(p);
      }
    }
    props.putObject("certificate").put("type", "string").put("description", "the author's X.509 certificate, base64 DER");
    props.putObject("time").put("type", "string").put("pattern", "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");
    props.putObject("requestId").put("type", "string").put("pattern", "^[0-9a-f]{32}$");
    props.putObject("algorithm").put("type", "string").putArray("enum").add("ECDSA-P256-SHA256").add("SM2-SM3");
    props.putObject("signature").put("type", "string").put("description", "DER signature, base64");
    ArrayNode required = s.putArray("required");
    for (String r : List.of("format", "ledger", "operation", "arguments", "certificate", "time", "requestId", "algorithm", "signature")) {
      required.add(r);
    }
    if (carriesConfidential(op)) {
      props.putObject("confidential").put("type", "object")
          .put("description", "Confidential material kept off the ledger by the gateway; the signed arguments carry its"
              + " confidentialHash (SHA-256 of its RFC 8785 canonical JSON), register's in its application");
    }
    return s;
  }

  /** Whether an operation's body may carry confidential material beside its arguments: an application's. */
  static boolean carriesConfidential(Operation op) {
    return op.id().equals("submit") || op.id().equals(Registered.OPERATION);
  }

  private static ObjectNode recordSchema(Class<?> type, Set<String> skip, ObjectNode schemas) {
    ObjectNode s = Json.mapper().createObjectNode();
    s.put("type", "object");
    s.put("additionalProperties", false);
    ObjectNode props = s.putObject("properties");
    for (RecordComponent c : type.getRecordComponents()) {
      if (!skip.contains(c.getName())) {
        props.set(c.getName(), typeSchema(c.getGenericType(), schemas));
      }
    }
    return s;
  }

  private static JsonNode typeSchema(Type t, ObjectNode schemas) {
    ObjectNode s = Json.mapper().createObjectNode();
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw && Collection.class.isAssignableFrom(raw)) {
      s.put("type", "array");
      s.put("maxItems", 1000);
      if (Set.class.isAssignableFrom(raw)) {
        s.put("uniqueItems", true);
      }
      s.set("items", typeSchema(p.getActualTypeArguments()[0], schemas));
      return s;
    }
    Class<?> c = (Class<?>) t;
    if (c == String.class) {
      s.put("type", "string").put("maxLength", 4000);
    } else if (c == int.class || c == Integer.class) {
      s.put("type", "integer").put("minimum", Integer.MIN_VALUE).put("maximum", Integer.MAX_VALUE);
    } else if (c == long.class || c == Long.class) {
      s.put("type", "integer").put("minimum", -(1L << 53)).put("maximum", 1L << 53);
    } else if (c == boolean.class || c == Boolean.class) {
      s.put("type", "boolean");
    } else if (c == LocalDate.class) {
      s.put("type", "string").put("format", "date").put("pattern", "^\\d{4}-\\d{2}-\\d{2}$");
    } else if (c == Instant.class) {
      s.put("type", "string").put("format", "date-time");
    } else if (c.isEnum()) {
      s.put("type", "string");
      ArrayNode values = s.putArray("enum");
      for (Object v : c.getEnumConstants()) {
        values.add(((Enum<?>) v).name());
      }
    } else if (c.isRecord()) {
      if (!schemas.has(c.getSimpleName())) {
        schemas.putObject(c.getSimpleName()); // placeholder against cycles
        schemas.set(c.getSimpleName(), recordSchema(c, Set.of(), schemas));
      }
      s.put("$ref", "#/components/schemas/" + c.getSimpleName());
    } else {
      s.put("type", "object");
    }
    return s;
  }

  /** The query parameters of the trade and delivery lists (TradeHandlers.INDEX_PARAMETERS). */
  private static void indexParameters(ArrayNode params, Enum<?>[] statuses) {
    String time = "an instant (2026-03-02T08:00:00Z) or a China date (2026-03-02)";
    String[][] described = {
      {"exchange", "the organisation (MSP id) of the exchange that recorded the trade"},
      {"party", "an account that sells or buys"},
      {"regNo", "the asset's registration number"},
      {"status", "where the record stands"},
      {"from", "from this time on: " + time + "; a date counts from its first moment"},
      {"to", "before this time: " + time + "; a date counts through its last moment"},
      {"pageSize", "items a page, 1 to " + io.dareg.core.api.TradeQuery.MAX_PAGE + ", default " + io.dareg.core.api.TradeQuery.DEFAULT_PAGE},
      {"bookmark", "the bookmark of the previous page of the same query; pages run by time, then number"}};
    for (String[] d : described) {
      ObjectNode param = params.addObject();
      param.put("name", d[0]).put("in", "query").put("required", false).put("description", d[1]);
      ObjectNode schema = param.putObject("schema");
      if (d[0].equals("pageSize")) {
        schema.put("type", "integer").put("minimum", 1).put("maximum", io.dareg.core.api.TradeQuery.MAX_PAGE);
      } else if (d[0].equals("status")) {
        ArrayNode values = schema.put("type", "string").putArray("enum");
        for (Enum<?> v : statuses) {
          values.add(v.name());
        }
      } else {
        schema.put("type", "string");
      }
    }
  }

  private static ObjectNode problemSchema() {
    ObjectNode p = Json.mapper().createObjectNode();
    p.put("type", "object");
    ObjectNode props = p.putObject("properties");
    for (String f : List.of("type", "title", "detail", "field", "instance")) {
      props.putObject(f).put("type", "string");
    }
    props.putObject("status").put("type", "integer");
    return p;
  }
}

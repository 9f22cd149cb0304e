package io.dareg.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.auth.BearerTokens;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one call path of {@link HttpDaregClient}: an operation id, looked up in the operation table ({@link Operations}),
 * with its path parameters and body, becomes one HTTP exchange; a JSON answer is read as the result type, a problem+json
 * answer is thrown as its {@link ProblemException}, a failed connection as {@link GatewayUnreachableException}.
 *
 * <p>Issue 23: a write ({@link Operation#signed()}: an operation of kind {@link Operation.Kind#SUBMIT}, and
 * {@code issueCertificate}, whose authorisation the gateway records with the certificate's hash) is sent as the request
 * its author signed
 * ({@link SignedRequest}, docs/signed-requests.md): the body is the signed request, whose arguments are the
 * transaction's whole request record, body fields and path parameters alike; it carries no token. Reads and the
 * gateway's own operations carry a fresh signed token, as before.
 */
final class GatewayCalls {
  /** The operation table by id (with the dev-mode operations), built once: {@link Operations#all()} builds a new list on every call. */
  private static final Map<String, Operation> OPERATIONS =
      Operations.allWithDev().stream().collect(Collectors.toUnmodifiableMap(Operation::id, Function.identity()));

  /** The signed operations by the name their requests carry. */
  private static final Map<String, Operation> WRITES = OPERATIONS.values().stream().filter(Operation::signed)
      .collect(Collectors.toUnmodifiableMap(Operation::signedOperation, Function.identity()));

  private final DaregClient.Builder config;
  private final HttpClient http;
  private final WriteSigner signer;

  GatewayCalls(DaregClient.Builder config) {
    this.config = config;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.timeout);
    if (!config.tlsRoots.isEmpty() || config.certificate != null) {
      http.sslContext(ClientTls.context(config.tlsRoots, config.certificate, config.key));
    }
    this.http = http.build();
    this.signer = new WriteSigner(config, this);
  }

  /**
   * Operation {@code id} of the table: its method, path and whether it takes a token; the one place the client looks an
   * operation up. An id the table does not hold is a mistake in this client, refused with the id named.
   */
  static Operation operation(String id) {
    Operation op = OPERATIONS.get(id);
    if (op == null) {
      throw new IllegalArgumentException("operation " + id + " is not in the operation table (io.dareg.core.api.Operations)");
    }
    return op;
  }

  /**
   * Calls operation {@code op} with {@code body} and reads its JSON answer as {@code result}. The path's placeholders
   * take {@code params} in order, then the body's fields of the same name, which then leave the body; a write signs
   * them with the body instead, as fields of its transaction's request.
   */
  <T> T send(String op, Class<T> result, Object body, String... params) {
    return convert(json(op, "", body, null, params), Json.mapper().constructType(result));
  }

  /**
   * {@link #send} of a write that carries, beside the signed members of its body, the member {@code beside}: the
   * {@code confidential} material of a {@code submit}, which the gateway keeps off the ledger.
   */
  <T> T sendWith(String op, Class<T> result, Object body, String name, JsonNode beside) {
    return convert(json(op, "", body, Json.mapper().createObjectNode().set(name, beside)), Json.mapper().constructType(result));
  }

  /**
   * The write named {@code name} (the transaction a signed request names, e.g. {@code submit}) with {@code arguments}
   * (its transaction's whole request: body fields and path parameters), signed as this client would send it; not sent.
   * A name that is not a write of the table is refused, with the writes named.
   */
  SignedRequest sign(String name, JsonNode arguments) {
    if (!WRITES.containsKey(name)) {
      throw new IllegalArgumentException(name + " is not a write of the gateway, so it is not signed: the writes are "
          + String.join(", ", new java.util.TreeSet<>(WRITES.keySet())));
    }
    return signer.sign(name, arguments);
  }

  /** Calls operation {@code op} without a body (a POST sends {}); the path's placeholders take {@code params}. */
  <T> T call(String op, Class<T> result, String... params) {
    return convert(json(op, "", null, null, params), Json.mapper().constructType(result));
  }

  /** {@link #call} whose answer is a generic type (a list). */
  <T> T call(String op, TypeReference<T> result, String... params) {
    return convert(json(op, "", null, null, params), Json.mapper().getTypeFactory().constructType(result));
  }

  /** {@link #call} with a query string ({@code ?name=value&...}). */
  <T> T find(String op, Class<T> result, String query) {
    return convert(json(op, query, null, null), Json.mapper().constructType(result));
  }

  private JsonNode json(String op, String query, Object body, ObjectNode beside, String... params) {
    ObjectNode fields = body == null ? Json.mapper().createObjectNode() : Json.mapper().valueToTree(body);
    Operation operation = operation(op);
    HttpRequest.Builder b = request(op, query, fields, params).timeout(config.timeout).header("Accept", "application/json");
    if (operation.signed()) {
      // The path is filled in from the same fields the author signed: the gateway checks that they agree.
      ObjectNode signedBody = signer.sign(operation.signedOperation(), fields).toJson();
      if (beside != null) {
        signedBody.setAll(beside);
      }
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Json.canonical(signedBody)));
    } else if (operation.method().equals("POST")) {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Json.canonical(fields)));
    } else {
      b.GET();
    }
    HttpResponse<byte[]> r = operation.signed() ? sendSigned(b) : exchange(b, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode answer;
    try {
      answer = r.body().length == 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(r.body());
    } catch (IOException e) {
      throw ProblemException.of(r.statusCode(), "https://dareg.io/problems/unreadable", "the gateway answered with something that is not JSON", null);
    }
    if (r.statusCode() >= 400) {
      throw problem(r.statusCode(), answer);
    }
    return answer;
  }

  /** A document (PDF, CSV) that operation {@code op} answers with. */
  byte[] document(String op, String accept, String query, String... params) {
    HttpResponse<byte[]> r = exchange(request(op, query, null, params).timeout(config.timeout).header("Accept", accept).GET(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() >= 400) {
      throw problem(r.statusCode(), r.body());
    }
    return r.body();
  }

  /**
   * The streamed answer of GET operation {@code op}, without the call's timeout: it streams for as long as it takes.
   * A problem answer is read and thrown.
   */
  HttpResponse<InputStream> stream(String op) {
    return stream(op, "", Map.of());
  }

  /** The streamed answer of GET operation {@code op} with {@code query} and extra {@code headers}, as {@link #stream(String)}. */
  HttpResponse<InputStream> stream(String op, String query, Map<String, String> headers) {
    HttpRequest.Builder b = request(op, query, null).GET();
    headers.forEach(b::header);
    HttpResponse<InputStream> r = exchange(b, HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() >= 400) {
      try (InputStream in = r.body()) {
        throw problem(r.statusCode(), in.readAllBytes());
      } catch (IOException e) {
        throw problem(r.statusCode(), new byte[0]);
      }
    }
    return r;
  }

  /**
   * The request for operation {@code op}: its URL with the path filled in, and a fresh token unless it is open or a
   * signed write. The path's placeholders take {@code params} in order, else the fields of the same name; a signed
   * write keeps them among its fields (they are part of its transaction's request), any other call takes them out.
   */
  private HttpRequest.Builder request(String op, String query, ObjectNode fields, String... params) {
    Operation operation = operation(op);
    boolean signed = operation.signed();
    String path = operation.path();
    for (int i = 0; i < operation.pathParams().size(); i++) {
      String name = operation.pathParams().get(i);
      String value;
      if (i < params.length) {
        value = params[i];
        if (signed) {
          fields.put(name, value);
        }
      } else {
        JsonNode field = fields == null ? null : signed ? fields.get(name) : fields.remove(name);
        if (field == null || !field.isTextual()) {
          throw new IllegalArgumentException(op + " needs " + name + " for its path " + operation.path());
        }
        value = field.asText();
      }
      path = path.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.baseUrl.toString().replaceAll("/+$", "") + "/api/v1" + path + query));
    // A signed write identifies its author itself: the gateway takes it only without a token.
    return operation.authenticated() && !signed ? b.header("Authorization", "Bearer " + token()) : b;
  }

  /** How often a signed write is sent again, as it is, after the gateway could not be reached or gave up. */
  static final int WRITE_RETRIES = 3;

  /**
   * Sends a signed write; when the gateway cannot be reached, times out or answers 503, sends the very same signed
   * request again (up to {@link #WRITE_RETRIES} times, waiting 1, 2, 4 s): the ledger commits a request id once and
   * answers a repeat with the first result, so nothing is written twice (issue 23). The request's time stays the
   * signed one, well inside the ledger's skew.
   */
  private HttpResponse<byte[]> sendSigned(HttpRequest.Builder b) {
    HttpRequest request = b.build();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<byte[]> r;
      try {
        r = exchange(HttpRequest.newBuilder(request, (name, value) -> true), HttpResponse.BodyHandlers.ofByteArray());
      } catch (GatewayUnreachableException e) {
        if (attempt >= WRITE_RETRIES || Thread.currentThread().isInterrupted()) {
          throw new GatewayUnreachableException(e.getMessage() + " (sent " + (attempt + 1) + " times; the same signed request may"
              + " be sent again later: the ledger commits it at most once)", e.getCause());
        }
        pause(attempt);
        continue;
      }
      if (r.statusCode() != 503 || attempt >= WRITE_RETRIES) {
        return r;
      }
      pause(attempt);
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(1000L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> HttpResponse<T> exchange(HttpRequest.Builder b, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(b.build(), body);
    } catch (IOException e) {
      throw new GatewayUnreachableException("cannot reach the gateway at " + config.baseUrl + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayUnreachableException("interrupted while calling the gateway", e);
    }
  }

  private static ProblemException problem(int status, byte[] body) {
    try {
      return problem(status, Json.mapper().readTree(body));
    } catch (IOException e) {
      return problem(status, Json.mapper().createObjectNode());
    }
  }

  private static ProblemException problem(int status, JsonNode answer) {
    return ProblemException.of(status, answer.path("type").asText(null), answer.path("detail").asText("HTTP " + status),
        answer.hasNonNull("field") ? answer.get("field").asText() : null);
  }

  /** A fresh token for every request: outside dev mode a gateway accepts each token id once. */
  private String token() {
    if (config.certificate == null || config.key == null) {
      throw new IllegalStateException("this client has no identity: set one with DaregClient.builder().identity(certificate, key)");
    }
    return BearerTokens.sign(config.certificate, config.key, Instant.now(), config.tokenLifetime);
  }

  @SuppressWarnings("unchecked")
  private static <T> T convert(JsonNode node, JavaType type) {
    return type.getRawClass() == JsonNode.class ? (T) node : Json.mapper().convertValue(node, type);
  }
}

package io.dareg.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one call path of {@link HttpDaregClient}: an operation id, looked up in {@link #ROUTES}, with its path
 * parameters and body, becomes one HTTP exchange; a JSON answer is read as the result type, a problem+json answer
 * is thrown as its {@link ProblemException}, a failed connection as {@link GatewayUnreachableException}.
 */
final class GatewayCalls {
  /** An operation's HTTP method and path template under /api/v1; {@code open} ones are called without a token. */
  record Route(String method, String path, boolean open) {}

  /**
   * The operations this client calls, by the ids of the gateway's operation table ({@code Operations}); the gateway's
   * OpenAPI document must give each the same method and path (DaregClientTest checks it).
   */
  static final Map<String, Route> ROUTES = Map.ofEntries(
      // set-up and accounts
      op("initLedger", "POST", "/ledger/init"), op("grantRole", "POST", "/roles"), op("removeRole", "POST", "/roles/removal"),
      op("openAccount", "POST", "/accounts"), op("getAccount", "GET", "/accounts/{id}"),
      op("closeAccount", "POST", "/accounts/{id}/closure"), op("whoAmI", "GET", "/whoami"), op("getSettings", "GET", "/settings"),
      op("getCalendar", "GET", "/calendar"), op("recordCalendarYear", "POST", "/calendar/years"),
      op("listProfiles", "GET", "/profiles"),
      // evidence and registrations
      op("depositEvidence", "POST", "/evidence"), op("getEvidence", "GET", "/evidence/{id}"),
      op("getEvidenceReport", "GET", "/evidence/{id}/report"), op("submit", "POST", "/registrations"),
      op("listRegistrations", "GET", "/registrations"), op("getRegistration", "GET", "/registrations/{regNo}"),
      op("getHistory", "GET", "/registrations/{regNo}/history"), op("listReviews", "GET", "/registrations/{regNo}/reviews"),
      op("getConfidential", "GET", "/registrations/{regNo}/confidential"),
      op("confirmJointApplication", "POST", "/registrations/{regNo}/confirmation"),
      op("withdraw", "POST", "/registrations/{regNo}/withdrawal"),
      op("startFormalReview", "POST", "/registrations/{regNo}/formal-review/start"),
      op("formalReview", "POST", "/registrations/{regNo}/formal-review"), op("correct", "POST", "/registrations/{regNo}/correction"),
      op("substantiveReview", "POST", "/registrations/{regNo}/substantive-review"),
      op("reject", "POST", "/registrations/{regNo}/rejection"), op("publishNotice", "POST", "/registrations/{regNo}/notice"),
      op("issue", "POST", "/registrations/{regNo}/issue"), op("issueCertificate", "POST", "/registrations/{regNo}/certificates"),
      op("renew", "POST", "/registrations/{regNo}/renewal"), op("suspend", "POST", "/registrations/{regNo}/suspension"),
      op("resume", "POST", "/registrations/{regNo}/resumption"), op("revoke", "POST", "/registrations/{regNo}/revocation"),
      op("abandon", "POST", "/registrations/{regNo}/abandonment"), op("cancel", "POST", "/registrations/{regNo}/cancellation"),
      op("attachDocument", "POST", "/registrations/{regNo}/attachments"),
      // objections
      op("raiseObjection", "POST", "/registrations/{regNo}/objections"), op("getObjection", "GET", "/objections/{id}"),
      op("answerObjection", "POST", "/objections/{objectionNo}/answer"),
      op("referObjectionToCourt", "POST", "/objections/{objectionNo}/referral"),
      op("recordCourtFiling", "POST", "/objections/{objectionNo}/court-filing"),
      op("resolveObjection", "POST", "/objections/{objectionNo}/resolution"),
      op("forwardObjection", "POST", "/objections/{objectionNo}/forwarding"),
      // after issue
      op("applyForChange", "POST", "/registrations/{regNo}/changes"), op("getChange", "GET", "/changes/{id}"),
      op("approveChange", "POST", "/changes/{changeNo}/approval"), op("refuseChange", "POST", "/changes/{changeNo}/refusal"),
      op("sweep", "POST", "/ledger/sweep"),
      // rights
      op("proposeTransfer", "POST", "/registrations/{regNo}/transfers"),
      op("recordTransfer", "POST", "/registrations/{regNo}/transfers/unilateral"), op("getTransfer", "GET", "/transfers/{id}"),
      op("acceptTransfer", "POST", "/transfers/{id}/acceptance"), op("declineTransfer", "POST", "/transfers/{id}/declination"),
      op("consentToTransfer", "POST", "/transfers/{id}/consent"),
      op("addEncumbrance", "POST", "/registrations/{regNo}/encumbrances"), op("getEncumbrance", "GET", "/encumbrances/{id}"),
      op("releaseEncumbrance", "POST", "/encumbrances/{encumbranceNo}/release"),
      op("consentToEncumbrance", "POST", "/encumbrances/{id}/consent"),
      op("setProhibitedList", "POST", "/settings/prohibited-list"), op("setPublicTerms", "POST", "/settings/public-terms"),
      // exchanges: listing checks, trades, deliveries, provenance
      op("recordListingCheck", "POST", "/registrations/{regNo}/listing-checks"),
      op("getListingCheck", "GET", "/listing-checks/{id}"), op("getListingCheckVoucher", "GET", "/listing-checks/{id}/voucher"),
      op("recordTrade", "POST", "/registrations/{regNo}/trades"), op("getTrade", "GET", "/trades/{id}"),
      op("getTradeVoucher", "GET", "/trades/{id}/voucher"), op("recordSettlement", "POST", "/trades/{tradeNo}/settlement"),
      op("recordDispute", "POST", "/trades/{tradeNo}/dispute"), op("recordDelivery", "POST", "/trades/{tradeNo}/deliveries"),
      op("getDelivery", "GET", "/deliveries/{id}"), op("answerDelivery", "POST", "/deliveries/{deliveryNo}/answer"),
      op("completeDelivery", "POST", "/deliveries/{id}/completion"), op("recordDeletion", "POST", "/deliveries/{id}/deletion"),
      op("getProvenance", "GET", "/registrations/{regNo}/provenance"), op("listTrades", "GET", "/trades"),
      op("listDeliveries", "GET", "/deliveries"), op("findByHash", "GET", "/hashes/{hash}"),
      // certificates, documents, public views, the ledger
      op("getCertificateRecord", "GET", "/certificates/{id}/record"),
      op("getJudicialExtract", "GET", "/registrations/{regNo}/extract"), op("getPeriodReport", "GET", "/reports/period"),
      op("auditLedger", "GET", "/ledger/audit"), op("backupLedger", "GET", "/ledger/backup"),
      open("getCertificate", "GET", "/certificates/{certNo}"), open("getCertificatePdf", "GET", "/certificates/{certNo}/pdf"),
      open("verifyCertificate", "POST", "/certificates/verify"), open("publicNotices", "GET", "/public/notices"),
      open("publicAnnouncements", "GET", "/public/announcements"), open("publicFees", "GET", "/public/fees"),
      open("publicValidity", "GET", "/public/validity/{number}"));

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

  private final DaregClient.Builder config;
  private final HttpClient http;

  GatewayCalls(DaregClient.Builder config) {
    this.config = config;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.timeout);
    if (!config.tlsRoots.isEmpty() || config.certificate != null) {
      http.sslContext(ClientTls.context(config.tlsRoots, config.certificate, config.key));
    }
    this.http = http.build();
  }

  /** Where operation {@code id} is; the one place the client looks an operation up. */
  private static Route route(String id) {
    Route route = ROUTES.get(id);
    if (route == null) {
      throw new IllegalStateException("no route for operation " + id);
    }
    return route;
  }

  /**
   * Calls operation {@code op} with {@code body} and reads its JSON answer as {@code result}. The path's placeholders
   * take {@code params} in order, then the body's fields of the same name, which then leave the body.
   */
  <T> T send(String op, Class<T> result, Object body, String... params) {
    return convert(json(op, "", body, params), Json.mapper().constructType(result));
  }

  /** Calls operation {@code op} without a body (a POST sends {}); the path's placeholders take {@code params}. */
  <T> T call(String op, Class<T> result, String... params) {
    return convert(json(op, "", null, params), Json.mapper().constructType(result));
  }

  /** {@link #call} whose answer is a generic type (a list). */
  <T> T call(String op, TypeReference<T> result, String... params) {
    return convert(json(op, "", null, params), Json.mapper().getTypeFactory().constructType(result));
  }

  /** {@link #call} with a query string ({@code ?name=value&...}). */
  <T> T find(String op, Class<T> result, String query) {
    return convert(json(op, query, null), Json.mapper().constructType(result));
  }

  private JsonNode json(String op, String query, Object body, String... params) {
    ObjectNode fields = body == null ? Json.mapper().createObjectNode() : Json.mapper().valueToTree(body);
    HttpRequest.Builder b = request(op, query, fields, params).timeout(config.timeout).header("Accept", "application/json");
    if (route(op).method().equals("POST")) {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Json.canonical(fields)));
    } else {
      b.GET();
    }
    HttpResponse<byte[]> r = exchange(b, HttpResponse.BodyHandlers.ofByteArray());
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
    HttpResponse<InputStream> r = exchange(request(op, "", null).GET(), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() >= 400) {
      try (InputStream in = r.body()) {
        throw problem(r.statusCode(), in.readAllBytes());
      } catch (IOException e) {
        throw problem(r.statusCode(), new byte[0]);
      }
    }
    return r;
  }

  /** The request for operation {@code op}: its URL with the path filled in, and a fresh token unless it is open. */
  private HttpRequest.Builder request(String op, String query, ObjectNode fields, String... params) {
    Route route = route(op);
    StringBuilder path = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(route.path());
    int i = 0;
    while (m.find()) {
      String value = i < params.length ? params[i] : fields.remove(m.group(1)).asText();
      m.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
      i++;
    }
    m.appendTail(path);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.baseUrl.toString().replaceAll("/+$", "") + "/api/v1" + path + query));
    return route.open() ? b : b.header("Authorization", "Bearer " + token());
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

  private static Map.Entry<String, Route> op(String id, String method, String path) {
    return Map.entry(id, new Route(method, path, false));
  }

  private static Map.Entry<String, Route> open(String id, String method, String path) {
    return Map.entry(id, new Route(method, path, true));
  }
}

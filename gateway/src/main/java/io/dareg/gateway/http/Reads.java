package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.Registration;
import io.dareg.gateway.ledger.Ledger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The ledger's answers as the gateway's own operations read them, from blocking tasks (never on the
 * event loop): each read waits for the ledger, a refusal becomes a problem.
 */
final class Reads {
  private final Ledger ledger;

  Reads(Ledger ledger) {
    this.ledger = ledger;
  }

  /** The ledger. */
  Ledger ledger() {
    return ledger;
  }

  /** Joins a ledger future from a blocking task, turning refusals into problems. */
  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw Failures.toProblem(e.getCause());
    }
  }

  /** The answer of query {@code tx} as a tree; {@code args} a JSON text or an object to write as one. */
  JsonNode query(Caller caller, String tx, Object args) {
    return query(caller, tx, args, JsonNode.class);
  }

  /** The answer of query {@code tx}, read straight into the type wanted (parsed once, not into a tree and then again). */
  <T> T query(Caller caller, String tx, Object args, Class<T> type) {
    String json = args instanceof String ? (String) args : new String(Json.canonical(args), StandardCharsets.UTF_8);
    try {
      return Json.mapper().readValue(join(ledger.evaluate(caller, tx, json)), type);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The registry's name, as its settings say. */
  String registryName() {
    return query(ApiServer.SERVICE_CALLER, "getSettings", "{}").path("registryName").asText();
  }

  /** Every registration in {@code status} (at most about 10,000), page by page. */
  List<JsonNode> allPages(Caller caller, String status) {
    List<JsonNode> items = new ArrayList<>();
    String bookmark = "";
    do {
      ObjectNode args = Json.mapper().createObjectNode().put("key", status).put("pageSize", 200);
      if (!bookmark.isEmpty()) {
        args.put("bookmark", bookmark);
      }
      JsonNode page = query(caller, "listByStatus", CanonicalJson.toString(args));
      page.path("items").forEach(items::add);
      bookmark = page.path("bookmark").asText("");
    } while (!bookmark.isEmpty() && items.size() < 10_000);
    return items;
  }

  /** The names of a registration's holders, by their accounts. */
  ArrayNode holderNames(Registration r) {
    ArrayNode names = Json.mapper().createArrayNode();
    for (String id : r.holders()) {
      names.add(query(ApiServer.SERVICE_CALLER, "getAccount", Map.of("id", id)).path("name").asText(id));
    }
    return names;
  }

  /** Parses the ledger's JSON answer. */
  static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("the ledger answered with JSON that does not parse", e);
    }
  }
}

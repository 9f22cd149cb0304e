package io.dareg.gateway.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.FabricLogEntries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One committed act as the regulator's supervision feed shows it (issue 25): its place in the transparency log, its
 * transaction, the author's signed request as the ledger recorded it, and the event it emitted. Read from the log's
 * entry, so the same position always gives the same act.
 *
 * @param position the entry's leaf index in the transparency log (from 0)
 * @param txId the transaction id
 * @param time the transaction's time, ISO-8601
 * @param operation the ledger transaction's name (the contract prefix of a Fabric function removed)
 * @param signedRequest the author's {@code dareg-signed-request/1} as recorded, or null (a service transaction, or a
 *     write made with a token on a ledger without trusted roots)
 * @param arguments the recorded arguments when they are not a signed request, else null
 * @param caller who the embedded ledger recorded as the caller, or null (Fabric entries do not record it)
 * @param events the events the act emitted, each {@code {"name": ..., "payload": ...}} (none on a Fabric entry, which
 *     carries only what the orderer ordered)
 * @param chaincode the chaincode a Fabric entry's transaction invoked (a channel may hold others beside the registry's),
 *     or null (the embedded ledger's entries, all the registry's)
 */
public record Act(long position, String txId, String time, String operation, JsonNode signedRequest, JsonNode arguments,
    JsonNode caller, List<Event> events, String chaincode) {

  /** The event a committed act emitted: its name and its payload (the record it left). */
  public record Event(String name, JsonNode payload) {}

  /** Copies the events. */
  public Act {
    events = List.copyOf(events);
  }

  /** The act held by log entry {@code entry} at {@code position}: an embedded transaction or a Fabric entry. */
  public static Act parse(long position, byte[] entry) {
    JsonNode tx;
    try {
      tx = Json.mapper().readTree(entry);
    } catch (IOException e) {
      throw new IllegalStateException("log entry " + position + " is not JSON: " + e.getMessage(), e);
    }
    boolean fabric = FabricLogEntries.FORMAT.equals(tx.path("format").asText());
    String name = fabric ? tx.path("function").asText("") : tx.path("name").asText("");
    if (fabric && name.contains(":")) {
      name = name.substring(name.lastIndexOf(':') + 1);
    }
    String argsText = fabric ? tx.path("argument").asText("") : tx.path("args").asText("");
    JsonNode args = argsText.isEmpty() ? null : readOrText(argsText);
    JsonNode signed = args == null ? null : SignedRequest.carriedBy(name, args);
    List<Event> events = new ArrayList<>();
    if (tx.hasNonNull("eventName")) {
      events.add(new Event(tx.path("eventName").asText(), readOrText(tx.path("eventPayload").asText("null"))));
    }
    return new Act(position, tx.path("txId").asText(""), tx.path("time").asText(""), name, signed,
        signed == null ? args : null, tx.get("caller"), events, fabric ? tx.path("chaincode").asText("") : null);
  }

  /** The act as the feed's {@code data:} line carries it (docs/supervision.md). */
  public ObjectNode toJson() {
    ObjectNode o = Json.mapper().createObjectNode().put("position", position).put("txId", txId).put("time", time)
        .put("operation", operation);
    o.set("signedRequest", signedRequest);
    if (arguments != null) {
      o.set("arguments", arguments);
    }
    if (caller != null) {
      o.set("caller", caller);
    }
    if (chaincode != null) {
      o.put("chaincode", chaincode);
    }
    var list = o.putArray("events");
    for (Event e : events) {
      list.addObject().put("name", e.name()).set("payload", e.payload());
    }
    return o;
  }

  /** JSON text as a tree, or the text itself when it is not JSON (arguments are JSON on both ledgers; kept safe). */
  private static JsonNode readOrText(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      return Json.mapper().getNodeFactory().textNode(text);
    }
  }
}

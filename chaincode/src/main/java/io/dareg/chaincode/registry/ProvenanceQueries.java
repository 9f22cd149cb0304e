package io.dareg.chaincode.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The provenance timeline of an asset: every write of every record that concerns it (registration
 * versions, reviews, objections, certificates, encumbrances, transfers, listing checks, trades and
 * their deliveries), each with its transaction id and time, in time order. Built from the key
 * histories, so it shows what each transaction wrote, not only the latest state.
 */
final class ProvenanceQueries {
  void declare(RegistryTransactions.Declarations d) {
    d.evaluate("getProvenance", RegNoRequest.class, this::provenance);
  }

  List<ProvenanceEntry> provenance(WorldState ws, RegNoRequest req) {
    Tx tx = new Tx(ws);
    String regNo = tx.registration(req.regNo()).regNo();
    List<ProvenanceEntry> out = new ArrayList<>();
    add(ws, out, "registration", regNo, Keys.registration(regNo));
    for (String no : tx.store.indexed(Keys.reviews(regNo))) {
      add(ws, out, "review", no, Keys.review(regNo, no));
    }
    for (String no : tx.store.indexed(Keys.objectionsOf(regNo))) {
      add(ws, out, "objection", no, Keys.objection(no));
    }
    for (String no : tx.store.indexed(Keys.certificatesOf(regNo))) {
      add(ws, out, "certificate", no, Keys.certificate(no));
    }
    for (String no : tx.store.indexed(Keys.encumbrancesOf(regNo))) {
      add(ws, out, "encumbrance", no, Keys.encumbrance(no));
    }
    for (String no : tx.store.indexed(Keys.transfersOf(regNo))) {
      add(ws, out, "transfer", no, Keys.transfer(no));
    }
    for (String no : tx.store.indexed(Keys.listingChecksOf(regNo))) {
      add(ws, out, "listingCheck", no, Keys.listingCheck(no));
    }
    for (String tradeNo : tx.store.indexed(Keys.tradesOf(regNo))) {
      add(ws, out, "trade", tradeNo, Keys.trade(tradeNo));
      for (String no : tx.store.indexed(Keys.deliveriesOf(tradeNo))) {
        add(ws, out, "delivery", no, Keys.delivery(no));
      }
    }
    // Stable: records written by one transaction keep the order above.
    out.sort(Comparator.comparing(ProvenanceEntry::time));
    return out;
  }

  private static void add(WorldState ws, List<ProvenanceEntry> out, String record, String number, Key key) {
    for (WorldState.Modification m : ws.history(key)) {
      if (!m.deleted()) {
        out.add(new ProvenanceEntry(m.time(), m.txId(), record, number, state(Json.read(m.value(), JsonNode.class))));
      }
    }
  }

  /** The word that says what the record is after this write. */
  private static String state(JsonNode v) {
    if (v.has("listable")) {
      return v.get("listable").asBoolean() ? "listable" : "not listable";
    }
    if (v.has("deliveryNo")) {
      return v.hasNonNull("accepted") ? (v.get("accepted").asBoolean() ? "accepted" : "rejected") : "delivered";
    }
    if (v.has("active")) {
      return v.get("kind").asText() + (v.get("active").asBoolean() ? " active" : " released");
    }
    if (v.hasNonNull("status")) {
      return v.get("status").asText();
    }
    if (v.hasNonNull("outcome")) {
      return v.get("outcome").asText();
    }
    return v.path("kind").asText("recorded");
  }
}

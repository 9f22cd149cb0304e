package io.dareg.chaincode.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.HashMatches;
import io.dareg.core.api.HashRequest;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.json.Json;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The provenance timeline of an asset: every write of every record that concerns it (registration
 * versions, reviews, objections, certificates, encumbrances, transfers, listing checks, trades and
 * their deliveries), each with its transaction id and time, in time order. Built from the key
 * histories, so it shows what each transaction wrote, not only the latest state. Also the lookup of
 * the evidence and deliveries that carry a given hash.
 */
final class ProvenanceQueries {

  void declare(RegistryTransactions.Declarations d) {
    d.evaluate("getProvenance", RegNoRequest.class, this::provenance);
    d.evaluate("findByHash", HashRequest.class, this::findByHash);
  }

  /** Evidence whose whole-file hash or Merkle root is the hash, and deliveries whose payload root it is. */
  HashMatches findByHash(Tx tx, HashRequest req) {
    Store store = tx.store;
    java.util.TreeSet<String> evidenceNos = new java.util.TreeSet<>();
    java.util.TreeSet<String> deliveryNos = new java.util.TreeSet<>();
    for (HashAlgorithm alg : HashAlgorithm.values()) {
      evidenceNos.addAll(store.indexed(Keys.EVIDENCE_BY_HASH.all(alg, req.hash())));
      evidenceNos.addAll(store.indexed(Keys.EVIDENCE_BY_ROOT.all(alg, req.hash())));
      deliveryNos.addAll(store.indexed(Keys.DELIVERY_BY_ROOT.all(alg, req.hash())));
    }
    List<Evidence> evidence = new ArrayList<>();
    for (String no : evidenceNos) {
      evidence.add(store.require(Keys.evidence(no), Evidence.class, "evidence " + no));
    }
    List<Delivery> deliveries = new ArrayList<>();
    for (String no : deliveryNos) {
      deliveries.add(store.require(Keys.DELIVERY.record(no), Delivery.class, "delivery " + no));
    }
    return new HashMatches(evidence, deliveries);
  }

  List<ProvenanceEntry> provenance(Tx tx, RegNoRequest req) {
    io.dareg.core.model.Registration registration = tx.registration(req.regNo());
    String regNo = registration.regNo();
    List<ProvenanceEntry> out = new ArrayList<>();
    // issue 23: the asset's story starts with its evidence, whose depositor signed too
    for (String no : registration.evidenceNos()) {
      add(tx, out, "evidence", no, Keys.evidence(no));
    }
    add(tx, out, "registration", regNo, Keys.registration(regNo));
    for (String no : tx.store.indexed(Keys.reviews(regNo))) {
      add(tx, out, "review", no, Keys.review(regNo, no));
    }
    for (String no : tx.store.indexed(Keys.OBJECTION.all(regNo))) {
      add(tx, out, "objection", no, Keys.OBJECTION.record(no));
    }
    for (String no : tx.store.indexed(Keys.CERTIFICATE.all(regNo))) {
      add(tx, out, "certificate", no, Keys.CERTIFICATE.record(no));
    }
    for (String no : tx.store.indexed(Keys.CHANGE.all(regNo))) {
      add(tx, out, "change", no, Keys.CHANGE.record(no)); // issue 20
    }
    for (String no : tx.store.indexed(Keys.ENCUMBRANCE.all(regNo))) {
      add(tx, out, "encumbrance", no, Keys.ENCUMBRANCE.record(no));
    }
    for (String no : tx.store.indexed(Keys.TRANSFER.all(regNo))) {
      add(tx, out, "transfer", no, Keys.TRANSFER.record(no));
    }
    for (String no : tx.store.indexed(Keys.LISTING_CHECK.all(regNo))) {
      add(tx, out, "listingCheck", no, Keys.LISTING_CHECK.record(no));
    }
    for (String tradeNo : tx.store.indexed(Keys.TRADE.all(regNo))) {
      add(tx, out, "trade", tradeNo, Keys.TRADE.record(tradeNo));
      for (String no : tx.store.indexed(Keys.DELIVERY.all(tradeNo))) {
        add(tx, out, "delivery", no, Keys.DELIVERY.record(no));
      }
    }
    // Stable: records written by one transaction keep the order above.
    out.sort(Comparator.comparing(ProvenanceEntry::time));
    return out;
  }

  private static void add(Tx tx, List<ProvenanceEntry> out, String record, String number, Key key) {
    for (WorldState.Modification m : tx.ws.history(key)) {
      if (!m.deleted()) {
        out.add(new ProvenanceEntry(m.time(), m.txId(), record, number, state(Json.read(m.value(), JsonNode.class)),
            SignedActs.signerOf(tx.ws, m.txId())));
      }
    }
  }

  /** The word that says what the record is after this write. */
  private static String state(JsonNode v) {
    if (v.has("evidenceNo") && v.has("algorithm")) {
      return "deposited " + v.get("algorithm").asText();
    }
    if (v.has("listable")) {
      return v.get("listable").asBoolean() ? "listable" : "not listable";
    }
    if (v.has("deliveryNo")) {
      if (v.hasNonNull("deletedAt")) {
        return "deleted";
      }
      if (v.hasNonNull("completedAt")) {
        return "completed";
      }
      return v.hasNonNull("accepted") ? (v.get("accepted").asBoolean() ? "accepted" : "rejected") : "delivered";
    }
    if (v.has("tradeNo") && v.has("pricingMethod")) {
      return v.hasNonNull("dispute") ? v.get("dispute").asText() : v.hasNonNull("settledAt") ? "settled" : v.get("kind").asText();
    }
    if (v.has("active")) {
      return v.get("kind").asText() + (v.get("active").asBoolean() ? " active" : " released");
    }
    if (v.hasNonNull("supersededBy")) {
      return v.get("status").asText() + " by " + v.get("supersededBy").asText(); // issue 20: "SUPERSEDED by <certNo>"
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

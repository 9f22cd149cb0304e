package io.dareg.gateway.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.cert.Certificate;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.LedgerEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The judicial extract (司法存证摘录) of one asset's evidence chain, as canonical JSON: every record
 * of the asset (evidence, registration steps, reviews, notice, objections, certificates,
 * encumbrances, transfers, listing checks, trades with their settlement and disputes, deliveries)
 * with its time, transaction id, block number, the parties its record names, who signed the act as
 * the ledger's rules verified it (issue 23), the identity that sent the transaction where this
 * gateway's audit log holds it, the SHA-256 of the transaction's
 * committed result, and that result itself, so each hash can be recomputed; and the signatures the
 * registry made over the asset's certificates.
 */
public final class JudicialExtract {
  /** The media type of the extract's JSON. */
  public static final String MEDIA_TYPE = "application/vnd.dareg.judicial-extract+json;version=1";

  /** Fields of a committed result that name a party to the step. */
  private static final List<String> PARTIES = List.of(
      "applicant", "reviewer", "objector", "declaredBy", "checkedBy", "exchange", "seller", "buyer", "grantor",
      "counterparty", "from", "to");

  private JudicialExtract() {}

  /**
   * One record of the asset as the provenance timeline and the evidence deposits list it.
   *
   * @param time when it was written
   * @param txId the transaction that wrote it
   * @param record what kind of record
   * @param number its number
   * @param state its state after the write
   * @param signedBy who signed the act, as the ledger's rules verified it; null for an act without a
   *     signed request (a ledger initialised before issue 23, or a service transaction such as a sweep)
   */
  public record Step(Instant time, String txId, String record, String number, String state, IdentityRef signedBy) {}

  /**
   * Builds the extract.
   *
   * @param registration the registration as the ledger reports it now
   * @param steps the asset's records, in any order
   * @param events the committed events of the steps' transactions, by transaction id
   * @param senders who sent each transaction, by transaction id, where known
   * @param certificates the signed certificate documents of the asset
   * @param about registry name, extracting identity, time and ledger height
   */
  public static ObjectNode build(JsonNode registration, List<Step> steps, Map<String, LedgerEvent> events,
      Map<String, IdentityRef> senders, List<Certificate> certificates, About about) {
    ObjectNode x = Json.mapper().createObjectNode();
    x.put("mediaType", MEDIA_TYPE);
    x.put("regNo", registration.path("regNo").asText());
    x.put("registryName", about.registryName());
    x.put("extractedAt", about.at().toString());
    x.set("extractedBy", Json.mapper().valueToTree(about.by()));
    x.put("ledgerHeight", about.height());
    ObjectNode asset = x.putObject("asset");
    asset.put("name", registration.path("asset").path("name").asText());
    asset.put("version", registration.path("asset").path("version").asText());
    asset.put("status", registration.path("status").asText());
    asset.put("profile", registration.path("profile").asText());
    asset.set("holders", registration.path("holders").deepCopy());
    List<Step> ordered = new ArrayList<>(steps);
    // In time order; steps of one instant in the order of their blocks.
    ordered.sort(Comparator.comparing(Step::time).thenComparingLong(s -> {
      LedgerEvent e = events.get(s.txId());
      return e == null ? Long.MAX_VALUE : e.blockNumber();
    }));
    ArrayNode records = x.putArray("records");
    ObjectNode results = Json.mapper().createObjectNode();
    int seq = 0;
    for (Step s : ordered) {
      ObjectNode r = records.addObject();
      r.put("seq", ++seq);
      r.put("time", s.time().toString());
      r.put("record", s.record());
      r.put("number", s.number());
      r.put("state", s.state());
      r.put("txId", s.txId());
      LedgerEvent e = events.get(s.txId());
      if (e == null) {
        r.putNull("block");
        r.putNull("transaction");
        r.putNull("resultHash");
      } else {
        JsonNode result = parse(e.payloadJson());
        r.put("block", e.blockNumber());
        r.put("transaction", e.name());
        r.put("resultHash", Hashes.hex(HashAlgorithm.SHA256, e.payloadJson().getBytes(StandardCharsets.UTF_8)));
        ObjectNode parties = Json.mapper().createObjectNode();
        for (String f : PARTIES) {
          if (result.hasNonNull(f)) {
            parties.set(f, result.get(f));
          }
        }
        r.set("parties", parties);
        results.set(s.txId(), result);
      }
      if (s.signedBy() == null) {
        r.putNull("signedBy");
      } else {
        r.set("signedBy", Json.mapper().valueToTree(s.signedBy()));
      }
      IdentityRef sender = senders.get(s.txId());
      if (sender == null) {
        r.putNull("sentBy");
      } else {
        r.set("sentBy", Json.mapper().valueToTree(sender));
      }
    }
    ArrayNode sigs = x.putArray("signatures");
    for (Certificate c : certificates) {
      ObjectNode s = sigs.addObject();
      s.put("document", "certificate " + c.payload().certNo());
      s.put("mediaType", c.mediaType());
      s.put("certificateHash", c.certificateHash());
      s.set("signature", Json.mapper().valueToTree(c.signature()));
    }
    x.set("results", results);
    return x;
  }

  /** The transaction ids the extract needs events of. */
  public static Set<String> transactions(List<Step> steps) {
    Set<String> ids = new java.util.HashSet<>();
    steps.forEach(s -> ids.add(s.txId()));
    return ids;
  }

  /**
   * What the extract says of itself.
   *
   * @param registryName the registry
   * @param by who asked for it
   * @param at when it was made
   * @param height the ledger height it was read at
   */
  public record About(String registryName, IdentityRef by, Instant at, long height) {}

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.dareg.gateway.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The alerts derived from acts in log order, and the acts read from both ledgers' log entries. */
class AlertRulesTest {
  private final List<byte[]> log = new CopyOnWriteArrayList<>();

  private static ObjectNode obj() {
    return Json.mapper().createObjectNode();
  }

  /** An embedded ledger's entry: a transaction with its event. */
  private void commit(String time, String name, ObjectNode args, String eventName, ObjectNode payload) {
    ObjectNode tx = obj().put("txId", String.format("%064x", log.size())).put("time", time).put("name", name)
        .put("args", CanonicalJson.toString(args));
    if (eventName != null) {
      tx.put("eventName", eventName).put("eventPayload", CanonicalJson.toString(payload));
    }
    log.add(CanonicalJson.toString(tx).getBytes(StandardCharsets.UTF_8));
  }

  private List<Alert> derive() {
    AlertRules rules = new AlertRules();
    List<Alert> all = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      all.addAll(rules.next(Act.parse(i, log.get(i))));
    }
    return all;
  }

  @Test
  void a_registration_flagged_with_a_peer_registrys_signed_answer_is_alerted() {
    ObjectNode flagged = obj().put("regNo", "DR-20261206-0003").put("status", "FORMAL_REVIEW");
    flagged.putArray("duplicateOf").add("SZ-20261201-0009");
    commit("2026-12-06T01:00:00Z", "recordPeerDuplicate", obj().put("regNo", "DR-20261206-0003"), "recordPeerDuplicate", flagged);
    List<Alert> alerts = derive();
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Alert.Kind.DUPLICATE_FLAGGED);
      assertThat(a.registry()).isEqualTo("DR");
      assertThat(a.details().path("otherRegistries").toString()).isEqualTo("[\"SZ\"]");
      assertThat(a.toJson().path("kind").asText()).isEqualTo("duplicate-flagged");
    });
  }

  @Test
  void an_application_the_rules_find_registered_elsewhere_is_alerted_and_a_correction_that_keeps_its_evidence_is_not() {
    ObjectNode application = obj().put("regNo", "GD-20261206-0002").put("status", "SUBMITTED");
    application.putArray("duplicateOf").add("DR-20261201-0009").add("SZ-20261130-0001");
    application.putArray("evidenceNos").add("EV-7");
    commit("2026-12-06T01:00:00Z", "submit", obj(), "submit", application);
    commit("2026-12-06T02:00:00Z", "correct", obj().put("regNo", "GD-20261206-0002"), "correct", application);
    ObjectNode newEvidence = obj().put("regNo", "GD-20261206-0002");
    newEvidence.putArray("evidenceNos").add("EV-8");
    commit("2026-12-06T03:00:00Z", "correct", newEvidence, "correct", application);
    List<Alert> alerts = derive();
    assertThat(alerts).extracting(Alert::id).containsExactly("0/1", "2/1");
    Alert a = alerts.get(0);
    assertThat(a.kind()).isEqualTo(Alert.Kind.DUPLICATE_FLAGGED);
    assertThat(a.registry()).isEqualTo("GD");
    assertThat(a.details().path("otherRegNos").toString()).isEqualTo("[\"DR-20261201-0009\",\"SZ-20261130-0001\"]");
    assertThat(a.details().path("otherRegistries").toString()).isEqualTo("[\"DR\",\"SZ\"]");
  }

  @Test
  void a_registration_with_its_evidence_found_registered_elsewhere_is_alerted_as_its_application() {
    ObjectNode registered = obj();
    registered.putArray("evidence").addObject().put("evidenceNo", "EV-9").put("algorithm", "SM3");
    ObjectNode application = registered.putObject("registration").put("regNo", "GD-20261206-0004").put("status", "SUBMITTED");
    application.putArray("duplicateOf").add("DR-20261201-0009");
    application.putArray("evidenceNos").add("EV-9");
    commit("2026-12-06T01:00:00Z", "register", obj(), "register", registered);
    assertThat(derive()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Alert.Kind.DUPLICATE_FLAGGED);
      assertThat(a.subject()).isEqualTo("GD-20261206-0004");
      assertThat(a.details().path("evidenceNos").toString()).isEqualTo("[\"EV-9\"]");
    });
  }

  @Test
  void a_resolved_dispute_and_a_suspension_raise_nothing() {
    commit("2026-12-06T01:00:00Z", "recordDispute", obj(), "recordDispute", obj().put("tradeNo", "TR-1").put("regNo", "DR-1")
        .put("dispute", "RESOLVED"));
    commit("2026-12-06T01:00:01Z", "suspend", obj(), "suspend", obj().put("regNo", "DR-1").put("status", "SUSPENDED"));
    assertThat(derive()).isEmpty();
  }

  @Test
  void an_act_carries_the_signed_request_it_was_made_with_on_either_ledger() {
    ObjectNode signed = obj().put("format", "dareg-signed-request/1").put("operation", "revoke");
    signed.putObject("arguments").put("regNo", "DR-1");
    commit("2026-12-06T01:00:00Z", "revoke", signed, null, null);
    Act embedded = Act.parse(0, log.get(0));
    assertThat(embedded.signedRequest()).isEqualTo(signed);
    assertThat(embedded.arguments()).isNull();
    assertThat(embedded.events()).isEmpty();

    ObjectNode fabric = obj().put("format", "dareg-fabric-entry/1").put("channel", "registry").put("block", 7).put("index", 0)
        .put("txId", "f".repeat(64)).put("time", "2026-12-06T01:00:00Z").put("chaincode", "dareg").put("function", "dareg:revoke")
        .put("argument", CanonicalJson.toString(signed));
    Act onFabric = Act.parse(3, CanonicalJson.toString(fabric).getBytes(StandardCharsets.UTF_8));
    assertThat(onFabric.operation()).isEqualTo("revoke");
    assertThat(onFabric.signedRequest()).isEqualTo(signed);
    assertThat(onFabric.toJson().path("position").asLong()).isEqualTo(3);
  }

  /** A Fabric entry: the transaction and its signed request, no event. */
  private void commitOnFabric(String txId, String time, String function, ObjectNode arguments) {
    ObjectNode signed = obj().put("format", "dareg-signed-request/1").put("operation", function);
    signed.set("arguments", arguments);
    log.add(CanonicalJson.toString(obj().put("format", "dareg-fabric-entry/1").put("channel", "registry").put("txId", txId)
        .put("time", time).put("chaincode", "dareg").put("function", "dareg:" + function).put("argument", CanonicalJson.toString(signed)))
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The ledger's records as a map: registrations by number and writing transaction, trades and change applications by number. */
  private static final class Records implements LedgerRecords {
    final java.util.Map<String, ObjectNode> left = new java.util.HashMap<>();
    final java.util.Map<String, ObjectNode> trades = new java.util.HashMap<>();
    final List<String> asked = new ArrayList<>();
    boolean down;
    String chaincode;

    @Override
    public String chaincode() {
      return chaincode;
    }

    @Override
    public com.fasterxml.jackson.databind.JsonNode registrationLeftBy(String regNo, String txId) {
      asked.add(regNo + "@" + txId);
      if (down) {
        throw new LedgerRecords.Unavailable("the peer does not answer", null);
      }
      return left.get(regNo + "@" + txId);
    }

    @Override
    public com.fasterxml.jackson.databind.JsonNode trade(String tradeNo) {
      return trades.get(tradeNo);
    }

    @Override
    public com.fasterxml.jackson.databind.JsonNode change(String changeNo) {
      return null;
    }

    @Override
    public String firstRegistry() {
      return "DR";
    }
  }

  private List<Alert> derive(LedgerRecords records) {
    AlertRules rules = new AlertRules(records);
    List<Alert> all = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      all.addAll(rules.next(Act.parse(i, log.get(i))));
    }
    return all;
  }

  @Test
  void another_chaincodes_transaction_on_the_channel_reads_nothing_and_raises_nothing() {
    Records ledger = new Records();
    ledger.chaincode = "dareg";
    // a contract beside the registry's whose argument happens to name a registration, as bench's minimal contract's does
    ObjectNode value = obj().put("regNo", "DR-20261206-0001").put("status", "REVOKED");
    log.add(CanonicalJson.toString(obj().put("format", "dareg-fabric-entry/1").put("channel", "registry").put("txId", "e".repeat(64))
        .put("time", "2026-12-06T01:00:00Z").put("chaincode", "benchput").put("function", "put")
        .put("argument", CanonicalJson.toString(value))).getBytes(StandardCharsets.UTF_8));
    commitOnFabric("d".repeat(64), "2026-12-06T01:00:01Z", "revoke", obj().put("regNo", "DR-20261206-0001"));
    assertThat(Act.parse(0, log.get(0)).chaincode()).isEqualTo("benchput");
    assertThat(Act.parse(0, log.get(0)).toJson().path("chaincode").asText()).isEqualTo("benchput");
    derive(ledger);
    assertThat(ledger.asked).as("only the registry's own act is read back").containsExactly("DR-20261206-0001@" + "d".repeat(64));
  }

  @Test
  void on_fabric_entries_without_events_the_alerts_come_from_the_records_the_acts_left_read_through_the_ledger() {
    Records ledger = new Records();
    String submitTx = "a1b2c3d4e5f6a7b8c9d0".repeat(3) + "abcd";
    String submitTime = "2026-12-06T01:00:00Z";
    // an application names no number: the rules numbered it from its transaction, and the feed finds it so
    String regNo = io.dareg.chaincode.registry.RecordNumbers.number("SZ", submitTx, java.time.Instant.parse(submitTime), 0);
    assertThat(regNo).isEqualTo("SZ-20261206-A1B2C3D4E5F6");
    ObjectNode application = obj().put("regNo", regNo).put("status", "SUBMITTED");
    application.putArray("duplicateOf").add("DR-20261201-0009");
    application.putArray("evidenceNos").add("EV-7");
    ledger.left.put(regNo + "@" + submitTx, application);
    commitOnFabric(submitTx, submitTime, "submit", obj().put("registry", "SZ"));
    // a revocation: the registration as this very transaction left it, reason and all
    ledger.left.put("DR-1@" + "b".repeat(64), obj().put("regNo", "DR-1").put("status", "REVOKED").put("reason", "ORDER (2026)津01: court order"));
    commitOnFabric("b".repeat(64), "2026-12-06T02:00:00Z", "revoke", obj().put("regNo", "DR-1").put("basis", "ORDER"));
    // a dispute: the trade as it stands now (resolved since), with the act's own dispute
    ledger.trades.put("TD-1", obj().put("tradeNo", "TD-1").put("regNo", "DR-2").put("exchange", "ExchangeMSP").put("dispute", "RESOLVED")
        .put("disputeHash", "ee".repeat(32)));
    commitOnFabric("c".repeat(64), "2026-12-06T03:00:00Z", "recordDispute", obj().put("tradeNo", "TD-1").put("status", "DISPUTED")
        .put("documentHash", "dd".repeat(32)));
    commitOnFabric("d".repeat(64), "2026-12-06T04:00:00Z", "recordDispute", obj().put("tradeNo", "TD-1").put("status", "RESOLVED")
        .put("documentHash", "ee".repeat(32)));
    // an act that wrote no registration raises nothing
    commitOnFabric("e".repeat(64), "2026-12-06T05:00:00Z", "suspend", obj().put("regNo", "DR-3"));

    assertThat(derive()).as("without the ledger, nothing").isEmpty();
    List<Alert> alerts = derive(ledger);
    assertThat(alerts).extracting(Alert::id, Alert::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("0/1", Alert.Kind.DUPLICATE_FLAGGED),
        org.assertj.core.groups.Tuple.tuple("1/1", Alert.Kind.CERTIFICATE_REVOKED),
        org.assertj.core.groups.Tuple.tuple("2/1", Alert.Kind.TRADE_DISPUTED));
    assertThat(alerts.get(0).registry()).isEqualTo("SZ");
    assertThat(alerts.get(0).details().path("otherRegistries").toString()).isEqualTo("[\"DR\"]");
    assertThat(alerts.get(1).details().path("reason").asText()).isEqualTo("ORDER (2026)津01: court order");
    assertThat(alerts.get(2).subject()).isEqualTo("DR-2");
    assertThat(alerts.get(2).details().path("disputeHash").asText()).isEqualTo("dd".repeat(32));
    assertThat(alerts.get(2).details().path("exchange").asText()).isEqualTo("ExchangeMSP");
  }

  @Test
  void a_read_the_ledger_does_not_answer_leaves_the_rules_as_they_were_so_the_act_is_fed_again() {
    Records ledger = new Records();
    ledger.left.put("DR-1@" + "b".repeat(64), obj().put("regNo", "DR-1").put("status", "REVOKED").put("reason", "FRAUD: forged"));
    commitOnFabric("b".repeat(64), "2026-12-06T02:00:00Z", "revoke", obj().put("regNo", "DR-1").put("basis", "FRAUD"));
    AlertRules rules = new AlertRules(ledger);
    Act act = Act.parse(0, log.get(0));
    ledger.down = true;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rules.next(act)).isInstanceOf(LedgerRecords.Unavailable.class);
    ledger.down = false;
    assertThat(rules.next(act)).extracting(Alert::kind).containsExactly(Alert.Kind.CERTIFICATE_REVOKED);
  }

  @Test
  void the_feed_serves_a_position_only_with_its_alerts_derived_and_says_when_it_has_more() throws Exception {
    commit("2026-12-06T01:00:00Z", "revoke", obj(), "revoke", obj().put("regNo", "DR-20261206-0001").put("status", "REVOKED")
        .put("reason", "ORDER (2026)津01: court order"));
    List<Long> told = new CopyOnWriteArrayList<>();
    try (SupervisionFeed feed = SupervisionFeed.start(new SupervisionFeed.Entries() {
      @Override
      public long size() {
        return log.size();
      }

      @Override
      public byte[] entry(long index) {
        return log.get((int) index);
      }
    })) {
      SupervisionFeed[] f = {feed};
      feed.whenDerived(() -> told.add(f[0].derived()));
      waitFor(() -> feed.derived() == 1);
      List<SupervisionFeed.Item> items = feed.read(0, 10, 1 << 20);
      assertThat(items).hasSize(1);
      assertThat(items.get(0).alerts()).extracting(Alert::kind).containsExactly(Alert.Kind.CERTIFICATE_REVOKED);
      assertThat(feed.read(1, 10, 1 << 20)).isEmpty();
      commit("2026-12-06T01:00:01Z", "sweep", obj(), null, null);
      waitFor(() -> feed.derived() == 2);
      assertThat(feed.read(1, 10, 1 << 20)).extracting(i -> i.act().operation()).containsExactly("sweep");
      waitFor(() -> told.contains(2L));
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}

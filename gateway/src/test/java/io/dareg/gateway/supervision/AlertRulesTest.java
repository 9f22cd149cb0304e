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

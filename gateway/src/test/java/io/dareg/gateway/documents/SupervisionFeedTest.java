package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.supervision.Act;
import io.dareg.gateway.supervision.AlertRules;
import io.dareg.gateway.supervision.LedgerRecords;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The regulator's supervision feed (issue 25) over HTTP from a real gateway: every act once, in log order, resumed
 * after a disconnect with Last-Event-ID, with the alerts of what happened while the regulator was away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupervisionFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private RunningGateway gateway;
  private String feed;

  @BeforeAll
  void start() throws Exception {
    gateway = new RunningGateway();
    feed = gateway.base() + "/api/v1/supervision/feed";
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  private FeedReader open(String query, String lastEventId) throws Exception {
    FeedReader r = FeedReader.open(feed + query, gateway.token("regulator"), lastEventId);
    assertThat(r.response().statusCode()).isEqualTo(200);
    assertThat(r.response().headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    return r;
  }

  /** Events until the act at the log's last position now, and the alerts that follow it. */
  private List<FeedReader.Event> toTheEnd(FeedReader r) throws Exception {
    long last = gateway.logSize() - 1;
    List<FeedReader.Event> events = new ArrayList<>(r.until(e -> e.name().equals("act") && e.data().path("position").asLong() == last, WAIT));
    events.addAll(r.drain(Duration.ofMillis(500)));
    return events;
  }

  private static List<Long> actPositions(List<FeedReader.Event> events) {
    return events.stream().filter(e -> e.name().equals("act")).map(e -> Long.parseLong(e.id())).toList();
  }

  private static List<JsonNode> alerts(List<FeedReader.Event> events, String kind) {
    return events.stream().filter(e -> e.name().equals("alert") && e.data().path("kind").asText().equals(kind))
        .map(FeedReader.Event::data).toList();
  }

  @Test
  void a_regulator_resumes_after_a_disconnect_with_no_gap_and_no_repeat_and_hears_what_happened_meanwhile() throws Exception {
    List<FeedReader.Event> first;
    try (FeedReader r = open("?from=0", null)) {
      first = toTheEnd(r);
    }
    assertThat(actPositions(first)).containsExactlyElementsOf(LongStream.range(0, gateway.logSize()).boxed().toList());
    JsonNode init = first.get(0).data();
    assertThat(init.path("operation").asText()).isEqualTo("initLedger");
    assertThat(init.path("txId").asText()).matches("[0-9a-f]{64}");
    assertThat(init.path("events").get(0).path("name").asText()).isEqualTo("initLedger");
    String lastSeen = first.get(first.size() - 1).id();

    // While the regulator is away: an asset issued, licensed and disputed, then revoked; and an application whose
    // formal review is still running when the ledger's clock passes its deadline.
    String regNo = gateway.issued();
    gateway.post("registrar", "/registrations/" + regNo + "/certificates", Json.mapper().createObjectNode());
    String tradeNo = gateway.licence(regNo);
    gateway.dispute(tradeNo);
    gateway.revoke(regNo);
    String waiting = gateway.submitted();
    gateway.post("registrar", "/registrations/" + waiting + "/formal-review/start", Json.mapper().createObjectNode());
    gateway.at(gateway.now().plus(Duration.ofDays(60)));
    gateway.submitted(); // the next act: the ledger's clock is past the deadline

    try (FeedReader r = open("", lastSeen)) {
      List<FeedReader.Event> second = toTheEnd(r);
      List<Long> all = new ArrayList<>(actPositions(first));
      all.addAll(actPositions(second));
      assertThat(all).as("every act once, in order").containsExactlyElementsOf(LongStream.range(0, gateway.logSize()).boxed().toList());

      JsonNode revoked = alerts(second, "certificate-revoked").get(0);
      assertThat(revoked.path("subject").asText()).isEqualTo(regNo);
      assertThat(revoked.path("registry").asText()).isEqualTo("DR");
      assertThat(revoked.path("details").path("reason").asText()).contains("court order");
      JsonNode disputed = alerts(second, "trade-disputed").get(0);
      assertThat(disputed.path("details").path("tradeNo").asText()).isEqualTo(tradeNo);
      assertThat(disputed.path("subject").asText()).isEqualTo(regNo);
      JsonNode overdue = alerts(second, "review-overdue").get(0);
      assertThat(overdue.path("subject").asText()).isEqualTo(waiting);
      assertThat(overdue.path("details").path("review").asText()).isEqualTo("formal");
      assertThat(Instant.parse(overdue.path("time").asText())).isAfter(Instant.parse(overdue.path("details").path("due").asText()));
      // an alert's id is its act's position and its place among that act's alerts
      FeedReader.Event disputeEvent = second.stream().filter(e -> e.data() == disputed).findFirst().orElseThrow();
      assertThat(disputeEvent.id()).isEqualTo(disputed.path("position").asLong() + "/1");
      JsonNode disputeAct = second.stream().filter(e -> e.name().equals("act") && e.id().equals(String.valueOf(disputed.path("position").asLong())))
          .findFirst().orElseThrow().data();
      assertThat(disputeAct.path("operation").asText()).isEqualTo("recordDispute");
      assertThat(disputeAct.path("arguments").path("tradeNo").asText()).isEqualTo(tradeNo);

      // live: an act committed while the stream is open follows at once
      long next = gateway.logSize();
      gateway.submitted();
      List<FeedReader.Event> live = r.until(e -> e.name().equals("act") && e.data().path("position").asLong() == gateway.logSize() - 1, WAIT);
      assertThat(actPositions(live)).containsExactlyElementsOf(LongStream.range(next, gateway.logSize()).boxed().toList());

      // resuming after an act gives its alerts, then the next act; after an alert, the next act only
      long p = disputed.path("position").asLong();
      try (FeedReader afterAct = open("", String.valueOf(p))) {
        List<FeedReader.Event> two = afterAct.until(e -> e.name().equals("act"), WAIT);
        assertThat(two).extracting(FeedReader.Event::id).containsExactly(p + "/1", String.valueOf(p + 1));
      }
      try (FeedReader afterAlert = open("?from=0", p + "/1")) {
        assertThat(afterAlert.until(e -> true, WAIT)).extracting(FeedReader.Event::id).containsExactly(String.valueOf(p + 1));
      }
    }
  }

  @Test
  void the_same_position_gives_the_same_act_and_alerts_whoever_reads_it_when() throws Exception {
    long size = gateway.logSize();
    List<FeedReader.Event> once;
    List<FeedReader.Event> again;
    try (FeedReader r = open("?from=0", null)) {
      once = r.until(e -> e.name().equals("act") && e.data().path("position").asLong() == size - 1, WAIT);
    }
    try (FeedReader r = open("?from=0", null)) {
      again = r.until(e -> e.name().equals("act") && e.data().path("position").asLong() == size - 1, WAIT);
    }
    assertThat(again).isEqualTo(once);
    assertThat(once.get(0).id()).isEqualTo("0");
  }

  @Test
  void the_same_data_applied_for_at_a_second_registry_is_alerted_as_a_duplicate_naming_the_first() throws Exception {
    gateway.newIdentity("admin2", "Registry2MSP", "admin", io.dareg.core.crypto.SignatureAlgorithm.ECDSA_P256_SHA256);
    gateway.post("admin2", "/registries", Json.mapper().createObjectNode().put("code", "SZ").put("name", "深圳数据资产登记中心")
        .put("defaultProfile", "TJ-DIP"));
    String first = gateway.submitted("holder", "一份两地登记的数据", null);
    String second = gateway.submitted("stranger", "一份两地登记的数据", "SZ");
    assertThat(second).startsWith("SZ-");
    long last = gateway.logSize() - 1;
    try (FeedReader r = open("?from=0", null)) {
      List<FeedReader.Event> events = new ArrayList<>(r.until(e -> e.name().equals("act") && e.data().path("position").asLong() == last, WAIT));
      events.addAll(r.drain(Duration.ofMillis(500)));
      JsonNode duplicate = alerts(events, "duplicate-flagged").stream()
          .filter(a -> a.path("subject").asText().equals(second)).findFirst().orElseThrow();
      assertThat(duplicate.path("registry").asText()).isEqualTo("SZ");
      assertThat(duplicate.path("details").path("otherRegNos").get(0).asText()).isEqualTo(first);
      assertThat(duplicate.path("details").path("otherRegistries").get(0).asText()).isEqualTo("DR");
    }
  }

  /**
   * Issue 25 on Fabric: a Fabric entry holds the transaction and its signed request but not the chaincode event. The same
   * acts, their entries stripped to what a Fabric entry holds, give the same alerts read through the ledger as the embedded
   * entries give from their events.
   */
  @Test
  void entries_without_events_give_the_same_alerts_read_through_the_ledger() throws Exception {
    String regNo = gateway.issued();
    gateway.post("registrar", "/registrations/" + regNo + "/certificates", Json.mapper().createObjectNode());
    gateway.dispute(gateway.licence(regNo));
    gateway.revoke(regNo);
    String waiting = gateway.submitted();
    gateway.post("registrar", "/registrations/" + waiting + "/formal-review/start", Json.mapper().createObjectNode());
    gateway.at(gateway.now().plus(Duration.ofDays(60)));
    gateway.newIdentity("admin3", "Registry3MSP", "admin", io.dareg.core.crypto.SignatureAlgorithm.ECDSA_P256_SHA256);
    gateway.post("admin3", "/registries", Json.mapper().createObjectNode().put("code", "GZ").put("name", "广州数据交易所登记中心")
        .put("defaultProfile", "TJ-DIP"));
    gateway.submitted("holder", "两地登记的同一份数据", null);
    String copy = gateway.submitted("stranger", "两地登记的同一份数据", "GZ");

    AlertRules fromEvents = new AlertRules();
    AlertRules fromLedger = new AlertRules(LedgerRecords.of(gateway.ledger(), ApiServer.SERVICE_CALLER));
    List<JsonNode> expected = new ArrayList<>();
    List<JsonNode> derived = new ArrayList<>();
    for (long p = 0; p < gateway.logSize(); p++) {
      byte[] entry = gateway.logEntry(p);
      fromEvents.next(Act.parse(p, entry)).forEach(a -> expected.add(a.toJson()));
      Act onFabric = Act.parse(p, fabricEntry(entry));
      assertThat(onFabric.events()).isEmpty();
      fromLedger.next(onFabric).forEach(a -> derived.add(a.toJson()));
    }
    assertThat(expected).extracting(a -> a.path("kind").asText())
        .contains("certificate-revoked", "trade-disputed", "review-overdue", "duplicate-flagged");
    assertThat(expected).anySatisfy(a -> assertThat(a.path("subject").asText()).isEqualTo(copy));
    assertThat(derived).containsExactlyElementsOf(expected);
  }

  /** What a Fabric entry (dareg-fabric-entry/1) holds of an embedded one: the transaction, its time and arguments, no event. */
  private static byte[] fabricEntry(byte[] embedded) throws Exception {
    JsonNode tx = Json.mapper().readTree(embedded);
    com.fasterxml.jackson.databind.node.ObjectNode f = Json.mapper().createObjectNode()
        .put("format", io.dareg.core.ledger.FabricLogEntries.FORMAT).put("channel", "registry").put("txId", tx.path("txId").asText())
        .put("time", tx.path("time").asText()).put("chaincode", "dareg").put("function", "dareg:" + tx.path("name").asText());
    if (tx.hasNonNull("args")) {
      f.put("argument", tx.path("args").asText());
    }
    return Json.mapper().writeValueAsBytes(f);
  }

  @Test
  void only_a_regulator_reads_the_feed() throws Exception {
    HttpResponse<byte[]> holder = gateway.get("holder", "/api/v1/supervision/feed");
    assertThat(holder.statusCode()).isEqualTo(403);
    assertThat(holder.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    HttpResponse<byte[]> exchange = gateway.get("exchange", "/api/v1/supervision/feed");
    assertThat(exchange.statusCode()).isEqualTo(403);
    HttpResponse<byte[]> anonymous = gateway.get("/api/v1/supervision/feed");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(new String(anonymous.body(), StandardCharsets.UTF_8)).contains("Authorization: Bearer");
  }

  @Test
  void a_malformed_position_is_refused_with_what_to_send_instead() throws Exception {
    HttpResponse<byte[]> from = gateway.get("regulator", "/api/v1/supervision/feed?from=last");
    assertThat(from.statusCode()).isEqualTo(400);
    assertThat(new String(from.body(), StandardCharsets.UTF_8)).contains("?from= is the first log position wanted");
    // Read plainly, not through FeedReader, whose thread would read (and close) the refusal's body at the same time.
    HttpResponse<String> bad = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(feed))
        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + gateway.token("regulator"))
        .header("Last-Event-ID", "yesterday").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("N/K (an alert)");
  }
}

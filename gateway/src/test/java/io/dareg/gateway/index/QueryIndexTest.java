package io.dareg.gateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.api.TradeQuery;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Role;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.TradeKind;
import io.dareg.core.model.UpdateFrequency;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.ForwardingLedger;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.Subscription;
import io.dareg.gateway.ledger.UnavailableException;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The query index over a real embedded ledger: every filter and their combinations page through
 * exactly what the ledger holds, in time order, without gaps or duplicates; a restart resumes, a
 * deleted, torn or damaged index is rebuilt, and the answers stay the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryIndexTest {
  private static final Caller ADMIN = caller("RegistryMSP", "admin", null, true);
  private static final Caller REGISTRAR = caller("RegistryMSP", "registrar", "registrar", false);
  private static final Caller REVIEWER = caller("ReviewMSP", "reviewer", null, false);
  private static final Caller EXCHANGE = caller("ExchangeMSP", "exchange-1", "exchange", false);
  private static final Caller EXCHANGE2 = caller("Exchange2MSP", "exchange-2", "exchange", false);
  private static final List<Caller> HOLDERS = List.of(
      caller("EnterpriseMSP", "alice", null, false), caller("EnterpriseMSP", "bob", null, false),
      caller("EnterpriseMSP", "carol", null, false), caller("EnterpriseMSP", "dave", null, false));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final List<String> accounts = new ArrayList<>();
  private final Map<String, JsonNode> trades = new LinkedHashMap<>();
  private final Map<String, JsonNode> deliveries = new LinkedHashMap<>();
  private final List<String> regNos = new ArrayList<>();
  private Path dir;
  private EmbeddedLedger ledger;
  private Instant middle;

  @BeforeAll
  void recordTradesAndDeliveries() throws Exception {
    dir = Files.createTempDirectory("dareg-index-test");
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    submit(ADMIN, "initLedger", new InitLedgerRequest("RegistryMSP", "测试登记中心", "TJ-DIP"));
    submit(ADMIN, "grantRole", new GrantRoleRequest(REVIEWER.identity(), Role.REVIEWER));
    for (int i = 0; i < HOLDERS.size(); i++) {
      accounts.add(submit(REGISTRAR, "openAccount", new OpenAccountRequest(hash("credit " + i), "公司 " + i, AccountKind.ENTERPRISE,
          List.of(HOLDERS.get(i).identity()))).path("accountId").asText());
    }
    // Five assets: two of the first holder, one each of the next three.
    int[] owners = {0, 0, 1, 2, 3};
    List<JsonNode> notices = new ArrayList<>();
    for (int i = 0; i < owners.length; i++) {
      Caller holder = HOLDERS.get(owners[i]);
      String ev = submit(holder, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash("data " + i), null, 10, "dareg", null))
          .path("evidenceNo").asText();
      String regNo = submit(holder, "submit", new SubmitRequest(null, RightType.HOLDING, asset(i), List.of(), List.of(ev), null, false, List.of(new io.dareg.core.model.Attachment(io.dareg.core.model.AttachmentKind.COMPLIANCE_UNDERTAKING, "公司", HashAlgorithm.SM3, hash("undertaking " + i), java.time.LocalDate.of(2026, 3, 1))))).path("regNo").asText();
      submit(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
      submit(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("f"), null));
      submit(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("s")));
      notices.add(submit(REGISTRAR, "publishNotice", new RegNoRequest(regNo)));
      regNos.add(regNo);
    }
    clock.set(notices.stream().map(n -> Instant.parse(n.path("noticeEnd").asText())).max(Comparator.naturalOrder()).orElseThrow().plusSeconds(60));
    for (String regNo : regNos) {
      submit(REGISTRAR, "issue", new RegNoRequest(regNo));
      submit(REGISTRAR, "recordCertificate", new io.dareg.core.api.RecordCertificateRequest(regNo, hash("cert " + regNo), "key-1"));
    }
    // 30 licence trades over six days by two exchanges, each with one or two deliveries in various states.
    for (int i = 0; i < 30; i++) {
      if (i % 5 == 0) {
        clock.advance(Duration.ofDays(1));
      }
      if (i == 15) {
        middle = clock.instant();
      }
      int asset = i % owners.length;
      int seller = owners[asset];
      int buyer = (seller + 1 + i % 3) % HOLDERS.size();
      Caller exchange = i % 3 == 0 ? EXCHANGE2 : EXCHANGE;
      String today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai")).toString();
      submit(exchange, "recordListingCheck", new RegNoRequest(regNos.get(asset))); // a trade needs one that day
      JsonNode trade = submit(exchange, "recordTrade", new RecordTradeRequest(regNos.get(asset), accounts.get(seller), accounts.get(buyer),
          TradeKind.LICENCE, "monthly scores", List.of("信用评估"), new TimeSpan(LocalDate.parse(today), null),
          hash("contract " + i), hash("amount " + i), null, "negotiated"));
      String tradeNo = trade.path("tradeNo").asText();
      trades.put(tradeNo, trade);
      for (int d = 0; d < 1 + i % 2; d++) {
        JsonNode delivery = submit(HOLDERS.get(seller), "recordDelivery", new RecordDeliveryRequest(tradeNo, DeliveryMode.FILE, "信用评估",
            HashAlgorithm.SM3, hash("payload " + i + "/" + d), 4096, 1));
        String deliveryNo = delivery.path("deliveryNo").asText();
        deliveries.put(deliveryNo, delivery);
        if ((i + d) % 4 == 1) {
          deliveries.put(deliveryNo, submit(HOLDERS.get(buyer), "answerDelivery", new AnswerDeliveryRequest(deliveryNo, i % 8 != 1, hash("answer"))));
        }
        if ((i + d) % 4 == 2) {
          deliveries.put(deliveryNo, submit(HOLDERS.get(seller), "completeDelivery", new IdRequest(deliveryNo)));
          if (i % 3 == 0) {
            deliveries.put(deliveryNo, submit(HOLDERS.get(seller), "recordDeletion", new IdRequest(deliveryNo)));
          }
        }
      }
      if (i % 4 == 1) {
        trades.put(tradeNo, submit(exchange, "recordSettlement", new SettleTradeRequest(tradeNo, hash("paid " + i))));
      }
      if (i % 6 == 2) {
        trades.put(tradeNo, submit(exchange, "recordDispute", new TradeDisputeRequest(tradeNo, DisputeStatus.DISPUTED, hash("complaint"))));
        if (i % 12 == 2) {
          trades.put(tradeNo, submit(exchange, "recordDispute", new TradeDisputeRequest(tradeNo, DisputeStatus.RESOLVED, hash("outcome"))));
        }
      }
    }
  }

  @AfterAll
  void close() throws IOException {
    ledger.close();
    deleteTree(dir);
  }

  @Test
  void every_filter_and_combination_pages_through_what_the_ledger_holds_in_time_order() throws Exception {
    try (QueryIndex index = QueryIndex.open(dir.resolve("index-filters"), ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      String a = accounts.get(0);
      String b = accounts.get(1);
      Instant to = middle.plus(Duration.ofDays(2));
      // The fixture has every status it is filtered by.
      assertThat(trades.values()).extracting(QueryIndexTest::tradeStatus).contains("RECORDED", "SETTLED", "DISPUTED", "RESOLVED");
      assertThat(deliveries.values()).extracting(QueryIndexTest::deliveryStatus).contains("DELIVERED", "ACCEPTED", "REJECTED", "COMPLETED", "DELETED");

      Map<TradeQuery, Predicate<JsonNode>> tradeQueries = new LinkedHashMap<>();
      tradeQueries.put(TradeQuery.all(), t -> true);
      tradeQueries.put(TradeQuery.all().withExchange("Exchange2MSP"), t -> t.path("exchange").asText().equals("Exchange2MSP"));
      tradeQueries.put(TradeQuery.all().withParty(a), t -> party(t, a));
      tradeQueries.put(TradeQuery.all().withRegNo(regNos.get(2)), t -> t.path("regNo").asText().equals(regNos.get(2)));
      tradeQueries.put(TradeQuery.all().withStatus("SETTLED"), t -> tradeStatus(t).equals("SETTLED"));
      tradeQueries.put(TradeQuery.all().between(middle, null), t -> !tradedAt(t).isBefore(middle));
      tradeQueries.put(TradeQuery.all().between(null, middle), t -> tradedAt(t).isBefore(middle));
      tradeQueries.put(TradeQuery.all().withExchange("ExchangeMSP").withParty(b).between(middle.minus(Duration.ofDays(3)), to),
          t -> t.path("exchange").asText().equals("ExchangeMSP") && party(t, b) && !tradedAt(t).isBefore(middle.minus(Duration.ofDays(3)))
              && tradedAt(t).isBefore(to));
      tradeQueries.put(TradeQuery.all().withParty(a).withRegNo(regNos.get(0)).withStatus("RECORDED"),
          t -> party(t, a) && t.path("regNo").asText().equals(regNos.get(0)) && tradeStatus(t).equals("RECORDED"));
      tradeQueries.put(TradeQuery.all().withRegNo("DR-20990101-000000000000"), t -> false);
      for (Map.Entry<TradeQuery, Predicate<JsonNode>> q : tradeQueries.entrySet()) {
        List<JsonNode> expected = expected(trades, q.getValue(), "tradedAt", "tradeNo");
        for (int size : new int[] {1, 4, 500}) {
          assertThat(all(index, q.getKey().withPageSize(size), true)).as("%s, pages of %d", q.getKey(), size).isEqualTo(expected);
        }
      }
      assertThat(all(index, TradeQuery.all(), true)).hasSize(30);

      Map<TradeQuery, Predicate<JsonNode>> deliveryQueries = new LinkedHashMap<>();
      deliveryQueries.put(TradeQuery.all(), d -> true);
      deliveryQueries.put(TradeQuery.all().withExchange("ExchangeMSP"), d -> trade(d).path("exchange").asText().equals("ExchangeMSP"));
      deliveryQueries.put(TradeQuery.all().withParty(b), d -> party(trade(d), b));
      deliveryQueries.put(TradeQuery.all().withRegNo(regNos.get(4)).withStatus("DELIVERED"),
          d -> trade(d).path("regNo").asText().equals(regNos.get(4)) && deliveryStatus(d).equals("DELIVERED"));
      deliveryQueries.put(TradeQuery.all().withStatus("REJECTED"), d -> deliveryStatus(d).equals("REJECTED"));
      deliveryQueries.put(TradeQuery.all().withParty(a).between(middle, to),
          d -> party(trade(d), a) && !deliveredAt(d).isBefore(middle) && deliveredAt(d).isBefore(to));
      for (Map.Entry<TradeQuery, Predicate<JsonNode>> q : deliveryQueries.entrySet()) {
        List<JsonNode> expected = expected(deliveries, q.getValue(), "deliveredAt", "deliveryNo");
        for (int size : new int[] {1, 3, 500}) {
          assertThat(all(index, q.getKey().withPageSize(size), false)).as("deliveries %s, pages of %d", q.getKey(), size).isEqualTo(expected);
        }
      }
      assertThat(all(index, TradeQuery.all(), false)).hasSize(deliveries.size());
    }
  }

  @Test
  void a_page_that_stops_at_its_scan_limit_hands_on_a_bookmark_that_loses_nothing() throws Exception {
    // Examining at most 3 entries a page, a query comes back over several short (even empty) pages.
    try (QueryIndex index = QueryIndex.open(dir.resolve("index-scan"), ledger, 3)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      String a = accounts.get(0);
      TradeQuery query = TradeQuery.all().withExchange("ExchangeMSP").withParty(a).withPageSize(2);
      QueryIndex.Page first = index.trades(query);
      assertThat(first.items().size()).isLessThanOrEqualTo(2);
      assertThat(first.bookmark()).isNotEmpty();
      List<JsonNode> expected = expected(trades, t -> t.path("exchange").asText().equals("ExchangeMSP") && party(t, a), "tradedAt", "tradeNo");
      assertThat(expected).hasSizeGreaterThan(4);
      assertThat(all(index, query, true)).isEqualTo(expected);
    }
  }

  @Test
  void a_bookmark_of_another_query_is_refused() throws Exception {
    try (QueryIndex index = QueryIndex.open(dir.resolve("index-bookmark"), ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      String bookmark = index.trades(TradeQuery.all().withPageSize(2)).bookmark();
      assertThat(bookmark).isNotEmpty();
      assertThatThrownBy(() -> index.trades(TradeQuery.all().withStatus("SETTLED").after(bookmark)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("same filters");
      assertThatThrownBy(() -> index.deliveries(TradeQuery.all().withPageSize(2).after(bookmark)))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> index.trades(TradeQuery.all().after("bm90IGEgYm9va21hcms")))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void after_a_restart_and_after_deleting_the_index_queries_answer_the_same() throws Exception {
    Path indexDir = dir.resolve("index-restart");
    Map<String, List<JsonNode>> before;
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      before = answers(index);
    }
    assertThat(before.get("trades")).hasSize(30);
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(index.status().rebuilds()).as("resumed from its checkpoint").isZero();
      assertThat(index.status().rebuilding()).isFalse();
      assertThat(answers(index)).isEqualTo(before);
      assertThat(index.status().indexedThrough()).isEqualTo(ledger.height() - 1);
    }
    deleteTree(indexDir);
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(answers(index)).isEqualTo(before);
    }
    assertThat(indexDir.resolve(QueryIndex.STORE)).isDirectory();
  }

  /**
   * On a Fabric channel shared with other chaincodes, most blocks may hold none of the registry's events: the index
   * counts as through them (READY, no lag, pages not behind) and starts after them again, from the ends of blocks the
   * ledger delivers, not only from its events.
   */
  @Test
  void blocks_without_the_registrys_events_count_as_taken_in_and_are_not_read_again_after_a_restart() throws Exception {
    long height = ledger.height();
    long quietFrom = height - 20; // the last 20 blocks look like other chaincodes' blocks
    List<Long> startedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    Ledger shared = new SharedChannel(ledger, quietFrom, startedAt);
    Path indexDir = dir.resolve("index-shared-channel");
    for (int run = 0; run < 2; run++) {
      try (QueryIndex index = QueryIndex.open(indexDir, shared)) {
        assertThat(index.awaitCurrent(Duration.ofSeconds(30))).as("run %d catches up", run).isTrue();
        QueryIndex.Status status = index.status();
        assertThat(status.state()).isEqualTo("READY");
        assertThat(status.indexedThrough()).isEqualTo(height - 1);
        assertThat(status.lagBlocks()).isZero();
        assertThat(index.trades(TradeQuery.all()).behind()).isFalse();
      }
    }
    assertThat(startedAt).as("the restart resumes at the last block, past the quiet ones").containsExactly(0L, height - 1);
  }

  /** The embedded ledger as a shared channel shows it: from block {@code quietFrom} on, no event is the registry's. */
  private static final class SharedChannel extends ForwardingLedger {
    private final long quietFrom;
    private final List<Long> startedAt;

    SharedChannel(Ledger ledger, long quietFrom, List<Long> startedAt) {
      super(ledger);
      this.quietFrom = quietFrom;
      this.startedAt = startedAt;
    }

    @Override
    public Subscription events(long fromBlock, EventListener listener) {
      startedAt.add(fromBlock);
      return ledger.events(fromBlock, new EventListener() {
        @Override
        public void event(LedgerEvent event) {
          if (event.blockNumber() < quietFrom) {
            listener.event(event);
          }
        }

        @Override
        public void blockEnd(long number) {
          listener.blockEnd(number);
        }
      });
    }

    @Override
    public void close() {
      // the test closes the embedded ledger
    }
  }

  @Test
  void the_footprint_weighs_the_index_on_disk_against_its_live_data_fully_compacted_and_leaves_nothing_behind() throws Exception {
    Path indexDir = dir.resolve("index-footprint");
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      // read beside the running index, as TradeScale does
      QueryIndex.Footprint f = QueryIndex.footprint(indexDir);
      assertThat(f.liveBytes()).isPositive();
      assertThat(f.compactedBytes()).isPositive().isLessThanOrEqualTo(f.diskBytes());
      assertThat(answers(index).get("trades")).hasSize(30);
    }
    try (var left = Files.list(indexDir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(QueryIndex.STORE);
    }
  }

  @Test
  void a_torn_or_damaged_index_file_is_rebuilt_and_never_answers_wrongly() throws Exception {
    Path indexDir = dir.resolve("index-damage");
    Map<String, List<JsonNode>> before;
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      before = answers(index);
    }
    Path store = indexDir.resolve(QueryIndex.STORE);
    Path file = largestTable(store);
    long size = Files.size(file);
    // Torn: a table file ends half way, as after a crash in the middle of a write.
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size / 2);
    }
    assertSameAnswers(indexDir, before);
    // Damaged in the middle: bytes changed where blocks lie.
    file = largestTable(store);
    size = Files.size(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      for (long at = size / 3; at < size * 2 / 3; at += 97) {
        f.seek(at);
        f.write(0x5a);
      }
    }
    assertSameAnswers(indexDir, before);
    // Unreadable from the start: set aside and rebuilt, and the log says so.
    try (var files = Files.list(store)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Files.write(p, new byte[(int) Files.size(p)]);
      }
    }
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(answersRetrying(index)).isEqualTo(before);
      assertThat(index.status().rebuilds()).isEqualTo(1);
    }
  }

  @Test
  void an_entry_whose_bytes_no_longer_match_its_check_is_noticed_and_rebuilt() throws Exception {
    Path indexDir = dir.resolve("index-check");
    Map<String, List<JsonNode>> before;
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      before = answers(index);
    }
    // Rewrite one trade record's text with its old check value, as a flipped bit inside a block would leave it.
    try (org.rocksdb.Options o = new org.rocksdb.Options();
        org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, indexDir.resolve(QueryIndex.STORE).toString());
        org.rocksdb.RocksIterator it = db.newIterator()) {
      it.seek("rt".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(it.key(), StandardCharsets.UTF_8)).startsWith("rt");
      String value = new String(it.value(), StandardCharsets.UTF_8);
      db.put(it.key(), value.replace("ExchangeMSP", "ExchangeMSX").replace("Exchange2MSP", "Exchange2MSX").getBytes(StandardCharsets.UTF_8));
    }
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThatThrownBy(() -> answers(index)).isInstanceOf(UnavailableException.class).hasMessageContaining("rebuilt");
      assertThat(answersRetrying(index)).isEqualTo(before);
      assertThat(index.status().rebuilds()).isEqualTo(1);
    }
  }

  @Test
  void new_trades_are_indexed_as_they_commit_and_the_status_reports_the_lag() throws Exception {
    try (QueryIndex index = QueryIndex.open(dir.resolve("index-live"), ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(index.status().state()).isEqualTo("READY");
      assertThat(index.status().lagBlocks()).isZero();
      String tradeNo = trades.keySet().iterator().next();
      JsonNode before = trades.get(tradeNo);
      Caller exchange = before.path("exchange").asText().equals("ExchangeMSP") ? EXCHANGE : EXCHANGE2;
      assertThat(before.hasNonNull("settledAt")).as("the fixture leaves its first trade open").isFalse();
      JsonNode settled = submit(exchange, "recordSettlement", new SettleTradeRequest(tradeNo, hash("late payment")));
      trades.put(tradeNo, settled);
      // A query right after the commit sees it: the index waits for the blocks committed before it.
      assertThat(index.trades(TradeQuery.all().withStatus("SETTLED").withPageSize(500)).items())
          .anySatisfy(json -> assertThat(json).contains(tradeNo));
      assertThat(index.status().trades()).isEqualTo(30);
    }
  }

  // --- the store on disk: batches with their checkpoint, crashes, the store of earlier versions (issue 22) ---

  @Test
  void a_batch_is_written_with_its_checkpoint_and_a_batch_not_written_leaves_neither() throws Exception {
    List<io.dareg.gateway.ledger.LedgerEvent> events = committedEvents();
    long half = events.get(events.size() / 2).blockNumber();
    Path store = dir.resolve("index-batch").resolve(QueryIndex.STORE);
    Files.createDirectories(store.getParent());
    IndexStore.Checkpoint written = null;
    try (IndexStore s = IndexStore.open(store)) {
      int inBlock = 0;
      for (io.dareg.gateway.ledger.LedgerEvent e : events) {
        if (e.blockNumber() > half) {
          break;
        }
        s.apply(e);
        inBlock = written != null && written.block() == e.blockNumber() ? inBlock + 1 : 1;
        written = new IndexStore.Checkpoint(e.blockNumber(), inBlock, e.txId());
      }
      s.commit(written);
      // The next batch is staged but the process stops before it is written.
      events.stream().filter(e -> e.blockNumber() > half).forEach(s::apply);
      s.abandon();
    }
    Set<String> tradesInFirstBatch = new java.util.TreeSet<>();
    events.stream().filter(e -> e.blockNumber() <= half && e.name().equals("recordTrade"))
        .forEach(e -> tradesInFirstBatch.add(Json.read(e.payloadJson().getBytes(StandardCharsets.UTF_8), io.dareg.core.model.Trade.class).tradeNo()));
    assertThat(tradesInFirstBatch).isNotEmpty().hasSizeLessThan(trades.size());
    try (IndexStore s = IndexStore.open(store)) {
      assertThat(s.checkpoint()).isEqualTo(written);
      IndexStore.Slice all = s.trades(new IndexStore.Filter(null, null, null, null, null, null), 500, null, IndexStore.SCAN_LIMIT);
      assertThat(all.items().stream().map(QueryIndexTest::tradeNo)).containsExactlyInAnyOrderElementsOf(tradesInFirstBatch);
      assertThat(s.sizes()[0]).isEqualTo(tradesInFirstBatch.size());
    }
    // The ledger's start-up reads the checkpoint as the index's claim (issue 21), beside an open index too.
    assertThat(QueryIndex.indexedBlocks(store.getParent())).isEqualTo(half + 1);
    try (QueryIndex index = QueryIndex.open(store.getParent(), ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(QueryIndex.indexedBlocks(store.getParent())).isEqualTo(ledger.height());
      assertThat(index.status().rebuilds()).as("resumed from the checkpoint").isZero();
    }
  }

  @Test
  void a_crash_in_the_middle_of_writing_a_batch_leaves_the_index_at_the_checkpoint_before_it() throws Exception {
    Map<String, List<JsonNode>> before;
    try (QueryIndex index = QueryIndex.open(dir.resolve("index-crash-fresh"), ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      before = answers(index);
    }
    List<io.dareg.gateway.ledger.LedgerEvent> events = committedEvents();
    long first = events.get(events.size() / 3).blockNumber();
    long second = events.get(events.size() * 2 / 3).blockNumber();
    Path indexDir = dir.resolve("index-crash");
    Path store = indexDir.resolve(QueryIndex.STORE);
    Files.createDirectories(indexDir);
    try (IndexStore s = IndexStore.open(store)) {
      s.commit(batch(s, events, -1, first));
      s.commit(batch(s, events, first, second));
      // Both batches are in the store's log only (no flush): the crash tears the second one's record.
      s.abandon();
    }
    Path log;
    try (var files = Files.list(store)) {
      log = files.filter(p -> p.getFileName().toString().endsWith(".log")).max(Comparator.comparing(p -> p.toFile().length())).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(f.length() - 16);
    }
    try (IndexStore s = IndexStore.open(store)) {
      assertThat(s.checkpoint().block()).as("the torn batch is gone with its checkpoint").isEqualTo(first);
    }
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(index.status().rebuilds()).as("resumed from the checkpoint").isZero();
      assertThat(answers(index)).isEqualTo(before);
    }
  }

  @Test
  void the_mvstore_file_of_an_earlier_version_is_removed_and_the_index_rebuilt_in_rocksdb() throws Exception {
    Map<String, List<JsonNode>> before;
    try (QueryIndex index = QueryIndex.open(dir.resolve("index-upgrade-fresh"), ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      before = answers(index);
    }
    Path indexDir = dir.resolve("index-upgrade");
    Files.createDirectories(indexDir);
    Path old = indexDir.resolve("trades.mv.db");
    byte[] header = "H:2,block:2,blockSize:1000,chunk:1,clean:1,created:18c0,format:3,version:1,fletcher:0\n".getBytes(StandardCharsets.US_ASCII);
    Files.write(old, java.util.Arrays.copyOf(header, 8192));
    List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(IndexRebuild.class.getName());
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(answers(index)).isEqualTo(before);
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(old).doesNotExist();
    assertThat(indexDir.resolve(QueryIndex.STORE)).isDirectory();
    assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).contains("trades.mv.db").contains("H2 MVStore")
        .contains("rebuilt from block 0"));
    assertThat(QueryIndex.indexedBlocks(indexDir)).isEqualTo(ledger.height());
  }

  @Test
  void a_bookmark_followed_after_later_batches_loses_nothing_and_repeats_nothing() throws Exception {
    // Batches of three events: the index is built in many writes, and a change arrives between two pages.
    try (QueryIndex index = QueryIndex.open(dir.resolve("index-batches"), ledger, IndexStore.SCAN_LIMIT, 3)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(all(index, TradeQuery.all().withPageSize(4), true)).isEqualTo(expected(trades, t -> true, "tradedAt", "tradeNo"));
      TradeQuery query = TradeQuery.all().withPageSize(4);
      List<JsonNode> seen = new ArrayList<>();
      QueryIndex.Page page = index.trades(query);
      for (int i = 0; i < 2; i++) {
        for (String json : page.items()) {
          seen.add(Json.mapper().readTree(json));
        }
        page = index.trades(query.after(page.bookmark()));
      }
      for (String json : page.items()) {
        seen.add(Json.mapper().readTree(json));
      }
      // The last open trade (the live test settles the first one) is settled: a later batch.
      String tradeNo = expected(trades, t -> tradeStatus(t).equals("RECORDED"), "tradedAt", "tradeNo").stream()
          .reduce((x, y) -> y).orElseThrow().path("tradeNo").asText();
      JsonNode open = trades.get(tradeNo);
      assertThat(seen).as("the trade to settle is on a later page").doesNotContain(open);
      Caller exchange = open.path("exchange").asText().equals("ExchangeMSP") ? EXCHANGE : EXCHANGE2;
      trades.put(tradeNo, submit(exchange, "recordSettlement", new SettleTradeRequest(tradeNo, hash("paid late " + tradeNo))));
      seen.addAll(all(index, query.after(page.bookmark()), true));
      assertThat(seen).isEqualTo(expected(trades, t -> true, "tradedAt", "tradeNo"));
      assertThat(seen).anySatisfy(t -> assertThat(t.path("tradeNo").asText()).isEqualTo(tradeNo))
          .contains(trades.get(tradeNo));
    }
  }

  /** Every event the ledger has committed, in order. */
  private List<io.dareg.gateway.ledger.LedgerEvent> committedEvents() throws InterruptedException {
    List<io.dareg.gateway.ledger.LedgerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    long last = ledger.height() - 1;
    try (io.dareg.gateway.ledger.Subscription sub = ledger.events(0, events::add)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (events.isEmpty() || events.get(events.size() - 1).blockNumber() < last) {
        assertThat(System.nanoTime()).as("the ledger's events arrive").isLessThan(deadline);
        Thread.sleep(10);
      }
    }
    return new ArrayList<>(events);
  }

  /** Stages the events of blocks after {@code after} through {@code through}; returns their checkpoint. */
  private static IndexStore.Checkpoint batch(IndexStore s, List<io.dareg.gateway.ledger.LedgerEvent> events, long after, long through) {
    IndexStore.Checkpoint c = null;
    for (io.dareg.gateway.ledger.LedgerEvent e : events) {
      if (e.blockNumber() > after && e.blockNumber() <= through) {
        s.apply(e);
        c = new IndexStore.Checkpoint(e.blockNumber(), c != null && c.block() == e.blockNumber() ? c.events() + 1 : 1, e.txId());
      }
    }
    return c;
  }

  private static String tradeNo(String json) {
    return Json.read(json.getBytes(StandardCharsets.UTF_8), io.dareg.core.model.Trade.class).tradeNo();
  }

  private static Path largestTable(Path store) throws IOException {
    try (var files = Files.list(store)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".sst")).max(Comparator.comparing(p -> p.toFile().length())).orElseThrow();
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void assertSameAnswers(Path indexDir, Map<String, List<JsonNode>> before) throws Exception {
    try (QueryIndex index = QueryIndex.open(indexDir, ledger)) {
      assertThat(index.awaitCurrent(Duration.ofSeconds(30))).isTrue();
      assertThat(answersRetrying(index)).isEqualTo(before);
    }
  }

  /** Answers, waiting out the few seconds a rebuild takes when a query finds damage. */
  private Map<String, List<JsonNode>> answersRetrying(QueryIndex index) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (index.awaitCurrent(Duration.ofSeconds(30))) {
          return answers(index);
        }
      } catch (UnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private Map<String, List<JsonNode>> answers(QueryIndex index) throws Exception {
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    out.put("trades", all(index, TradeQuery.all().withPageSize(7), true));
    out.put("trades of a", all(index, TradeQuery.all().withParty(accounts.get(0)).withPageSize(2), true));
    out.put("trades of exchange 2 since the middle", all(index, TradeQuery.all().withExchange("Exchange2MSP").between(middle, null), true));
    out.put("settled", all(index, TradeQuery.all().withStatus("SETTLED"), true));
    out.put("deliveries", all(index, TradeQuery.all().withPageSize(5), false));
    out.put("deliveries of asset 1", all(index, TradeQuery.all().withRegNo(regNos.get(1)), false));
    out.put("accepted deliveries", all(index, TradeQuery.all().withStatus("ACCEPTED").withPageSize(1), false));
    assertThat(out.get("trades")).isNotEmpty();
    return out;
  }

  /** Every page of a query, following bookmarks; fails on a repeated item. */
  private static List<JsonNode> all(QueryIndex index, TradeQuery q, boolean trades) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    TradeQuery page = q;
    for (int pages = 0; pages < 1000; pages++) {
      QueryIndex.Page p = trades ? index.trades(page) : index.deliveries(page);
      if (p.behind()) {
        throw new UnavailableException("the index is behind the ledger", null);
      }
      assertThat(p.items().size()).isLessThanOrEqualTo(page.pageSize());
      for (String json : p.items()) {
        out.add(Json.mapper().readTree(json));
      }
      if (p.bookmark().isEmpty()) {
        assertThat(out).doesNotHaveDuplicates();
        return out;
      }
      page = q.after(p.bookmark());
    }
    throw new AssertionError("more than 1000 pages");
  }

  private static List<JsonNode> expected(Map<String, JsonNode> records, Predicate<JsonNode> keep, String time, String number) {
    return records.values().stream().filter(keep)
        .sorted(Comparator.comparing((JsonNode r) -> Instant.parse(r.path(time).asText())).thenComparing(r -> r.path(number).asText()))
        .toList();
  }

  private JsonNode trade(JsonNode delivery) {
    return trades.get(delivery.path("tradeNo").asText());
  }

  private static boolean party(JsonNode trade, String account) {
    return trade.path("seller").asText().equals(account) || trade.path("buyer").asText().equals(account);
  }

  private static Instant tradedAt(JsonNode t) {
    return Instant.parse(t.path("tradedAt").asText());
  }

  private static Instant deliveredAt(JsonNode d) {
    return Instant.parse(d.path("deliveredAt").asText());
  }

  private static String tradeStatus(JsonNode t) {
    return io.dareg.core.model.TradeStatus.of(Json.mapper().convertValue(t, io.dareg.core.model.Trade.class)).name();
  }

  private static String deliveryStatus(JsonNode d) {
    return io.dareg.core.model.DeliveryStatus.of(Json.mapper().convertValue(d, io.dareg.core.model.Delivery.class)).name();
  }

  private JsonNode submit(Caller who, String tx, Object request) {
    clock.advance(Duration.ofSeconds(7));
    Committed c = ledger.submit(who, tx, new String(Json.canonical(request), StandardCharsets.UTF_8)).join();
    try {
      return Json.mapper().readTree(c.resultJson());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Caller caller(String msp, String id, String role, boolean admin) {
    return new Caller(new IdentityRef(msp, "CN=" + id), role, admin);
  }

  private static AssetDescription asset(int i) {
    return new AssetDescription("数据集 " + i, "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "天津市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL,
        List.of(), new Scale(1, 1), UpdateFrequency.MONTHLY, null, List.of("信用评估"), "授信", "汇总", ClassificationLevel.GENERAL);
  }

  private static String hash(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

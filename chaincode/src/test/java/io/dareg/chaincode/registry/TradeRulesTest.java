package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.EXCHANGE;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_C;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.REGULATOR;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.HashMatches;
import io.dareg.core.api.HashRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.api.SetProhibitedListRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.api.TradeView;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeKind;
import io.dareg.core.model.Transfer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trades recorded by an exchange, the deliveries under them and the buyer's answers. */
class TradeRulesTest {
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");

  private RecordTradeRequest licence(String regNo, String seller, String buyer, TimeSpan term) {
    return new RecordTradeRequest(
        regNo, seller, buyer, TradeKind.LICENCE, "monthly credit scores", List.of("信用评估"), term,
        hash("licence contract " + regNo + buyer), hash("amount 100000"), null, "negotiated");
  }

  private RecordTradeRequest transfer(String regNo, String seller, String buyer) {
    return new RecordTradeRequest(
        regNo, seller, buyer, TradeKind.TRANSFER, "the whole right", List.of(), null,
        hash("transfer contract " + regNo + buyer), hash("amount 5000000"), 5_000_000L, "auction");
  }

  private TimeSpan aYear() {
    return new TimeSpan(f.date(), f.date().plusYears(1));
  }

  private RecordDeliveryRequest delivery(String tradeNo, String scenario, String payload) {
    return new RecordDeliveryRequest(tradeNo, DeliveryMode.FILE, scenario, HashAlgorithm.SHA256, hash(payload), 4096, 1);
  }

  @Test
  void a_listing_check_records_what_the_exchange_saw() {
    Registration r = f.issued(HOLDER_A, null, "listing");
    f.refused(Code.FORBIDDEN, HOLDER_A, "recordListingCheck", new RegNoRequest(r.regNo()));
    f.refused(Code.FORBIDDEN, REGISTRAR, "recordListingCheck", new RegNoRequest(r.regNo()));
    ListingCheck clear = f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()), ListingCheck.class);
    assertThat(clear.listable()).isTrue();
    assertThat(clear.certificateValid()).isTrue();
    assertThat(clear.holders()).containsExactly(f.accountA);
    assertThat(clear.checkedBy()).isEqualTo(EXCHANGE.identity());

    f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()), Trade.class);
    f.call(HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), f.accountC));
    ListingCheck pledged = f.call(REGULATOR, "recordListingCheck", new RegNoRequest(r.regNo()), ListingCheck.class);
    assertThat(pledged.listable()).isFalse();
    assertThat(pledged.pledgedTo()).containsExactly(f.accountC);
    assertThat(pledged.licensedTo()).containsExactly(f.accountB);
    assertThat(pledged.obstacles()).singleElement().asString().contains("pledged to " + f.accountC);
    assertThat(f.call(HOLDER_B, "getListingCheck", new IdRequest(clear.checkNo()), ListingCheck.class)).isEqualTo(clear);

    f.call(REGULATOR, "suspend", new DecisionRequest(r.regNo(), hash("inspection"), "inspection"));
    ListingCheck suspended = f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()), ListingCheck.class);
    assertThat(suspended.status()).isEqualTo(RegistrationStatus.SUSPENDED);
    assertThat(suspended.obstacles()).hasSize(2);
  }

  @Test
  void only_an_exchange_records_a_trade() {
    Registration r = f.issued(HOLDER_A, null, "roles");
    RecordTradeRequest t = licence(r.regNo(), f.accountA, f.accountB, aYear());
    f.refused(Code.FORBIDDEN, HOLDER_A, "recordTrade", t);
    f.refused(Code.FORBIDDEN, HOLDER_B, "recordTrade", t);
    f.refused(Code.FORBIDDEN, REGISTRAR, "recordTrade", t);
    f.refused(Code.FORBIDDEN, REGULATOR, "recordTrade", t);
    f.listingCheck(r.regNo());
    Trade trade = f.call(EXCHANGE, "recordTrade", t, Trade.class);
    assertThat(trade.exchange()).isEqualTo("ExchangeMSP");
    assertThat(f.call(HOLDER_C, "getTrade", new IdRequest(trade.tradeNo()), TradeView.class).trade()).isEqualTo(trade);
  }

  @Test
  void refuses_to_trade_an_asset_that_is_not_active() {
    Registration notice = f.toNotice(HOLDER_A, null, "in notice");
    f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(notice.regNo(), f.accountA, f.accountB, aYear()));
    Registration r = f.issued(HOLDER_A, null, "suspended");
    f.call(REGULATOR, "suspend", new DecisionRequest(r.regNo(), hash("inspection"), "inspection"));
    RuleException e = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", transfer(r.regNo(), f.accountA, f.accountB));
    assertThat(e.getMessage()).contains("SUSPENDED");
    f.refused(Code.NOT_FOUND, EXCHANGE, "recordTrade", transfer("DR-20260101-NOSUCH", f.accountA, f.accountB));
  }

  @Test
  void refuses_a_pledged_asset_until_the_pledgee_releases_it() {
    Registration r = f.issued(HOLDER_A, null, "pledged");
    Encumbrance pledge = f.call(HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), f.accountC), Encumbrance.class);
    f.listingCheck(r.regNo());
    RuleException e = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
    assertThat(e.getMessage()).contains("pledged to " + f.accountC);
    f.call(HOLDER_C, "releaseEncumbrance", new ReleaseEncumbranceRequest(pledge.encumbranceNo(), hash("consent")));
    f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
    f.listingCheck(r.regNo());
    f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
  }

  @Test
  void the_seller_must_hold_the_right_it_sells() {
    Registration r = f.issued(HOLDER_A, null, "seller");
    f.listingCheck(r.regNo());
    RuleException e = f.refused(Code.INVALID, EXCHANGE, "recordTrade", transfer(r.regNo(), f.accountB, f.accountC));
    assertThat(e.field()).isEqualTo("seller");
    f.refused(Code.NOT_FOUND, EXCHANGE, "recordTrade", transfer(r.regNo(), f.accountA, "ACC-nobody"));
  }

  @Test
  void a_licence_trade_yields_to_an_overlapping_exclusive_licence() {
    Registration r = f.issued(HOLDER_A, null, "exclusive");
    f.call(HOLDER_A, "addEncumbrance", new io.dareg.core.api.AddEncumbranceRequest(
        r.regNo(), EncumbranceKind.LICENCE, f.accountC, "all", List.of(), true, aYear(), hash("excl"), f.date()));
    f.listingCheck(r.regNo());
    f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
  }

  @Test
  void refuses_a_delivery_outside_the_traded_scenarios_or_term_or_by_another_than_the_seller() {
    Registration r = f.issued(HOLDER_A, null, "scope");
    f.listingCheck(r.regNo());
    Trade t = f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()), Trade.class);
    f.refused(Code.CONFLICT, HOLDER_A, "recordDelivery", delivery(t.tradeNo(), "精准营销", "p1"));
    f.refused(Code.INVALID, HOLDER_A, "recordDelivery", delivery(t.tradeNo(), null, "p1"));
    f.refused(Code.FORBIDDEN, HOLDER_B, "recordDelivery", delivery(t.tradeNo(), "信用评估", "p1"));
    f.refused(Code.FORBIDDEN, EXCHANGE, "recordDelivery", delivery(t.tradeNo(), "信用评估", "p1"));
    f.call(HOLDER_A, "recordDelivery", delivery(t.tradeNo(), "信用评估", "p1"));
    f.advance(Duration.ofDays(367));
    RuleException e = f.refused(Code.CONFLICT, HOLDER_A, "recordDelivery", delivery(t.tradeNo(), "信用评估", "p2"));
    assertThat(e.getMessage()).contains("outside that term");
  }

  @Test
  void the_buyer_answers_a_delivery_once_and_the_seller_records_completion_then_deletion() {
    Registration r = f.issued(HOLDER_A, null, "answer");
    f.listingCheck(r.regNo());
    Trade t = f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()), Trade.class);
    Delivery d = f.call(HOLDER_A, "recordDelivery", delivery(t.tradeNo(), "信用评估", "answer"), Delivery.class);
    AnswerDeliveryRequest reject = new AnswerDeliveryRequest(d.deliveryNo(), false, hash("checksum mismatch"));
    f.refused(Code.FORBIDDEN, HOLDER_A, "answerDelivery", reject);
    f.refused(Code.FORBIDDEN, HOLDER_C, "answerDelivery", reject);
    Delivery rejected = f.call(HOLDER_B, "answerDelivery", reject, Delivery.class);
    assertThat(rejected.accepted()).isFalse();
    assertThat(rejected.answerHash()).isEqualTo(hash("checksum mismatch"));
    f.refused(Code.CONFLICT, HOLDER_B, "answerDelivery", new AnswerDeliveryRequest(d.deliveryNo(), true, hash("ok")));

    IdRequest id = new IdRequest(d.deliveryNo());
    f.refused(Code.CONFLICT, HOLDER_A, "recordDeletion", id);
    f.refused(Code.FORBIDDEN, HOLDER_B, "completeDelivery", id);
    f.refused(Code.FORBIDDEN, EXCHANGE, "completeDelivery", id);
    assertThat(f.call(HOLDER_A, "completeDelivery", id, Delivery.class).completedAt()).isNotNull();
    f.refused(Code.CONFLICT, HOLDER_A, "completeDelivery", id);
    f.refused(Code.FORBIDDEN, HOLDER_B, "recordDeletion", id);
    assertThat(f.call(HOLDER_A, "recordDeletion", id, Delivery.class).deletedAt()).isNotNull();
    f.refused(Code.CONFLICT, HOLDER_A, "recordDeletion", id);
    assertThat(List.of(f.call(REGULATOR, "getProvenance", new RegNoRequest(r.regNo()), ProvenanceEntry[].class)))
        .filteredOn(e -> e.record().equals("delivery")).extracting(ProvenanceEntry::state)
        .containsExactly("delivered", "rejected", "completed", "deleted");
  }

  @Test
  void a_licence_then_a_transfer_with_three_deliveries() {
    Registration r = f.issued(HOLDER_A, null, "story");
    String oldCert = r.certificateNo();
    f.listingCheck(r.regNo());

    Trade lic = f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()), Trade.class);
    Encumbrance licence = f.call(HOLDER_B, "getEncumbrance", new IdRequest(lic.encumbranceNo()), Encumbrance.class);
    assertThat(licence.kind()).isEqualTo(EncumbranceKind.LICENCE);
    assertThat(licence.counterparty()).isEqualTo(f.accountB);
    assertThat(licence.scenarios()).containsExactly("信用评估");
    Delivery d1 = f.call(HOLDER_A, "recordDelivery", delivery(lic.tradeNo(), "信用评估", "part one"), Delivery.class);
    Delivery d2 = f.call(HOLDER_A, "recordDelivery", delivery(lic.tradeNo(), "信用评估", "part two"), Delivery.class);
    f.call(HOLDER_B, "answerDelivery", new AnswerDeliveryRequest(d1.deliveryNo(), true, hash("received")));

    Trade sale = f.call(EXCHANGE, "recordTrade", transfer(r.regNo(), f.accountA, f.accountC), Trade.class);
    Transfer tr = f.call(HOLDER_C, "getTransfer", new IdRequest(sale.transferNo()), Transfer.class);
    assertThat(tr.to()).isEqualTo(f.accountC);
    assertThat(tr.documentHash()).isEqualTo(sale.contractHash());
    assertThat(f.registration(r.regNo()).holders()).containsExactly(f.accountC);
    assertThat(f.call(HOLDER_C, "getCertificate", new IdRequest(oldCert), CertificateRecord.class).status())
        .isEqualTo(CertificateStatus.SUPERSEDED);
    assertThat(sale.amount()).isEqualTo(5_000_000L);
    Delivery d3 = f.call(HOLDER_A, "recordDelivery",
        new RecordDeliveryRequest(sale.tradeNo(), DeliveryMode.API, null, HashAlgorithm.SHA256, hash("api bundle"), 1 << 20, 3),
        Delivery.class);
    f.call(HOLDER_C, "answerDelivery", new AnswerDeliveryRequest(d3.deliveryNo(), true, hash("ok")));

    assertThat(f.call(REGULATOR, "getTrade", new IdRequest(lic.tradeNo()), TradeView.class).deliveries())
        .extracting(Delivery::deliveryNo).containsExactlyInAnyOrder(d1.deliveryNo(), d2.deliveryNo()); // in number order
    assertThat(f.call(REGULATOR, "getDelivery", new IdRequest(d3.deliveryNo()), Delivery.class).accepted()).isTrue();
    f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()));

    List<ProvenanceEntry> timeline = List.of(f.call(REGULATOR, "getProvenance", new RegNoRequest(r.regNo()), ProvenanceEntry[].class));
    assertThat(timeline).extracting(ProvenanceEntry::time).isSorted();
    assertThat(timeline).extracting(ProvenanceEntry::record).contains(
        "registration", "review", "certificate", "encumbrance", "transfer", "listingCheck", "trade", "delivery");
    assertThat(timeline).filteredOn(e -> e.record().equals("trade")).extracting(ProvenanceEntry::number, ProvenanceEntry::state)
        .containsExactly(tuple(lic.tradeNo(), "LICENCE"), tuple(sale.tradeNo(), "TRANSFER"));
    assertThat(timeline).filteredOn(e -> e.record().equals("delivery")).extracting(ProvenanceEntry::number, ProvenanceEntry::state)
        .containsExactly(
            tuple(d1.deliveryNo(), "delivered"), tuple(d2.deliveryNo(), "delivered"),
            tuple(d1.deliveryNo(), "accepted"), tuple(d3.deliveryNo(), "delivered"),
            tuple(d3.deliveryNo(), "accepted"));
    assertThat(timeline).filteredOn(e -> e.record().equals("certificate")).extracting(ProvenanceEntry::state)
        .containsExactly("ACTIVE", "SUPERSEDED");
    // After the sale no certificate is in force until the registrar records the new holder's.
    assertThat(timeline.get(timeline.size() - 1)).extracting(ProvenanceEntry::record, ProvenanceEntry::state)
        .containsExactly("listingCheck", "not listable");
    // The sale's trade, transfer, registration version and superseded certificate share one transaction.
    String saleTx = timeline.stream().filter(e -> e.number().equals(sale.tradeNo())).findFirst().orElseThrow().txId();
    assertThat(timeline).filteredOn(e -> e.txId().equals(saleTx)).extracting(ProvenanceEntry::record)
        .containsExactlyInAnyOrder("registration", "certificate", "transfer", "trade");

    HashMatches delivered = f.call(HOLDER_B, "findByHash", new HashRequest(hash("part two")), HashMatches.class);
    assertThat(delivered.deliveries()).extracting(Delivery::deliveryNo).containsExactly(d2.deliveryNo());
    assertThat(delivered.evidence()).isEmpty();
    HashMatches deposited = f.call(HOLDER_B, "findByHash", new HashRequest(hash("story")), HashMatches.class);
    assertThat(deposited.evidence()).extracting(e -> e.evidenceNo()).containsExactlyElementsOf(r.evidenceNos());

    // Nothing more is traded until the registrar records the new holder's certificate.
    RuleException noCertificate = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", transfer(r.regNo(), f.accountA, f.accountB));
    assertThat(noCertificate.getMessage()).contains("no certificate is in force");
  }

  @Test
  void finds_evidence_by_its_merkle_root_as_well_as_by_its_whole_hash() {
    Evidence e = f.call(HOLDER_A, "depositEvidence",
        new DepositEvidenceRequest(HashAlgorithm.SM3, hash("tree file"), hash("tree root"), 10, "dareg", null), Evidence.class);
    assertThat(f.call(HOLDER_B, "findByHash", new HashRequest(hash("tree root")), HashMatches.class).evidence())
        .containsExactly(e);
    assertThat(f.call(HOLDER_B, "findByHash", new HashRequest(hash("tree file")), HashMatches.class).evidence())
        .containsExactly(e);
    assertThat(f.call(HOLDER_B, "findByHash", new HashRequest(hash("other")), HashMatches.class).evidence()).isEmpty();
  }

  @Test
  void the_exchange_that_recorded_a_trade_settles_it_once_and_records_a_dispute_and_its_outcome() {
    Registration r = f.issued(HOLDER_A, null, "settle");
    f.listingCheck(r.regNo());
    Trade t = f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()), Trade.class);
    Caller otherExchange = RegistryFixture.caller("OtherExchangeMSP", "exchange", "exchange", false);
    SettleTradeRequest settle = new SettleTradeRequest(t.tradeNo(), hash("paid"));
    f.refused(Code.FORBIDDEN, HOLDER_A, "recordSettlement", settle);
    f.refused(Code.FORBIDDEN, REGULATOR, "recordSettlement", settle);
    f.refused(Code.FORBIDDEN, otherExchange, "recordSettlement", settle);
    assertThat(f.call(EXCHANGE, "recordSettlement", settle, Trade.class).settlementHash()).isEqualTo(hash("paid"));
    f.refused(Code.CONFLICT, EXCHANGE, "recordSettlement", settle);

    f.refused(Code.CONFLICT, EXCHANGE, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.RESOLVED, hash("early")));
    f.refused(Code.FORBIDDEN, HOLDER_B, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.DISPUTED, hash("complaint")));
    f.call(EXCHANGE, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.DISPUTED, hash("complaint")));
    f.refused(Code.CONFLICT, EXCHANGE, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.DISPUTED, hash("again")));
    Trade resolved = f.call(EXCHANGE, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.RESOLVED, hash("outcome")), Trade.class);
    assertThat(resolved.dispute()).isEqualTo(DisputeStatus.RESOLVED);
    assertThat(resolved.disputeHash()).isEqualTo(hash("outcome"));
    assertThat(resolved.settledAt()).isNotNull();
    assertThat(List.of(f.call(REGULATOR, "getProvenance", new RegNoRequest(r.regNo()), ProvenanceEntry[].class)))
        .filteredOn(e -> e.record().equals("trade")).extracting(ProvenanceEntry::state)
        .containsExactly("LICENCE", "settled", "DISPUTED", "RESOLVED");
  }

  // issue 20: trading controls

  @Test
  void refuses_a_trade_without_a_passed_listing_check_by_that_exchange_today() {
    Registration r = f.issued(HOLDER_A, null, "unchecked");
    RuleException none = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
    assertThat(none.getMessage()).contains("no listing check").contains("recordListingCheck");
    f.call(REGULATOR, "recordListingCheck", new RegNoRequest(r.regNo()));
    f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
    Caller otherExchange = RegistryFixture.caller("OtherExchangeMSP", "exchange", "exchange", false);
    f.call(otherExchange, "recordListingCheck", new RegNoRequest(r.regNo()));
    f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));

    f.listingCheck(r.regNo());
    f.advance(Duration.ofDays(1));
    RuleException stale = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
    assertThat(stale.getMessage()).contains("today");
    f.listingCheck(r.regNo());
    assertThat(f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()), Trade.class).exchange())
        .isEqualTo("ExchangeMSP");
  }

  @Test
  void a_listing_check_that_found_obstacles_does_not_let_a_trade_through() {
    Registration r = f.issued(HOLDER_A, null, "failed check");
    Encumbrance pledge = f.call(HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), f.accountC), Encumbrance.class);
    f.listingCheck(r.regNo());
    f.call(HOLDER_C, "releaseEncumbrance", new ReleaseEncumbranceRequest(pledge.encumbranceNo(), hash("repaid")));
    RuleException e = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
    assertThat(e.getMessage()).contains("did not pass").contains("pledged to " + f.accountC);
  }

  @Test
  void refuses_a_trade_without_a_certificate_in_force() {
    Registration notice = f.toNotice(HOLDER_A, null, "no certificate");
    f.advanceTo(notice.noticeEnd());
    f.call(REGISTRAR, "issue", new RegNoRequest(notice.regNo()));
    f.listingCheck(notice.regNo());
    RuleException e = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(notice.regNo(), f.accountA, f.accountB, aYear()));
    assertThat(e.getMessage()).contains("no certificate is in force");
  }

  @Test
  void a_licence_grants_only_scenarios_the_registration_permits() {
    Registration r = f.issued(HOLDER_A, null, "scenarios");
    f.listingCheck(r.regNo());
    RecordTradeRequest marketing = new RecordTradeRequest(
        r.regNo(), f.accountA, f.accountB, TradeKind.LICENCE, "scores", List.of("信用评估", "精准营销"), aYear(),
        hash("lic"), hash("amount"), null, "negotiated");
    RuleException trade = f.refused(Code.INVALID, EXCHANGE, "recordTrade", marketing);
    assertThat(trade.getMessage()).contains("[精准营销]").contains("permits only [信用评估]");
    RuleException direct = f.refused(Code.INVALID, HOLDER_A, "addEncumbrance", new io.dareg.core.api.AddEncumbranceRequest(
        r.regNo(), EncumbranceKind.LICENCE, f.accountC, "all", List.of("精准营销"), false, aYear(), hash("l"), f.date()));
    assertThat(direct.field()).isEqualTo("scenarios");
    assertThat(direct.getMessage()).contains("精准营销");
    f.call(HOLDER_A, "addEncumbrance", new io.dareg.core.api.AddEncumbranceRequest(
        r.regNo(), EncumbranceKind.LICENCE, f.accountC, "all", List.of("信用评估"), false, aYear(), hash("l"), f.date()));
  }

  @Test
  void a_dispute_freezes_the_trades_deliveries_until_it_is_resolved() {
    Registration r = f.issued(HOLDER_A, null, "frozen");
    f.listingCheck(r.regNo());
    Trade t = f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()), Trade.class);
    Delivery d = f.call(HOLDER_A, "recordDelivery", delivery(t.tradeNo(), "信用评估", "before"), Delivery.class);
    f.call(EXCHANGE, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.DISPUTED, hash("complaint")));
    RuleException frozen = f.refused(Code.CONFLICT, HOLDER_A, "recordDelivery", delivery(t.tradeNo(), "信用评估", "during"));
    assertThat(frozen.getMessage()).contains("disputed").contains("frozen");
    f.refused(Code.CONFLICT, HOLDER_B, "answerDelivery", new AnswerDeliveryRequest(d.deliveryNo(), true, hash("ok")));
    f.refused(Code.CONFLICT, HOLDER_A, "completeDelivery", new IdRequest(d.deliveryNo()));

    f.call(EXCHANGE, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.RESOLVED, hash("outcome")));
    f.call(HOLDER_A, "recordDelivery", delivery(t.tradeNo(), "信用评估", "after"));
    f.call(HOLDER_B, "answerDelivery", new AnswerDeliveryRequest(d.deliveryNo(), true, hash("ok")));
    assertThat(f.call(HOLDER_A, "completeDelivery", new IdRequest(d.deliveryNo()), Delivery.class).completedAt()).isNotNull();
  }

  @Test
  void the_prohibited_list_set_by_the_registry_admin_stops_listing_and_trading() {
    Registration r = f.issued(HOLDER_A, null, "prohibited");
    f.listingCheck(r.regNo());
    SetProhibitedListRequest list = new SetProhibitedListRequest(
        Set.of(), Set.of(), List.of("I64"), Set.of(), List.of(), hash("notice 2026-12"));
    f.refused(Code.FORBIDDEN, REGISTRAR, "setProhibitedList", list);
    f.refused(Code.FORBIDDEN, EXCHANGE, "setProhibitedList", list);
    f.call(RegistryFixture.ADMIN, "setProhibitedList", list);
    RegistrySettings settings = f.call(HOLDER_B, "getSettings", new io.dareg.core.api.Empty(), RegistrySettings.class);
    assertThat(settings.prohibited().industries()).containsExactly("I64");
    assertThat(settings.prohibited().setBy()).isEqualTo(RegistryFixture.ADMIN.identity());

    RuleException trade = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
    assertThat(trade.getMessage()).contains("prohibited");
    ListingCheck check = f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()), ListingCheck.class);
    assertThat(check.listable()).isFalse();
    assertThat(check.obstacles()).singleElement().asString().contains("I64").contains("禁止交易清单");

    f.call(RegistryFixture.ADMIN, "setProhibitedList", new SetProhibitedListRequest(
        Set.of(), Set.of(), List.of(), Set.of(), List.of(r.regNo()), hash("notice 2026-13")));
    assertThat(f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()), ListingCheck.class).obstacles())
        .singleElement().asString().contains(r.regNo());
    f.call(RegistryFixture.ADMIN, "setProhibitedList", new SetProhibitedListRequest(
        Set.of(), Set.of(), List.of(), Set.of(), List.of(), hash("lifted")));
    f.listingCheck(r.regNo());
    f.call(EXCHANGE, "recordTrade", licence(r.regNo(), f.accountA, f.accountB, aYear()));
  }
}

package io.dareg.chaincode.registry;

import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.ListingCheckRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SetProhibitedListRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.api.TradeView;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.Consent;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.EncumbranceStatus;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.ProhibitedList;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Role;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeKind;
import io.dareg.core.model.Transfer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Trades on an exchange and the deliveries that fulfil them (数据安全法 art. 33; REQUIREMENTS §7).
 *
 * <p>An exchange or regulator records a listing check (挂牌审核): what the ledger says of an asset at
 * that moment, kept as evidence. Only an exchange records a trade, and only of an issued asset with no objection pending and no
 * active pledge. A transfer trade completes a transfer of the existing rules (the certificate in
 * force is superseded); a licence trade adds a non-exclusive licence encumbrance. The seller records
 * each delivery within the traded term and scenarios, then its completion and the deletion of the
 * data on its side; the buyer accepts or rejects each delivery once. The
 * exchange that recorded a trade records its settlement, and marks it disputed and then resolved.
 *
 * <p>Trading controls (REQUIREMENTS §9): a trade needs a listing check by the same exchange that
 * passed on the same China day (the latest such check of that exchange counts), a certificate in
 * force and an asset off the registry's prohibited list (禁止交易清单, GD); a licence grants only
 * scenarios the registration permits; a jointly held asset is traded only with every co-holder
 * as a seller; a disputed trade's deliveries are frozen (暂停交易, GD) until the dispute is resolved.
 */
final class TradeRules {

  void declare(RegistryTransactions.Declarations d) {
    d.submit("recordListingCheck", ListingCheckRequest.class, this::recordListingCheck);
    d.submit("recordTrade", RecordTradeRequest.class, this::recordTrade);
    d.submit("recordSettlement", SettleTradeRequest.class, this::recordSettlement);
    d.submit("recordDispute", TradeDisputeRequest.class, this::recordDispute);
    d.submit("recordDelivery", RecordDeliveryRequest.class, this::recordDelivery);
    d.submit("answerDelivery", AnswerDeliveryRequest.class, this::answerDelivery);
    d.submit("completeDelivery", IdRequest.class, this::completeDelivery);
    d.submit("recordDeletion", IdRequest.class, this::recordDeletion);
    d.evaluate("getTrade", IdRequest.class, (tx, r) -> view(tx, r.id()));
    d.evaluate(
        "getListingCheck",
        IdRequest.class,
        (tx, r) -> ownCheck(tx, r.id()));
    d.evaluate("getDelivery", IdRequest.class, (tx, r) -> tx.scopedDelivery(r.id()));
    // issue 20: the prohibited list (禁止交易清单, GD)
    d.submit("setProhibitedList", SetProhibitedListRequest.class, this::setProhibitedList);
  }

  /** The registry admin replaces the prohibited list kept in the registry's settings. */
  RegistrySettings setProhibitedList(Tx tx, SetProhibitedListRequest req) {
    tx.access.registryAdmin();
    for (String regNo : req.regNos()) {
      tx.registration(regNo);
    }
    ProhibitedList list =
        new ProhibitedList(
            req.assetClasses(), req.forms(), req.industries(), req.sources(), req.regNos(), req.basisHash(),
            tx.access.caller().identity(), tx.time());
    RegistrySettings settings = tx.access.settings().withProhibited(list);
    tx.store.put(Keys.settings(), settings);
    return settings;
  }

  ListingCheck recordListingCheck(Tx tx, ListingCheckRequest req) {
    tx.access.require(Role.EXCHANGE, Role.REGULATOR);
    PeerRegistry peer = tx.access.peer(RegistryRecord.codeOf(req.regNo()));
    if (peer != null) { // issue 25: an asset registered on another ledger, checked there
      return recorded(tx, PeerListingChecks.check(tx, req, peer));
    }
    if (req.voucher() != null) {
      throw RuleException.invalid("voucher", "is for an asset of a registry on another ledger; " + req.regNo() + " is on this one");
    }
    Registration r = tx.registration(req.regNo());
    RegistrationStatus status = r.effectiveStatus(tx.time());
    List<String> obstacles = new ArrayList<>();
    if (status != RegistrationStatus.ISSUED) {
      obstacles.add("the registration is " + status + ", not ISSUED");
    }
    CertificateRecord cert =
        r.certificateNo() == null ? null : tx.store.find(Keys.CERTIFICATE.record(r.certificateNo()), CertificateRecord.class);
    boolean certificateValid = inForce(tx, cert);
    if (!certificateValid) {
      obstacles.add(cert == null ? "no certificate is in force" : "certificate " + cert.certNo() + " is not valid now");
    }
    List<String> pledgedTo = new ArrayList<>();
    List<String> licensedTo = new ArrayList<>();
    for (Encumbrance e : tx.encumbrances(r.regNo())) {
      if (e.active() && e.kind() == EncumbranceKind.PLEDGE) {
        pledgedTo.add(e.counterparty());
        obstacles.add("pledged to " + e.counterparty() + " (" + e.encumbranceNo() + ")");
      } else if (e.active() && e.kind() == EncumbranceKind.LICENCE) {
        licensedTo.add(e.counterparty());
      }
    }
    List<String> pending = tx.pendingObjections(r.regNo());
    if (!pending.isEmpty()) {
      obstacles.add("objections pending: " + pending);
    }
    obstacles.addAll(prohibited(tx, r));
    // issue 25: a venue relying on another registry takes this one's registration only under an agreement
    String registry = RegistryRecord.codeOf(r.regNo());
    String venue = req.venue() == null || req.venue().equals(registry) ? null : tx.access.requireRegistry(req.venue()).code();
    Recognition recognition =
        venue == null ? null : tx.recognition(venue, registry, r.profile(), r.asset().assetClass(), r.rightType());
    if (venue != null && recognition == null) {
      obstacles.add("registered at registry " + registry + ", which registry " + venue + " does not recognise for it: no recognition"
          + " agreement between them in force now covers its profile " + r.profile() + ", class " + r.asset().assetClass()
          + " and right " + r.rightType());
    }
    String no = tx.store.newNumber("LC", Keys.LISTING_CHECK::record);
    ListingCheck check =
        new ListingCheck(
            no, r.regNo(), tx.access.caller().identity(), tx.time(), status, r.rightType(), r.holders(),
            r.certificateNo(), certificateValid, pledgedTo, licensedTo, pending, obstacles.isEmpty(), obstacles, venue,
            recognition == null ? null : recognition.agreementNo(), r.profile(), r.asset().assetClass());
    return recorded(tx, check);
  }

  private static ListingCheck recorded(Tx tx, ListingCheck check) {
    tx.store.put(Keys.LISTING_CHECK.record(check.checkNo()), check);
    tx.store.mark(Keys.LISTING_CHECK.entry(check.regNo(), check.checkNo()));
    tx.store.putText(Keys.lastListingCheck(check.regNo(), tx.access.caller().msp()), check.checkNo());
    return check;
  }

  /** True when {@code cert} is recorded, ACTIVE and inside its validity at the transaction's time. */
  private static boolean inForce(Tx tx, CertificateRecord cert) {
    return cert != null
        && cert.status() == CertificateStatus.ACTIVE
        && !tx.time().isBefore(cert.validFrom())
        && (cert.validUntil() == null || tx.time().isBefore(cert.validUntil()));
  }

  /** Why the registry's prohibited list forbids trading {@code r}, in words; empty when it does not. */
  private static List<String> prohibited(Tx tx, Registration r) {
    ProhibitedList list = tx.access.settings().prohibited();
    return list == null ? List.of() : list.matches(r.regNo(), r.asset()).stream().map(m -> m + " (禁止交易清单)").toList();
  }

  /** Refuses a trade without a listing check of the calling exchange that passed today. */
  private static void requirePassedListingCheck(Tx tx, Registration r) {
    String msp = tx.access.caller().msp();
    String no = tx.store.text(Keys.lastListingCheck(r.regNo(), msp));
    ListingCheck check = no == null ? null : tx.store.find(Keys.LISTING_CHECK.record(no), ListingCheck.class);
    LocalDate today = tx.date();
    if (check == null || !check.checkedAt().atZone(io.dareg.core.model.ChinaTime.ZONE).toLocalDate().equals(today)) {
      throw RuleException.conflict(
          "no listing check of " + r.regNo() + " by " + msp + " today (" + today + ")"
              + (check == null ? "" : "; its last one, " + check.checkNo() + ", is of " + check.checkedAt())
              + ": record one (recordListingCheck) before the trade");
    }
    if (!check.listable()) {
      throw RuleException.conflict(
          "listing check " + check.checkNo() + " of " + r.regNo() + " did not pass: " + check.obstacles()
              + "; remove the obstacles and record a new check");
    }
  }

  Trade recordTrade(Tx tx, RecordTradeRequest req) {
    tx.access.require(Role.EXCHANGE);
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "trade", RegistrationStatus.ISSUED);
    List<String> pending = tx.pendingObjections(r.regNo());
    if (!pending.isEmpty()) {
      throw RuleException.conflict("cannot trade " + r.regNo() + " while objections " + pending + " are pending");
    }
    CertificateRecord cert =
        r.certificateNo() == null ? null : tx.store.find(Keys.CERTIFICATE.record(r.certificateNo()), CertificateRecord.class);
    if (!inForce(tx, cert)) {
      throw RuleException.conflict(
          "cannot trade " + r.regNo() + ": "
              + (cert == null ? "no certificate is in force (the registrar records it: recordCertificate)"
                  : "certificate " + cert.certNo() + " is " + cert.status() + " or outside its validity"));
    }
    List<String> prohibited = prohibited(tx, r);
    if (!prohibited.isEmpty()) {
      throw RuleException.conflict("cannot trade " + r.regNo() + ": " + prohibited);
    }
    requirePassedListingCheck(tx, r);
    // Read once: the pledge check and the licence's overlap check look at the same encumbrances.
    List<Encumbrance> encumbrances = tx.encumbrances(r.regNo());
    Guards.refuseWhilePledged(r, encumbrances, "trade");
    tx.openAccount(req.seller(), "seller");
    if (!r.holders().contains(req.seller())) {
      throw RuleException.invalid("seller", "account " + req.seller() + " does not hold " + r.regNo() + " (holders: " + r.holders() + ")");
    }
    List<String> sellers = sellers(r, req);
    if (req.kind() == TradeKind.LICENCE) {
      Guards.requirePermittedScenarios(r, req.scenarios());
    }
    String tradeNo = tx.store.newNumber("TD", Keys.TRADE::record);
    String transferNo = null;
    String encumbranceNo = null;
    if (req.kind() == TradeKind.TRANSFER) {
      transferNo = transfer(tx, r, req, sellers).transferNo();
    } else {
      encumbranceNo = licence(tx, r, req, encumbrances, sellers).encumbranceNo();
    }
    Trade t =
        new Trade(
            tradeNo, tx.access.caller().msp(), r.regNo(), req.seller(), req.buyer(), req.kind(), r.rightType(),
            req.scope(), req.scenarios(), req.term(), req.contractHash(), req.amountHash(), req.amount(),
            req.pricingMethod(), tx.time(), transferNo, encumbranceNo, null, null, null, null, req.coSellers());
    tx.store.put(Keys.TRADE.record(tradeNo), t);
    tx.store.mark(Keys.TRADE.entry(r.regNo(), tradeNo));
    return t;
  }

  Trade recordSettlement(Tx tx, SettleTradeRequest req) {
    Trade t = ownTrade(tx, req.tradeNo());
    if (t.settledAt() != null) {
      throw RuleException.conflict("trade " + t.tradeNo() + " was settled at " + t.settledAt());
    }
    Trade settled = t.settled(tx.time(), req.settlementHash());
    tx.store.put(Keys.TRADE.record(t.tradeNo()), settled);
    return settled;
  }

  Trade recordDispute(Tx tx, TradeDisputeRequest req) {
    Trade t = ownTrade(tx, req.tradeNo());
    DisputeStatus before = t.dispute();
    boolean opens = req.status() == DisputeStatus.DISPUTED && before != DisputeStatus.DISPUTED;
    boolean resolves = req.status() == DisputeStatus.RESOLVED && before == DisputeStatus.DISPUTED;
    if (!opens && !resolves) {
      throw RuleException.conflict(
          "trade " + t.tradeNo() + " is " + (before == null ? "not disputed" : before) + "; it cannot become " + req.status());
    }
    Trade disputed = t.disputed(req.status(), req.documentHash());
    tx.store.put(Keys.TRADE.record(t.tradeNo()), disputed);
    return disputed;
  }

  /** A trade of the calling exchange's organisation. */
  private static Trade ownTrade(Tx tx, String tradeNo) {
    tx.access.require(Role.EXCHANGE);
    Trade t = trade(tx, tradeNo);
    if (!t.exchange().equals(tx.access.caller().msp())) {
      throw RuleException.forbidden("trade " + t.tradeNo() + " was recorded by " + t.exchange() + "; only that exchange updates it");
    }
    return t;
  }

  Delivery recordDelivery(Tx tx, RecordDeliveryRequest req) {
    Trade t = trade(tx, req.tradeNo());
    String account = tx.access.holder();
    if (!account.equals(t.seller())) {
      throw RuleException.forbidden("only the seller " + t.seller() + " records deliveries under " + t.tradeNo());
    }
    refuseWhileDisputed(t, "record a delivery");
    Registration r = tx.registration(t.regNo());
    tx.requireStatus(r, "deliver under " + t.tradeNo() + " of", RegistrationStatus.ISSUED);
    LocalDate today = tx.date();
    TimeSpan term = t.term();
    if (term != null && (today.isBefore(term.from()) || (term.until() != null && today.isAfter(term.until())))) {
      throw RuleException.conflict(
          "trade " + t.tradeNo() + " licenses " + term.from() + " to " + (term.until() == null ? "open" : term.until())
              + "; " + today + " is outside that term");
    }
    if (t.kind() == TradeKind.LICENCE && !t.scenarios().isEmpty()) {
      if (req.scenario() == null) {
        throw RuleException.invalid("scenario", "trade " + t.tradeNo() + " licenses only " + t.scenarios() + "; name the one served");
      }
      if (!t.scenarios().contains(req.scenario())) {
        throw RuleException.conflict(
            "scenario '" + req.scenario() + "' is outside trade " + t.tradeNo() + ", which licenses only " + t.scenarios());
      }
    }
    String no = tx.store.newNumber("DL", Keys.DELIVERY::record);
    Delivery d =
        new Delivery(
            no, t.tradeNo(), req.mode(), req.scenario(), req.algorithm(), req.payloadRoot(), req.size(), req.parts(),
            tx.time(), null, null, null, null);
    tx.store.put(Keys.DELIVERY.record(no), d);
    tx.store.mark(Keys.DELIVERY.entry(t.tradeNo(), no));
    tx.store.mark(Keys.DELIVERY_BY_ROOT.entry(req.algorithm(), req.payloadRoot(), no));
    return d;
  }

  Delivery answerDelivery(Tx tx, AnswerDeliveryRequest req) {
    Delivery d = delivery(tx, req.deliveryNo());
    Trade t = trade(tx, d.tradeNo());
    String account = tx.access.holder();
    if (!account.equals(t.buyer())) {
      throw RuleException.forbidden("only the buyer " + t.buyer() + " answers delivery " + d.deliveryNo());
    }
    refuseWhileDisputed(t, "answer delivery " + d.deliveryNo());
    if (d.accepted() != null) {
      throw RuleException.conflict(
          "delivery " + d.deliveryNo() + " was already " + (d.accepted() ? "accepted" : "rejected"));
    }
    Delivery answered = d.answered(req.accepted(), req.answerHash());
    tx.store.put(Keys.DELIVERY.record(d.deliveryNo()), answered);
    return answered;
  }

  Delivery completeDelivery(Tx tx, IdRequest req) {
    Delivery d = ownDelivery(tx, req.id());
    refuseWhileDisputed(trade(tx, d.tradeNo()), "complete delivery " + d.deliveryNo());
    if (d.completedAt() != null) {
      throw RuleException.conflict("delivery " + d.deliveryNo() + " was recorded complete at " + d.completedAt());
    }
    Delivery done = d.completed(tx.time());
    tx.store.put(Keys.DELIVERY.record(d.deliveryNo()), done);
    return done;
  }

  Delivery recordDeletion(Tx tx, IdRequest req) {
    Delivery d = ownDelivery(tx, req.id());
    if (d.completedAt() == null) {
      throw RuleException.conflict("delivery " + d.deliveryNo() + " is not complete; record completion (completeDelivery) first");
    }
    if (d.deletedAt() != null) {
      throw RuleException.conflict("the deletion after delivery " + d.deliveryNo() + " was recorded at " + d.deletedAt());
    }
    Delivery deleted = d.deleted(tx.time());
    tx.store.put(Keys.DELIVERY.record(d.deliveryNo()), deleted);
    return deleted;
  }

  /** A dispute freezes the trade's deliveries (暂停交易, GD) until the exchange records it resolved. */
  private static void refuseWhileDisputed(Trade t, String action) {
    if (t.dispute() == DisputeStatus.DISPUTED) {
      throw RuleException.conflict(
          "trade " + t.tradeNo() + " is disputed; its deliveries are frozen: cannot " + action
              + " until the exchange " + t.exchange() + " records the dispute RESOLVED");
    }
  }

  /** A delivery under a trade whose seller is the caller's account. */
  private static Delivery ownDelivery(Tx tx, String deliveryNo) {
    Delivery d = delivery(tx, deliveryNo);
    Trade t = trade(tx, d.tradeNo());
    String account = tx.access.holder();
    if (!account.equals(t.seller())) {
      throw RuleException.forbidden("only the seller " + t.seller() + " records the completion of delivery " + d.deliveryNo());
    }
    return d;
  }

  /**
   * The sellers of a trade: the seller and its co-sellers, who must be every holder of the asset,
   * since a transfer or licence of a jointly held asset needs every co-holder's consent.
   */
  private static List<String> sellers(Registration r, RecordTradeRequest req) {
    List<String> sellers = new ArrayList<>();
    sellers.add(req.seller());
    sellers.addAll(req.coSellers());
    for (int i = 0; i < req.coSellers().size(); i++) {
      if (!r.holders().contains(req.coSellers().get(i))) {
        throw RuleException.invalid(
            "coSellers[" + i + "]", "account " + req.coSellers().get(i) + " does not hold " + r.regNo() + " (holders: " + r.holders() + ")");
      }
    }
    List<String> missing = r.holders().stream().filter(h -> !sellers.contains(h)).toList();
    if (!missing.isEmpty()) {
      throw RuleException.conflict(
          r.regNo() + " is held jointly by " + r.holders() + "; a " + req.kind() + " trade needs every co-holder's consent,"
              + " so each must be a seller under the contract: add " + missing + " as coSellers");
    }
    return sellers;
  }

  private static List<Consent> consents(Tx tx, List<String> sellers) {
    return sellers.stream().map(s -> new Consent(s, tx.time())).toList();
  }

  private static Transfer transfer(Tx tx, Registration r, RecordTradeRequest req, List<String> sellers) {
    tx.recipient(r, req.buyer());
    Transfer t = tx.proposeTransfer(r, req.buyer(), req.contractHash(), tx.time(), consents(tx, sellers));
    return tx.completeTransfer(r, t);
  }

  private static Encumbrance licence(
      Tx tx, Registration r, RecordTradeRequest req, List<Encumbrance> encumbrances, List<String> sellers) {
    tx.openAccount(req.buyer(), "buyer");
    if (r.holders().contains(req.buyer())) {
      throw RuleException.invalid("buyer", "account " + req.buyer() + " already holds " + r.regNo());
    }
    if (req.term().until() != null && req.term().until().isBefore(tx.date())) {
      throw RuleException.invalid("term.until", "the term ended before today (" + tx.date() + ")");
    }
    for (Encumbrance e : encumbrances) {
      if (e.active() && e.kind() == EncumbranceKind.LICENCE && e.exclusive() && Guards.overlap(e.term(), req.term())) {
        throw RuleException.conflict(
            "exclusive licence " + e.encumbranceNo() + " to " + e.counterparty() + " overlaps this term");
      }
    }
    String no = tx.store.newNumber("EN", Keys.ENCUMBRANCE::record);
    Encumbrance e =
        new Encumbrance(
            no, r.regNo(), EncumbranceKind.LICENCE, req.seller(), req.buyer(), req.scope(), req.scenarios(), false,
            req.term(), req.contractHash(), tx.date(), true, tx.time(), null, EncumbranceStatus.IN_FORCE, r.holders(),
            consents(tx, sellers));
    tx.store.put(Keys.ENCUMBRANCE.record(no), e);
    tx.store.mark(Keys.ENCUMBRANCE.entry(r.regNo(), no));
    return e;
  }

  /** A listing check, refused to an exchange when another organisation recorded it (ExchangeScope). */
  private static ListingCheck ownCheck(Tx tx, String no) {
    ListingCheck c = tx.store.require(Keys.LISTING_CHECK.record(no), ListingCheck.class, "listing check " + no);
    tx.access.requireOwnCheck(c);
    return c;
  }

  private static Trade trade(Tx tx, String no) {
    return tx.store.require(Keys.TRADE.record(no), Trade.class, "trade " + no);
  }

  private static Delivery delivery(Tx tx, String no) {
    return tx.store.require(Keys.DELIVERY.record(no), Delivery.class, "delivery " + no);
  }

  private static TradeView view(Tx tx, String tradeNo) {
    Trade t = trade(tx, tradeNo);
    tx.access.requireOwnTrade(t);
    List<Delivery> deliveries = new ArrayList<>();
    for (String no : tx.store.indexed(Keys.DELIVERY.all(tradeNo))) {
      deliveries.add(delivery(tx, no));
    }
    return new TradeView(t, deliveries);
  }
}

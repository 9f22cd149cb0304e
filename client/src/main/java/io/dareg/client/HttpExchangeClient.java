package io.dareg.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.DeliveryPage;
import io.dareg.core.api.HashMatches;
import io.dareg.core.api.ListingCheckRequest;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.api.TradePage;
import io.dareg.core.api.TradeQuery;
import io.dareg.core.api.TradeView;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.cert.Voucher;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Trade;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The exchanges' part of {@link HttpDaregClient}, as {@link ExchangeClient} is the exchanges' part of {@link DaregClient}:
 * listing checks, trades and their vouchers, deliveries, provenance and the trade index, each one call of an operation
 * through {@link GatewayCalls}. The rest of the API is {@link HttpDaregClient}, its one subclass.
 */
abstract sealed class HttpExchangeClient implements ExchangeClient permits HttpRegistriesClient {
  final GatewayCalls calls;
  /** Checks certificates and vouchers against the caller's trusted roots, here, without trusting the gateway. */
  final CertificateVerifier verifier;

  HttpExchangeClient(GatewayCalls calls, CertificateVerifier verifier) {
    this.calls = calls;
    this.verifier = verifier;
  }

  @Override public ListingCheck recordListingCheck(String regNo) {
    return calls.call("recordListingCheck", ListingCheck.class, regNo);
  }
  @Override public ListingCheck recordListingCheck(ListingCheckRequest request) {
    return calls.send("recordListingCheck", ListingCheck.class, request);
  }
  @Override public ListingCheck listingCheck(String checkNo) {
    return calls.call("getListingCheck", ListingCheck.class, checkNo);
  }
  @Override public Voucher listingCheckVoucher(String checkNo) {
    // issue 24: the voucher may carry its check's log receipt; the voucher is what is under it
    return Voucher.parse(LogReceipt.detach(calls.document("getListingCheckVoucher", "application/json", "", checkNo)).signed());
  }
  @Override public Trade recordTrade(RecordTradeRequest request) {
    return calls.send("recordTrade", Trade.class, request);
  }
  @Override public TradeView trade(String tradeNo) {
    return calls.call("getTrade", TradeView.class, tradeNo);
  }
  @Override public Voucher tradeVoucher(String tradeNo) {
    return calls.call("getTradeVoucher", Voucher.class, tradeNo);
  }
  @Override public VerificationReport verifyVoucher(Voucher voucher) {
    return verifier.verify(voucher);
  }
  @Override public Trade recordSettlement(SettleTradeRequest request) {
    return calls.send("recordSettlement", Trade.class, request);
  }
  @Override public Trade recordDispute(TradeDisputeRequest request) {
    return calls.send("recordDispute", Trade.class, request);
  }
  @Override public Delivery recordDelivery(RecordDeliveryRequest request) {
    return calls.send("recordDelivery", Delivery.class, request);
  }
  @Override public Delivery delivery(String deliveryNo) {
    return calls.call("getDelivery", Delivery.class, deliveryNo);
  }
  @Override public Delivery answerDelivery(AnswerDeliveryRequest request) {
    return calls.send("answerDelivery", Delivery.class, request);
  }
  @Override public Delivery completeDelivery(String deliveryNo) {
    return calls.call("completeDelivery", Delivery.class, deliveryNo);
  }
  @Override public Delivery recordDeletion(String deliveryNo) {
    return calls.call("recordDeletion", Delivery.class, deliveryNo);
  }
  @Override public List<ProvenanceEntry> provenance(String regNo) {
    return calls.call("getProvenance", new TypeReference<List<ProvenanceEntry>>() {}, regNo);
  }
  @Override public TradePage trades(TradeQuery query) {
    return calls.find("listTrades", TradePage.class, indexQuery(query));
  }
  @Override public DeliveryPage deliveries(TradeQuery query) {
    return calls.find("listDeliveries", DeliveryPage.class, indexQuery(query));
  }
  @Override public HashMatches findByHash(String hash) {
    return calls.call("findByHash", HashMatches.class, hash);
  }

  private static String indexQuery(TradeQuery q) {
    StringBuilder b = new StringBuilder("?pageSize=").append(q.pageSize());
    java.util.function.BiConsumer<String, Object> add = (name, value) -> {
      if (value != null) {
        b.append('&').append(name).append('=').append(query(value.toString()));
      }
    };
    add.accept("exchange", q.exchange());
    add.accept("party", q.party());
    add.accept("regNo", q.regNo());
    add.accept("status", q.status());
    add.accept("from", q.from());
    add.accept("to", q.to());
    add.accept("bookmark", q.bookmark());
    return b.toString();
  }

  /** A query parameter's value, URL-encoded. */
  static String query(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

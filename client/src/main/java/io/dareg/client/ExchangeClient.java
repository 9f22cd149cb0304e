package io.dareg.client;

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
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.cert.Voucher;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Trade;
import java.util.List;

/**
 * The exchanges' part of {@link DaregClient}: listing checks, trades and their vouchers, deliveries, and an asset's
 * provenance. Use it through a {@link DaregClient}.
 */
public interface ExchangeClient {

  /** An exchange or regulator records what the ledger says of an asset before listing it. */
  ListingCheck recordListingCheck(String regNo);

  /**
   * Issue 25: a listing check as {@code request} says: at a venue relying on registry {@code venue} (an asset of another
   * registry passes only under a recognition agreement between the two, which the check names), and for an asset of a
   * registry on another ledger, with the listing-check voucher the same exchange got there today.
   */
  ListingCheck recordListingCheck(ListingCheckRequest request);

  /** Reads a listing check. */
  ListingCheck listingCheck(String checkNo);

  /** An exchange records a transfer or licence trade. */
  Trade recordTrade(RecordTradeRequest request);

  /** Reads a trade with its deliveries. */
  TradeView trade(String tradeNo);

  /** The trade voucher (交易凭证): the trade and its deliveries, signed by the registry's issuing key. */
  Voucher tradeVoucher(String tradeNo);

  /** A listing check, signed by the registry's issuing key: what the ledger said of an asset, and when. */
  Voucher listingCheckVoucher(String checkNo);

  /** Verifies a voucher here, against this client's trusted roots: signature and chain. */
  VerificationReport verifyVoucher(Voucher voucher);

  /** The trade's exchange records its settlement. */
  Trade recordSettlement(SettleTradeRequest request);

  /** The trade's exchange marks it disputed, or records the outcome. */
  Trade recordDispute(TradeDisputeRequest request);

  /** The seller records a delivery under a trade. */
  Delivery recordDelivery(RecordDeliveryRequest request);

  /** Reads a delivery. */
  Delivery delivery(String deliveryNo);

  /** The buyer accepts or rejects a delivery. */
  Delivery answerDelivery(AnswerDeliveryRequest request);

  /** The seller records a delivery complete. */
  Delivery completeDelivery(String deliveryNo);

  /** The seller records the deletion of the data after a completed delivery. */
  Delivery recordDeletion(String deliveryNo);

  /**
   * One page of trades from the gateway's query index: a regulator's query covers every trade, an
   * exchange's those its organisation recorded, a party's those it sells or buys in (asking for
   * more is refused). Follow {@link TradePage#bookmark()} with {@link TradeQuery#after} for the
   * next page; {@link TradePage#behind()} says the index has not yet taken in the whole ledger.
   */
  TradePage trades(TradeQuery query);

  /**
   * One page of deliveries from the gateway's query index, filtered by their trade's exchange,
   * party and asset and by their own status and time, seen as {@link #trades} sees their trades.
   */
  DeliveryPage deliveries(TradeQuery query);

  /** Every write of every record of an asset, with transaction id and time, in time order. */
  List<ProvenanceEntry> provenance(String regNo);

  /** The evidence and deliveries that carry a whole-file hash or Merkle root. */
  HashMatches findByHash(String hash);
}

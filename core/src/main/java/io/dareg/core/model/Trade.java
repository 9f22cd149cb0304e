package io.dareg.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A trade recorded by an exchange (数据安全法 art. 33: parties, asset, contract, use, term,
 * scenario, amount and time are kept).
 *
 * @param tradeNo the trade number
 * @param exchange the exchange's organisation (MSP id)
 * @param regNo the asset traded
 * @param seller the seller's account
 * @param buyer the buyer's account
 * @param kind transfer of the right, or a licence
 * @param rightType the right traded
 * @param scope for a licence, its scope; else the whole right
 * @param scenarios for a licence, the permitted scenarios
 * @param term for a licence, its term; else null
 * @param contractHash hash of the contract
 * @param amountHash hash of the amount (the amount stays off the ledger unless published)
 * @param amount the amount in fen when the parties chose to publish it, else null
 * @param pricingMethod how the price was set, e.g. {@code negotiated}, {@code auction}
 * @param tradedAt when
 * @param transferNo for a transfer, the transfer it completed; else null
 * @param encumbranceNo for a licence, the licence encumbrance it added; else null
 * @param settledAt when the exchange recorded settlement, or null
 * @param settlementHash hash of the settlement record, or null
 * @param dispute null, or where a dispute stands
 * @param disputeHash hash of the complaint or, once resolved, of the outcome; else null
 * @param coSellers the other holders of a jointly held asset, each a party to the contract as a
 *     seller (every co-holder consents to a transfer or licence); empty for a sole holder
 */
public record Trade(
    String tradeNo,
    String exchange,
    String regNo,
    String seller,
    String buyer,
    TradeKind kind,
    RightType rightType,
    String scope,
    List<String> scenarios,
    TimeSpan term,
    String contractHash,
    String amountHash,
    Long amount,
    String pricingMethod,
    Instant tradedAt,
    String transferNo,
    String encumbranceNo,
    Instant settledAt,
    String settlementHash,
    DisputeStatus dispute,
    String disputeHash,
    List<String> coSellers) {
  /** Validates every field. */
  public Trade {
    tradeNo = Require.identifier("tradeNo", tradeNo);
    exchange = Require.identifier("exchange", exchange);
    regNo = Require.identifier("regNo", regNo);
    seller = Require.identifier("seller", seller);
    buyer = Require.identifier("buyer", buyer);
    if (seller.equals(buyer)) {
      throw new InvalidInputException("buyer", "must be another account than the seller");
    }
    Require.present("kind", kind);
    Require.present("rightType", rightType);
    scope = Require.text("scope", scope, 1000);
    scenarios = Require.texts("scenarios", scenarios, 50, 200);
    if (kind == TradeKind.LICENCE && term == null) {
      throw new InvalidInputException("term", "a licence trade needs a term");
    }
    contractHash = Require.hash("contractHash", contractHash);
    amountHash = Require.hash("amountHash", amountHash);
    if (amount != null) {
      Require.notNegative("amount", amount);
    }
    pricingMethod = Require.text("pricingMethod", pricingMethod, 100);
    Require.present("tradedAt", tradedAt);
    transferNo = Require.optionalIdentifier("transferNo", transferNo);
    encumbranceNo = Require.optionalIdentifier("encumbranceNo", encumbranceNo);
    settlementHash = Require.optionalHash("settlementHash", settlementHash);
    disputeHash = Require.optionalHash("disputeHash", disputeHash);
    coSellers = Require.list("coSellers", coSellers, 19);
  }

  /** This trade, settled at {@code when}. */
  public Trade settled(Instant when, String hash) {
    return new Trade(
        tradeNo, exchange, regNo, seller, buyer, kind, rightType, scope, scenarios, term, contractHash, amountHash,
        amount, pricingMethod, tradedAt, transferNo, encumbranceNo, when, hash, dispute, disputeHash, coSellers);
  }

  /** This trade, with its dispute at {@code status}. */
  public Trade disputed(DisputeStatus status, String hash) {
    return new Trade(
        tradeNo, exchange, regNo, seller, buyer, kind, rightType, scope, scenarios, term, contractHash, amountHash,
        amount, pricingMethod, tradedAt, transferNo, encumbranceNo, settledAt, settlementHash, status, hash,
        coSellers);
  }
}

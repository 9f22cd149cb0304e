package io.dareg.core.api;

import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.TradeKind;
import java.util.List;

/**
 * An exchange records a trade concluded on it: the transfer of a registered right, or a licence to
 * use it with a scope, scenarios and a term.
 *
 * @param regNo the asset traded
 * @param seller the seller's account, a holder of the asset
 * @param buyer the buyer's account
 * @param kind transfer of the right, or a licence
 * @param scope for a licence, its scope; for a transfer, the whole right
 * @param scenarios for a licence, the permitted scenarios (empty: any)
 * @param term for a licence, its term; for a transfer, null
 * @param contractHash hash of the trade contract
 * @param amountHash hash of the amount
 * @param amount the amount in fen when the parties publish it, else null
 * @param pricingMethod how the price was set, e.g. {@code negotiated}, {@code auction}
 * @param coSellers for a jointly held asset, the other holders, each a seller under the contract
 *     (every co-holder consents to a transfer or licence); empty for a sole holder
 */
public record RecordTradeRequest(
    String regNo,
    String seller,
    String buyer,
    TradeKind kind,
    String scope,
    List<String> scenarios,
    TimeSpan term,
    String contractHash,
    String amountHash,
    Long amount,
    String pricingMethod,
    List<String> coSellers) {
  /** Validates every field. */
  public RecordTradeRequest {
    regNo = Require.identifier("regNo", regNo);
    seller = Require.identifier("seller", seller);
    buyer = Require.identifier("buyer", buyer);
    if (seller.equals(buyer)) {
      throw new InvalidInputException("buyer", "must be another account than the seller");
    }
    Require.present("kind", kind);
    scope = Require.text("scope", scope, 1000);
    scenarios = Require.texts("scenarios", scenarios, 50, 200);
    if (kind == TradeKind.LICENCE && term == null) {
      throw new InvalidInputException("term", "a licence trade needs a term: give term.from (and term.until)");
    }
    if (kind == TradeKind.TRANSFER && term != null) {
      throw new InvalidInputException("term", "a transfer has no term: leave it out, or trade a LICENCE");
    }
    contractHash = Require.hash("contractHash", contractHash);
    amountHash = Require.hash("amountHash", amountHash);
    if (amount != null) {
      Require.notNegative("amount", amount);
    }
    pricingMethod = Require.text("pricingMethod", pricingMethod, 100);
    coSellers = Require.list("coSellers", coSellers, 19);
    for (int i = 0; i < coSellers.size(); i++) {
      Require.identifier("coSellers[" + i + "]", coSellers.get(i));
      if (coSellers.get(i).equals(seller) || coSellers.get(i).equals(buyer) || coSellers.indexOf(coSellers.get(i)) != i) {
        throw new InvalidInputException("coSellers[" + i + "]", "names the seller, the buyer or another co-seller again");
      }
    }
  }

  /** A trade by a sole seller. */
  public RecordTradeRequest(
      String regNo, String seller, String buyer, TradeKind kind, String scope, List<String> scenarios, TimeSpan term,
      String contractHash, String amountHash, Long amount, String pricingMethod) {
    this(regNo, seller, buyer, kind, scope, scenarios, term, contractHash, amountHash, amount, pricingMethod, List.of());
  }
}

package io.dareg.core.model;

/**
 * A co-holder's share of a jointly held asset (资产权益比例, GD), in basis points (万分之一):
 * the shares of a registration name every holder once and sum to 10000 (100%).
 *
 * @param account the holder's account
 * @param basisPoints its share, 1 to 10000
 */
public record HolderShare(String account, int basisPoints) {
  /** Validates every field. */
  public HolderShare {
    account = Require.identifier("account", account);
    if (basisPoints < 1 || basisPoints > 10_000) {
      throw new InvalidInputException("basisPoints", "is " + basisPoints + "; a share is 1 to 10000 basis points (0.01% to 100%)");
    }
  }

  /** The share as a percentage with two decimals, e.g. {@code 33.33%}. */
  public String percent() {
    return String.format(java.util.Locale.ROOT, "%d.%02d%%", basisPoints / 100, basisPoints % 100);
  }
}

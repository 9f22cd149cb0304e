package io.dareg.core.api;

import io.dareg.core.model.FeeItem;
import io.dareg.core.model.Require;
import java.util.List;

/**
 * The registry admin sets the fee schedule and operating rules the registry publishes.
 *
 * @param fees the fee items, possibly empty (then registration is free of charge)
 * @param operatingRules the registry's operating rules in words, or where they are published
 */
public record PublicTermsRequest(List<FeeItem> fees, String operatingRules) {
  /** Validates every field. */
  public PublicTermsRequest {
    fees = Require.list("fees", fees, 100);
    operatingRules = Require.text("operatingRules", operatingRules, 4000);
  }
}

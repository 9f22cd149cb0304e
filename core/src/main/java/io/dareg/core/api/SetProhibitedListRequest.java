package io.dareg.core.api;

import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.Require;
import java.util.List;
import java.util.Set;

/**
 * The registry admin sets the prohibited list (禁止交易清单, GD), replacing the one before; every
 * part may be empty, and an empty list prohibits nothing.
 *
 * @param assetClasses asset classes that may not be listed
 * @param forms asset forms that may not be listed
 * @param industries GB/T 4754 codes or prefixes (e.g. {@code I64}) that may not be listed
 * @param sources data sources that may not be listed
 * @param regNos specific registrations that may not be listed
 * @param basisHash hash of the decision or notice the list rests on
 */
public record SetProhibitedListRequest(
    Set<AssetClass> assetClasses,
    Set<AssetForm> forms,
    List<String> industries,
    Set<DataSource> sources,
    List<String> regNos,
    String basisHash) {
  /** Validates every field. */
  public SetProhibitedListRequest {
    assetClasses = Require.set("assetClasses", assetClasses, AssetClass.values().length);
    forms = Require.set("forms", forms, AssetForm.values().length);
    industries = Require.texts("industries", industries, 200, 5);
    sources = Require.set("sources", sources, DataSource.values().length);
    regNos = Require.list("regNos", regNos, 1000);
    basisHash = Require.hash("basisHash", basisHash);
  }
}

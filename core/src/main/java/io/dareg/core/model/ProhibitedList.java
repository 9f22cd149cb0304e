package io.dareg.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The registry's prohibited list (禁止交易清单, GD): assets that may not be listed or traded. A
 * listing check records a match as an obstacle and a trade of a matching asset is refused.
 *
 * @param assetClasses asset classes that may not be listed
 * @param forms asset forms that may not be listed
 * @param industries GB/T 4754 codes, each covering every code it begins (e.g. {@code I} or {@code I64})
 * @param sources data sources that may not be listed (an asset drawing on any of them matches)
 * @param regNos specific registrations that may not be listed
 * @param basisHash hash of the decision or notice the list rests on
 * @param setBy the registry admin that set it
 * @param setAt when
 */
public record ProhibitedList(
    Set<AssetClass> assetClasses,
    Set<AssetForm> forms,
    List<String> industries,
    Set<DataSource> sources,
    List<String> regNos,
    String basisHash,
    IdentityRef setBy,
    Instant setAt) {
  /** Validates every field. */
  public ProhibitedList {
    assetClasses = Require.set("assetClasses", assetClasses, AssetClass.values().length);
    forms = Require.set("forms", forms, AssetForm.values().length);
    industries = Require.texts("industries", industries, 200, 5);
    for (int i = 0; i < industries.size(); i++) {
      if (!industries.get(i).matches("[A-T]\\d{0,4}")) {
        throw new InvalidInputException(
            "industries[" + i + "]", "'" + industries.get(i) + "' is not a GB/T 4754 code or prefix, e.g. I or I64");
      }
    }
    sources = Require.set("sources", sources, DataSource.values().length);
    regNos = Require.list("regNos", regNos, 1000);
    for (int i = 0; i < regNos.size(); i++) {
      Require.identifier("regNos[" + i + "]", regNos.get(i));
    }
    basisHash = Require.hash("basisHash", basisHash);
    Require.present("setBy", setBy);
    Require.present("setAt", setAt);
  }

  /** Why the list forbids {@code regNo} with description {@code a}, in words; empty when it does not. */
  public List<String> matches(String regNo, AssetDescription a) {
    List<String> out = new java.util.ArrayList<>();
    if (regNos.contains(regNo)) {
      out.add("registration " + regNo + " is on the prohibited list");
    }
    if (assetClasses.contains(a.assetClass())) {
      out.add("asset class " + a.assetClass() + " is on the prohibited list");
    }
    if (forms.contains(a.form())) {
      out.add("asset form " + a.form() + " is on the prohibited list");
    }
    for (String code : industries) {
      if (a.industry().startsWith(code)) {
        out.add("industry " + a.industry() + " falls under prohibited code " + code);
      }
    }
    for (DataSource s : a.sources()) {
      if (sources.contains(s)) {
        out.add("data source " + s + " is on the prohibited list");
      }
    }
    return out;
  }
}

package io.dareg.core.model;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What is registered: the public description of a data asset (REQUIREMENTS.md §3). Confidential
 * material (proofs, algorithm details, sample data) stays off the ledger; the registration keeps
 * only its hash.
 *
 * @param name asset name, in the form "application scenario + data" (应用场景+数据)
 * @param version the asset's version
 * @param assetClass resource, element or product
 * @param form data set, API, report, application, model, indicator or other
 * @param industry the 国民经济行业分类 (GB/T 4754) code: a section letter and up to four digits
 * @param coverageArea the area the data covers
 * @param timeSpan the period the data covers
 * @param sources where the data comes from
 * @param acquisition how the holder acquired it
 * @param structure field names and formats
 * @param scale records and bytes
 * @param updateFrequency how often it is updated
 * @param customFrequency the frequency in words, required when {@code updateFrequency} is CUSTOM
 * @param scenarios the permitted usage scenarios
 * @param scope the permitted scope of use
 * @param algorithmSummary the public summary of processing rules, incl. anonymisation
 * @param classification the data's classification level
 */
public record AssetDescription(
    String name,
    String version,
    AssetClass assetClass,
    AssetForm form,
    String industry,
    String coverageArea,
    TimeSpan timeSpan,
    Set<DataSource> sources,
    AcquisitionMethod acquisition,
    List<DataField> structure,
    Scale scale,
    UpdateFrequency updateFrequency,
    String customFrequency,
    List<String> scenarios,
    String scope,
    String algorithmSummary,
    ClassificationLevel classification) {
  private static final Pattern INDUSTRY = Pattern.compile("[A-T](\\d{2,4})?");

  /** Validates every field. */
  public AssetDescription {
    name = Require.text("asset.name", name, 200);
    version = Require.text("asset.version", version, 50);
    Require.present("asset.assetClass", assetClass);
    Require.present("asset.form", form);
    Require.present("asset.industry", industry);
    if (!INDUSTRY.matcher(industry).matches()) {
      throw new InvalidInputException(
          "asset.industry",
          "'" + industry + "' is not a GB/T 4754 code: a section letter A-T and 2 to 4 digits, e.g. I64");
    }
    coverageArea = Require.text("asset.coverageArea", coverageArea, 200);
    Require.present("asset.timeSpan", timeSpan);
    sources = Require.set("asset.sources", sources, DataSource.values().length);
    if (sources.isEmpty()) {
      throw new InvalidInputException("asset.sources", "name at least one source of the data");
    }
    Require.present("asset.acquisition", acquisition);
    structure = Require.list("asset.structure", structure, 1000);
    Require.present("asset.scale", scale);
    Require.present("asset.updateFrequency", updateFrequency);
    customFrequency = Require.optionalText("asset.customFrequency", customFrequency, 200);
    if (updateFrequency == UpdateFrequency.CUSTOM && customFrequency == null) {
      throw new InvalidInputException(
          "asset.customFrequency", "describe the frequency when updateFrequency is CUSTOM");
    }
    scenarios = Require.texts("asset.scenarios", scenarios, 50, 200);
    if (scenarios.isEmpty()) {
      throw new InvalidInputException("asset.scenarios", "name at least one permitted scenario");
    }
    scope = Require.text("asset.scope", scope, 1000);
    algorithmSummary = Require.text("asset.algorithmSummary", algorithmSummary, 2000);
    Require.present("asset.classification", classification);
  }
}

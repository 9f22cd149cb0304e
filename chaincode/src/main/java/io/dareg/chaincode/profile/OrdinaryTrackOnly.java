package io.dareg.chaincode.profile;

import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.Require;
import java.util.Set;

/**
 * On a simplified track, the applications that must take the ordinary track instead (GD: important
 * data, personal information, public data and cross-border data always take the 普通程序).
 *
 * @param classifications classification levels that take the ordinary track
 * @param sources data sources that take the ordinary track
 * @param crossBorder whether cross-border data takes the ordinary track
 * @param ordinaryProfile the profile of the ordinary track, named in the refusal
 * @param basis the rule, named in the refusal
 */
public record OrdinaryTrackOnly(
    Set<ClassificationLevel> classifications,
    Set<DataSource> sources,
    Boolean crossBorder,
    String ordinaryProfile,
    String basis) {
  /** Validates every field. */
  public OrdinaryTrackOnly {
    classifications = Require.set("classifications", classifications, ClassificationLevel.values().length);
    sources = Require.set("sources", sources, DataSource.values().length);
    crossBorder = Boolean.TRUE.equals(crossBorder);
    ordinaryProfile = Require.identifier("ordinaryProfile", ordinaryProfile);
    basis = Require.text("basis", basis, 500);
  }
}

package io.dareg.core.api;

import io.dareg.core.model.FeeItem;
import io.dareg.core.model.Require;
import java.time.Instant;
import java.time.Period;
import java.util.List;

/**
 * What the registry publishes about itself (SZ: fee items and standards; operating rules; retention
 * of records per profile): readable by anyone.
 *
 * @param registryName the registry
 * @param fees the fee schedule; empty means registration is free of charge
 * @param operatingRules the operating rules in words, or null until the registry admin sets them
 * @param updatedAt when the fees and operating rules were last set, or null
 * @param retention how long each profile keeps the records of a cancelled registration
 */
public record PublicTerms(
    String registryName, List<FeeItem> fees, String operatingRules, Instant updatedAt, List<Retention> retention) {
  /** Defensive copies. */
  public PublicTerms {
    fees = List.copyOf(fees);
    retention = List.copyOf(retention);
  }

  /**
   * One profile's retention period.
   *
   * @param profile the profile code
   * @param period how long records are kept after cancellation
   * @param basis the measure it comes from, or that it is the registry's default
   */
  public record Retention(String profile, Period period, String basis) {
    /** Validates every field. */
    public Retention {
      profile = Require.identifier("profile", profile);
      Require.present("period", period);
      basis = Require.text("basis", basis, 500);
    }
  }
}

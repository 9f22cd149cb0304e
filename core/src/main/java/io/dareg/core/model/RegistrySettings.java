package io.dareg.core.model;

import java.time.Instant;
import java.util.List;

/**
 * The registry's settings on the ledger, written when the ledger is initialised; the registry admin
 * later sets the prohibited list.
 *
 * @param registryMsp the registry organisation: registrars must belong to it and its admins keep
 *     the role table
 * @param registryName the registry's name, printed on certificates
 * @param defaultProfile the profile a submission gets when it names none
 * @param initialisedBy the admin that initialised the ledger
 * @param initialisedAt when
 * @param fees the published fee schedule (set by the registry admin), possibly empty
 * @param operatingRules the published operating rules, or null until the admin sets them
 * @param termsUpdatedAt when the fees and operating rules were last set, or null
 * @param prohibited the prohibited list (禁止交易清单, GD) the registry admin set last, or null
 */
public record RegistrySettings(
    String registryMsp,
    String registryName,
    String defaultProfile,
    IdentityRef initialisedBy,
    Instant initialisedAt,
    List<FeeItem> fees,
    String operatingRules,
    Instant termsUpdatedAt,
    ProhibitedList prohibited) {
  /** Validates every field. */
  public RegistrySettings {
    registryMsp = Require.identifier("registryMsp", registryMsp);
    registryName = Require.text("registryName", registryName, 200);
    defaultProfile = Require.identifier("defaultProfile", defaultProfile);
    Require.present("initialisedBy", initialisedBy);
    Require.present("initialisedAt", initialisedAt);
    fees = Require.list("fees", fees, 100);
    operatingRules = Require.optionalText("operatingRules", operatingRules, 4000);
  }

  /** Settings as initialised: no fee schedule published, no prohibited list. */
  public RegistrySettings(
      String registryMsp, String registryName, String defaultProfile, IdentityRef initialisedBy, Instant initialisedAt) {
    this(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, List.of(), null, null, null);
  }

  /** These settings with {@code fees} and {@code rules} published at {@code at}. */
  public RegistrySettings withTerms(List<FeeItem> fees, String rules, Instant at) {
    return new RegistrySettings(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, rules, at, prohibited);
  }

  /** These settings with {@code list} as the prohibited list. */
  public RegistrySettings withProhibited(ProhibitedList list) {
    return new RegistrySettings(
        registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, operatingRules, termsUpdatedAt, list);
  }
}

package io.dareg.core.model;

import java.time.Instant;

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
 * @param prohibited the prohibited list (禁止交易清单, GD) the registry admin set last, or null
 */
public record RegistrySettings(
    String registryMsp,
    String registryName,
    String defaultProfile,
    IdentityRef initialisedBy,
    Instant initialisedAt,
    ProhibitedList prohibited) {
  /** Validates every field. */
  public RegistrySettings {
    registryMsp = Require.identifier("registryMsp", registryMsp);
    registryName = Require.text("registryName", registryName, 200);
    defaultProfile = Require.identifier("defaultProfile", defaultProfile);
    Require.present("initialisedBy", initialisedBy);
    Require.present("initialisedAt", initialisedAt);
  }

  /** Settings as initialised, with no prohibited list yet. */
  public RegistrySettings(
      String registryMsp, String registryName, String defaultProfile, IdentityRef initialisedBy, Instant initialisedAt) {
    this(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, null);
  }

  /** These settings with {@code list} as the prohibited list. */
  public RegistrySettings withProhibited(ProhibitedList list) {
    return new RegistrySettings(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, list);
  }
}

package io.dareg.core.model;

import java.time.Instant;

/**
 * The registry's settings on the ledger, written once when the ledger is initialised.
 *
 * @param registryMsp the registry organisation: registrars must belong to it and its admins keep
 *     the role table
 * @param registryName the registry's name, printed on certificates
 * @param defaultProfile the profile a submission gets when it names none
 * @param initialisedBy the admin that initialised the ledger
 * @param initialisedAt when
 */
public record RegistrySettings(
    String registryMsp,
    String registryName,
    String defaultProfile,
    IdentityRef initialisedBy,
    Instant initialisedAt) {
  /** Validates every field. */
  public RegistrySettings {
    registryMsp = Require.identifier("registryMsp", registryMsp);
    registryName = Require.text("registryName", registryName, 200);
    defaultProfile = Require.identifier("defaultProfile", defaultProfile);
    Require.present("initialisedBy", initialisedBy);
    Require.present("initialisedAt", initialisedAt);
  }
}

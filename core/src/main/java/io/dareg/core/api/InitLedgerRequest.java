package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * Initialises a new ledger: names the registry organisation. Allowed once, to an admin of that
 * organisation.
 *
 * @param registryMsp the registry organisation's MSP id
 * @param registryName the registry's name, printed on certificates
 * @param defaultProfile the profile code a submission gets when it names none
 */
public record InitLedgerRequest(String registryMsp, String registryName, String defaultProfile) {
  /** Validates every field. */
  public InitLedgerRequest {
    registryMsp = Require.identifier("registryMsp", registryMsp);
    registryName = Require.text("registryName", registryName, 200);
    defaultProfile = Require.identifier("defaultProfile", defaultProfile);
  }
}

package io.dareg.core.api;

import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.Require;

/**
 * An admin of an organisation the ledger trusts opens a registry of that organisation (issue 25):
 * from then on its registrars register data assets under numbers that start with {@code code}, and
 * its rules apply only to those registrations.
 *
 * @param code the registry's code, 2 to 6 capital letters (e.g. {@code SZ}), unique on the ledger
 * @param name the registry's name, printed on its certificates
 * @param defaultProfile the profile an application to this registry gets when it names none
 */
public record OpenRegistryRequest(String code, String name, String defaultProfile) {
  /** Validates every field. */
  public OpenRegistryRequest {
    code = RegistryRecord.requireCode("code", code);
    name = Require.text("name", name, 200);
    defaultProfile = Require.identifier("defaultProfile", defaultProfile);
  }
}

package io.dareg.core.api;

import io.dareg.core.model.AccountKind;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Require;
import java.util.List;

/**
 * Opens a holder's account (registrar only). The credit code itself stays off the ledger.
 *
 * @param creditCodeHash hash of the unified social credit code or ID number
 * @param name the holder's name
 * @param kind enterprise, person or public body
 * @param members the identities that act for the holder (at least one)
 */
public record OpenAccountRequest(
    String creditCodeHash, String name, AccountKind kind, List<IdentityRef> members) {
  /** Validates every field. */
  public OpenAccountRequest {
    creditCodeHash = Require.hash("creditCodeHash", creditCodeHash);
    name = Require.text("name", name, 200);
    Require.present("kind", kind);
    members = Require.nonEmptyList("members", members, 100);
  }
}

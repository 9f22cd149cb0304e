package io.dareg.core.api;

import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Require;
import io.dareg.core.model.Role;

/**
 * Enters an identity in the on-ledger role table (registry organisation admins only).
 *
 * @param identity the identity
 * @param role its role
 */
public record GrantRoleRequest(IdentityRef identity, Role role) {
  /** Both fields are required. */
  public GrantRoleRequest {
    Require.present("identity", identity);
    Require.present("role", role);
  }
}

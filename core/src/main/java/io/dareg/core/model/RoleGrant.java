package io.dareg.core.model;

import java.time.Instant;

/**
 * An entry of the on-ledger role table: what an identity may do. Kept by the registry
 * organisation's admins, because cryptogen cannot write role attributes into certificates.
 *
 * @param identity the identity granted the role
 * @param role its role
 * @param grantedBy the admin that granted it
 * @param grantedAt when
 */
public record RoleGrant(IdentityRef identity, Role role, IdentityRef grantedBy, Instant grantedAt) {
  /** Validates every field. */
  public RoleGrant {
    Require.present("identity", identity);
    Require.present("role", role);
    Require.present("grantedBy", grantedBy);
    Require.present("grantedAt", grantedAt);
  }
}

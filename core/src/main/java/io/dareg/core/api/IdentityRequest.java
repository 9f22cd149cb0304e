package io.dareg.core.api;

import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Require;

/**
 * Names an identity, e.g. to remove it from the role table.
 *
 * @param identity the identity
 */
public record IdentityRequest(IdentityRef identity) {
  /** The identity is required. */
  public IdentityRequest {
    Require.present("identity", identity);
  }
}

package io.dareg.chaincode.registry;

import io.dareg.core.model.IdentityRef;
import java.util.Objects;

/**
 * The identity that signed the transaction, as the world state reports it.
 *
 * @param identity organisation (MSP id) and identity id
 * @param roleAttribute the {@code dareg.role} attribute of the certificate (Fabric CA), or null
 * @param orgAdmin true when the certificate carries the organisation's admin OU
 */
public record Caller(IdentityRef identity, String roleAttribute, boolean orgAdmin) {
  /** Requires the identity. */
  public Caller {
    Objects.requireNonNull(identity, "identity");
  }

  /** The caller's organisation. */
  public String msp() {
    return identity.msp();
  }
}

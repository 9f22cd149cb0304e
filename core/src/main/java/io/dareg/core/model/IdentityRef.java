package io.dareg.core.model;

/**
 * Who acted: the organisation's MSP id and the identity's id within it (on Fabric, the X.509
 * subject and issuer that {@code ClientIdentity.getId()} returns).
 *
 * @param msp the organisation, e.g. {@code RegistryMSP}
 * @param id the identity within the organisation
 */
public record IdentityRef(String msp, String id) {
  /** Validates both parts. */
  public IdentityRef {
    msp = Require.identifier("msp", msp);
    id = Require.text("id", id, 1024);
  }

  @Override
  public String toString() {
    return msp + "/" + id;
  }
}

package io.dareg.core.api;

import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import io.dareg.core.model.RevocationBasis;

/**
 * Revokes an issued registration (registrar, or a regulator on an order).
 *
 * @param regNo the registration
 * @param basis why
 * @param orderRef the court or regulator order's reference, required for ORDER
 * @param reasonHash hash of the written grounds
 * @param reason the public reason in words
 */
public record RevokeRequest(
    String regNo, RevocationBasis basis, String orderRef, String reasonHash, String reason) {
  /** Validates every field. */
  public RevokeRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("basis", basis);
    orderRef = Require.optionalText("orderRef", orderRef, 200);
    if (basis == RevocationBasis.ORDER && orderRef == null) {
      throw new InvalidInputException("orderRef", "name the court or regulator order");
    }
    reasonHash = Require.hash("reasonHash", reasonHash);
    reason = Require.text("reason", reason, 2000);
  }
}

package io.dareg.core.api;

import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.Require;

/**
 * The seller records one delivery under a trade, as the figures {@code dareg hash} prints for the
 * payload.
 *
 * @param tradeNo the trade it fulfils
 * @param mode how it was delivered
 * @param scenario for a licence with listed scenarios, the one this delivery serves; else null
 * @param algorithm the hash algorithm of the payload figures
 * @param payloadRoot the payload's Merkle root
 * @param size the payload's size in bytes
 * @param parts the number of parts delivered
 */
public record RecordDeliveryRequest(
    String tradeNo,
    DeliveryMode mode,
    String scenario,
    HashAlgorithm algorithm,
    String payloadRoot,
    long size,
    int parts) {
  /** Validates every field. */
  public RecordDeliveryRequest {
    tradeNo = Require.identifier("tradeNo", tradeNo);
    Require.present("mode", mode);
    scenario = Require.optionalText("scenario", scenario, 200);
    Require.present("algorithm", algorithm);
    payloadRoot = Require.hash("payloadRoot", payloadRoot);
    Require.notNegative("size", size);
    Require.positive("parts", parts);
  }
}

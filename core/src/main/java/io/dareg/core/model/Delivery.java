package io.dareg.core.model;

import java.time.Instant;

/**
 * One delivery under a trade: what was delivered (as hashes), and the buyer's answer.
 *
 * @param deliveryNo the delivery number
 * @param tradeNo the trade it fulfils
 * @param mode how it was delivered
 * @param scenario the licensed scenario it serves, or null for a transfer or a licence without listed
 *     scenarios
 * @param algorithm the hash algorithm of the payload figures
 * @param payloadRoot the payload's Merkle root (from {@code dareg hash})
 * @param size the payload's size in bytes
 * @param parts the number of parts delivered
 * @param deliveredAt when the seller recorded it
 * @param accepted null while the buyer has not answered, then true or false
 * @param answerHash hash of the buyer's acceptance or reasons for rejection, or null
 * @param completedAt when the seller recorded completion, or null
 * @param deletedAt when the seller recorded post-delivery deletion, or null
 */
public record Delivery(
    String deliveryNo,
    String tradeNo,
    DeliveryMode mode,
    String scenario,
    HashAlgorithm algorithm,
    String payloadRoot,
    long size,
    int parts,
    Instant deliveredAt,
    Boolean accepted,
    String answerHash,
    Instant completedAt,
    Instant deletedAt) {
  /** Validates every field. */
  public Delivery {
    deliveryNo = Require.identifier("deliveryNo", deliveryNo);
    tradeNo = Require.identifier("tradeNo", tradeNo);
    Require.present("mode", mode);
    scenario = Require.optionalText("scenario", scenario, 200);
    Require.present("algorithm", algorithm);
    payloadRoot = Require.hash("payloadRoot", payloadRoot);
    Require.notNegative("size", size);
    Require.positive("parts", parts);
    Require.present("deliveredAt", deliveredAt);
    answerHash = Require.optionalHash("answerHash", answerHash);
  }

  /** This delivery, recorded complete by the seller at {@code when}. */
  public Delivery completed(Instant when) {
    return new Delivery(
        deliveryNo, tradeNo, mode, scenario, algorithm, payloadRoot, size, parts, deliveredAt, accepted, answerHash,
        when, deletedAt);
  }

  /** This delivery, with the seller's post-delivery deletion recorded at {@code when}. */
  public Delivery deleted(Instant when) {
    return new Delivery(
        deliveryNo, tradeNo, mode, scenario, algorithm, payloadRoot, size, parts, deliveredAt, accepted, answerHash,
        completedAt, when);
  }

  /** This delivery, accepted or rejected by the buyer with the hash of its answer. */
  public Delivery answered(boolean accept, String answer) {
    return new Delivery(
        deliveryNo, tradeNo, mode, scenario, algorithm, payloadRoot, size, parts, deliveredAt, accept, answer,
        completedAt, deletedAt);
  }
}

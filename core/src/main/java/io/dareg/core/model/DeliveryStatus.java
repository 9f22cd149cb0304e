package io.dareg.core.model;

/**
 * How far a delivery has come, in one word, as the exchanges' and regulators' queries filter by
 * it: the seller's deletion outweighs completion, which outweighs the buyer's answer, as in the
 * provenance timeline.
 */
public enum DeliveryStatus {
  /** Recorded by the seller; the buyer has not answered. */
  DELIVERED,
  /** The buyer accepted it. */
  ACCEPTED,
  /** The buyer rejected it. */
  REJECTED,
  /** The seller recorded it complete. */
  COMPLETED,
  /** The seller recorded the deletion of the data after delivery. */
  DELETED;

  /** The status of {@code delivery}. */
  public static DeliveryStatus of(Delivery delivery) {
    if (delivery.deletedAt() != null) {
      return DELETED;
    }
    if (delivery.completedAt() != null) {
      return COMPLETED;
    }
    if (delivery.accepted() != null) {
      return delivery.accepted() ? ACCEPTED : REJECTED;
    }
    return DELIVERED;
  }
}

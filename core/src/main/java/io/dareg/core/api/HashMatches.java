package io.dareg.core.api;

import io.dareg.core.model.Delivery;
import io.dareg.core.model.Evidence;
import java.util.List;

/**
 * The records that carry a hash: evidence deposits whose whole-file hash or Merkle root it is, and
 * deliveries whose payload root it is.
 *
 * @param evidence the evidence deposits, in number order
 * @param deliveries the deliveries, in number order
 */
public record HashMatches(List<Evidence> evidence, List<Delivery> deliveries) {
  /** Defensive copies. */
  public HashMatches {
    evidence = List.copyOf(evidence);
    deliveries = List.copyOf(deliveries);
  }
}

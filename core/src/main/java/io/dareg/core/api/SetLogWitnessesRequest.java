package io.dareg.core.api;

import io.dareg.core.log.WitnessPolicy;
import java.util.List;

/**
 * The registry admin names the witnesses of the ledger's transparency log and how many of them must
 * cosign a checkpoint (issue 24): each key parses as a tlog-cosignature/v1 verifier key, the keys are
 * distinct and {@code 1 <= quorum <= n}; an empty list (and no quorum) names none.
 *
 * @param logWitnesses the witnesses' verifier keys in C2SP signed-note text form ({@code name+keyid+base64})
 * @param logWitnessQuorum k of n; null for all of them
 */
public record SetLogWitnessesRequest(List<String> logWitnesses, Integer logWitnessQuorum) {
  /** Validates the keys and the quorum. */
  public SetLogWitnessesRequest {
    WitnessPolicy policy = WitnessPolicy.of(logWitnesses, logWitnessQuorum);
    logWitnesses = policy.keyTexts();
    logWitnessQuorum = policy.witnesses().isEmpty() ? null : policy.quorum();
  }

  /** The policy this request sets. */
  public WitnessPolicy policy() {
    return WitnessPolicy.of(logWitnesses, logWitnessQuorum);
  }
}

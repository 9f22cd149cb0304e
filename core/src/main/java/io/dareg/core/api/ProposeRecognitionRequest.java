package io.dareg.core.api;

import io.dareg.core.model.AssetClass;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.Require;
import io.dareg.core.model.RightType;
import java.time.Instant;
import java.util.List;

/**
 * A registry's admin proposes a mutual recognition agreement (互认) to another registry (issue 25); it is
 * in force once that registry's admin accepts it.
 *
 * @param counterparty the code of the registry asked to accept
 * @param profiles the profiles whose registrations it covers; empty or absent for every profile
 * @param assetClasses the asset classes it covers; empty or absent for every class
 * @param rightTypes the right types it covers; empty or absent for every right type
 * @param validFrom when it starts to recognise; absent for the time it is accepted
 * @param validUntil when it stops; absent for no end
 */
public record ProposeRecognitionRequest(
    String counterparty, List<String> profiles, List<AssetClass> assetClasses, List<RightType> rightTypes,
    Instant validFrom, Instant validUntil) {
  /** Validates every field. */
  public ProposeRecognitionRequest {
    counterparty = RegistryRecord.requireCode("counterparty", counterparty);
    profiles = Require.list("profiles", profiles, 50);
    for (int i = 0; i < profiles.size(); i++) {
      Require.identifier("profiles[" + i + "]", profiles.get(i));
    }
    assetClasses = Require.list("assetClasses", assetClasses, AssetClass.values().length);
    rightTypes = Require.list("rightTypes", rightTypes, RightType.values().length);
    if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
      throw new InvalidInputException("validUntil", "must be after validFrom (" + validFrom + "), not " + validUntil);
    }
  }
}

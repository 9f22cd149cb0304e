package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * Names a registration.
 *
 * @param regNo the registration number
 */
public record RegNoRequest(String regNo) {
  /** The number is required. */
  public RegNoRequest {
    regNo = Require.identifier("regNo", regNo);
  }
}

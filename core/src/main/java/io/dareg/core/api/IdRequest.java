package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * Names one record by its number: an account, evidence, objection, certificate, transfer or
 * encumbrance, depending on the transaction.
 *
 * @param id the record's number
 */
public record IdRequest(String id) {
  /** The id is required. */
  public IdRequest {
    id = Require.identifier("id", id);
  }
}

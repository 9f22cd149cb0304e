package io.dareg.core.model;

/**
 * The size of a data asset.
 *
 * @param records number of records (rows, items), zero when not countable
 * @param bytes size in bytes
 */
public record Scale(long records, long bytes) {
  /** Both figures must be zero or more. */
  public Scale {
    Require.notNegative("records", records);
    Require.notNegative("bytes", bytes);
  }
}

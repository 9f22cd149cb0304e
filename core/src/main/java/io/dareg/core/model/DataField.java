package io.dareg.core.model;

/**
 * One field of a data asset's structure.
 *
 * @param name the field's name
 * @param format its format or type, e.g. {@code string}, {@code decimal(12,2)}, {@code ISO 8601 date}
 */
public record DataField(String name, String format) {
  /** Validates both parts. */
  public DataField {
    name = Require.text("name", name, 200);
    format = Require.text("format", format, 200);
  }
}

package io.dareg.core.model;

import java.util.Objects;

/**
 * Input that breaks a rule of the domain model: names the field at fault and says how to fix it.
 *
 * <p>Thrown by the validating constructors of the model and request records; every layer maps it to
 * its own "invalid input" error (a Fabric {@code INVALID:} message, an HTTP 400 problem, CLI exit 2).
 *
 * <pre>{@code
 * try {
 *   new Scale(-1, 0);
 * } catch (InvalidInputException e) {
 *   e.field();   // "records"
 * }
 * }</pre>
 */
public final class InvalidInputException extends IllegalArgumentException {
  private final String field;

  /**
   * @param field the JSON name (or dotted path) of the offending field
   * @param message what was wrong and what is accepted
   */
  public InvalidInputException(String field, String message) {
    super(field + ": " + message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The JSON name, or dotted path, of the field at fault. */
  public String field() {
    return field;
  }

  /** The message without the field prefix. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}

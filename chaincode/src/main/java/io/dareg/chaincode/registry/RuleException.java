package io.dareg.chaincode.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transaction the rules refuse. The code crosses every boundary unchanged: the Fabric contract
 * prefixes it to the message ({@code FORBIDDEN: ...}), the gateway maps it to an HTTP status.
 */
public final class RuleException extends RuntimeException {
  /** Why the rules refused. */
  public enum Code {
    /** A record named does not exist. */
    NOT_FOUND,
    /** The request clashes with the current state. */
    CONFLICT,
    /** The caller's role or organisation may not do this. */
    FORBIDDEN,
    /** The input is malformed or out of range. */
    INVALID
  }

  private final Code code;
  private final String field;

  private RuleException(Code code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  /** A record that does not exist. */
  public static RuleException notFound(String message) {
    return new RuleException(Code.NOT_FOUND, null, message);
  }

  /** A clash with the current state. */
  public static RuleException conflict(String message) {
    return new RuleException(Code.CONFLICT, null, message);
  }

  /** A caller without the right. */
  public static RuleException forbidden(String message) {
    return new RuleException(Code.FORBIDDEN, null, message);
  }

  /** Bad input in {@code field}. */
  public static RuleException invalid(String field, String message) {
    return new RuleException(Code.INVALID, field, message);
  }

  /** The code. */
  public Code code() {
    return code;
  }

  /** The field at fault for INVALID, else null. */
  public String field() {
    return field;
  }

  /**
   * The refusal a Fabric client's error text carries, if any: finds {@code CODE: [field: ]message}
   * as {@link #wireMessage()} wrote it, wherever the peer embedded it (for example after
   * {@code "chaincode response 500, "}). Empty when the text holds no rule code.
   */
  public static Optional<RuleException> fromWireText(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = WIRE.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    Code code = Code.valueOf(m.group(1));
    String rest = m.group(2);
    String field = null;
    if (code == Code.INVALID) {
      Matcher f = FIELD.matcher(rest);
      if (f.matches()) {
        field = f.group(1);
        rest = f.group(2);
      }
    }
    return Optional.of(new RuleException(code, field, rest));
  }

  private static final Pattern WIRE =
      Pattern.compile("\\b(NOT_FOUND|CONFLICT|FORBIDDEN|INVALID): (.*)$", Pattern.DOTALL);
  private static final Pattern FIELD =
      Pattern.compile("([A-Za-z0-9_.\\[\\]]+): (.*)$", Pattern.DOTALL);

  /** The message as Fabric clients see it: {@code CODE: [field: ]message}. */
  public String wireMessage() {
    return code + ": " + (field == null ? "" : field + ": ") + getMessage();
  }
}

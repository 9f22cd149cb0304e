package io.dareg.core.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.TreeSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks the validating constructors of the model share, each failing with an {@link
 * InvalidInputException} that names the field.
 */
public final class Require {
  /** Hex digits of a 256-bit hash. */
  private static final int HASH_LENGTH = 64;

  /** The longest identifier. */
  private static final int IDENTIFIER_LENGTH = 255;

  private Require() {}

  /** A value that must be present. */
  public static <T> T present(String field, T value) {
    if (value == null) {
      throw new InvalidInputException(field, "is required");
    }
    return value;
  }

  /** Non-blank text of at most {@code max} characters, trimmed. */
  public static String text(String field, String value, int max) {
    present(field, value);
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidInputException(field, "must not be blank");
    }
    if (trimmed.length() > max) {
      throw new InvalidInputException(
          field, "is " + trimmed.length() + " characters long; at most " + max + " are allowed");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        throw new InvalidInputException(field, "contains a control character at position " + i);
      }
    }
    return trimmed;
  }

  /** Optional text: null stays null, otherwise as {@link #text}. */
  public static String optionalText(String field, String value, int max) {
    return value == null ? null : text(field, value, max);
  }

  /** An identifier: letters, digits and {@code ._:@=,/ -}, starting with a letter or digit. */
  public static String identifier(String field, String value) {
    present(field, value);
    if (!isIdentifier(value)) {
      throw new InvalidInputException(
          field,
          "'" + abbreviate(value) + "' is not a valid identifier: use 1 to 255 letters, digits"
              + " and . _ : @ = , / - starting with a letter or digit");
    }
    return value;
  }

  /** Optional identifier. */
  public static String optionalIdentifier(String field, String value) {
    return value == null ? null : identifier(field, value);
  }

  /** A 256-bit hash as 64 lower-case hexadecimal characters (upper case is accepted and folded). */
  public static String hash(String field, String value) {
    present(field, value);
    if (isLowerHex256(value)) {
      return value; // as stored on the ledger: nothing to fold
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!isLowerHex256(lower)) {
      throw new InvalidInputException(
          field, "must be a 256-bit hash written as 64 hexadecimal characters");
    }
    return lower;
  }

  /** Optional hash. */
  public static String optionalHash(String field, String value) {
    return value == null ? null : hash(field, value);
  }

  /** A number that is zero or more. */
  public static long notNegative(String field, long value) {
    if (value < 0) {
      throw new InvalidInputException(field, "must be zero or more, was " + value);
    }
    return value;
  }

  /** A number that is one or more. */
  public static int positive(String field, int value) {
    if (value < 1) {
      throw new InvalidInputException(field, "must be one or more, was " + value);
    }
    return value;
  }

  /** An immutable copy of a list whose elements are present; null becomes empty. */
  public static <T> List<T> list(String field, Collection<T> values, int max) {
    if (values == null) {
      return List.of();
    }
    if (values.size() > max) {
      throw new InvalidInputException(field, "has " + values.size() + " entries; at most " + max);
    }
    List<T> copy = new ArrayList<>(values.size());
    int i = 0;
    for (T v : values) {
      present(field + "[" + i++ + "]", v);
      copy.add(v);
    }
    return Collections.unmodifiableList(copy);
  }

  /** A non-empty immutable list. */
  public static <T> List<T> nonEmptyList(String field, Collection<T> values, int max) {
    List<T> copy = list(field, values, max);
    if (copy.isEmpty()) {
      throw new InvalidInputException(field, "needs at least one entry");
    }
    return copy;
  }

  /**
   * An immutable sorted set whose elements are present; null becomes empty. Sorted, so that it
   * serialises to the same bytes on every machine whatever set the JSON reader built.
   */
  public static <T extends Comparable<? super T>> Set<T> set(String field, Collection<T> values, int max) {
    return Collections.unmodifiableSet(new TreeSet<>(list(field, values, max)));
  }

  /** Text items, each checked like {@link #text}. */
  public static List<String> texts(String field, Collection<String> values, int maxItems, int max) {
    List<String> in = list(field, values, maxItems);
    List<String> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      out.add(text(field + "[" + i + "]", in.get(i), max));
    }
    return Collections.unmodifiableList(out);
  }

  // Plain loops rather than regular expressions: every record read from the ledger runs these.

  /** {@code [A-Za-z0-9][A-Za-z0-9._:@=,/ -]{0,254}} */
  private static boolean isIdentifier(String value) {
    int n = value.length();
    if (n == 0 || n > IDENTIFIER_LENGTH || !isAsciiLetterOrDigit(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = value.charAt(i);
      if (!isAsciiLetterOrDigit(c) && "._:@=,/ -".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  /** {@code [0-9a-f]{64}} */
  private static boolean isLowerHex256(String value) {
    if (value.length() != HASH_LENGTH) {
      return false;
    }
    for (int i = 0; i < HASH_LENGTH; i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}

package io.dareg.chaincode.registry;

import io.dareg.core.model.InvalidInputException;
import java.util.List;

/**
 * A composite key: a record type and its attributes. Encoded exactly as Fabric encodes composite
 * keys ({@code U+0000 type U+0000 attr U+0000 ...}), so every world state sorts and scans alike.
 *
 * @param type the record type, e.g. {@code reg}
 * @param attributes the attributes, most significant first
 */
public record Key(String type, List<String> attributes) {
  private static final char SEP = '\u0000';

  /** Checks that no part can break the encoding. */
  public Key {
    check("type", type);
    attributes = List.copyOf(attributes);
    for (String a : attributes) {
      check("attribute", a);
    }
  }

  /** A key of {@code type} with the given attributes. */
  public static Key of(String type, String... attributes) {
    return new Key(type, List.of(attributes));
  }

  /** The encoded key. A partial key (a prefix of attributes) encodes as a scan prefix. */
  public String encoded() {
    int length = type.length() + 2;
    for (String a : attributes) {
      length += a.length() + 1;
    }
    StringBuilder b = new StringBuilder(length).append(SEP).append(type).append(SEP);
    for (String a : attributes) {
      b.append(a).append(SEP);
    }
    return b.toString();
  }

  /** Decodes a key written by {@link #encoded()}. */
  public static Key decode(String encoded) {
    if (encoded.isEmpty() || encoded.charAt(0) != SEP || encoded.charAt(encoded.length() - 1) != SEP) {
      throw new IllegalArgumentException("not a composite key: " + encoded.replace(SEP, '|'));
    }
    String[] parts = encoded.substring(1, encoded.length() - 1).split(String.valueOf(SEP), -1);
    return new Key(parts[0], List.of(parts).subList(1, parts.length));
  }

  /**
   * Whether ledgers keep this key's history: not for index entries and the bookkeeping of signed requests, whose history
   * no rule reads (Keys.WITHOUT_HISTORY names their types).
   */
  public boolean historyKept() {
    return !Keys.WITHOUT_HISTORY.contains(type);
  }

  /** {@link #historyKept()} of an encoded key, read without decoding it; true for a key that is not composite. */
  public static boolean historyKept(String encoded) {
    int end = encoded.indexOf(SEP, 1);
    return encoded.isEmpty() || encoded.charAt(0) != SEP || end < 0
        || !Keys.WITHOUT_HISTORY.contains(encoded.substring(1, end));
  }

  /**
   * This key, when its history is kept ({@link #historyKept()}); what a world state's {@code history} checks first, so
   * that a rule asking for a history no ledger needs to keep fails the same way on every ledger.
   */
  public Key withHistory() {
    if (!historyKept()) {
      throw new IllegalArgumentException("ledgers keep no history of " + type + " keys (index entries and request bookkeeping;"
          + " Keys.WITHOUT_HISTORY): read the history of the record they point to");
    }
    return this;
  }

  /** The last attribute, typically the record's own number. */
  public String last() {
    return attributes.get(attributes.size() - 1);
  }

  private static void check(String what, String part) {
    if (part == null || part.isEmpty()) {
      throw new InvalidInputException("key", what + " must not be empty");
    }
    if (part.indexOf(SEP) >= 0 || part.indexOf(Character.MAX_CODE_POINT) >= 0) {
      throw new InvalidInputException("key", what + " contains U+0000 or U+10FFFF");
    }
  }

  @Override
  public String toString() {
    return type + attributes;
  }
}

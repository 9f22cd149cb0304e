package io.dareg.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The JSON Canonicalization Scheme of RFC 8785: the one byte form of a JSON value that dareg hashes
 * and signs. Object members are sorted by the UTF-16 code units of their names, strings are escaped
 * as ECMAScript's {@code JSON.stringify} does, and numbers are written as ECMAScript's
 * {@code Number.prototype.toString} writes the IEEE-754 double they denote.
 *
 * <pre>{@code
 * JsonNode tree = Json.mapper().readTree("{\"b\":1.50,\"a\":\"\\u20ac\"}");
 * CanonicalJson.toString(tree);   // {"a":"€","b":1.5}
 * }</pre>
 *
 * <p>An integer whose canonical form would be another number (some beyond ±2<sup>53</sup>) is
 * refused rather than silently changed: dareg never puts such numbers in signed data (amounts are hashed or
 * kept as strings).
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code node}. */
  public static byte[] serialize(JsonNode node) {
    CanonicalWriter out = new CanonicalWriter();
    write(node, out);
    return out.toByteArray();
  }

  /** The canonical text of {@code node}. */
  public static String toString(JsonNode node) {
    CanonicalWriter out = new CanonicalWriter();
    write(node, out);
    return new String(out.buf, 0, out.len, StandardCharsets.UTF_8);
  }

  /** Writes {@code node} into {@code out} (at the top level or where a value belongs). */
  static void write(JsonNode node, CanonicalWriter out) {
    switch (node.getNodeType()) {
      case OBJECT:
        int size = node.size();
        String[] names = new String[size];
        int n = 0;
        boolean sorted = true;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          if (n > 0 && sorted && names[n - 1].compareTo(name) > 0) {
            sorted = false;
          }
          names[n++] = name;
        }
        if (!sorted) {
          Arrays.sort(names); // String order is UTF-16 code unit order, as RFC 8785 §3.2.3 asks
        }
        out.beginObject();
        for (String name : names) {
          out.name(name);
          write(node.get(name), out);
        }
        out.endObject();
        break;
      case ARRAY:
        out.beginArray();
        for (int i = 0; i < node.size(); i++) {
          write(node.get(i), out);
        }
        out.endArray();
        break;
      case STRING:
        out.value(node.textValue());
        break;
      case NUMBER:
        out.beforeValue();
        out.raw(node.isIntegralNumber() ? integer(node) : formatNumber(node.doubleValue()));
        break;
      case BOOLEAN:
        out.value(node.booleanValue());
        break;
      case NULL:
        out.nullValue();
        break;
      default:
        throw new IllegalArgumentException("cannot canonicalise a " + node.getNodeType() + " node");
    }
  }

  private static String integer(JsonNode node) {
    return node.canConvertToLong() ? CanonicalWriter.integer(node.longValue()) : CanonicalWriter.integer(node.bigIntegerValue());
  }

  /**
   * The canonical bytes of the JSON value {@code tokens} yields, without a tree: members are
   * written as they come and an object whose members did not come in order is put in order
   * afterwards. Null when the tokens hold what a tree would hold differently (a name twice, an
   * embedded object, a number of an unknown kind): the caller then goes through the tree, which
   * decides.
   */
  static byte[] serialize(JsonParser tokens) throws IOException {
    CanonicalWriter out = new CanonicalWriter();
    JsonToken t = tokens.nextToken();
    if (t == null || !value(tokens, t, out) || tokens.nextToken() != null) {
      return null;
    }
    return out.toByteArray();
  }

  private static boolean value(JsonParser p, JsonToken t, CanonicalWriter out) throws IOException {
    switch (t) {
      case START_OBJECT:
        return object(p, out);
      case START_ARRAY:
        out.put('[');
        boolean first = true;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          if (!first) {
            out.put(',');
          }
          first = false;
          if (e == null || !value(p, e, out)) {
            return false;
          }
        }
        out.put(']');
        return true;
      case VALUE_STRING:
        out.string(p.getText());
        return true;
      case VALUE_NUMBER_INT:
        JsonParser.NumberType it = p.getNumberType();
        if (it == JsonParser.NumberType.INT || it == JsonParser.NumberType.LONG) {
          out.raw(CanonicalWriter.integer(p.getLongValue()));
        } else if (it == JsonParser.NumberType.BIG_INTEGER) {
          out.raw(CanonicalWriter.integer(p.getBigIntegerValue()));
        } else {
          return false;
        }
        return true;
      case VALUE_NUMBER_FLOAT:
        JsonParser.NumberType ft = p.getNumberType();
        if (ft != JsonParser.NumberType.DOUBLE && ft != JsonParser.NumberType.FLOAT && ft != JsonParser.NumberType.BIG_DECIMAL) {
          return false;
        }
        out.raw(formatNumber(p.getDoubleValue()));
        return true;
      case VALUE_TRUE:
        out.raw("true");
        return true;
      case VALUE_FALSE:
        out.raw("false");
        return true;
      case VALUE_NULL:
        out.raw("null");
        return true;
      default:
        return false;
    }
  }

  /** An object from its START_OBJECT on: members as they come, then sorted in place if need be. */
  private static boolean object(JsonParser p, CanonicalWriter out) throws IOException {
    out.put('{');
    int start = out.len;
    String[] names = new String[8];
    int[] starts = new int[8];
    int n = 0;
    boolean sorted = true;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (n > 0) {
        out.put(',');
        if (sorted && names[n - 1].compareTo(name) >= 0) {
          sorted = false;
        }
      }
      if (n == names.length) {
        names = Arrays.copyOf(names, n * 2);
        starts = Arrays.copyOf(starts, n * 2);
      }
      names[n] = name;
      starts[n++] = out.len;
      out.string(name);
      out.put(':');
      JsonToken v = p.nextToken();
      if (v == null || !value(p, v, out)) {
        return false;
      }
    }
    if (t != JsonToken.END_OBJECT) {
      return false;
    }
    if (!sorted && !sortMembers(out, start, names, starts, n)) {
      return false;
    }
    out.put('}');
    return true;
  }

  /** Reorders the {@code n} members written from {@code start} by name; false when a name repeats. */
  private static boolean sortMembers(CanonicalWriter out, int start, String[] names, int[] starts, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    String[] byName = names;
    Arrays.sort(order, (a, b) -> byName[a].compareTo(byName[b]));
    for (int i = 1; i < n; i++) {
      if (names[order[i - 1]].equals(names[order[i]])) {
        return false;
      }
    }
    byte[] members = Arrays.copyOfRange(out.buf, start, out.len);
    int at = start;
    for (int i = 0; i < n; i++) {
      int m = order[i];
      int from = starts[m] - start;
      int to = m + 1 < n ? starts[m + 1] - 1 - start : members.length; // the comma before the next member is not its own
      if (i > 0) {
        out.buf[at++] = ',';
      }
      System.arraycopy(members, from, out.buf, at, to - from);
      at += to - from;
    }
    return true;
  }

  /** RFC 8785 §3.2.2.3 / ECMAScript Number.prototype.toString of {@code d}. */
  public static String formatNumber(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException(d + " has no JSON representation");
    }
    if (d == 0) {
      return "0"; // also -0
    }
    if (d < 0) {
      return "-" + formatNumber(-d);
    }
    if (d < 9.007199254740992E15 && d == Math.rint(d)) {
      return Long.toString((long) d); // an exact integer below 2^53 prints as its digits
    }
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // d = 0.digits × 10^n
    StringBuilder b = new StringBuilder(32);
    if (k <= n && n <= 21) {
      b.append(digits);
      for (int i = 0; i < n - k; i++) {
        b.append('0');
      }
    } else if (0 < n && n <= 21) {
      b.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      b.append("0.");
      for (int i = 0; i < -n; i++) {
        b.append('0');
      }
      b.append(digits);
    } else {
      int e = n - 1;
      b.append(digits.charAt(0));
      if (k > 1) {
        b.append('.').append(digits, 1, k);
      }
      b.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return b.toString();
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code d}; among those, the
   * one closest to {@code d}. Both neighbours at each precision are tried, because near a power of
   * two the interval that rounds to {@code d} is not symmetric.
   */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; p <= 17; p++) {
      BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean downOk = down.doubleValue() == d;
      boolean upOk = up.doubleValue() == d;
      BigDecimal pick;
      if (downOk && upOk) {
        int cmp = exact.subtract(down).compareTo(up.subtract(exact));
        pick = cmp < 0 ? down : cmp > 0 ? up : (lastDigitEven(down) ? down : up);
      } else if (downOk) {
        pick = down;
      } else if (upOk) {
        pick = up;
      } else {
        continue;
      }
      return pick.stripTrailingZeros();
    }
    throw new IllegalStateException("no 17-digit decimal reads back as " + d);
  }

  private static boolean lastDigitEven(BigDecimal v) {
    return !v.unscaledValue().testBit(0);
  }
}

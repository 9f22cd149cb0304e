package io.dareg.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical JSON writer as it was before it wrote bytes directly (StringBuilder, then UTF-8):
 * the oracle that keeps the faster one byte-identical. Test code only.
 */
final class PreviousCanonicalJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long MAX_EXACT = 1L << 53;

  private PreviousCanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code node}. */
  public static byte[] serialize(JsonNode node) {
    return toString(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of {@code node}. */
  public static String toString(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT:
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(String::compareTo); // String order is UTF-16 code unit order, as RFC 8785 §3.2.3 asks
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(names.get(i), out);
          out.append(':');
          write(node.get(names.get(i)), out);
        }
        out.append('}');
        break;
      case ARRAY:
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
        break;
      case STRING:
        string(node.textValue(), out);
        break;
      case NUMBER:
        out.append(number(node));
        break;
      case BOOLEAN:
        out.append(node.booleanValue() ? "true" : "false");
        break;
      case NULL:
        out.append("null");
        break;
      default:
        throw new IllegalArgumentException("cannot canonicalise a " + node.getNodeType() + " node");
    }
  }

  private static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      if (node.canConvertToLong() && Math.abs(node.longValue()) <= MAX_EXACT) {
        return Long.toString(node.longValue()); // every integer up to 2^53 is its own canonical form
      }
      BigInteger v = node.bigIntegerValue();
      double d = v.doubleValue();
      String text = Double.isInfinite(d) ? "" : formatNumber(d);
      if (text.isEmpty() || new BigDecimal(text).compareTo(new BigDecimal(v)) != 0) {
        throw new IllegalArgumentException(
            "the integer " + v + " would be written as " + (text.isEmpty() ? "infinity" : text)
                + ": integers beyond 2^53 change in canonical JSON; write them as strings");
      }
      return text;
    }
    return formatNumber(node.doubleValue());
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

  private static void string(String s, StringBuilder out) {
    out.append('"');
    // Copy runs that need no escaping in one append; most strings (hashes, base64, names) are one run.
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException("a string holds a lone surrogate at position " + i);
        }
        i++;
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("a string holds a lone surrogate at position " + i);
      }
      out.append(s, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    out.append(s, run, s.length());
    out.append('"');
  }

}

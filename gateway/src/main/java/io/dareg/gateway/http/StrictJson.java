package io.dareg.gateway.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The door's reading of a request body, before any rule sees it: the media type is JSON in UTF-8
 * (415 otherwise), the bytes are strict UTF-8 with no byte-order mark (no overlong forms, no
 * encoded surrogates, no invalid bytes), the JSON is well-formed, and no string or member name
 * holds text that is not clean, visible Unicode:
 *
 * <ul>
 *   <li>a lone UTF-16 surrogate (as the escape {@code \ud800} can write one);
 *   <li>NUL and the other C0 and C1 control characters, tab, line feed and carriage return aside;
 *   <li>the bidirectional controls U+061C, U+200E, U+200F, U+202A to U+202E and U+2066 to U+2069;
 *   <li>U+FEFF, the byte-order mark, anywhere.
 * </ul>
 *
 * <p>The set is refused in every string of every body, not only in names and titles: each string
 * the registry takes is shown to someone (certificates, notices, PDFs, the console, the audit log,
 * exports), where a reordering control can make one name read as another.
 */
final class StrictJson {
  private StrictJson() {}

  /** Refuses a {@code Content-Type} that is not JSON, or declares a charset other than UTF-8. */
  static void mediaType(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
      throw new Problem(415, "unsupported-media-type", "Unsupported media type", "send the body as application/json", null);
    }
    for (String parameter : contentType.split(";")) {
      String[] nameValue = parameter.split("=", 2);
      if (nameValue.length == 2 && nameValue[0].strip().equalsIgnoreCase("charset")) {
        String charset = nameValue[1].strip().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8")) {
          throw new Problem(415, "unsupported-media-type", "Unsupported media type",
              "the body must be UTF-8; charset=" + printable(charset) + " is not accepted (send application/json; charset=utf-8)", null);
        }
      }
    }
  }

  /** Refuses a body that is not strict UTF-8, not well-formed JSON, or holds a string of refused text. */
  static void check(byte[] body) {
    if (body.length >= 2 && ((body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF || (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE)
        || body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
      throw Problem.invalid("request", "the body starts with a byte-order mark; send UTF-8 JSON without one");
    }
    utf8(body);
    try (JsonParser p = Json.mapper().createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
          String fault = fault(p.getText());
          if (fault != null) {
            String field = field(p.getParsingContext());
            throw Problem.invalid(field, field + ": " + (t == JsonToken.FIELD_NAME ? "the member name" : "the text") + " holds " + fault);
          }
        }
      }
    } catch (JacksonException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw Problem.invalid("request", "the body cannot be read");
    }
  }

  /**
   * What a parse failure means to the sender: where the JSON breaks, or which limit it passes;
   * never the parser's own words, which name its classes and settings.
   */
  static Problem malformed(JacksonException e) {
    if (e instanceof StreamConstraintsException) {
      return Problem.invalid("request", "the body nests too deeply or holds a number or string too long to take");
    }
    JsonLocation at = e.getLocation();
    return Problem.invalid("request", "the body is not well-formed JSON"
        + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
  }

  /** Refuses bytes that are not UTF-8, naming the offset of the first bad byte. */
  private static void utf8(byte[] body) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(4096);
    while (true) {
      CoderResult r = in.hasRemaining() ? decoder.decode(in, out, true) : decoder.flush(out);
      if (r.isError()) {
        throw Problem.invalid("request", "the body is not valid UTF-8 at byte " + in.position()
            + " (an invalid byte, an overlong form or an encoded surrogate); send UTF-8 JSON");
      }
      if (r.isOverflow()) {
        out.clear();
      } else if (!in.hasRemaining()) {
        if (decoder.flush(out).isUnderflow()) {
          return;
        }
        out.clear();
      }
    }
  }

  /** What is wrong with {@code text}, or null when the door takes it. */
  static String fault(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "a lone UTF-16 surrogate (" + code(c) + "), which is no character; send valid Unicode";
      }
      if (Character.isLowSurrogate(c)) {
        return "a lone UTF-16 surrogate (" + code(c) + "), which is no character; send valid Unicode";
      }
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F) {
        return "the control character " + code(c) + (c == 0 ? " (NUL)" : "") + "; remove it";
      }
      if (c == 0x061C || c == 0x200E || c == 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
        return "the bidirectional control character " + code(c) + ", which can make text read differently than it is stored; remove it";
      }
      if (c == 0xFEFF) {
        return "a byte-order mark (U+FEFF); remove it";
      }
    }
    return null;
  }

  /** Where the parser stands, as the API names fields: {@code asset.name}, {@code holders[0]}. */
  private static String field(JsonStreamContext at) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push("." + printable(c.getCurrentName()));
      }
    }
    String path = String.join("", parts);
    return path.isEmpty() ? "request" : path.startsWith(".") ? path.substring(1) : path;
  }

  private static String code(char c) {
    return String.format(Locale.ROOT, "U+%04X", (int) c);
  }

  /** {@code s} with anything the door would refuse replaced, so a refusal can quote it safely. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(fault(String.valueOf(c)) == null ? c : '?');
      }
    }
    return b.toString();
  }
}

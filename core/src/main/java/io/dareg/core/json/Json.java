package io.dareg.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of a dareg process, configured once: strict on input (unknown fields,
 * duplicate keys, trailing tokens and nulls for primitives are errors), ISO-8601 times, nulls
 * omitted, keys sorted. Bytes that are hashed or signed go through {@link CanonicalJson}.
 *
 * <pre>{@code
 * byte[] bytes = Json.canonical(registration);          // RFC 8785 bytes, as stored on the ledger
 * Registration back = Json.read(bytes, Registration.class);
 * }</pre>
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private Json() {}

  /** The shared mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The RFC 8785 canonical bytes of {@code value}. */
  public static byte[] canonical(Object value) {
    // Straight from the serialiser's tokens, sorting members where they come out of order; only
    // what a tree would treat differently (a repeated name, an embedded object) goes through one.
    TokenBuffer tokens = new TokenBuffer(MAPPER, false);
    try {
      MAPPER.writeValue(tokens, value);
      try (JsonParser p = tokens.asParser()) {
        byte[] bytes = CanonicalJson.serialize(p);
        if (bytes != null) {
          return bytes;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The tree decides, and says what is wrong.
    }
    return CanonicalJson.serialize(MAPPER.valueToTree(value));
  }

  /** Reads {@code bytes} as a {@code type}; malformed input raises {@link IOException}'s unchecked twin. */
  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a JSON text as a {@code type}, propagating Jackson's exception for the caller to map. */
  public static <T> T parse(String text, Class<T> type) throws IOException {
    try (JsonParser parser = MAPPER.createParser(text)) {
      return MAPPER.readValue(parser, type);
    }
  }

  /** Reads a JSON text as a tree. */
  public static JsonNode tree(String text) throws IOException {
    return MAPPER.readTree(text);
  }
}

package io.dareg.core.json;

import com.fasterxml.jackson.databind.JsonNode;

/** PROVISIONAL: replaced by the RFC 8785 implementation. */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical bytes of {@code node}. */
  public static byte[] serialize(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

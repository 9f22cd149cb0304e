package io.dareg.bench;

import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import java.nio.charset.StandardCharsets;

/** What the load programs send: canonical JSON arguments and the hashes inside them. */
final class Requests {
  private Requests() {}

  /** The canonical JSON text of a request record. */
  static String json(Object request) {
    return new String(Json.canonical(request), StandardCharsets.UTF_8);
  }

  /** Lower-case hex SHA-256 of a text. */
  static String hash(String text) {
    return Hashes.hex(HashAlgorithm.SHA256, text.getBytes(StandardCharsets.UTF_8));
  }
}

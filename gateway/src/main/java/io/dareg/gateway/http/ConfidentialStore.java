package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.gateway.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Confidential material (holder ID numbers, contacts, proofs, algorithm details, samples) kept by
 * the gateway off the ledger, one owner-only file per document, named by the SHA-256 of its
 * canonical JSON; the ledger holds only that hash.
 */
final class ConfidentialStore {
  private final Path dir;

  ConfidentialStore(Path dir) throws IOException {
    this.dir = dir;
    OwnerOnlyFiles.directory(dir);
  }

  /** The hash a document is kept under: hex SHA-256 of its canonical JSON. */
  String hashOf(JsonNode document) {
    return Hashes.hex(HashAlgorithm.SHA256, CanonicalJson.serialize(document));
  }

  /** Stores a document; returns its hash. */
  String put(JsonNode document) throws IOException {
    byte[] bytes = CanonicalJson.serialize(document);
    String hash = Hashes.hex(HashAlgorithm.SHA256, bytes);
    Path file = dir.resolve(hash + ".json");
    if (!Files.exists(file)) {
      OwnerOnlyFiles.write(file, bytes);
    }
    return hash;
  }

  /** The document with {@code hash}, checked against it; null when the gateway does not hold it. */
  JsonNode get(String hash) throws IOException {
    if (!hash.matches("[0-9a-f]{64}")) {
      return null;
    }
    Path file = dir.resolve(hash + ".json");
    if (!Files.exists(file)) {
      return null;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (!Hashes.hex(HashAlgorithm.SHA256, bytes).equals(hash)) {
      throw new IOException("confidential document " + hash + " does not match its hash");
    }
    return Json.mapper().readTree(bytes);
  }
}

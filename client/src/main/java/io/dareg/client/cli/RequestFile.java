package io.dareg.client.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A request a person wrote in a file for a command to send ({@code dareg apply FILE}, {@code dareg fees --set FILE}): JSON,
 * or YAML when its name ends in .yaml or .yml; read into the request's type with the file named in any error.
 */
final class RequestFile {
  private RequestFile() {}

  /** The file's document as a tree, read as YAML or JSON by its name. */
  static JsonNode tree(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper reader = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : Json.mapper();
    return reader.readTree(file.toFile());
  }

  /** {@code document}, read from {@code file}, as a {@code type}; a document that does not fit is refused naming the file. */
  static <T> T value(Path file, JsonNode document, Class<T> type) {
    try {
      return Json.mapper().treeToValue(document, type);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The file as a {@code type}; a file that cannot be parsed, or does not fit, is refused naming the file. */
  static <T> T read(Path file, Class<T> type) throws IOException {
    try {
      return value(file, tree(file), type);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
    }
  }
}

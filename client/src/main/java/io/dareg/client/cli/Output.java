package io.dareg.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dareg.core.json.Json;
import java.io.PrintWriter;
import java.util.Map;

/** Prints results: JSON for scripts, aligned "name  value" lines for people. */
final class Output {
  private Output() {}

  static void print(PrintWriter out, boolean json, Object value, Map<String, String> human) {
    if (json) {
      try {
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    int width = human.keySet().stream().mapToInt(String::length).max().orElse(0);
    human.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
  }
}

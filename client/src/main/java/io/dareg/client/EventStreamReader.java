package io.dareg.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The supervision feed's reading (issue 25): reads server-sent events (the WHATWG {@code text/event-stream} format) as the supervision feed writes them: {@code id},
 * {@code event} and {@code data} fields, an empty line ending each event, comment lines ignored.
 */
final class EventStreamReader {
  private EventStreamReader() {}

  /** {@link SupervisionClient#readSupervisionFeed} over {@code calls} to the gateway at {@code gateway}. */
  static String supervisionFeed(GatewayCalls calls, java.net.URI gateway, String after, long from, boolean follow,
      Predicate<SupervisionEvent> listener) {
    if (from < 0) {
      throw new IllegalArgumentException("a log position is a whole number from 0, not " + from);
    }
    java.net.http.HttpResponse<InputStream> r = calls.stream("readSupervisionFeed", "?from=" + from + (follow ? "" : "&follow=false"),
        after == null ? java.util.Map.of("Accept", "text/event-stream")
            : java.util.Map.of("Accept", "text/event-stream", "Last-Event-ID", after));
    String[] last = {after};
    try (InputStream in = r.body()) {
      return read(in, after, e -> {
        last[0] = e.id() != null ? e.id() : last[0];
        return listener.test(e);
      });
    } catch (IOException e) {
      throw new GatewayUnreachableException("the supervision feed from " + gateway + " broke off after event " + last[0] + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  /**
   * Hands each event of {@code in} to {@code listener} until it answers false or the stream ends; answers the id of the
   * last event taken, or {@code lastId}.
   *
   * @throws IOException when the stream breaks (the caller resumes after the id the listener last took)
   */
  static String read(InputStream in, String lastId, Predicate<SupervisionEvent> listener) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String last = lastId;
    String id = null;
    String type = "message";
    StringBuilder data = new StringBuilder();
    for (String line; (line = lines.readLine()) != null; ) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          JsonNode json = Json.mapper().readTree(data.toString());
          if (type.equals("error")) {
            throw new IOException("the gateway ended the feed: " + json.path("error").asText(data.toString()));
          }
          if (id != null) {
            last = id;
          }
          if (!listener.test(new SupervisionEvent(id, type, json))) {
            return last;
          }
        }
        id = null;
        type = "message";
        data.setLength(0);
      } else if (!line.startsWith(":")) {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
        switch (field) {
          case "id" -> id = value;
          case "event" -> type = value;
          case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
          default -> { } // retry and unknown fields
        }
      }
    }
    return last;
  }
}

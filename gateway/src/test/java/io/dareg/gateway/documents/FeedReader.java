package io.dareg.gateway.documents;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's reader of the supervision feed: the events as they come, one thread per connection; closing it disconnects. */
public final class FeedReader implements AutoCloseable {
  /** One server-sent event. */
  public record Event(String id, String name, JsonNode data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<String> comments = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final InputStream body;
  private final HttpResponse<InputStream> response;

  private FeedReader(HttpResponse<InputStream> response) {
    this.response = response;
    this.body = response.body();
    Thread t = new Thread(this::read, "feed-reader");
    t.setDaemon(true);
    t.start();
  }

  /** Opens the feed at {@code url} with {@code token} and, when not null, {@code lastEventId}. */
  public static FeedReader open(String url, String token, String lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + token);
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    return new FeedReader(r);
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  /** The comment lines read so far (keep-alives, the opening line). */
  List<String> comments() {
    return comments;
  }

  /** Events until one satisfies {@code last} (included), or fails after {@code timeout}. */
  public List<Event> until(java.util.function.Predicate<Event> last, Duration timeout) throws InterruptedException {
    List<Event> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no event satisfied the condition within " + timeout + "; read " + out);
      }
      out.add(e);
      if (last.test(e)) {
        return out;
      }
    }
  }

  /** Events that come within {@code wait}, however many. */
  public List<Event> drain(Duration wait) throws InterruptedException {
    List<Event> out = new ArrayList<>();
    Event e;
    while ((e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS)) != null) {
      out.add(e);
    }
    return out;
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(id, name, Json.mapper().readTree(data.toString())));
          }
          id = null;
          name = "message";
          data.setLength(0);
        } else if (line.startsWith(":")) {
          comments.add(line);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (IOException closed) {
      // disconnected by the test
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}

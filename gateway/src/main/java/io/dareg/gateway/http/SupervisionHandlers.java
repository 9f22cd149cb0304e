package io.dareg.gateway.http;

import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.gateway.supervision.Alert;
import io.dareg.gateway.supervision.SupervisionFeed;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * readSupervisionFeed (issue 25): the regulator's supervision feed as server-sent events (docs/supervision.md). Each
 * committed act is an {@code act} event whose id is its position in the transparency log, followed by its alerts as
 * {@code alert} events with ids {@code position/ordinal}; a reader resumes with {@code Last-Event-ID} (or
 * {@code ?from=N}, the first position wanted) and gets exactly what follows. Regulators only (the table's door).
 *
 * <p>Backpressure: the stream reads the log one batch at a time (64 acts or 256 KiB) and reads the next only once the
 * connection's write queue has room, so a slow reader costs the gateway at most its write queue and one batch, whatever
 * the backlog; a reader that takes nothing for the gateway's idle timeout is disconnected and resumes where it stopped.
 */
final class SupervisionHandlers {
  /** A comment line this often keeps proxies from closing an idle stream (the gateway's idle timeout is 60 s). */
  static final long KEEP_ALIVE_MILLIS = 15_000;
  /** Positions read from the log at once, at most. */
  private static final int BATCH = 64;
  /** Entry bytes read from the log at once, at most (an act may be as long as a request body, 1 MiB). */
  private static final int BATCH_BYTES = 256 * 1024;
  /** Bytes a connection may queue before the stream stops reading the log. */
  private static final int WRITE_QUEUE = 256 * 1024;
  private static final Pattern EVENT_ID = Pattern.compile("(\\d{1,18})(?:/(\\d{1,9}))?");

  private final Vertx vertx;
  private final SupervisionFeed feed;

  SupervisionHandlers(Vertx vertx, SupervisionFeed feed) {
    this.vertx = vertx;
    this.feed = feed;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("readSupervisionFeed", this::read);
  }

  void read(Call call) {
    if (feed == null) {
      throw Problem.notFound("this gateway keeps no transparency log, so it has no supervision feed");
    }
    Cursor start = resumeAt(call.ctx().request().getHeader("Last-Event-ID"), call.query("from"));
    String follow = call.query("follow");
    if (follow != null && !follow.equals("true") && !follow.equals("false")) {
      throw Problem.invalid("follow", "?follow= is true (the default: live acts follow until the reader disconnects) or false"
          + " (the stream ends after the acts committed when it was asked for), not '" + follow + "'");
    }
    // follow=false: what the log holds now, with the alerts of its last act, then the end of the stream
    long endAt = "false".equals(follow) ? feed.committed() : Long.MAX_VALUE;
    new Stream(call.ctx().response(), start, endAt).start();
  }

  /**
   * Where a reader starts: after the event {@code Last-Event-ID} names (an act's {@code N} or an alert's {@code N/K}),
   * else at position {@code ?from=} (0 when neither is given). The header wins: a browser that reconnects sends it
   * with the URL it first opened.
   */
  static Cursor resumeAt(String lastEventId, String from) {
    if (lastEventId != null && !lastEventId.isBlank()) {
      Matcher m = EVENT_ID.matcher(lastEventId.strip());
      if (!m.matches()) {
        throw Problem.invalid("Last-Event-ID", "Last-Event-ID is the id of the last event received: a position N (an act)"
            + " or N/K (an alert), not '" + lastEventId + "'; leave it out and give ?from=N to start at position N");
      }
      return new Cursor(Long.parseLong(m.group(1)), true, m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }
    if (from == null) {
      return new Cursor(0, false, 0);
    }
    if (!from.matches("\\d{1,18}")) {
      throw Problem.invalid("from", "?from= is the first log position wanted, a whole number from 0, not '" + from + "'");
    }
    return new Cursor(Long.parseLong(from), false, 0);
  }

  /**
   * Where a stream stands: the next position to read, and, for that first position only, whether its act and how many
   * of its alerts the reader already has.
   */
  record Cursor(long position, boolean actSeen, int alertsSeen) {}

  /** One reader's stream: reads a batch, writes it, and reads on while the connection takes it. */
  private final class Stream {
    private final HttpServerResponse response;
    private final Context context;
    private final Runnable wake;
    private Cursor cursor;
    private boolean reading;
    private boolean closed;
    private long keepAlive = -1;
    /** The position the stream ends before; {@code Long.MAX_VALUE} while it follows. */
    private final long endAt;

    Stream(HttpServerResponse response, Cursor cursor, long endAt) {
      this.response = response;
      this.cursor = cursor;
      this.endAt = endAt;
      this.context = vertx.getOrCreateContext();
      this.wake = () -> context.runOnContext(v -> pump());
    }

    void start() {
      response.setStatusCode(200).setChunked(true).setWriteQueueMaxSize(WRITE_QUEUE)
          .putHeader("Content-Type", "text/event-stream; charset=utf-8")
          .putHeader("Cache-Control", "no-cache, no-store")
          .putHeader("Content-Encoding", "identity") // not compressed: a compressor may hold events back
          .putHeader("X-Accel-Buffering", "no");
      response.closeHandler(v -> stop());
      response.exceptionHandler(e -> stop());
      response.write("retry: 2000\n: dareg supervision feed, from position " + cursor.position()
          + (cursor.actSeen() ? " (after event " + cursor.position() + (cursor.alertsSeen() > 0 ? "/" + cursor.alertsSeen() : "")
              + ")" : "") + "\n\n");
      keepAlive = vertx.setPeriodic(KEEP_ALIVE_MILLIS, id -> {
        if (!closed && !response.writeQueueFull()) {
          response.write(": keep-alive\n\n");
        }
      });
      feed.whenDerived(wake);
      pump();
    }

    private void stop() {
      if (!closed) {
        closed = true;
        feed.stopTelling(wake);
        vertx.cancelTimer(keepAlive);
      }
    }

    /** Reads and writes the next batch, unless one is being read, the connection is full, or nothing is new. */
    private void pump() {
      if (closed || reading) {
        return;
      }
      if (cursor.position() >= endAt) {
        end(": end of the log when asked (follow=false)\n\n");
        return;
      }
      if (response.writeQueueFull()) {
        response.drainHandler(v -> pump()); // backpressure: the log is read on when the reader has taken what was sent
        return;
      }
      if (feed.failure() != null) {
        end(error(feed.failure()));
        return;
      }
      if (cursor.position() >= feed.derived()) {
        return; // woken by the feed when it has derived more
      }
      reading = true;
      long from = cursor.position();
      int batch = (int) Math.min(BATCH, endAt - from);
      vertx.executeBlocking(() -> feed.read(from, batch, BATCH_BYTES), false).onComplete(read -> {
        reading = false;
        if (closed) {
          return;
        }
        if (read.failed()) {
          end(error("the log could not be read at position " + from + ": " + read.cause().getMessage()
              + "; reconnect with Last-Event-ID to resume"));
          return;
        }
        write(read.result());
        pump();
      });
    }

    private void write(List<SupervisionFeed.Item> items) {
      StringBuilder out = new StringBuilder();
      for (SupervisionFeed.Item item : items) {
        long p = item.act().position();
        boolean first = p == cursor.position();
        if (!(first && cursor.actSeen())) {
          event(out, String.valueOf(p), "act", CanonicalJson.toString(item.act().toJson()));
        }
        for (Alert a : item.alerts()) {
          if (!(first && a.ordinal() <= cursor.alertsSeen())) {
            event(out, a.id(), "alert", CanonicalJson.toString(a.toJson()));
          }
        }
      }
      if (!items.isEmpty()) {
        cursor = new Cursor(items.get(items.size() - 1).act().position() + 1, false, 0);
        response.write(out.toString());
      }
    }

    private void end(String last) {
      stop();
      response.end(last);
    }
  }

  /** The last event of a stream the gateway ends: {@code error}, with why. */
  private static String error(String why) {
    return "event: error\ndata: " + CanonicalJson.toString(Json.mapper().createObjectNode().put("error", why)) + "\n\n";
  }

  /** One server-sent event; canonical JSON holds no line break, so the data is one line. */
  private static void event(StringBuilder out, String id, String name, String data) {
    out.append("id: ").append(id).append('\n').append("event: ").append(name).append('\n').append("data: ").append(data)
        .append("\n\n");
  }
}

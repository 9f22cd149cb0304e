package io.dareg.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.client.DaregClient;
import io.dareg.client.GatewayUnreachableException;
import io.dareg.client.SupervisionEvent;
import io.dareg.client.log.LogMonitor;
import io.dareg.core.json.CanonicalJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dareg supervise [--follow] [--from N]} (issue 25): the regulator's supervision feed, one line per act and per
 * alert (docs/supervision.md). With {@code --follow} it reads on as acts commit and, when the connection drops,
 * reconnects after the last event it printed (Last-Event-ID), saying so on stderr; without, it prints what the log holds
 * and exits.
 */
@Command(name = "supervise", mixinStandardHelpOptions = true,
    description = {"The regulator's supervision feed: every committed act (its log position, time, operation, author and"
        + " events) and every alert (certificate revoked, trade disputed, review overdue, duplicate across registries),"
        + " one line each (regulators only).",
        "Without --follow: what the log holds now, then exit. With --follow: live, reconnecting after a dropped connection"
            + " where it stopped."})
final class SuperviseCommand implements Callable<Integer> {
  /** The longest wait between two attempts to reconnect. */
  static final long MAX_BACKOFF_MILLIS = 30_000;

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--follow", description = "keep reading live acts; reconnect after a dropped connection")
  boolean follow;

  @Option(names = "--from", paramLabel = "N", defaultValue = "0", description = "the first log position to print (default: ${DEFAULT-VALUE})")
  long from;

  @Option(names = "--after", paramLabel = "ID", description = "resume after the event with this id (N or N/K), as printed; wins over --from")
  String after;

  @Option(names = "--retry-millis", paramLabel = "MS", defaultValue = "1000", hidden = true,
      description = "the first wait before reconnecting; it doubles up to 30 s")
  long retryMillis;

  @Override
  public Integer call() throws Exception {
    if (from < 0) {
      throw new ParameterException(spec.commandLine(), "--from is a log position, a whole number from 0, not " + from);
    }
    if (after != null && !after.matches("\\d{1,18}(/\\d{1,9})?")) {
      throw new ParameterException(spec.commandLine(), "--after is an event id as printed, N (an act) or N/K (an alert), not " + after);
    }
    DaregClient client = connection.client();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String[] last = {after}; // the id of the last event printed: where a reconnection resumes
    long wait = retryMillis;
    while (true) {
      try {
        client.readSupervisionFeed(last[0], from, follow, e -> {
          out.println(connection.json ? CanonicalJson.toString(e.data()) : line(e));
          out.flush();
          last[0] = e.id() != null ? e.id() : last[0];
          return true;
        });
        if (!follow) {
          return 0;
        }
        // the gateway ended a followed stream (it is shutting down): read on where it stopped
        err.println("dareg: the feed ended; reconnecting after event " + (last[0] == null ? "(none yet)" : last[0]));
      } catch (GatewayUnreachableException e) {
        if (!follow) {
          throw e;
        }
        err.println("dareg: " + e.getMessage() + "; reconnecting in " + wait + " ms after event "
            + (last[0] == null ? "(none yet)" : last[0]));
        err.flush();
        Thread.sleep(wait);
        wait = Math.min(MAX_BACKOFF_MILLIS, wait * 2);
        continue;
      }
      wait = retryMillis;
    }
  }

  /** One line for people: an act, or an alert. */
  static String line(SupervisionEvent e) {
    JsonNode d = e.data();
    if (e.alert()) {
      JsonNode details = d.path("details");
      return "ALERT " + e.id() + " " + d.path("kind").asText() + " registry=" + d.path("registry").asText() + " subject="
          + d.path("subject").asText() + " time=" + d.path("time").asText() + " tx=" + d.path("txId").asText() + " "
          + CanonicalJson.toString(details);
    }
    JsonNode signed = d.path("signedRequest");
    String author = signed.isObject() ? LogMonitor.author(signed.path("operation").asText(), signed, null)
        : LogMonitor.author(d.path("operation").asText(), d.path("arguments"), d.get("caller"));
    List<String> events = new ArrayList<>();
    d.path("events").forEach(ev -> events.add(ev.path("name").asText()));
    return "act " + e.id() + " " + d.path("time").asText() + " " + d.path("operation").asText() + " by=" + author
        + (signed.isObject() ? " signed" : "") + " tx=" + d.path("txId").asText()
        + (events.isEmpty() ? "" : " events=" + String.join(",", events));
  }
}

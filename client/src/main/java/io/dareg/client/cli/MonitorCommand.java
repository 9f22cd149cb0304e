package io.dareg.client.cli;

import io.dareg.client.log.LogMonitor;
import io.dareg.core.log.SignedNote;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dareg monitor}: follows the ledger's transparency log ({@link LogMonitor}) and prints one line for every
 * committed transaction that touches a watched account or registration; exits 1, loudly, keeping the evidence, when the
 * log is badly signed or its entries do not give the root it signed or its new checkpoint does not extend the last.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"Follow the ledger's transparency log: check every checkpoint's signature, recompute the tree from the"
        + " entries, and report each transaction touching a watched account id or registration number.",
        "Exit 0 when the log is consistent (--once), 1 when it misbehaved (evidence in STATE/evidence/), 4 unreachable."})
final class MonitorCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--log", defaultValue = "${DAREG_URL:-http://127.0.0.1:8080}",
      description = "the gateway (default: ${DEFAULT-VALUE}), or its tiles prefix .../api/v1/log/tiles")
  URI log;

  @Option(names = "--watch", required = true, description = "an account id or registration number to report (repeatable)")
  List<String> watch;

  @Option(names = "--state", required = true, description = "where the monitor keeps the pinned key, the tree's edge, the last checkpoint and evidence")
  Path state;

  @Option(names = "--log-key", description = "the log's verifier key (name+id+key); default: the key pinned in --state, else fetched and pinned on first use")
  String logKey;

  @Option(names = "--once", description = "read up to the newest checkpoint once and exit")
  boolean once;

  @Option(names = "--interval", defaultValue = "30", description = "seconds between polls (default: ${DEFAULT-VALUE})")
  long interval;

  @Override
  public Integer call() throws Exception {
    if (interval < 1) {
      throw new IllegalArgumentException("--interval is a whole number of seconds, at least 1, not " + interval);
    }
    SignedNote.Verifier key = logKey == null ? null : SignedNote.Verifier.parse(logKey.trim());
    LogMonitor m = new LogMonitor(log, state, key, new LinkedHashSet<>(watch), spec.commandLine().getOut(), spec.commandLine().getErr(),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Clock.systemUTC());
    while (true) {
      LogMonitor.Outcome o;
      try {
        o = m.poll();
      } catch (ConnectException e) {
        spec.commandLine().getErr().println("dareg monitor: cannot reach the log at " + log + ": " + e.getMessage());
        if (once) {
          return Dareg.UNREACHABLE;
        }
        o = LogMonitor.Outcome.CONSISTENT; // try again at the next poll
      }
      if (o == LogMonitor.Outcome.LOG_MISBEHAVED) {
        return Dareg.VERIFICATION_FAILED;
      }
      if (once) {
        return 0;
      }
      Thread.sleep(Duration.ofSeconds(interval).toMillis());
    }
  }
}

package io.dareg.gateway;

import io.dareg.core.api.CalendarView;
import io.dareg.core.api.SweepResult;
import io.dareg.core.json.Json;
import io.dareg.core.model.ChinaTime;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.Ledger;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20: the gateway's daily duties on its ledger (embedded or Fabric). At start and every day
 * it submits the {@code sweep} transaction under its service identity, which records the expiries,
 * cancellations and lapsed objections time has made true and lists what it changed (never a silent
 * change: each is a transaction with its id), and it warns when the working-day calendar covers
 * fewer than {@link CalendarView#WARN_DAYS_AHEAD} days ahead.
 */
public final class Sweeper {
  /** How often the sweep runs. */
  public static final Duration EVERY = Duration.ofDays(1);

  private final Ledger ledger;
  private final Clock clock;
  private final PrintStream log;

  /** A sweeper of {@code ledger} that logs to {@code log}. */
  public Sweeper(Ledger ledger, Clock clock, PrintStream log) {
    this.ledger = ledger;
    this.clock = clock;
    this.log = log;
  }

  /** Sweeps and checks the calendar now, then every day on {@code vertx}'s timer (off the event loop). */
  public void start(Vertx vertx) {
    vertx.executeBlocking(() -> runOnce());
    vertx.setPeriodic(EVERY.toMillis(), id -> vertx.executeBlocking(() -> runOnce()));
  }

  /** One sweep and one calendar check; returns what the sweep recorded, or null when it could not run. */
  public SweepResult runOnce() {
    String warning = calendarWarning(ledger, clock);
    if (warning != null) {
      log.println("dareg: WARNING " + warning);
    }
    if (!ledger.health().ready()) {
      log.println("dareg: sweep skipped: the ledger is " + ledger.health().state() + " (" + ledger.health().detail() + ")");
      return null;
    }
    try {
      var committed = ledger.submit(ApiServer.SERVICE_CALLER, "sweep", "{}").orTimeout(60, TimeUnit.SECONDS).join();
      SweepResult r = Json.read(committed.resultJson().getBytes(java.nio.charset.StandardCharsets.UTF_8), SweepResult.class);
      log.println("dareg: sweep " + committed.txId() + " at " + r.sweptAt() + ": expired " + r.expired()
          + ", cancelled and announced " + r.cancelled() + ", lapsed objections " + r.lapsedObjections()
          + (r.overdueForwarding().isEmpty() ? "" : "; objections not forwarded in time " + r.overdueForwarding())
          + (r.overdueChangeReviews().isEmpty() ? "" : "; change reviews overdue " + r.overdueChangeReviews())
          + (r.more() ? "; more remain, the next sweep goes on" : ""));
      return r;
    } catch (CompletionException | IllegalStateException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.println("dareg: sweep failed: " + cause.getMessage() + " (a registrar can run it by hand: dareg sweep)");
      return null;
    }
  }

  /**
   * The calendar warning of {@link CalendarView#warning} as of {@code clock}'s day in China, or null
   * when the calendar covers enough or the ledger cannot be read.
   */
  public static String calendarWarning(Ledger ledger, Clock clock) {
    try {
      return calendarWarningAsync(ledger, clock).orTimeout(30, TimeUnit.SECONDS).join();
    } catch (CompletionException | IllegalStateException e) {
      return null;
    }
  }

  /** As {@link #calendarWarning}, without blocking: for {@code GET /health} on the event loop. */
  public static java.util.concurrent.CompletableFuture<String> calendarWarningAsync(Ledger ledger, Clock clock) {
    return ledger.evaluate(ApiServer.SERVICE_CALLER, "getCalendar", "{}").thenApply(json -> {
      CalendarView view = Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), CalendarView.class);
      return view.warning(clock.instant().atZone(ChinaTime.ZONE).toLocalDate());
    });
  }
}

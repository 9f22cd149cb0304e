package io.dareg.bench.jmh;

import io.dareg.chaincode.registry.InMemoryWorldState;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.report.Period;
import io.dareg.gateway.report.PeriodReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The regulator's period report alone: {@value #STORIES} registrations from evidence to recorded
 * certificate (eight events each, January to September 2026) counted for one quarter per operation, so
 * ops/s × {@value #EVENTS} is the events counted per second, before any ledger read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReportBenchmark {
  static final int STORIES = 2000;
  static final int EVENTS = STORIES * 8;
  private static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");

  private final Period quarter = Period.parse("2026-Q3");
  private final List<LedgerEvent> events = new ArrayList<>();

  @Setup
  public void setUp() throws Exception {
    RulesStory story = new RulesStory(T0);
    for (int i = 0; i < STORIES; i++) {
      // Every three hours from January to September: about a third fall in Q3.
      story.register(T0.plus(Duration.ofMinutes(180L * i)));
    }
    long block = 0;
    for (InMemoryWorldState.Event e : story.worldState().events()) {
      events.add(new LedgerEvent(block++, e.txId(), e.name(), new String(e.payload(), StandardCharsets.UTF_8)));
    }
  }

  /** Counts every event for 2026-Q3. */
  @Benchmark
  public int quarter() {
    PeriodReport report = new PeriodReport(quarter);
    events.forEach(report);
    return report.figures().size();
  }
}

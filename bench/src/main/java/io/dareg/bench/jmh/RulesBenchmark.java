package io.dareg.bench.jmh;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The rules alone, on the in-memory world state: one registration from evidence deposit to a
 * recorded certificate (eight transactions) per operation. The ceiling any ledger runs below.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RulesBenchmark {
  private static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");

  private RulesStory story;

  @Setup
  public void setUp() {
    story = new RulesStory(T0);
  }

  /** Evidence, application, formal and substantive review, notice, issue and certificate record. */
  @Benchmark
  public String submitToIssue() throws Exception {
    return story.register(T0);
  }
}

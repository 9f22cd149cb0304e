package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The background check rests only while queries are answered, and never for longer than its share allows. */
class BackgroundCheckPaceTest {
  private static final long BLOCK = TimeUnit.MILLISECONDS.toNanos(2);

  @Test
  void an_idle_ledger_lets_the_check_run_without_rest() {
    BackgroundCheckPace pace = new BackgroundCheckPace();
    assertThat(pace.busy()).isFalse();
    assertThat(pace.rest(BLOCK, () -> false)).isZero();
  }

  @Test
  void while_a_query_runs_the_check_rests_but_only_for_its_share() {
    BackgroundCheckPace pace = new BackgroundCheckPace();
    pace.queryStarted();
    assertThat(pace.busy()).isTrue();
    // It returns although the query never ends: the check keeps a share of the time.
    assertThat(pace.rest(BLOCK, () -> false)).isGreaterThanOrEqualTo(BackgroundCheckPace.REST_PER_WORK * BLOCK);
    pace.queryEnded();
  }

  @Test
  void a_query_just_answered_still_counts_then_the_ledger_is_idle_again() throws InterruptedException {
    BackgroundCheckPace pace = new BackgroundCheckPace();
    pace.queryStarted();
    pace.queryEnded();
    assertThat(pace.busy()).as("right after a query").isTrue();
    TimeUnit.NANOSECONDS.sleep(BackgroundCheckPace.QUIET_NANOS + TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(pace.busy()).as("once the queries have paused").isFalse();
    assertThat(pace.rest(BLOCK, () -> false)).isZero();
  }

  @Test
  void a_closing_ledger_ends_the_rest_at_once() {
    BackgroundCheckPace pace = new BackgroundCheckPace();
    pace.queryStarted();
    assertThat(pace.rest(TimeUnit.HOURS.toNanos(1), () -> true)).isLessThan(TimeUnit.HOURS.toNanos(1));
  }
}

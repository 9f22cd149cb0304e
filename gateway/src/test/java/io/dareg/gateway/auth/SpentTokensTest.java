package io.dareg.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.gateway.auth.SpentTokens.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A token id is spent once, kept until its token has expired plus the skew, within a capacity. */
class SpentTokensTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final long EXP = NOW.getEpochSecond() + 300;

  @Test
  void an_id_is_spent_once() {
    SpentTokens spent = new SpentTokens(10, 60);
    assertThat(spent.spend(EXP, 42, NOW)).isEqualTo(Outcome.SPENT);
    assertThat(spent.spend(EXP, 42, NOW.plusSeconds(10))).isEqualTo(Outcome.USED_BEFORE);
    assertThat(spent.spend(EXP, 43, NOW)).isEqualTo(Outcome.SPENT);
    // 0 is the empty slot inside the set; as an id it is like any other.
    assertThat(spent.spend(EXP, 0, NOW)).isEqualTo(Outcome.SPENT);
    assertThat(spent.spend(EXP, 0, NOW)).isEqualTo(Outcome.USED_BEFORE);
    assertThat(spent.size()).isEqualTo(3);
  }

  @Test
  void an_id_is_kept_until_its_expiry_plus_the_skew_then_forgotten() {
    SpentTokens spent = new SpentTokens(10, 60);
    spent.spend(EXP, 7, NOW);
    spent.spend(EXP + 100, 8, NOW);
    assertThat(spent.spend(EXP, 7, Instant.ofEpochSecond(EXP + 60))).isEqualTo(Outcome.USED_BEFORE);
    // One second later the token itself is refused as expired; its id is no longer held.
    assertThat(spent.spend(EXP + 100, 9, Instant.ofEpochSecond(EXP + 61))).isEqualTo(Outcome.SPENT);
    assertThat(spent.size()).isEqualTo(2);
    assertThat(spent.spend(EXP + 100, 8, Instant.ofEpochSecond(EXP + 61))).isEqualTo(Outcome.USED_BEFORE);
  }

  @Test
  void a_full_store_takes_nothing_new_until_ids_expire_but_still_knows_a_replay() {
    SpentTokens spent = new SpentTokens(3, 60);
    spent.spend(EXP, 1, NOW);
    spent.spend(EXP, 2, NOW);
    spent.spend(EXP + 10, 3, NOW);
    assertThat(spent.spend(EXP + 10, 4, NOW)).isEqualTo(Outcome.FULL);
    assertThat(spent.spend(EXP, 1, NOW)).isEqualTo(Outcome.USED_BEFORE);
    assertThat(spent.spend(EXP + 10, 4, Instant.ofEpochSecond(EXP + 61))).isEqualTo(Outcome.SPENT);
  }

  @Test
  void many_ids_in_one_second_are_all_kept_apart() {
    SpentTokens spent = new SpentTokens(1_000_000, 60);
    Random random = new Random(7);
    long[] ids = new long[300_000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextLong();
      assertThat(spent.spend(EXP, ids[i], NOW)).isEqualTo(Outcome.SPENT);
    }
    // Ids that differ only in their high bits land in the same slots and still stay apart.
    for (long i = 1; i <= 1000; i++) {
      assertThat(spent.spend(EXP, i << 40, NOW)).isEqualTo(Outcome.SPENT);
    }
    for (long id : ids) {
      assertThat(spent.spend(EXP, id, NOW)).isEqualTo(Outcome.USED_BEFORE);
    }
    assertThat(spent.size()).isEqualTo(ids.length + 1000);
  }

  @Test
  void under_concurrent_use_each_id_is_spent_exactly_once() throws Exception {
    SpentTokens spent = new SpentTokens(1_000_000, 60);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ConcurrentHashMap<Long, AtomicInteger> wins = new ConcurrentHashMap<>();
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(pool.submit(() -> {
          for (long id = 0; id < 50_000; id++) {
            if (spent.spend(EXP + id % 7, id, NOW) == Outcome.SPENT) {
              wins.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(wins).hasSize(50_000);
    assertThat(wins.values()).allMatch(w -> w.get() == 1);
  }
}

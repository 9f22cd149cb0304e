package io.dareg.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The cache stays within its bound, forgets the least recently used first. */
class BoundedCacheTest {
  @Test
  void keeps_at_most_its_capacity_and_forgets_the_least_recently_used() {
    BoundedCache<String, Integer> cache = new BoundedCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThat(cache.get("a")).isEqualTo(1); // "a" is now more recent than "b"
    cache.put("c", 3);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("c")).isEqualTo(3);
  }

  @Test
  void refuses_a_capacity_below_one() {
    assertThatThrownBy(() -> new BoundedCache<String, String>(0)).hasMessageContaining("at least one");
  }
}

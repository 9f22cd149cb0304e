package io.dareg.chaincode.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test network's peer clock file: absent, a fixed instant, or an offset from this machine's time. */
class PeerClockTest {
  @TempDir Path dir;

  @Test
  void the_file_holds_nothing_an_instant_or_an_offset() throws Exception {
    Path file = dir.resolve("peer-clock");
    Clock clock = PeerClock.file(file);
    assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofSeconds(5));
    Files.writeString(file, "2026-03-02T02:00:00Z\n");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));
    Files.writeString(file, PeerClock.OFFSET + "PT192H\n");
    assertThat(Duration.between(Instant.now().plus(Duration.ofDays(8)), clock.instant()).abs()).isLessThan(Duration.ofSeconds(5));
  }
}

package io.dareg.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --dev on Fabric moves the test network's peer clock file with its dev clock, and reads it back at start. */
class DevPeerClockTest {
  @TempDir Path dir;

  @Test
  void an_offset_written_is_read_back_and_an_instant_is_refused() throws Exception {
    Path file = dir.resolve("peer-clock");
    assertThat(DevPeerClock.offset(file)).isZero();
    DevPeerClock.write(file, Duration.ofDays(8));
    assertThat(Files.readString(file)).isEqualTo("offset PT192H\n");
    assertThat(DevPeerClock.offset(file)).isEqualTo(Duration.ofDays(8));
    Files.writeString(file, "2026-03-02T02:00:00Z");
    assertThatThrownBy(() -> DevPeerClock.offset(file)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not an offset");
  }
}

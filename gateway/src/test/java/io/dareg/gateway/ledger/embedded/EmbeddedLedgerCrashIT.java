package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.gateway.ledger.LedgerEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child process that commits under concurrent load with SIGKILL at random moments, then
 * checks that every acknowledged transaction survived exactly once and the chain still verifies.
 */
class EmbeddedLedgerCrashIT {
  /** Twelve in CI; run {@code -Ddareg.crash.kills=50} for the long harness. */
  private static final int KILLS = Integer.getInteger("dareg.crash.kills", 12);

  @TempDir Path tmp;

  @Test
  void no_acknowledged_transaction_is_lost_or_duplicated_across_sigkills() throws Exception {
    Path dir = tmp.resolve("ledger");
    Set<String> acknowledged = new HashSet<>();
    int kills = 0;
    for (int round = 0; round < KILLS; round++) {
      Process child = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp", System.getProperty("java.class.path"),
              CrashChild.class.getName(), dir.toString(), "16")
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      List<String> acks = new ArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (acks) {
              acks.add(line);
            }
          }
        } catch (java.io.IOException ignored) {
          // The child died mid-line: that line was never a complete acknowledgement.
        }
      });
      reader.start();
      long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < readyBy && child.isAlive()) {
        synchronized (acks) {
          if (acks.contains("READY")) {
            break;
          }
        }
        Thread.sleep(20);
      }
      Thread.sleep(ThreadLocalRandom.current().nextInt(200, 900));
      child.destroyForcibly(); // SIGKILL on Linux
      child.waitFor(10, TimeUnit.SECONDS);
      reader.join(5000);
      kills++;
      synchronized (acks) {
        assertThat(acks).as("the child came up").contains("READY");
        for (String line : acks) {
          if (line.startsWith("ACK ") && line.length() == 68) {
            acknowledged.add(line.substring(4));
          }
        }
      }
    }
    Map<String, Integer> committed = new HashMap<>();
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir, Clock.systemUTC(), EmbeddedLedger.Options.defaults())) {
      assertThat(ledger.health().ready()).as(ledger.health().detail()).isTrue();
      List<LedgerEvent> events = new ArrayList<>();
      ledger.events(0, events::add).close();
      for (LedgerEvent e : events) {
        committed.merge(e.txId(), 1, Integer::sum);
      }
    }
    long lost = acknowledged.stream().filter(t -> !committed.containsKey(t)).count();
    long duplicated = committed.values().stream().filter(n -> n > 1).count();
    System.out.printf("crash test: kills=%d acknowledged=%d committed=%d lost=%d duplicated=%d%n",
        kills, acknowledged.size(), committed.size(), lost, duplicated);
    assertThat(acknowledged).as("the load produced acknowledgements").isNotEmpty();
    assertThat(lost).isZero();
    assertThat(duplicated).isZero();
  }
}

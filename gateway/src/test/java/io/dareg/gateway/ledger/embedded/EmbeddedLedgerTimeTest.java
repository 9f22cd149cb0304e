package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.ADMIN;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.HOLDER;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.REGISTRAR;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.checked;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.ledger.MutableClock;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block time never decreases, and the dev clock's moves are on the chain. */
class EmbeddedLedgerTimeTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T02:00:00Z"));

  private EmbeddedLedger open() throws Exception {
    return checked(EmbeddedLedger.open(tmp.resolve("ledger"), clock, EmbeddedLedger.Options.defaults()));
  }

  /** Every block's header, in order. */
  private List<JsonNode> headers() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(tmp.resolve("ledger").resolve("blocks.dat"))) {
      BlockFrames.scan(ch, ch.size(), frame -> {
        try {
          out.add(Json.mapper().readTree(frame.header()));
        } catch (java.io.IOException e) {
          return e.getMessage();
        }
        return null;
      });
    }
    return out;
  }

  @Test
  void a_read_on_a_clock_set_ahead_does_not_date_later_writes() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      Instant now = clock.instant();
      // Someone asks what the registry looks like in two years (a health check, a what-if read).
      clock.set(now.plus(Duration.ofDays(730)));
      ledger.evaluate(ADMIN, "getCalendar", "{}").join();
      clock.set(now.plus(Duration.ofMinutes(1)));
      ledger.submit(REGISTRAR, "openAccount",
          json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
      assertThat(ledger.lastBlockTime()).isEqualTo(now.plus(Duration.ofMinutes(1)));
    }
  }

  @Test
  void block_and_transaction_times_never_go_back_when_the_clock_does() throws Exception {
    Instant first;
    try (EmbeddedLedger ledger = open()) {
      ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      first = ledger.lastBlockTime();
      // The machine's clock is set back three days (or a dev data directory is served without --dev).
      clock.set(first.minus(Duration.ofDays(3)));
      ledger.submit(REGISTRAR, "openAccount",
          json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
    }
    try (EmbeddedLedger again = open()) {
      assertThat(again.lastBlockTime()).isEqualTo(first);
      again.submit(HOLDER, "depositEvidence", deposit(1)).join();
      clock.set(first.plus(Duration.ofMinutes(5)));
      again.submit(HOLDER, "depositEvidence", deposit(2)).join();
    }
    List<Instant> times = new ArrayList<>();
    for (JsonNode h : headers()) {
      times.add(Instant.parse(h.path("time").asText()));
    }
    assertThat(times).hasSize(4).isSorted();
    assertThat(times.get(1)).as("not dated before block 0").isEqualTo(first);
    assertThat(times.get(3)).as("the clock's time again once it is past the last block").isEqualTo(first.plus(Duration.ofMinutes(5)));
    // What the rules saw as each transaction's time follows too.
    List<Instant> txTimes = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(tmp.resolve("ledger").resolve("blocks.dat"))) {
      BlockFrames.scan(ch, ch.size(), frame -> {
        try {
          for (JsonNode tx : Json.mapper().readTree(frame.body())) {
            txTimes.add(Instant.parse(tx.path("time").asText()));
          }
        } catch (java.io.IOException e) {
          return e.getMessage();
        }
        return null;
      });
    }
    assertThat(txTimes).hasSize(4).isSorted();
    assertThat(txTimes.get(1)).isAfterOrEqualTo(first);
  }

  @Test
  void the_dev_clock_offset_is_recorded_on_the_chain_and_survives_a_restart() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      assertThat(ledger.devClockOffset()).isZero();
      ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      ledger.recordDevClock(ADMIN, Duration.ofDays(3)).join();
      ledger.recordDevClock(ADMIN, Duration.ofDays(10)).join();
    }
    try (EmbeddedLedger again = open()) {
      assertThat(again.devClockOffset()).isEqualTo(Duration.ofDays(10));
    }
    // Rebuilt from the block file alone, the offset comes back from the chain.
    try (var paths = java.nio.file.Files.walk(tmp.resolve("ledger").resolve("state"))) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    try (EmbeddedLedger again = open()) {
      assertThat(again.devClockOffset()).isEqualTo(Duration.ofDays(10));
    }
    assertThat(headers()).hasSize(3);
    List<String> moves = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(tmp.resolve("ledger").resolve("blocks.dat"))) {
      BlockFrames.scan(ch, ch.size(), frame -> {
        try {
          for (JsonNode tx : Json.mapper().readTree(frame.body())) {
            if (tx.path("name").asText().equals(EmbeddedLedger.DEV_CLOCK_MOVE)) {
              moves.add(tx.path("caller").path("identity").path("id").asText() + " " + tx.path("args").asText());
            }
          }
        } catch (java.io.IOException e) {
          return e.getMessage();
        }
        return null;
      });
    }
    assertThat(moves).as("auditors see each move and who made it")
        .containsExactly("CN=admin {\"offsetSeconds\":259200}", "CN=admin {\"offsetSeconds\":864000}");
  }
}

package io.dareg.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.SweepResult;
import io.dareg.core.json.Json;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: the gateway's daily sweep is a transaction that says what it changed, and it warns of the calendar's end. */
class SweeperTest {
  @TempDir Path dir;

  @Test
  void a_sweep_is_a_logged_transaction_and_the_log_warns_when_the_calendar_runs_out_within_60_days() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-05T01:00:00Z"));
    try (EmbeddedLedger ledger = EmbeddedLedger.open(Files.createDirectories(dir.resolve("ledger")), clock, EmbeddedLedger.Options.defaults())) {
      Caller admin = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
      ledger.submit(admin, "initLedger", new String(Json.canonical(new InitLedgerRequest("RegistryMSP", "天津数据资产登记中心", "TJ-DIP")),
          StandardCharsets.UTF_8)).orTimeout(30, TimeUnit.SECONDS).join();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      long before = ledger.height();
      SweepResult r = new Sweeper(ledger, clock, new PrintStream(bytes, true, StandardCharsets.UTF_8)).runOnce();
      String log = bytes.toString(StandardCharsets.UTF_8);
      assertThat(r).isNotNull();
      assertThat(ledger.height()).as("the sweep is a transaction on the ledger").isGreaterThan(before);
      assertThat(log).contains("WARNING the working-day calendar ends on 2026-12-31, 26 days from 2026-12-05")
          .contains("dareg calendar set 2027 FILE");
      assertThat(log).contains("dareg: sweep ").contains("expired []");

      clock.set(Instant.parse("2026-09-01T01:00:00Z"));
      bytes.reset();
      new Sweeper(ledger, clock, new PrintStream(bytes, true, StandardCharsets.UTF_8)).runOnce();
      assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("WARNING");
    }
  }
}

package io.dareg.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.json.Json;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the gateway starts its embedded ledger: the clock it resumes, the claims it holds the block file to. */
class LedgerStartTest {
  private static final Caller ADMIN = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
  private static final String INIT = new String(Json.canonical(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP")),
      StandardCharsets.UTF_8);

  @TempDir Path data;

  @Test
  void a_dev_data_directory_resumes_its_dev_clock_and_is_refused_without_dev() throws Exception {
    Instant realNow = Instant.now();
    MutableClock devTime = new MutableClock(realNow.plus(Duration.ofDays(10)));
    try (EmbeddedLedger ledger = EmbeddedLedger.open(data.resolve("ledger"), devTime, EmbeddedLedger.Options.defaults())) {
      ledger.submit(ADMIN, "initLedger", INIT).join();
      ledger.recordDevClock(ADMIN, Duration.ofDays(10)).join();
    }
    try (EmbeddedLedger ledger = EmbeddedLedger.open(data.resolve("ledger"), new DevClock(), EmbeddedLedger.Options.defaults())) {
      DevClock dev = new DevClock();
      assertThat(GatewayMain.startClock(ledger, dev, realNow)).isNull();
      assertThat(dev.offset()).isEqualTo(Duration.ofDays(10));
      assertThat(GatewayMain.startClock(ledger, null, realNow))
          .contains("served with --dev").contains("10 days forward").contains("serve it with --dev");
      // A clock a little behind (a step of the time service) is absorbed: the ledger waits for it.
      assertThat(GatewayMain.startClock(ledger, null, ledger.lastBlockTime().minusSeconds(20))).isNull();
    }
  }

  @Test
  void the_audit_log_holds_the_block_file_to_what_it_acknowledged_until_a_truncation_is_accepted() throws Exception {
    try (EmbeddedLedger ledger = EmbeddedLedger.open(data.resolve("ledger"), new MutableClock(Instant.parse("2026-03-02T02:00:00Z")),
        EmbeddedLedger.Options.defaults())) {
      ledger.submit(ADMIN, "initLedger", INIT).join();
    }
    // The mark lost too (an attacker who thought of it): the audit log still names block 6.
    Files.delete(data.resolve("ledger").resolve(io.dareg.core.ledger.CommittedMark.FILE));
    Files.createDirectories(data.resolve("audit"));
    Path log = data.resolve("audit").resolve("audit.log");
    Files.writeString(log, "{\"block\":5,\"operation\":\"depositEvidence\",\"seq\":0}\n"
        + "{\"block\":6,\"operation\":\"depositEvidence\",\"seq\":1}\n{\"operation\":\"whoAmI\",\"seq\":2}\n");
    try (EmbeddedLedger ledger = EmbeddedLedger.open(data.resolve("ledger"), clock(), EmbeddedLedger.Options.defaults(),
        CommitClaims.of(data))) {
      assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.FAILED);
      assertThat(ledger.health().detail()).contains("blocks 1..6 are missing").contains("audit log");
    }
    Files.writeString(log, "{\"operation\":\"" + CommitClaims.ACCEPT_TRUNCATION + "\",\"seq\":3,\"to\":1}\n",
        java.nio.file.StandardOpenOption.APPEND);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(data.resolve("ledger"), clock(), EmbeddedLedger.Options.defaults(),
        CommitClaims.of(data))) {
      assertThat(ledger.health().ready()).as(ledger.health().detail()).isTrue();
    }
  }

  private static MutableClock clock() {
    return new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  }
}

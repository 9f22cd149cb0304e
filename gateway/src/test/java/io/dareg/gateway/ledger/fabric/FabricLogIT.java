package io.dareg.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerContractTest;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.log.TransparencyLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * issue 24 item 1 on Fabric: the registry's and the exchange's gateways each build the transparency log from the blocks
 * their own peer delivers, and after some writes their checkpoints have the same size and root (so the same body); a
 * log directory deleted and opened again catches up from block 0 to the same root.
 */
class FabricLogIT {
  @TempDir Path tmp;

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static String signed(Caller who, String tx, Object request, MutableClock clock) {
    clock.advance(java.time.Duration.ofMillis(10));
    return FabricNetwork.author(who).sign(LedgerContractTest.LEDGER_ID, tx, CanonicalJson.toString(Json.mapper().valueToTree(request)),
        clock.instant());
  }

  private static void submit(Ledger ledger, Caller who, String tx, Object request, MutableClock clock) {
    ledger.submit(io.dareg.gateway.http.ApiServer.SERVICE_CALLER, tx, signed(who, tx, request, clock)).orTimeout(60, TimeUnit.SECONDS).join();
  }

  private static Checkpoint awaitSize(TransparencyLog log, long height, FabricLedger peer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && log.failure() == null && log.blocks() < height) {
      Thread.sleep(50);
    }
    assertThat(log.failure()).isNull();
    return Checkpoint.parse(SignedNote.text(log.checkpoint()));
  }

  @Test
  void both_organisations_build_the_same_log_and_a_lost_log_catches_up_to_the_same_root() throws Exception {
    FabricNetwork n = FabricNetwork.get();
    MutableClock clock = new MutableClock(Instant.now());
    Caller admin = n.caller("registry", "registry-admin");
    Caller registrar = n.caller("registry", "registrar");
    Caller holder = n.caller("registry", "holder-demo");
    try (Ledger ledger = n.ledger("registry", clock);
        FabricLedger registry = n.unsynchronisedLedger("registry", clock);
        FabricLedger exchange = n.unsynchronisedLedger("exchange", clock)) {
      try {
        ledger.evaluate(admin, "getSettings", "{}").orTimeout(60, TimeUnit.SECONDS).join();
      } catch (CompletionException notYet) {
        submit(ledger, admin, "initLedger", new InitLedgerRequest("RegistryMSP", "天津数据资产登记中心", "TJ-DIP",
            LedgerContractTest.LEDGER_ID, FabricNetwork.AUTHORITY.roots()), clock);
      }
      if (!Json.tree(ledger.evaluate(holder, "whoAmI", "{}").orTimeout(60, TimeUnit.SECONDS).join()).hasNonNull("accountId")) {
        submit(ledger, registrar, "openAccount", new OpenAccountRequest(sha256("holder"), "甲公司", AccountKind.ENTERPRISE,
            List.of(holder.identity())), clock);
      }
      // the registry's log follows from the start, while the writes are made
      try (TransparencyLog registryLog = TransparencyLog.open(tmp.resolve("registry-log"), registry, registry.logOrigin(), clock)) {
        for (int i = 0; i < 3; i++) {
          submit(ledger, holder, "depositEvidence", Json.tree("{\"algorithm\":\"SM3\",\"hash\":\"" + sha256("log " + i + " " + clock.instant())
              .substring(0, 64) + "\",\"size\":" + (i + 1) + ",\"channel\":\"dareg\"}"), clock);
        }
        long height = registry.height();
        Checkpoint mine = awaitSize(registryLog, height, registry);
        // the exchange's gateway starts afterwards and catches up from block 0 through its own peer
        long started = System.nanoTime();
        try (TransparencyLog exchangeLog = TransparencyLog.open(tmp.resolve("exchange-log"), exchange, exchange.logOrigin(), clock)) {
          Checkpoint theirs = awaitSize(exchangeLog, height, exchange);
          System.out.printf("FabricLogIT: %d blocks, %d entries; the exchange's log caught up in %d ms%n", height, theirs.size(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          assertThat(mine.size()).isGreaterThanOrEqualTo(3);
          assertThat(theirs.size()).isEqualTo(mine.size());
          assertThat(theirs.rootHash()).isEqualTo(mine.rootHash());
          assertThat(theirs.body()).isEqualTo(mine.body()); // same origin line: the channel
          assertThat(exchangeLog.verifier().keyId()).isNotEqualTo(registryLog.verifier().keyId()); // each signs with its own key
          // an entry is what the spec says: the signed request of a VALID dareg transaction, as committed
          String last = new String(exchangeLog.entry(theirs.size() - 1), StandardCharsets.UTF_8);
          assertThat(Json.tree(last).path("function").asText()).isEqualTo("depositEvidence");
          assertThat(Json.tree(last).path("channel").asText()).isEqualTo(n.settings("exchange").channel());
          assertThat(exchangeLog.entry(theirs.size() - 1)).isEqualTo(registryLog.entry(mine.size() - 1));
        }
        // the exchange's log directory lost: opened again, it catches up to the same root
        try (Stream<Path> files = Files.walk(tmp.resolve("exchange-log"))) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (TransparencyLog again = TransparencyLog.open(tmp.resolve("exchange-log"), exchange, exchange.logOrigin(), clock)) {
          Checkpoint c = awaitSize(again, height, exchange);
          assertThat(c.size()).isEqualTo(mine.size());
          assertThat(c.rootHash()).isEqualTo(mine.rootHash());
        }
      }
    }
  }
}

package io.dareg.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.SetLogWitnessesRequest;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.Witness;
import io.dareg.core.log.WitnessPolicy;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.RegistrySettings;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerContractTest;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.log.Cosignatures;
import io.dareg.gateway.log.Receipts;
import io.dareg.gateway.log.TransparencyLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * issue 24 on Fabric. Item 1: the registry's and the exchange's gateways each build the transparency log from the blocks
 * their own peer delivers, and after some writes their checkpoints have the same size and root (so the same body); a
 * log directory deleted and opened again catches up from block 0 to the same root. Items 3 and 4: with a witness named
 * in the registry's settings on the channel, a transaction's receipt (inclusion proof to a cosigned checkpoint) verifies
 * offline against the log's key and the policy, and not against the other organisation's log key.
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
    Caller holder = n.caller("registry", "holder-demo");
    try (Ledger ledger = n.ledger("registry", clock);
        FabricLedger registry = n.unsynchronisedLedger("registry", clock);
        FabricLedger exchange = n.unsynchronisedLedger("exchange", clock)) {
      initialisedWithHolderAccount(n, ledger, clock);
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

  @Test
  void a_transaction_on_the_channel_gets_a_receipt_witnessed_per_the_settings_on_the_channel() throws Exception {
    FabricNetwork n = FabricNetwork.get();
    MutableClock clock = new MutableClock(Instant.now());
    Caller admin = n.caller("registry", "registry-admin");
    Caller holder = n.caller("registry", "holder-demo");
    SignedNote.Signer witnessKey = SignedNote.Signer.generate("witness.example", SignedNote.COSIGNATURE_V1, new SecureRandom());
    try (Ledger ledger = n.ledger("registry", clock);
        FabricLedger registry = n.unsynchronisedLedger("registry", clock);
        FabricLedger exchange = n.unsynchronisedLedger("exchange", clock)) {
      initialisedWithHolderAccount(n, ledger, clock);
      submit(ledger, admin, "setLogWitnesses", new SetLogWitnessesRequest(List.of(witnessKey.verifier().toString()), 1), clock);
      Committed deposit = ledger.submit(io.dareg.gateway.http.ApiServer.SERVICE_CALLER, "depositEvidence", signed(holder,
          "depositEvidence", Json.tree("{\"algorithm\":\"SM3\",\"hash\":\"" + sha256("receipt " + clock.instant())
              + "\",\"size\":7,\"channel\":\"dareg\"}"), clock)).orTimeout(60, TimeUnit.SECONDS).join();
      // the policy as the gateway reads it: from the registry's settings on the channel
      Supplier<WitnessPolicy> policy = () -> witnessPolicy(ledger, admin);
      assertThat(policy.get().quorum()).isEqualTo(1);
      try (TransparencyLog log = TransparencyLog.open(tmp.resolve("receipt-log"), registry, registry.logOrigin(), clock);
          TransparencyLog other = TransparencyLog.open(tmp.resolve("receipt-log-exchange"), exchange, exchange.logOrigin(), clock);
          Witness witness = Witness.open(tmp.resolve("witness"), witnessKey, log.verifier(), clock)) {
        awaitSize(log, registry.height(), registry);
        assertThat(log.indexOf(deposit.txId())).isGreaterThanOrEqualTo(0);
        Cosignatures cosignatures = Cosignatures.open(tmp.resolve("receipt-log"), log, policy);
        Receipts receipts = new Receipts(log, cosignatures);
        assertThatThrownBy(() -> receipts.receipt(deposit.txId())).isInstanceOf(Receipts.NotWitnessed.class);
        witness.step(cosignatures.inProcess());
        LogReceipt receipt = LogReceipt.fromJson(Json.tree(CanonicalJson.toString(receipts.receipt(deposit.txId()).toJson())));
        LogReceipt.Result checked = receipt.verify(log.verifier(), policy.get(), null);
        assertThat(checked.valid()).as(checked.detail()).isTrue();
        assertThat(checked.summary()).contains("witnessed by 1 of 1");
        assertThat(receipt.entryTxId()).isEqualTo(deposit.txId());
        assertThat(Json.tree(new String(receipt.entry(), StandardCharsets.UTF_8)).path("function").asText()).isEqualTo("depositEvidence");
        // the exchange's gateway derives the same entry, but its checkpoints carry its own key, not the registry's log key
        awaitSize(other, registry.height(), exchange);
        assertThat(other.entry(receipt.index())).isEqualTo(receipt.entry());
        assertThat(receipt.verify(other.verifier(), policy.get(), null).valid()).isFalse();
      }
    }
  }

  private static WitnessPolicy witnessPolicy(Ledger ledger, Caller reader) {
    try {
      return Json.mapper().readValue(ledger.evaluate(reader, "getSettings", "{}").orTimeout(60, TimeUnit.SECONDS).join(),
          RegistrySettings.class).logWitnessPolicy();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The ledger initialised and the demo holder's account open (either may be done by an earlier test on the network). */
  private static void initialisedWithHolderAccount(FabricNetwork n, Ledger ledger, MutableClock clock) throws Exception {
    Caller admin = n.caller("registry", "registry-admin");
    Caller registrar = n.caller("registry", "registrar");
    Caller holder = n.caller("registry", "holder-demo");
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
  }
}

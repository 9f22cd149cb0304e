package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.ADMIN;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.HOLDER;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.REGISTRAR;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.RefusedException;
import io.dareg.gateway.ledger.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules run for the next block while the current one is being written and forced: they see
 * the writes of the block in flight, nobody hears "committed" before that block is on disk, and
 * when the disk refuses it nothing that read its writes is committed either. A block on disk that
 * the state store has yet to take is read from memory until it is applied, whatever happens after it.
 */
class EmbeddedLedgerPipelineTest {
  private static final Caller BOB = new Caller(new IdentityRef("EnterpriseMSP", "CN=bob"), null, false);
  private static final Caller CAROL = new Caller(new IdentityRef("EnterpriseMSP", "CN=carol"), null, false);

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  /** When set, the next write to the block file waits for {@link #release}, then does as {@link #refuse} says. */
  private final AtomicBoolean hold = new AtomicBoolean();
  private final AtomicBoolean refuse = new AtomicBoolean();
  private final CountDownLatch writing = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final BlockFile.WriteCheck disk = file -> {
    if (hold.compareAndSet(true, false)) {
      writing.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (refuse.get()) {
        throw new IOException("No space left on device");
      }
    }
  };

  private EmbeddedLedger open() throws Exception {
    return EmbeddedLedger.open(tmp.resolve("ledger"), clock, EmbeddedLedger.Options.defaults(), disk);
  }

  private static String account(String creditCode, Caller member) {
    return json(new OpenAccountRequest(hash(creditCode), "甲公司", AccountKind.ENTERPRISE, List.of(member.identity())));
  }

  @Test
  void the_next_block_runs_on_the_writes_of_the_block_being_written_and_commits_after_it() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      hold.set(true);
      CompletableFuture<Committed> first = ledger.submit(REGISTRAR, "openAccount", account("a", HOLDER));
      assertThat(writing.await(10, TimeUnit.SECONDS)).as("the block reaches the disk").isTrue();

      // The same credit code again: refused at once, from the writes of the block still on its way to disk.
      CompletableFuture<Committed> twice = ledger.submit(REGISTRAR, "openAccount", account("a", BOB));
      assertThatThrownBy(() -> twice.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RefusedException.class)
          .hasMessageContaining("already has account");
      // Alice's deposit needs the account of that block: accepted, but not committed before it.
      CompletableFuture<Committed> deposit = ledger.submit(HOLDER, "depositEvidence", deposit(1));
      Thread.sleep(300);
      assertThat(first).isNotDone();
      assertThat(deposit).isNotDone();

      release.countDown();
      long accountBlock = first.get(10, TimeUnit.SECONDS).blockNumber();
      assertThat(deposit.get(10, TimeUnit.SECONDS).blockNumber()).isGreaterThan(accountBlock);
    }
  }

  @Test
  void nothing_that_read_a_block_the_disk_refused_is_committed() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      long height = ledger.height();
      hold.set(true);
      refuse.set(true);
      CompletableFuture<Committed> account = ledger.submit(REGISTRAR, "openAccount", account("a", HOLDER));
      assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Committed> deposit = ledger.submit(HOLDER, "depositEvidence", deposit(1));
      Thread.sleep(300);

      release.countDown();
      assertThatThrownBy(() -> account.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(UnavailableException.class)
          .hasMessageContaining("not committed");
      // Run on the refused block's account, the deposit must not reach the chain without it.
      assertThatThrownBy(() -> deposit.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasMessageContaining("not committed");
      assertThat(ledger.height()).isEqualTo(height);
      assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.READY);

      // The disk took the cut; submitted again, both commit in order.
      long again = ledger.submit(REGISTRAR, "openAccount", account("a", HOLDER)).join().blockNumber();
      assertThat(ledger.submit(HOLDER, "depositEvidence", deposit(1)).join().blockNumber()).isGreaterThan(again);
    }
  }

  @Test
  void a_block_on_disk_but_not_yet_applied_is_read_by_later_drafts_and_applied_though_the_next_block_is_refused()
      throws Exception {
    AtomicBoolean holdApplier = new AtomicBoolean();
    CountDownLatch applierHeld = new CountDownLatch(1);
    CountDownLatch letApplierGo = new CountDownLatch(1);
    try (EmbeddedLedger ledger = open()) {
      try {
        ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
        // The applier hands listeners the events of each block it applied: this one keeps it there once.
        ledger.events(ledger.height(), e -> {
          if (holdApplier.compareAndSet(true, false)) {
            applierHeld.countDown();
            try {
              letApplierGo.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
          }
        });
        holdApplier.set(true);
        long z = ledger.submit(REGISTRAR, "openAccount", account("z", CAROL)).join().blockNumber();
        assertThat(applierHeld.await(10, TimeUnit.SECONDS)).as("the applier is held after block " + z).isTrue();

        Path blocks = tmp.resolve("ledger").resolve("blocks.dat");
        long size = Files.size(blocks);
        CompletableFuture<Committed> a = ledger.submit(REGISTRAR, "openAccount", account("a", HOLDER));
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); Files.size(blocks) == size; ) {
          assertThat(System.nanoTime()).as("block " + (z + 1) + " reaches the disk").isLessThan(until);
          Thread.sleep(5);
        }
        // On disk, not yet in the state store: its caller has not heard, and queries do not see it yet.
        assertThat(a).isNotDone();
        assertThat(ledger.height()).isEqualTo(z + 1);

        // The next block is refused: what ran on it is not committed ...
        hold.set(true);
        refuse.set(true);
        release.countDown();
        CompletableFuture<Committed> b = ledger.submit(REGISTRAR, "openAccount", account("b", BOB));
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasMessageContaining("not committed");
        // ... but the block before it is on disk, so the rules still read its account from memory.
        CompletableFuture<Committed> twice = ledger.submit(REGISTRAR, "openAccount", account("a", BOB));
        assertThatThrownBy(() -> twice.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RefusedException.class)
            .hasMessageContaining("already has account");
        assertThat(a).isNotDone();

        letApplierGo.countDown();
        assertThat(a.get(10, TimeUnit.SECONDS).blockNumber()).isEqualTo(z + 1);
        assertThat(ledger.submit(REGISTRAR, "openAccount", account("b", BOB)).get(10, TimeUnit.SECONDS).blockNumber())
            .isEqualTo(z + 2);
        assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.READY);
      } finally {
        letApplierGo.countDown();
      }
    }
  }
}

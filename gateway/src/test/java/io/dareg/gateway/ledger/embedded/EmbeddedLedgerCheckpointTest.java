package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.ADMIN;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.HOLDER;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.REGISTRAR;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.checked;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store is a checkpoint of the block file: a restart replays only the blocks after it,
 * and a store that is missing, damaged or ahead of the block file is rebuilt from the block file.
 */
class EmbeddedLedgerCheckpointTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));

  private Path dir() {
    return tmp.resolve("ledger");
  }

  private EmbeddedLedger open() throws Exception {
    return checked(EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults()));
  }

  /** Evidence numbers deposited so far. */
  private final List<String> deposited = new java.util.ArrayList<>();

  /** What the holder sees: its account and every deposit made so far ("absent" for one the ledger lacks). */
  private String state(EmbeddedLedger ledger) {
    StringBuilder out = new StringBuilder(ledger.evaluate(HOLDER, "whoAmI", "{}").join());
    for (String no : deposited) {
      out.append('\n').append(ledger.evaluate(HOLDER, "getEvidence", json(new io.dareg.core.api.IdRequest(no)))
          .handle((v, e) -> e == null ? v : "absent").join());
    }
    return out.toString();
  }

  private void populate(EmbeddedLedger ledger, int from, int to) throws Exception {
    if (from == 0) {
      ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      ledger.submit(REGISTRAR, "openAccount",
          json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
    }
    for (int i = from; i < to; i++) {
      String result = ledger.submit(HOLDER, "depositEvidence", deposit(i)).join().resultJson();
      deposited.add(io.dareg.core.json.Json.mapper().readTree(result).path("evidenceNo").asText());
    }
  }

  private static List<LedgerEvent> events(EmbeddedLedger ledger, long from) {
    List<LedgerEvent> out = new CopyOnWriteArrayList<>();
    ledger.events(from, out::add).close();
    return out;
  }

  @Test
  void a_restart_replays_only_the_blocks_after_the_checkpoint_and_serves_every_event_from_the_block_file() throws Exception {
    String state;
    List<LedgerEvent> events;
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 0, 4);
      state = state(ledger);
      events = events(ledger, 0);
    }
    assertThat(events).hasSize(6);
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).isTrue();
      assertThat(again.health().detail()).contains("state as of block 6 from the state store, 0 blocks");
      assertThat(again.health().detail()).as("the chain before the checkpoint was checked while serving")
          .contains("the 6 blocks before verified in the background in");
      assertThat(state(again)).isEqualTo(state);
      assertThat(events(again, 0)).isEqualTo(events);
      assertThat(events(again, 3)).isEqualTo(events.subList(3, 6));
    }
  }

  @Test
  void a_missing_or_damaged_state_store_is_rebuilt_from_the_block_file() throws Exception {
    String state;
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 0, 3);
      state = state(ledger);
    }
    deleteTree(dir().resolve("state"));
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().detail()).contains("state as of block 0 from the state store, 5 blocks");
      assertThat(state(again)).isEqualTo(state);
    }
    // Garbage where the store's files are: unreadable, so rebuilt.
    try (var files = Files.list(dir().resolve("state"))) {
      for (Path f : files.toList()) {
        Files.write(f, new byte[] {1, 2, 3});
      }
    }
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      assertThat(state(again)).isEqualTo(state);
    }
  }

  @Test
  void an_older_block_file_fails_until_the_loss_is_accepted_then_the_store_is_rebuilt_from_it() throws Exception {
    Path older = tmp.resolve("blocks-older.dat");
    String stateThen;
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 0, 2);
      stateThen = state(ledger);
      Files.copy(dir().resolve("blocks.dat"), older);
      populate(ledger, 2, 5);
    }
    // An operator restores an older copy of the block file: the store holds blocks it does not.
    Files.copy(older, dir().resolve("blocks.dat"), StandardCopyOption.REPLACE_EXISTING);
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().state()).isEqualTo(io.dareg.gateway.ledger.LedgerHealth.State.FAILED);
      assertThat(again.health().detail()).contains("blocks 4..6 are missing");
    }
    // The operator accepts the loss (dareg ledger accept-truncation --to 4): the mark is lowered,
    // the store set aside; the store is then rebuilt from the file.
    io.dareg.core.ledger.CommittedMark mark = io.dareg.core.ledger.CommittedMark.read(dir());
    var frames = EmbeddedLedgerDurabilityTest.frames(dir().resolve("blocks.dat"));
    byte[] head = io.dareg.core.ledger.BlockFrames.read(java.nio.channels.FileChannel.open(dir().resolve("blocks.dat")),
        frames.get(3)[0], Files.size(dir().resolve("blocks.dat"))).header();
    mark.next(4, Files.size(dir().resolve("blocks.dat")), io.dareg.core.ledger.ChainAudit.headerHash(head)).writeBoth(dir());
    deleteTree(dir().resolve("state"));
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      assertThat(again.height()).isEqualTo(4);
      assertThat(again.health().detail()).contains("state as of block 0 from the state store, 4 blocks");
      assertThat(state(again)).as("the deposits the restored file lacks are gone")
          .isEqualTo(stateThen + "\nabsent".repeat(3));
    }
  }

  @Test
  void what_a_crash_leaves_of_the_state_store_catches_up_from_the_block_file() throws Exception {
    // A copy taken while the ledger runs holds what a crash of the process would leave: the store's
    // tables flushed so far (here none) and its log, unforced; every block is in the block file.
    Path crashed = tmp.resolve("crashed");
    // The same without the store's log: what a power cut leaves when the log was not yet forced.
    Path powerCut = tmp.resolve("power-cut");
    String state;
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 0, 4);
      state = state(ledger);
      copyTree(dir(), crashed);
      copyTree(dir(), powerCut);
    }
    try (var logs = Files.list(powerCut.resolve("state"))) {
      for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        Files.delete(log);
      }
    }
    try (EmbeddedLedger again = checked(EmbeddedLedger.open(powerCut, clock, EmbeddedLedger.Options.defaults()))) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      assertThat(again.health().detail()).containsPattern("state as of block [0-6] from the state store");
      assertThat(state(again)).isEqualTo(state);
    }
    try (EmbeddedLedger again = checked(EmbeddedLedger.open(crashed, clock, EmbeddedLedger.Options.defaults()))) {
      assertThat(again.health().ready()).as(again.health().detail()).isTrue();
      // As of the last batch the store's log holds: most likely every block.
      assertThat(again.health().detail()).containsPattern("state as of block [0-6] from the state store");
      assertThat(state(again)).isEqualTo(state);
      populate(again, 4, 5);
    }
    try (EmbeddedLedger after = checked(EmbeddedLedger.open(crashed, clock, EmbeddedLedger.Options.defaults()))) {
      assertThat(after.health().detail()).as("a clean close flushes the store: nothing to replay")
          .contains("state as of block 7 from the state store, 0 blocks");
      assertThat(after.height()).isEqualTo(7);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

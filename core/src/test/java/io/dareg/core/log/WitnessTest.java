package io.dareg.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A witness cosigns a log that only grows, and refuses, with evidence, one that forks or rewrites its history. */
class WitnessTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC);
  private final SignedNote.Signer logKey = SignedNote.Signer.generate("registry.example/log", SignedNote.ED25519, RANDOM);
  private final SignedNote.Signer witnessKey = SignedNote.Signer.generate("exchange.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);

  @TempDir
  Path dir;

  /** A log kept in memory: its entries' leaf hashes, its key, and the cosigned notes handed to it. */
  static final class MemoryLog implements Witness.Log {
    final List<byte[]> leaves = new ArrayList<>();
    final List<String> received = new ArrayList<>();
    final SignedNote.Signer key;
    boolean down;

    MemoryLog(SignedNote.Signer key) {
      this.key = key;
    }

    MemoryLog append(String... entries) {
      for (String e : entries) {
        leaves.add(MerkleLog.leafHash(e.getBytes(StandardCharsets.UTF_8)));
      }
      return this;
    }

    @Override
    public String checkpoint() throws IOException {
      if (down) {
        throw new IOException("connection refused");
      }
      byte[] root = leaves.isEmpty() ? MerkleLog.emptyRoot() : MerkleLog.root(MerkleLog.Leaves.of(leaves), leaves.size());
      return SignedNote.sign(new Checkpoint(key.name(), leaves.size(), root, List.of()).body(), List.of(key), CLOCK.instant());
    }

    @Override
    public List<byte[]> consistencyProof(long from, long to) {
      return MerkleLog.consistencyProof(MerkleLog.Leaves.of(leaves), from, to);
    }

    @Override
    public void submit(String cosignedNote) throws IOException {
      if (down) {
        throw new IOException("connection refused");
      }
      received.add(cosignedNote);
    }
  }

  private Witness witness() throws IOException {
    return Witness.open(dir, witnessKey, logKey.verifier(), CLOCK);
  }

  @Test
  void cosigns_each_checkpoint_of_a_log_that_only_grows_and_the_log_can_verify_each_cosignature() throws Exception {
    MemoryLog log = new MemoryLog(logKey).append("tx 0", "tx 1", "tx 2");
    try (Witness w = witness()) {
      assertThat(w.step(log).cosigned()).isTrue();
      assertThat(w.step(log).what()).isEqualTo("unchanged at size 3");
      for (int i = 3; i < 20; i++) {
        log.append("tx " + i);
        Witness.Step step = w.step(log);
        assertThat(step.cosigned()).as(step.what()).isTrue();
        assertThat(step.what()).isEqualTo("cosigned size " + (i + 1) + ", consistent with size " + i);
      }
      assertThat(w.lastCosigned().size()).isEqualTo(20);
    }
    assertThat(log.received).hasSize(18);
    String last = log.received.get(17);
    List<SignedNote.Line> lines = SignedNote.open(last, List.of(witnessKey.verifier()));
    assertThat(lines).singleElement().satisfies(l -> assertThat(l.cosignedAt()).isEqualTo(CLOCK.instant()));
    assertThat(Checkpoint.parse(SignedNote.text(last)).size()).isEqualTo(20);
    // the state survives: a new run goes on from size 20 and needs no log key
    log.append("tx 20");
    try (Witness again = Witness.open(dir, witnessKey, null, CLOCK)) {
      assertThat(again.step(log).what()).isEqualTo("cosigned size 21, consistent with size 20");
    }
  }

  @Test
  void refuses_a_rewritten_history_keeps_both_checkpoints_and_the_proof_and_cosigns_nothing_more() throws Exception {
    MemoryLog honest = new MemoryLog(logKey).append("a", "b", "c", "d", "e");
    try (Witness w = witness()) {
      w.step(honest);
    }
    // the same log key, a history in which entry 2 was changed, then grown
    MemoryLog rewritten = new MemoryLog(logKey).append("a", "b", "C", "d", "e", "f", "g");
    try (Witness w = witness()) {
      Witness.ForkException fork = catchThrowableOfType(Witness.ForkException.class, () -> w.step(rewritten));
      assertThat(fork).isNotNull();
      assertThat(fork.getMessage()).contains("consistency proof from size 5").contains("to size 7").contains("does not verify");
      Path evidence = fork.evidence();
      assertThat(evidence.getParent()).isEqualTo(dir.resolve("evidence"));
      String cosigned = Files.readString(evidence.resolve("cosigned-checkpoint.txt"));
      String seen = Files.readString(evidence.resolve("new-checkpoint.txt"));
      assertThat(Checkpoint.parse(SignedNote.text(cosigned)).size()).isEqualTo(5);
      assertThat(Checkpoint.parse(SignedNote.text(seen)).size()).isEqualTo(7);
      // both carry the log's own signature: the evidence proves the log signed two inconsistent checkpoints
      assertThat(SignedNote.open(cosigned, List.of(logKey.verifier()))).hasSize(1);
      assertThat(SignedNote.open(seen, List.of(logKey.verifier()))).hasSize(1);
      assertThat(Files.readString(evidence.resolve("consistency-proof.txt"))).startsWith("from 5\nto 7\n");
      assertThat(Files.readString(evidence.resolve("README.txt"))).contains("does not verify");
      // nothing was handed in, and the witness still holds size 5: asked again, it refuses again
      assertThat(rewritten.received).isEmpty();
      assertThat(w.lastCosigned().size()).isEqualTo(5);
      assertThatThrownBy(() -> w.step(rewritten)).isInstanceOf(Witness.ForkException.class);
    }
  }

  @Test
  void refuses_a_log_that_shrinks_or_shows_another_root_at_the_same_size() throws Exception {
    MemoryLog honest = new MemoryLog(logKey).append("a", "b", "c", "d");
    try (Witness w = witness()) {
      w.step(honest);
      MemoryLog other = new MemoryLog(logKey).append("a", "b", "c", "D");
      assertThat(catchThrowableOfType(Witness.ForkException.class, () -> w.step(other)).getMessage())
          .contains("same size (4)").contains("another root hash");
      MemoryLog shorter = new MemoryLog(logKey).append("a", "b", "c");
      Witness.ForkException fork = catchThrowableOfType(Witness.ForkException.class, () -> w.step(shorter));
      assertThat(fork.getMessage()).contains("3 entries, fewer than the 4");
      assertThat(fork.evidence().resolve("consistency-proof.txt")).doesNotExist();
      assertThat(Files.list(dir.resolve("evidence")).count()).isEqualTo(2);
    }
  }

  @Test
  void refuses_a_checkpoint_not_signed_by_the_pinned_log_key_and_a_key_other_than_the_pinned_one() throws Exception {
    SignedNote.Signer impostor = SignedNote.Signer.generate("registry.example/log", SignedNote.ED25519, RANDOM);
    try (Witness w = witness()) {
      MemoryLog forged = new MemoryLog(impostor).append("a");
      assertThatThrownBy(() -> w.step(forged)).isInstanceOf(Witness.RefusedException.class).hasMessageContaining("not signed by the log's key");
      assertThat(w.lastCosigned()).isNull();
    }
    assertThatThrownBy(() -> Witness.open(dir, witnessKey, impostor.verifier(), CLOCK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the one pinned");
  }

  @Test
  void a_cosignature_the_log_did_not_take_is_handed_in_again_and_two_witnesses_never_share_a_state() throws Exception {
    MemoryLog log = new MemoryLog(logKey).append("a", "b");
    try (Witness w = witness()) {
      log.down = true;
      assertThatThrownBy(() -> w.step(log)).isInstanceOf(IOException.class);
      log.down = false;
      // the checkpoint was fetched while the log was up only now; the first attempt never reached it
      assertThat(w.step(log).cosigned()).isTrue();
      assertThat(log.received).hasSize(1);
      assertThatThrownBy(this::witness).isInstanceOf(IOException.class).hasMessageContaining("another witness");
    }
  }

  @Test
  void hands_in_again_a_cosignature_saved_but_not_delivered() throws Exception {
    MemoryLog log = new MemoryLog(logKey).append("a", "b");
    Witness.Log failingSubmit = new Witness.Log() {
      @Override
      public String checkpoint() throws IOException {
        return log.checkpoint();
      }

      @Override
      public List<byte[]> consistencyProof(long from, long to) {
        return log.consistencyProof(from, to);
      }

      @Override
      public void submit(String note) throws IOException {
        throw new IOException("gateway unreachable");
      }
    };
    try (Witness w = witness()) {
      assertThatThrownBy(() -> w.step(failingSubmit)).isInstanceOf(IOException.class);
      assertThat(w.lastCosigned().size()).isEqualTo(2);
      Witness.Step again = w.step(log);
      assertThat(again.cosigned()).isTrue();
      assertThat(again.what()).contains("handed in again");
      assertThat(log.received).hasSize(1);
      assertThat(w.step(log).cosigned()).isFalse();
    }
  }
}

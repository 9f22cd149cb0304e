package io.dareg.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signed notes, checkpoints and witness cosignatures against published data: the example of Go's
 * golang.org/x/mod/sumdb/note (signing key, verifier key and the exact signed note, which Ed25519's
 * determinism lets us reproduce byte for byte), and a real checkpoint of the CT log
 * arche2025h1.staging.ct.transparency.dev with the log's Ed25519 signature and the cosignature of
 * the witness remora.n621.de (as quoted in public test suites of C2SP note implementations).
 */
class SignedNoteTest {
  private static final String PETER_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final String PETER_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String PETER_TEXT =
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  private static final String PETER_NOTE = PETER_TEXT
      + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private static final String ARCHE_LOG = "arche2025h1.staging.ct.transparency.dev+ba2f06c0+AU0vHmlGCS/PdN8b2OaGmKprLI8HKM+dJ472xgFYh15f";
  private static final String REMORA_WITNESS = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";
  private static final String ARCHE_CHECKPOINT = "arche2025h1.staging.ct.transparency.dev\n"
      + "1432088532\n"
      + "U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=\n"
      + "\n"
      + "\u2014 arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=\n"
      + "\u2014 arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=\n"
      + "\u2014 transparency.dev/DEV:witness-little-garden 2AQqhwAAAABqEiEgzgFIqqhbUoDwjMWE6UP8nd8/KYTzwZ2rhIgcqoXHAwVkjZr4AscylP3v7sEodkRAErumC2q44vdgJY096st5BQ==\n"
      + "\u2014 remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==\n";

  @Test
  void the_go_sumdb_example_is_reproduced_byte_for_byte_and_verifies() {
    SignedNote.Signer peter = SignedNote.Signer.parse(PETER_SIGNER);
    assertThat(peter.verifier().toString()).isEqualTo(PETER_VERIFIER);
    assertThat(SignedNote.sign(PETER_TEXT, List.of(peter), Instant.EPOCH)).isEqualTo(PETER_NOTE);
    assertThat(SignedNote.open(PETER_NOTE, List.of(SignedNote.Verifier.parse(PETER_VERIFIER))))
        .extracting(l -> l.key().name()).containsExactly("PeterNeumann");
    assertThatThrownBy(() -> SignedNote.open(PETER_NOTE.replace("cryptography", "cryptographY"), List.of(peter.verifier())))
        .hasMessageContaining("does not verify");
  }

  @Test
  void a_real_ct_checkpoint_verifies_with_the_logs_key_and_a_witness_cosignature() {
    SignedNote.Verifier log = SignedNote.Verifier.parse(ARCHE_LOG);
    SignedNote.Verifier witness = SignedNote.Verifier.parse(REMORA_WITNESS);
    assertThat(witness.type()).isEqualTo(SignedNote.COSIGNATURE_V1);
    List<SignedNote.Line> lines = SignedNote.open(ARCHE_CHECKPOINT, List.of(log, witness));
    assertThat(lines).extracting(l -> l.key().name()).containsExactly("arche2025h1.staging.ct.transparency.dev", "remora.n621.de");
    assertThat(lines.get(1).cosignedAt()).isAfter(Instant.parse("2025-01-01T00:00:00Z"));
    Checkpoint cp = Checkpoint.parse(SignedNote.text(ARCHE_CHECKPOINT));
    assertThat(cp.origin()).isEqualTo("arche2025h1.staging.ct.transparency.dev");
    assertThat(cp.size()).isEqualTo(1432088532L);
    assertThat(cp.body()).isEqualTo(SignedNote.text(ARCHE_CHECKPOINT));
    // Another size under the same signatures: the log's and the witness's both fail.
    String clobbered = ARCHE_CHECKPOINT.replace("\n1432088532\n", "\n42\n");
    assertThatThrownBy(() -> SignedNote.open(clobbered, List.of(log))).hasMessageContaining("does not verify");
    assertThatThrownBy(() -> SignedNote.open(clobbered, List.of(witness))).hasMessageContaining("does not verify");
  }

  @Test
  void a_log_signs_its_checkpoint_and_a_witness_cosigns_it_and_unknown_keys_are_not_enough() {
    SecureRandom random = new SecureRandom();
    SignedNote.Signer registry = SignedNote.Signer.generate("registry.example.cn/dareg", SignedNote.ED25519, random);
    SignedNote.Signer exchange = SignedNote.Signer.generate("exchange.example.cn/witness", SignedNote.COSIGNATURE_V1, random);
    byte[] root = MerkleLog.root(MerkleLog.Leaves.of(List.of(MerkleLog.leafHash(new byte[] {1}))), 1);
    Checkpoint cp = new Checkpoint("registry.example.cn/dareg", 1, root, List.of());
    Instant at = Instant.parse("2026-12-05T08:00:00Z");
    String note = SignedNote.sign(cp.body(), List.of(registry, exchange), at);
    List<SignedNote.Line> lines = SignedNote.open(note, List.of(registry.verifier(), exchange.verifier()));
    assertThat(lines).extracting(SignedNote.Line::cosignedAt).containsExactly(null, at);
    assertThat(SignedNote.Verifier.parse(exchange.verifier().toString())).isEqualTo(exchange.verifier());
    assertThat(SignedNote.Signer.parse(registry.toString()).verifier()).isEqualTo(registry.verifier());
    SignedNote.Signer stranger = SignedNote.Signer.generate("registry.example.cn/dareg", SignedNote.ED25519, random);
    assertThatThrownBy(() -> SignedNote.open(note, List.of(stranger.verifier()))).hasMessageContaining("no signature of a known key");
  }

  @Test
  void keys_with_a_wrong_id_and_notes_with_control_characters_are_refused() {
    assertThatThrownBy(() -> SignedNote.Verifier.parse(PETER_VERIFIER.replace("c74f20a3", "c74f20a4"))).hasMessageContaining("key id");
    SignedNote.Signer peter = SignedNote.Signer.parse(PETER_SIGNER);
    assertThatThrownBy(() -> SignedNote.sign("tab\there\n", List.of(peter), Instant.EPOCH)).hasMessageContaining("control");
    assertThatThrownBy(() -> Checkpoint.parse("origin\n007\nAAAA\n")).hasMessageContaining("leading zero");
  }
}

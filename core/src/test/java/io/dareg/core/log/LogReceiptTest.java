package io.dareg.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A receipt verifies only with the log's key, k of the named witnesses, the right leaf and an intact path; it rides on an artifact and comes off it byte for byte. */
class LogReceiptTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.parse("2026-03-10T02:00:00Z");
  private final SignedNote.Signer log = SignedNote.Signer.generate("dareg.test/log", SignedNote.ED25519, RANDOM);
  private final SignedNote.Signer a = SignedNote.Signer.generate("a.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
  private final SignedNote.Signer b = SignedNote.Signer.generate("b.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
  private final SignedNote.Signer c = SignedNote.Signer.generate("c.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
  private final List<byte[]> entries = new ArrayList<>();
  private final List<byte[]> leaves = new ArrayList<>();

  LogReceiptTest() {
    for (int i = 0; i < 13; i++) {
      byte[] e = ("{\"name\":\"act\",\"txId\":\"tx-" + i + "\"}").getBytes(StandardCharsets.UTF_8);
      entries.add(e);
      leaves.add(MerkleLog.leafHash(e));
    }
  }

  private LogReceipt receipt(int index, SignedNote.Signer logKey, List<SignedNote.Signer> cosigners) {
    long size = leaves.size();
    Checkpoint cp = new Checkpoint(logKey.name(), size, MerkleLog.root(MerkleLog.Leaves.of(leaves), size), List.of());
    List<SignedNote.Signer> signers = new ArrayList<>(List.of(logKey));
    signers.addAll(cosigners);
    return new LogReceipt("tx-" + index, index, size, leaves.get(index), entries.get(index),
        MerkleLog.inclusionProof(MerkleLog.Leaves.of(leaves), index, size), SignedNote.sign(cp.body(), signers, NOW));
  }

  private List<SignedNote.Verifier> named() {
    return List.of(a.verifier(), b.verifier(), c.verifier());
  }

  @Test
  void a_good_receipt_verifies_and_says_where_and_by_how_many() {
    LogReceipt r = receipt(5, log, List.of(a, b));
    LogReceipt.Result result = r.verify(log.verifier(), named(), 2, entries.get(5));
    assertThat(result.valid()).as(result.detail()).isTrue();
    assertThat(result.summary()).isEqualTo("recorded in the log at 5, witnessed by 2 of 3");
    assertThat(r.entryTxId()).isEqualTo("tx-5");
    assertThat(r.verify(log.verifier(), new WitnessPolicy(named(), 2), leaves.get(5)).valid()).isTrue();
    LogReceipt back = LogReceipt.fromJson(Json.mapper().valueToTree(r.toJson()));
    assertThat(back.verify(log.verifier(), named(), 2, null).valid()).isTrue();
  }

  @Test
  void refuses_a_changed_leaf() {
    LogReceipt r = receipt(5, log, List.of(a, b));
    LogReceipt.Result result = r.verify(log.verifier(), named(), 2, entries.get(6));
    assertThat(result.failure()).isEqualTo(LogReceipt.Failure.WRONG_LEAF);
    // the carried entry changed: it no longer hashes to the leaf
    LogReceipt forged = new LogReceipt(r.txId(), r.index(), r.treeSize(), r.leafHash(), entries.get(6), r.path(), r.checkpoint());
    assertThat(forged.verify(log.verifier(), named(), 2, null).failure()).isEqualTo(LogReceipt.Failure.WRONG_LEAF);
    // leaf hash and entry both swapped for another leaf's: the path no longer leads to the root
    LogReceipt moved = new LogReceipt("tx-6", 5, r.treeSize(), leaves.get(6), entries.get(6), r.path(), r.checkpoint());
    assertThat(moved.verify(log.verifier(), named(), 2, null).failure()).isEqualTo(LogReceipt.Failure.BAD_PROOF);
  }

  @Test
  void refuses_a_changed_proof_node() {
    LogReceipt r = receipt(5, log, List.of(a, b));
    List<byte[]> path = new ArrayList<>(r.path());
    byte[] node = path.get(1).clone();
    node[0] ^= 1;
    path.set(1, node);
    LogReceipt tampered = new LogReceipt(r.txId(), r.index(), r.treeSize(), r.leafHash(), r.entry(), path, r.checkpoint());
    LogReceipt.Result result = tampered.verify(log.verifier(), named(), 2, null);
    assertThat(result.failure()).isEqualTo(LogReceipt.Failure.BAD_PROOF);
    assertThat(result.detail()).contains("does not lead");
  }

  @Test
  void refuses_a_checkpoint_signed_by_another_key() {
    SignedNote.Signer impostor = SignedNote.Signer.generate("dareg.test/log", SignedNote.ED25519, RANDOM);
    LogReceipt r = receipt(5, impostor, List.of(a, b));
    LogReceipt.Result result = r.verify(log.verifier(), named(), 2, null);
    assertThat(result.failure()).isEqualTo(LogReceipt.Failure.CHECKPOINT_NOT_SIGNED_BY_LOG);
  }

  @Test
  void refuses_too_few_cosignatures() {
    LogReceipt r = receipt(5, log, List.of(a));
    LogReceipt.Result result = r.verify(log.verifier(), named(), 2, null);
    assertThat(result.failure()).isEqualTo(LogReceipt.Failure.TOO_FEW_COSIGNATURES);
    assertThat(result.detail()).contains("cosigned by 1 of the 3").contains("2 are required");
    assertThat(receipt(5, log, List.of()).verify(log.verifier(), named(), 1, null).failure())
        .isEqualTo(LogReceipt.Failure.TOO_FEW_COSIGNATURES);
  }

  @Test
  void a_cosignature_by_an_unnamed_witness_does_not_count() {
    SignedNote.Signer stranger = SignedNote.Signer.generate("x.example/witness", SignedNote.COSIGNATURE_V1, RANDOM);
    LogReceipt r = receipt(5, log, List.of(a, stranger));
    LogReceipt.Result result = r.verify(log.verifier(), named(), 2, null);
    assertThat(result.failure()).isEqualTo(LogReceipt.Failure.TOO_FEW_COSIGNATURES);
    assertThat(result.witnessedBy()).isEqualTo(1);
  }

  @Test
  void a_forged_cosignature_of_a_named_witness_fails() {
    LogReceipt r = receipt(5, log, List.of(a, b));
    String note = r.checkpoint();
    String lastLine = note.substring(note.lastIndexOf("\u2014 "), note.length() - 1);
    String sig = lastLine.substring(lastLine.lastIndexOf(' ') + 1);
    byte[] raw = java.util.Base64.getDecoder().decode(sig);
    raw[raw.length - 1] ^= 1;
    String forgedNote = note.replace(sig, java.util.Base64.getEncoder().encodeToString(raw));
    LogReceipt forged = new LogReceipt(r.txId(), r.index(), r.treeSize(), r.leafHash(), r.entry(), r.path(), forgedNote);
    assertThat(forged.verify(log.verifier(), named(), 2, null).failure()).isEqualTo(LogReceipt.Failure.BAD_COSIGNATURE);
  }

  @Test
  void attach_and_detach_give_back_the_signed_bytes() throws Exception {
    LogReceipt r = receipt(3, log, List.of(a));
    byte[] canonical = "{\"mediaType\":\"x\",\"payload\":{\"a\":[1,2]},\"signature\":{\"value\":\"abc\"}}".getBytes(StandardCharsets.UTF_8);
    byte[] pretty = "{\n  \"a\" : 1,\n  \"b\" : { \"c\" : \"}\" }\n}\n".getBytes(StandardCharsets.UTF_8);
    for (byte[] original : List.of(canonical, pretty, "{}".getBytes(StandardCharsets.UTF_8))) {
      byte[] carried = LogReceipt.attach(original, r);
      JsonNode tree = Json.mapper().readTree(carried);
      assertThat(tree.path(LogReceipt.MEMBER).path("index").asLong()).isEqualTo(3);
      LogReceipt.Detached d = LogReceipt.detach(carried);
      assertThat(d.signed()).isEqualTo(original);
      assertThat(d.receipt().verify(log.verifier(), named(), 1, null).valid()).isTrue();
      // attaching again replaces the receipt, it does not pile up
      assertThat(LogReceipt.detach(LogReceipt.attach(carried, r)).signed()).isEqualTo(original);
    }
    assertThat(LogReceipt.detach(canonical).receipt()).isNull();
    assertThat(LogReceipt.detach(canonical).signed()).isEqualTo(canonical);
    // a receipt placed first by someone else comes off with its comma
    String first = "{\"logReceipt\":" + new String(Json.canonical(r.toJson()), StandardCharsets.UTF_8) + ",\"a\":1}";
    assertThat(new String(LogReceipt.detach(first.getBytes(StandardCharsets.UTF_8)).signed(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }
}

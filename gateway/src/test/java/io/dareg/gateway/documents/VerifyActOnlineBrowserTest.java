package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verify page's check against the gateway's log (issue 27), as {@code dareg verify-act --log-key --witness --online}
 * does it: the page fetches, from the gateway that served it and no other, the log's newest checkpoint and the consistency
 * proof from the receipt's checkpoint to it, checks the newest checkpoint's signature with the log's key and the proof in
 * the page, and prints ReceiptOptions' LOG_CONSISTENCY line: a real receipt passes after more commits; a receipt signed by
 * the same keys over another history, and a receipt of another gateway's log, fail with the command's words.
 */
class VerifyActOnlineBrowserTest extends ConsoleBrowser {
  @Test
  void a_receipt_of_this_gateways_log_is_extended_by_its_newest_checkpoint_and_one_over_another_history_is_not() throws Exception {
    try (RunningGateway witnessed = new RunningGateway(true)) {
      ObjectNode act = witnessed.witnessedAct();
      LogReceipt receipt = LogReceipt.fromJson(act.path(LogReceipt.MEMBER));
      witnessed.issued(); // more commits: the newest checkpoint is past the receipt's
      assertThat(witnessed.logSize()).isGreaterThan(receipt.treeSize());
      ActPage.Given keys = keys(witnessed);
      ActPage page = new ActPage(chromium, witnessed.base()).online(true);

      // That ledger takes writes without signed requests: the author line fails, as dareg verify-act's does; the log holds.
      assertThat(page.check(Json.mapper().writeValueAsBytes(act), keys)).isEqualTo("false");
      assertThat(page.checks()).containsEntry("AUTHOR", "FAIL").containsEntry("LOG_RECEIPT", "PASS").containsEntry("LOG_CONSISTENCY", "PASS");
      assertThat(page.line("LOG_CONSISTENCY")).contains("the log's newest checkpoint (" + witnessed.logSize() + " entries) extends the receipt's ("
          + receipt.treeSize() + ")", "延续回执的检查点");
      chromium.accessible("verify-act-online");
      ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
          "document.querySelector('#act-checks li[data-check=LOG_CONSISTENCY]').scrollIntoView({block: 'center'})");
      chromium.screenshot("verify-act-online.png");

      // The same act, its receipt signed by the log's and the witness's own keys over a log of 3 that is not this one.
      SignedNote.Signer log = SignedNote.Signer.parse(Files.readString(witnessed.dir().resolve("log/log-key"), StandardCharsets.US_ASCII).strip());
      SignedNote.Signer witness = SignedNote.Signer.parse(
          Files.readString(witnessed.dir().resolve("dev/witness/witness.key"), StandardCharsets.US_ASCII).strip());
      ObjectNode bare = act.deepCopy();
      bare.remove(LogReceipt.MEMBER);
      LogReceipt forged = forged(Json.mapper().writeValueAsBytes(bare), log, witness);
      String why = forged.inconsistencyWith(log.verifier(), text(witnessed, "/api/v1/log/checkpoint"), proof(witnessed, 3));
      assertThat(why).contains("is not consistent with the receipt's (3 entries)");
      assertThat(page.check(LogReceipt.attach(Json.mapper().writeValueAsBytes(bare), forged), keys)).isEqualTo("false");
      assertThat(page.checks()).containsEntry("LOG_RECEIPT", "PASS").containsEntry("LOG_CONSISTENCY", "FAIL");
      assertThat(page.line("LOG_CONSISTENCY")).contains("NOT VALID: " + why);

      // Unticked, the page asks nothing: no line about the gateway's log, and the receipt's line says how to ask.
      page.online(false);
      assertThat(page.check(Json.mapper().writeValueAsBytes(act), keys)).isEqualTo("false");
      assertThat(page.checks()).containsEntry("LOG_RECEIPT", "PASS").doesNotContainKey("LOG_CONSISTENCY");
      assertThat(page.line("LOG_RECEIPT")).contains("also check against this gateway's log now");
    }
  }

  @Test
  void a_receipt_of_another_gateways_log_fails_against_the_log_of_the_gateway_that_served_the_page() throws Exception {
    try (RunningGateway other = new RunningGateway(true)) {
      ObjectNode act = other.witnessedAct();
      String origin = Checkpoint.parse(SignedNote.text(LogReceipt.fromJson(act.path(LogReceipt.MEMBER)).checkpoint())).origin();
      // The page of this class's gateway, whose log is not the other's: the newest checkpoint is not signed by the other's key.
      ActPage page = new ActPage(chromium, gateway.base()).online(true);
      assertThat(page.check(Json.mapper().writeValueAsBytes(act), keys(other))).isEqualTo("false");
      assertThat(page.checks()).containsEntry("LOG_RECEIPT", "PASS").containsEntry("LOG_CONSISTENCY", "FAIL");
      assertThat(page.line("LOG_CONSISTENCY")).contains("NOT VALID: the log's newest checkpoint is not signed by its key " + origin);
    }
  }

  @Test
  void the_pages_consistency_check_agrees_with_core_for_every_pair_of_tree_sizes_up_to_17() throws Exception {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      leaves.add(MerkleLog.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
    MerkleLog.Leaves all = MerkleLog.Leaves.of(leaves);
    HexFormat hex = HexFormat.of();
    com.fasterxml.jackson.databind.node.ArrayNode cases = Json.mapper().createArrayNode();
    for (int n = 1; n <= 17; n++) {
      for (int m = 1; m <= n; m++) {
        com.fasterxml.jackson.databind.node.ArrayNode proof = Json.mapper().createArrayNode();
        MerkleLog.consistencyProof(all, m, n).forEach(h -> proof.add(hex.formatHex(h)));
        cases.addObject().put("m", m).put("n", n).put("first", hex.formatHex(MerkleLog.root(all, m)))
            .put("second", hex.formatHex(MerkleLog.root(all, n))).set("proof", proof);
      }
    }
    browser.get(gateway.base() + "/verify.html");
    // Each pair's proof joins the two roots; with either root changed, or the proof's last hash, it does not.
    String answers = inPage("""
        const { consistent } = await import('./logreceipt.js');
        const bytes = (h) => Uint8Array.from(h.match(/../g) || [], (x) => parseInt(x, 16));
        const flip = (b) => { const c = b.slice(); c[0] ^= 1; return c; };
        const out = [];
        for (const c of JSON.parse(arguments[0])) {
          const proof = c.proof.map(bytes);
          const [first, second] = [bytes(c.first), bytes(c.second)];
          const good = await consistent(c.m, c.n, proof, first, second);
          const bad = await consistent(c.m, c.n, proof, flip(first), second) || await consistent(c.m, c.n, proof, first, flip(second))
            || (proof.length > 0 && await consistent(c.m, c.n, [...proof.slice(0, -1), flip(proof[proof.length - 1])], first, second));
          if (!good || bad) out.push(`${c.m}->${c.n}: ${good} ${bad}`);
        }
        return out;""", cases.toString());
    assertThat(answers).as("pairs the page decides otherwise than core").isEqualTo("[]");
  }

  /** The key files serve writes: the log's and the dev witness's, with no author roots needed for the log's lines. */
  private static ActPage.Given keys(RunningGateway at) throws Exception {
    return ActPage.Given.roots(ActPage.pem(at.root().getEncoded()))
        .log(at.dir().resolve("log/log-key.pub"), "", at.dir().resolve("dev/witness/witness.vkey"));
  }

  private static String text(RunningGateway at, String path) throws Exception {
    return new String(at.get(path).body(), StandardCharsets.UTF_8);
  }

  /** The gateway's consistency proof from size {@code from} to its log's size now. */
  private static List<byte[]> proof(RunningGateway at, long from) throws Exception {
    JsonNode p = Json.mapper().readTree(at.get("/api/v1/log/proofs/consistency?from=" + from).body());
    List<byte[]> out = new ArrayList<>();
    p.path("hashes").forEach(h -> out.add(HexFormat.of().parseHex(h.asText())));
    return out;
  }

  /** A receipt of the act's transaction as leaf 1 of a log of 3 under the log's own name, signed by its key and cosigned. */
  private static LogReceipt forged(byte[] act, SignedNote.Signer log, SignedNote.Signer witness) {
    byte[] entry = ActProof.parse(act).transaction().getBytes(StandardCharsets.UTF_8);
    List<byte[]> leaves = List.of(MerkleLog.leafHash("before".getBytes(StandardCharsets.UTF_8)), MerkleLog.leafHash(entry),
        MerkleLog.leafHash("after".getBytes(StandardCharsets.UTF_8)));
    Checkpoint checkpoint = new Checkpoint(log.name(), 3, MerkleLog.root(MerkleLog.Leaves.of(leaves), 3), List.of());
    String txId = LogReceipt.topLevelText(entry, "txId");
    return new LogReceipt(txId, 1, 3, MerkleLog.leafHash(entry), entry, MerkleLog.inclusionProof(MerkleLog.Leaves.of(leaves), 1, 3),
        SignedNote.sign(checkpoint.body(), List.of(log, witness), Instant.now()));
  }
}

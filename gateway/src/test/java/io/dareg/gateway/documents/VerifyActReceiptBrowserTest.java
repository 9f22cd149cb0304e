package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.WitnessPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verify page checks the log receipt an act carries (issue 24) as {@code dareg verify-act --log-key LOG.pub --witness
 * WITNESS.vkey [--quorum K]} does, in a real browser: with the log's and the witnesses' keys, in the files those options
 * read, the log's Ed25519 signature on the checkpoint, each named witness's cosignature and the quorum are checked, and
 * the line says what core's LogReceipt.verify says: a receipt of the gateway's own witnessed log passes, and another log
 * key, a changed cosignature and too few cosigners each fail with their reason.
 */
class VerifyActReceiptBrowserTest extends ConsoleBrowser {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LOG = "dareg.test/log";
  private static TrustingGateway ledger;
  private static Path root;
  private static final SignedNote.Signer LOG_KEY = SignedNote.Signer.generate(LOG, SignedNote.ED25519, RANDOM);
  private static final SignedNote.Signer ONE = SignedNote.Signer.generate("witness-one", SignedNote.COSIGNATURE_V1, RANDOM);
  private static final SignedNote.Signer TWO = SignedNote.Signer.generate("witness-two", SignedNote.COSIGNATURE_V1, RANDOM);

  @BeforeAll
  static void startLedger() throws Exception {
    ledger = new TrustingGateway();
    root = ActPage.pem(ledger.root().getEncoded());
  }

  @AfterAll
  static void stopLedger() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  void a_receipt_signed_by_the_log_and_cosigned_by_its_witnesses_passes_as_dareg_verify_act_with_log_key_and_witness() throws Exception {
    byte[] act = exported("signed and witnessed");
    LogReceipt receipt = receipt(act, List.of(LOG_KEY, ONE, TWO));
    LogReceipt.Result java = receipt.verify(LOG_KEY.verifier(), new WitnessPolicy(List.of(ONE.verifier(), TWO.verifier()), 2), transaction(act));
    assertThat(java.valid()).as(java.detail()).isTrue();

    ActPage page = new ActPage(chromium, ledger.base());
    ActPage.Given keys = ActPage.Given.roots(root).log(key(LOG_KEY), "", key(ONE), key(TWO));
    assertThat(page.check(LogReceipt.attach(act, receipt), keys)).isEqualTo("true");
    assertThat(page.checks()).containsEntry("AUTHOR", "PASS").containsEntry("LOG_RECEIPT", "PASS");
    assertThat(page.line("LOG_RECEIPT")).contains(java.summary(), "recorded in the log at 1, witnessed by 2 of 2", "经 2 个见证方中的 2 个联署",
        "is not checked here: run dareg verify-act ACT.json --trust MSP=ROOT.pem --log-key LOG.pub --witness WITNESS.vkey --online");
    chromium.screenshot("verify-act-receipt.png");
    shown("verify-act-receipt");

    // The same receipt without the keys: its path is checked, its signatures are not, and the page asks for the keys.
    assertThat(page.check(LogReceipt.attach(act, receipt), ActPage.Given.roots(root))).isEqualTo("true");
    assertThat(page.checks()).containsEntry("LOG_RECEIPT", "PARTIAL");
    assertThat(page.line("LOG_RECEIPT")).contains("NOT checked here", "give the log\u2019s key and the witnesses\u2019 keys above");
    // The keys given for an act that carries no receipt: it fails, as --log-key asks for one.
    assertThat(page.check(act, keys)).isEqualTo("false");
    assertThat(page.line("LOG_RECEIPT")).contains("NOT VALID: no log receipt is attached, and --log-key asks for one");
  }

  @Test
  void another_log_key_a_changed_cosignature_and_too_few_cosigners_each_fail_with_their_reason() throws Exception {
    byte[] act = exported("forged receipts");
    ActPage page = new ActPage(chromium, ledger.base());
    LogReceipt byOne = receipt(act, List.of(LOG_KEY, ONE));
    WitnessPolicy both = new WitnessPolicy(List.of(ONE.verifier(), TWO.verifier()), 2);

    LogReceipt.Result tooFew = byOne.verify(LOG_KEY.verifier(), both, transaction(act));
    assertThat(page.check(LogReceipt.attach(act, byOne), ActPage.Given.roots(root).log(key(LOG_KEY), "", key(ONE), key(TWO)))).isEqualTo("false");
    assertThat(page.checks()).containsEntry("AUTHOR", "PASS").containsEntry("LOG_RECEIPT", "FAIL");
    assertThat(page.line("LOG_RECEIPT")).contains("NOT VALID: too few cosignatures: " + tooFew.detail(), "联署不足");
    // --quorum 1: one of the two named witnesses is enough.
    assertThat(page.check(LogReceipt.attach(act, byOne), ActPage.Given.roots(root).log(key(LOG_KEY), "1", key(ONE), key(TWO)))).isEqualTo("true");
    assertThat(page.line("LOG_RECEIPT")).contains("recorded in the log at 1, witnessed by 1 of 2");

    SignedNote.Signer impostor = SignedNote.Signer.generate(LOG, SignedNote.ED25519, RANDOM);
    LogReceipt.Result notLog = byOne.verify(impostor.verifier(), both, transaction(act));
    assertThat(page.check(LogReceipt.attach(act, byOne), ActPage.Given.roots(root).log(key(impostor), "1", key(ONE), key(TWO)))).isEqualTo("false");
    assertThat(page.line("LOG_RECEIPT")).contains("NOT VALID: checkpoint not signed by the log key: " + notLog.detail());

    LogReceipt both2 = receipt(act, List.of(LOG_KEY, ONE, TWO));
    String[] lines = both2.checkpoint().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("\u2014 witness-two ")) {
        byte[] sig = Base64.getDecoder().decode(lines[i].substring("\u2014 witness-two ".length()));
        sig[sig.length - 1] ^= 1;
        lines[i] = "\u2014 witness-two " + Base64.getEncoder().encodeToString(sig);
      }
    }
    LogReceipt changed = new LogReceipt(both2.txId(), both2.index(), both2.treeSize(), both2.leafHash(), both2.entry(), both2.path(), String.join("\n", lines));
    LogReceipt.Result bad = changed.verify(LOG_KEY.verifier(), new WitnessPolicy(List.of(ONE.verifier(), TWO.verifier()), 1), transaction(act));
    assertThat(page.check(LogReceipt.attach(act, changed), ActPage.Given.roots(root).log(key(LOG_KEY), "1", key(ONE), key(TWO)))).isEqualTo("false");
    assertThat(page.line("LOG_RECEIPT")).contains("NOT VALID: bad cosignature: " + bad.detail(), "witness-two");

    // The log's key given as a witness's: refused as --witness refuses it.
    assertThat(page.refusal(LogReceipt.attach(act, byOne), ActPage.Given.roots(root).log(key(LOG_KEY), "", key(LOG_KEY))))
        .contains("日志或见证方的公钥无法使用", "a witness cosigns with a tlog-cosignature/v1 key (type 0x04)");
  }

  @Test
  void the_receipt_of_the_gateways_own_witnessed_log_passes_with_the_key_files_serve_writes() throws Exception {
    try (RunningGateway witnessed = new RunningGateway(true)) {
      ObjectNode act = witnessed.witnessedAct();
      ActPage page = new ActPage(chromium, witnessed.base());
      ActPage.Given keys = ActPage.Given.roots(ActPage.pem(witnessed.root().getEncoded()))
          .log(witnessed.dir().resolve("log/log-key.pub"), "", witnessed.dir().resolve("dev/witness/witness.vkey"));
      // That ledger takes writes without signed requests: the author line fails, as dareg verify-act's does; the receipt holds.
      assertThat(page.check(Json.mapper().writeValueAsBytes(act), keys)).isEqualTo("false");
      assertThat(page.checks()).containsEntry("TX_ROOT", "PASS").containsEntry("AUTHOR", "FAIL").containsEntry("LOG_RECEIPT", "PASS");
      assertThat(page.line("LOG_RECEIPT")).contains("recorded in the log at " + act.path("logReceipt").path("index").asLong() + ", witnessed by 1 of 1");
    }
  }

  /** The registrar's application, its submit exported with its proof by the gateway's act route. */
  private static byte[] exported(String text) throws Exception {
    String regNo = ledger.submitted("holder", text, null).path("regNo").asText();
    String txId = ledger.get("registrar", "/registrations/" + regNo + "/history").get(0).path("txId").asText();
    return ledger.text("registrar", "/acts/" + txId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] transaction(byte[] act) {
    return ActProof.parse(act).transaction().getBytes(StandardCharsets.UTF_8);
  }

  /** A receipt of the act's transaction as leaf 1 of a log of 3, its checkpoint signed by each of {@code signers}. */
  private static LogReceipt receipt(byte[] act, List<SignedNote.Signer> signers) throws Exception {
    byte[] entry = transaction(act);
    List<byte[]> leaves = List.of(MerkleLog.leafHash("before".getBytes(StandardCharsets.UTF_8)), MerkleLog.leafHash(entry),
        MerkleLog.leafHash("after".getBytes(StandardCharsets.UTF_8)));
    Checkpoint checkpoint = new Checkpoint(LOG, 3, MerkleLog.root(MerkleLog.Leaves.of(leaves), 3), List.of());
    String txId = Json.mapper().readTree(entry).path("txId").asText();
    return new LogReceipt(txId, 1, 3, MerkleLog.leafHash(entry), entry, MerkleLog.inclusionProof(MerkleLog.Leaves.of(leaves), 1, 3),
        SignedNote.sign(checkpoint.body(), signers, Instant.now()));
  }

  /** A file holding a key as --log-key and --witness read it: the verifier key's text. */
  private static Path key(SignedNote.Signer signer) throws Exception {
    return Files.writeString(Files.createTempFile("key", ".vkey"), signer.verifier() + "\n", StandardCharsets.US_ASCII);
  }
}

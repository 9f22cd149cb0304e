package io.dareg.client.cli;

import io.dareg.client.DaregClient;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.WitnessPolicy;
import io.dareg.core.model.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that check a log receipt carried by an artifact (issue 24 item 4), offline: the log's key, the
 * witnesses' keys and the quorum; shared by {@code dareg verify} and {@code dareg verify-act}.
 */
final class ReceiptOptions {
  @Option(names = "--log-key", paramLabel = "FILE",
      description = "the transparency log's verifier key (signed-note text, e.g. .dareg/log/log-key.pub of serve --dev): check the"
          + " log receipt the file carries, and fail when it carries none")
  Path logKey;

  @Option(names = "--witness", paramLabel = "FILE",
      description = "a witness's verifier key (tlog-cosignature, e.g. .dareg/dev/witness/witness.vkey); repeat for each witness")
  List<Path> witnesses = new ArrayList<>();

  @Option(names = "--quorum", paramLabel = "K",
      description = "how many of the --witness keys must have cosigned the receipt's checkpoint (default: all of them)")
  Integer quorum;

  /**
   * Checks {@code receipt} (null when the artifact carries none) and prints one line per check in the {@code %-16s %-8s %s}
   * layout of {@code dareg verify}; answers whether nothing failed.
   *
   * @param leaf the leaf's expected bytes (an act's transaction), or null
   * @param txId the transaction the receipt must be for, or null
   * @param mentions text the receipt's entry must hold (a certificate's signature value), or null
   * @param online also fetch the log's newest checkpoint and check that it extends the receipt's
   * @param client the gateway, asked only when {@code online}
   */
  boolean check(PrintWriter out, LogReceipt receipt, byte[] leaf, String txId, String mentions, boolean online, ClientSource client)
      throws IOException {
    if (receipt == null) {
      if (logKey != null) {
        line(out, "LOG_RECEIPT", "FAIL", "NOT VALID: no log receipt is attached, and --log-key asks for one (fetch it with"
            + " `dareg cert get CERTNO --wait-witnessed`, or GET /api/v1/log/receipts/TXID)");
        return false;
      }
      line(out, "LOG_RECEIPT", "NONE", "no log receipt is attached");
      return true;
    }
    if (logKey == null) {
      line(out, "LOG_RECEIPT", "SKIPPED", "a log receipt is attached (entry " + receipt.index() + "); pass --log-key and --witness to check it");
      return true;
    }
    SignedNote.Verifier log = key(logKey, "--log-key");
    if (witnesses.isEmpty()) {
      throw new IllegalArgumentException("--log-key needs the witnesses' keys too: --witness FILE, once for each witness");
    }
    List<SignedNote.Verifier> named = new ArrayList<>();
    for (Path w : witnesses) {
      named.add(key(w, "--witness"));
    }
    int k = quorum == null ? named.size() : quorum;
    if (k < 1 || k > named.size()) {
      throw new IllegalArgumentException("--quorum " + k + ": give 1 to the number of --witness keys (" + named.size() + ")");
    }
    WitnessPolicy policy;
    try {
      policy = new WitnessPolicy(named, k);
    } catch (InvalidInputException e) { // a key given twice, or one that is not a witness's cosignature key
      throw new IllegalArgumentException("--witness: " + e.reason(), e);
    }
    LogReceipt.Result r = receipt.verify(log, policy, leaf);
    String wrong = null;
    if (r.valid() && txId != null && !(txId.equals(receipt.txId()) && (receipt.entry() == null || txId.equals(receipt.entryTxId())))) {
      wrong = "the receipt is for transaction " + receipt.txId() + ", not " + txId;
    } else if (r.valid() && mentions != null && !receipt.recorded(mentions)) {
      wrong = "the receipt's transaction is not the one that recorded this document (its entry does not carry it)";
    }
    if (!r.valid() || wrong != null) {
      line(out, "LOG_RECEIPT", "FAIL", "NOT VALID: " + (wrong != null ? "wrong leaf: " + wrong : reason(r.failure()) + ": " + r.detail()));
      return false;
    }
    line(out, "LOG_RECEIPT", "PASS", r.summary());
    if (!online) {
      return true;
    }
    DaregClient c = client.get();
    String newest = c.logCheckpoint();
    Checkpoint n = Checkpoint.parse(SignedNote.text(newest));
    long mine = receipt.treeSize();
    String why = receipt.inconsistencyWith(log, newest, n.size() > mine ? c.logConsistencyProof(mine, n.size()) : null);
    if (why != null) {
      line(out, "LOG_CONSISTENCY", "FAIL", "NOT VALID: " + why);
      return false;
    }
    line(out, "LOG_CONSISTENCY", "PASS", "the log's newest checkpoint (" + n.size() + " entries) extends the receipt's (" + mine + ")");
    return true;
  }

  /** A client made only when the online check needs it. */
  @FunctionalInterface
  interface ClientSource {
    DaregClient get() throws IOException;
  }

  private static String reason(LogReceipt.Failure f) {
    return switch (f) {
      case CHECKPOINT_NOT_SIGNED_BY_LOG -> "checkpoint not signed by the log key";
      case BAD_COSIGNATURE -> "bad cosignature";
      case TOO_FEW_COSIGNATURES -> "too few cosignatures";
      case WRONG_LEAF -> "wrong leaf";
      case BAD_PROOF -> "bad proof";
    };
  }

  private static void line(PrintWriter out, String name, String outcome, String detail) {
    out.printf("%-16s %-8s %s%n", name, outcome, detail);
  }

  private static SignedNote.Verifier key(Path file, String option) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException(option + " " + file + " cannot be read: give the file holding the verifier key (name+id+base64)");
    }
    try {
      return SignedNote.Verifier.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + " " + file + " holds no verifier key (name+id+base64): " + e.getMessage(), e);
    }
  }
}

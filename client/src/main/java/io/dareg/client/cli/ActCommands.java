package io.dareg.client.cli;

import io.dareg.core.crypto.Signatures;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.ledger.FabricActProof;
import io.dareg.core.model.TrustedRoot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One act with the proof that the ledger committed it (issue 23): exported from an embedded ledger's
 * block file or through a gateway (on either ledger), checked offline by anyone with the roots they trust.
 */
final class ActCommands {
  private static final Signatures SIGNATURES = Signatures.fastest();

  private ActCommands() {}

  @Command(name = "act", mixinStandardHelpOptions = true,
      description = "Export one act (a committed transaction) with its author's signed request and the ledger's proof that it was"
          + " committed: from an embedded ledger's data directory or backup folder (--data; block header, node signature, path to"
          + " the block's txRoot), or through the gateway (on Fabric: the whole block, signed by the orderer, with the"
          + " endorsements; for the registry's staff, regulators and the act's author). Check it anywhere with `dareg verify-act`.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "TXID", description = "the transaction id (64 hex digits; the X-Transaction-Id of a write's answer)")
    String txId;
    @Option(names = "--data", description = "read the act from this data directory or backup folder instead of the gateway") Path data;
    @Option(names = {"-o", "--out"}, required = true, description = "write the act here (JSON)") Path out;
    @picocli.CommandLine.Mixin Connection connection;

    @Override
    public Integer call() throws Exception {
      if (!txId.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("TXID " + txId + " is not a transaction id: 64 lowercase hex digits, as a write's"
            + " X-Transaction-Id header gives it");
      }
      byte[] json;
      String where;
      if (data != null) {
        Path dir = LedgerCommands.ledgerDir(data);
        ActProof act = ActProof.find(dir.resolve(LedgerCommands.BLOCKS), txId, LedgerCommands.nodeKey(dir));
        json = act.toJson();
        where = "transaction " + act.index() + " of block " + act.block();
      } else {
        json = connection.client().exportAct(txId);
        where = "exported by the gateway";
      }
      Output.writeFile(out, io.dareg.core.json.Json.mapper().writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(io.dareg.core.json.Json.mapper().readTree(json)));
      boolean fabric = FabricActProof.FORMAT.equals(io.dareg.core.json.Json.mapper().readTree(json).path("format").asText());
      spec.commandLine().getOut().println("act " + txId + ": " + where + ", written to " + out + "; check it with: dareg verify-act "
          + out + " --trust MSP=ROOT.pem ..." + (fabric ? " --fabric-trust MSP=CA.pem ... (the orderers' and peers' CA roots)" : ""));
      return 0;
    }
  }

  @Command(name = "verify-act", mixinStandardHelpOptions = true,
      description = "Check an act offline: that its author signed exactly what was done, with a certificate one of the --trust roots"
          + " issued, valid then, and that the ledger committed it in its block (embedded: the node key's signature; Fabric: the"
          + " orderer's signature and the endorsements, by organisations the --fabric-trust roots certify). Exit 1 when any check"
          + " fails.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "ACT", description = "the act file `dareg act` wrote") Path file;
    @Option(names = "--trust", required = true, paramLabel = "MSP=ROOT.pem",
        description = "a CA root you trust to certify authors, and its organisation (repeat for each)")
    List<String> trust;
    @Option(names = "--skew", defaultValue = "300", paramLabel = "SECONDS",
        description = "how far the signed time may be from the transaction's time (the registry's setting; default 300)")
    long skewSeconds;
    @Option(names = "--fabric-trust", paramLabel = "MSP=CA.pem",
        description = "for an act exported from Fabric: the CA root of a network organisation (the orderers' and each endorsing"
            + " peer's), and its MSP id (repeat for each)")
    List<String> fabricTrust = List.of();
    @picocli.CommandLine.Mixin ReceiptOptions receiptOptions;
    @Option(names = "--online", description = "with --log-key: also fetch the log's newest checkpoint from --url and check that it"
        + " extends the receipt's") boolean online;
    @Option(names = "--url", defaultValue = "${DAREG_URL:-http://127.0.0.1:8080}", description = "the gateway, for --online"
        + " (default: ${DEFAULT-VALUE})") java.net.URI url;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + " does not exist: give the file `dareg act TXID -o FILE` wrote");
      }
      List<TrustedRoot> roots = LedgerInitCommand.roots(trust);
      // issue 24: the act may carry its log receipt; the act is what is under it
      io.dareg.core.log.LogReceipt.Detached document = io.dareg.core.log.LogReceipt.detach(Files.readAllBytes(file));
      byte[] bytes = document.signed();
      String format = io.dareg.core.json.Json.mapper().readTree(bytes).path("format").asText("");
      ActProof.Check check;
      if (FabricActProof.FORMAT.equals(format)) {
        if (fabricTrust.isEmpty()) {
          throw new IllegalArgumentException(file + " is an act exported from Fabric: give the network's CA roots with --fabric-trust"
              + " MSP=CA.pem (the orderer organisation's and each endorsing organisation's)");
        }
        check = FabricActProof.parse(bytes).verify(SIGNATURES, roots, LedgerInitCommand.roots(fabricTrust, "--fabric-trust"),
            Duration.ofSeconds(skewSeconds));
      } else {
        check = ActProof.parse(bytes).verify(SIGNATURES, roots, Duration.ofSeconds(skewSeconds));
      }
      PrintWriter out = spec.commandLine().getOut();
      check.lines().forEach(out::println);
      boolean fabric = FabricActProof.FORMAT.equals(format);
      // the embedded act's transaction is the leaf itself; a Fabric act's leaf is derived from its block: it must name the act
      boolean logged = receiptOptions.check(out, document.receipt(),
          fabric ? null : ActProof.parse(bytes).transaction().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          fabric ? FabricActProof.parse(bytes).txId() : null, null, online,
          () -> io.dareg.client.DaregClient.builder().baseUrl(url).build());
      boolean valid = check.valid() && logged;
      out.println(valid ? "The act is VALID." : "The act is NOT VALID.");
      return valid ? 0 : Dareg.VERIFICATION_FAILED;
    }
  }
}

package io.dareg.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.client.LedgerBackup;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.ledger.AuthorAudit;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.ledger.CommittedMark;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.ledger.SignedAuditReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Operating a ledger: initialise it ({@link LedgerInitCommand}); for an embedded ledger, audit its chain (offline from a data directory or a backup, or at
 * the gateway), check a signed audit report, back the chain up while the gateway runs, restore it,
 * accept the loss of blocks its block file no longer holds.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Initialise a ledger; audit, back up and restore an embedded ledger.",
    subcommands = {LedgerInitCommand.class, LedgerCommands.Verify.class, LedgerCommands.CheckReport.class, LedgerCommands.Backup.class, LedgerCommands.Restore.class,
        // issue 21: an operator accepts the loss of acknowledged blocks, on the record
        LedgerCommands.AcceptTruncation.class})
final class LedgerCommands {
  private static final Signatures SIGNATURES = Signatures.fastest();
  static final String BLOCKS = "blocks.dat";
  private static final String NODE_KEY = "node-key.pem";
  private static final String NODE_PUBLIC_KEY = "node-key.pub.pem";

  private LedgerCommands() {}

  /** The folder holding blocks.dat: a data directory's ledger/, or a backup folder itself. */
  static Path ledgerDir(Path dir) throws IOException {
    if (Files.exists(dir.resolve("ledger").resolve(BLOCKS))) {
      return dir.resolve("ledger");
    }
    if (Files.exists(dir.resolve(BLOCKS))) {
      return dir;
    }
    throw new IOException(dir + " holds no block file: give a gateway data directory (with ledger/blocks.dat) or a backup folder");
  }

  static PublicKey nodeKey(Path ledgerDir) throws IOException {
    Path pub = ledgerDir.resolve(NODE_PUBLIC_KEY);
    if (!Files.exists(pub)) {
      throw new IOException(pub + " is missing: the audit needs the node's public key the blocks are signed with");
    }
    return SIGNATURES.publicKeyFromPem(Files.readString(pub));
  }

  /** Signs with the operator's identity if one is given, else with the node key found beside the blocks. */
  static JsonNode sign(ChainAudit.Report report, String source, Connection connection, Path ledgerDir) throws IOException {
    Instant now = Instant.now();
    if (connection.identity != null) {
      return SignedAuditReport.signWithCertificate(SIGNATURES, report, now, source,
          Connection.certificates(connection.identity.resolve("cert.pem")).get(0),
          SIGNATURES.privateKeyFromPem(Files.readString(connection.identity.resolve("key.pem"))));
    }
    if (ledgerDir != null && Files.exists(ledgerDir.resolve(NODE_KEY))) {
      return SignedAuditReport.signWithNodeKey(SIGNATURES, report, now, source, nodeKey(ledgerDir),
          SIGNATURES.privateKeyFromPem(Files.readString(ledgerDir.resolve(NODE_KEY))));
    }
    throw new IOException("nothing to sign the audit report with: give --identity DIR (your cert.pem and key.pem),"
        + " or run it where the node key " + NODE_KEY + " is readable");
  }

  /**
   * The report, with a finding naming the blocks that are missing when the ledger's committed mark
   * beside the block file shows more blocks than the file holds (a file cut anywhere inside a block
   * the mark vouches for is such a loss, not a torn write).
   */
  static ChainAudit.Report withMissingBlocks(ChainAudit.Report r, Path ledgerDir) throws IOException {
    CommittedMark mark = CommittedMark.read(ledgerDir);
    boolean torn = r.finding() != null && r.finding().what().startsWith("the file ends inside this block");
    if (mark == null || mark.blocks() <= r.blocks() || (r.finding() != null && !torn)) {
      return r;
    }
    String what = CommittedMark.missing(r.blocks(), mark.blocks(), Files.size(ledgerDir.resolve(BLOCKS)),
        torn ? r.finding().offset() : -1, "the ledger's high-water mark (" + CommittedMark.FILE + ")");
    long at = torn ? r.finding().offset() : r.bytes();
    return new ChainAudit.Report(r.bytes(), r.blocks(), r.transactions(), r.headHash(), r.headTime(), r.nodeKeyId(),
        new ChainAudit.Finding(r.blocks(), at, what));
  }

  static void print(PrintWriter out, ChainAudit.Report r) {
    if (r.valid()) {
      out.printf("chain verified: %d blocks, %d transactions, head %s%n", r.blocks(), r.transactions(), r.headHash());
    } else {
      out.printf("chain FAILED at block %d (offset %d): %s%n  blocks 0 to %d verified%n", r.finding().block(), r.finding().offset(),
          r.finding().what(), r.blocks() - 1);
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Audit every block: offline with --data (a gateway data directory or a backup folder), or at the gateway"
          + " with --online. Prints a signed audit report (--report FILE writes it). Exit 1 when a block fails.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Option(names = "--data", description = "audit this data directory or backup folder offline") Path data;
    @Option(names = "--online", description = "have the gateway audit its chain (registry admin, regulators)") boolean online;
    @Option(names = "--report", description = "write the signed audit report to this file") Path reportFile;

    @Override
    public Integer call() throws Exception {
      if ((data != null) == online) {
        throw new IllegalArgumentException("give exactly one of --data DIR (offline) and --online (through the gateway)");
      }
      PrintWriter out = spec.commandLine().getOut();
      JsonNode signed;
      AuthorAudit.Report authors = null;
      if (online) {
        signed = connection.client().auditLedger();
        SignedAuditReport.Check check = SignedAuditReport.check(SIGNATURES, signed, connection.roots());
        if (!check.valid()) {
          spec.commandLine().getErr().println("dareg: the gateway's audit report does not verify: " + check.detail());
          return Dareg.VERIFICATION_FAILED;
        }
      } else {
        Path dir = ledgerDir(data);
        ChainAudit.Report report = withMissingBlocks(new ChainAudit(SIGNATURES, nodeKey(dir)).audit(dir.resolve(BLOCKS)), dir);
        signed = sign(report, "offline " + dir.toAbsolutePath(), connection, dir);
        if (report.valid()) {
          // issue 23: who signed what, checked again from the blocks, with the trust the ledger's initLedger named
          authors = new AuthorAudit(SIGNATURES).audit(dir.resolve(BLOCKS), report.bytes());
        }
      }
      ChainAudit.Report report = Json.mapper().treeToValue(signed.path("report").path("audit"), ChainAudit.Report.class);
      if (reportFile != null) {
        Output.writeFile(reportFile, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(signed));
      }
      if (connection.json) {
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(signed));
      } else {
        print(out, report);
        if (authors != null) {
          out.printf("authors verified: %d signed requests verify%s; %d transactions carry no author's signature (a ledger"
              + " without trusted roots, or the sweep)%n", authors.signed(),
              authors.ledgerId() == null ? "" : " against the roots ledger " + authors.ledgerId() + " named", authors.unsigned());
          authors.problems().forEach(p -> out.println("author FAILED: " + p));
        }
        out.println("report signed by " + SignedAuditReport.check(SIGNATURES, signed, connection.roots()).signer()
            + (reportFile == null ? "" : ", written to " + reportFile));
      }
      if (authors != null && !authors.valid()) {
        spec.commandLine().getErr().println("dareg: " + authors.problems().size() + " signed requests do not verify");
        return Dareg.VERIFICATION_FAILED;
      }
      return report.valid() ? 0 : Dareg.VERIFICATION_FAILED;
    }
  }

  @Command(name = "check-report", mixinStandardHelpOptions = true,
      description = "Check a signed audit report: its signature, and that its signer chains to --roots (or is the audited node's key)."
          + " Exit 1 when it does not verify.")
  static final class CheckReport implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REPORT") Path file;

    @Override
    public Integer call() throws Exception {
      JsonNode signed = Json.mapper().readTree(Files.readAllBytes(file));
      SignedAuditReport.Check check = SignedAuditReport.check(SIGNATURES, signed, connection.roots());
      spec.commandLine().getOut().println((check.valid() ? "report verifies: " : "report does NOT verify: ") + check.detail());
      return check.valid() ? 0 : Dareg.VERIFICATION_FAILED;
    }
  }

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = "Copy the gateway's committed chain into a folder while it runs (registry admin); the copy is audited"
          + " before it is kept, and the folder gets blocks.dat, node-key.pub.pem and a signed audit.json.")
  static final class Backup implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Option(names = {"-o", "--out"}, required = true, description = "the backup folder (created; must not hold a backup)") Path out;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(out.resolve(BLOCKS))) {
        throw new IllegalArgumentException(out + " already holds a backup: choose a new folder");
      }
      Files.createDirectories(out);
      Path partial = out.resolve(BLOCKS + ".partial");
      LedgerBackup b = connection.client().backupLedger(partial);
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
      ChainAudit.Report report = new ChainAudit(SIGNATURES, b.nodeKey()).audit(partial);
      if (!report.valid() || report.blocks() != b.blocks() || !report.headHash().equals(b.headHash())) {
        print(spec.commandLine().getErr(), report);
        spec.commandLine().getErr().println("dareg: the copy does not match what the gateway announced (" + b.blocks()
            + " blocks, head " + b.headHash() + "); it is left in " + partial + " for inspection");
        return Dareg.VERIFICATION_FAILED;
      }
      Files.writeString(out.resolve(NODE_PUBLIC_KEY), Signatures.toPem(b.nodeKey()));
      Files.move(partial, out.resolve(BLOCKS), StandardCopyOption.ATOMIC_MOVE);
      JsonNode signed = sign(report, "backup from " + connection.url, connection, null);
      Files.write(out.resolve("audit.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(signed));
      if (connection.json) {
        ObjectNode o = Json.mapper().createObjectNode().put("folder", out.toString()).put("blocks", report.blocks())
            .put("transactions", report.transactions()).put("headHash", report.headHash());
        spec.commandLine().getOut().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
      } else {
        spec.commandLine().getOut().printf("backup of %d blocks (%d transactions, head %s) verified in %s%n",
            report.blocks(), report.transactions(), report.headHash(), out);
      }
      return 0;
    }
  }

  /** The {@code --data} of the commands that work in place on a stopped gateway's data directory: restore, accept-truncation. */
  static final class GatewayData {
    @Option(names = "--data", required = true, description = "the gateway's data directory") Path data;

    /** The data directory's ledger folder, which holds the block file. */
    Path ledger() {
      return data.resolve("ledger");
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Restore a verified backup into the data directory of the node that made it; stop that node's gateway"
          + " first. The block file it replaces is kept beside it, never deleted.")
  static final class Restore implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "BACKUP", description = "the backup folder") Path backup;
    @Mixin GatewayData gateway;

    @Override
    public Integer call() throws Exception {
      Path from = ledgerDir(backup);
      PublicKey key = nodeKey(from);
      ChainAudit audit = new ChainAudit(SIGNATURES, key);
      ChainAudit.Report report = audit.audit(from.resolve(BLOCKS));
      if (!report.valid()) {
        print(spec.commandLine().getErr(), report);
        spec.commandLine().getErr().println("dareg: the backup does not verify; nothing was restored");
        return Dareg.VERIFICATION_FAILED;
      }
      Path to = gateway.ledger();
      Path target = to.resolve(NODE_PUBLIC_KEY);
      if (!Files.exists(target) || !Signatures.keyId(nodeKey(to)).equals(Signatures.keyId(key))) {
        throw new IllegalArgumentException("the backup's blocks are signed by node key " + Signatures.keyId(key) + " but "
            + (Files.exists(target) ? "this data directory's node key is " + Signatures.keyId(nodeKey(to)) : target + " is missing")
            + ": restore into the data directory of the node that made the backup (node keys never travel in backups)");
      }
      Path restoring = to.resolve(BLOCKS + ".restoring");
      Files.copy(from.resolve(BLOCKS), restoring, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(restoring, PosixFilePermissions.fromString("rw-------"));
      try (FileChannel ch = FileChannel.open(restoring, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      ChainAudit.Report copied = audit.audit(restoring);
      if (!copied.valid() || copied.blocks() != report.blocks()) {
        spec.commandLine().getErr().println("dareg: the copy in " + restoring + " does not verify; nothing was replaced");
        return Dareg.VERIFICATION_FAILED;
      }
      Path current = to.resolve(BLOCKS);
      String kept = "";
      if (Files.exists(current)) {
        Path aside = to.resolve(BLOCKS + ".before-restore-" + Instant.now().toString().replace(':', '-'));
        Files.move(current, aside, StandardCopyOption.ATOMIC_MOVE);
        kept = "; the block file it replaced is kept as " + aside.getFileName();
      }
      Files.move(restoring, current, StandardCopyOption.ATOMIC_MOVE);
      spec.commandLine().getOut().printf("restored %d blocks (%d transactions, head %s) into %s%s%n",
          report.blocks(), report.transactions(), report.headHash(), current, kept);
      return 0;
    }
  }

  @Command(name = "accept-truncation", mixinStandardHelpOptions = true,
      description = "Accept, on the record, that the blocks the block file no longer holds are lost: the gateway then serves"
          + " the chain the file holds. Stop the gateway first. Records the acceptance in the audit log, lowers the ledger's"
          + " high-water mark to --to and sets the state store and the query index aside (both are rebuilt from the block"
          + " file). Restoring a verified copy (dareg ledger restore) is the better remedy whenever there is one.")
  static final class AcceptTruncation implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GatewayData gateway;
    @Option(names = "--to", required = true, description = "how many blocks the block file holds: blocks from --to on are lost")
    long to;

    @Override
    public Integer call() throws Exception {
      Path data = gateway.data;
      Path dir = gateway.ledger();
      if (!Files.exists(dir.resolve(BLOCKS))) {
        throw new IllegalArgumentException(data + " holds no ledger/" + BLOCKS + ": give the gateway's data directory");
      }
      refuseWhileServing(dir.resolve("state"));
      ChainAudit.Report report = new ChainAudit(SIGNATURES, nodeKey(dir)).audit(dir.resolve(BLOCKS));
      boolean torn = report.finding() != null && report.finding().what().startsWith("the file ends inside this block");
      if (report.finding() != null && !torn) {
        print(spec.commandLine().getErr(), report);
        spec.commandLine().getErr().println("dareg: the chain is damaged, not only cut short: restore a verified copy");
        return Dareg.VERIFICATION_FAILED;
      }
      if (to != report.blocks()) {
        throw new IllegalArgumentException("the block file holds " + report.blocks() + " whole blocks that verify: give --to "
            + report.blocks() + " (the blocks after them are what is lost)");
      }
      CommittedMark mark = CommittedMark.read(dir);
      long committed = mark == null ? to : mark.blocks();
      String lost = committed > to ? "blocks " + to + ".." + (committed - 1) : "no block the mark vouches for";
      long end = torn ? report.finding().offset() : report.bytes();
      appendAuditEntry(data.resolve("audit").resolve("audit.log"), to, lost);
      (mark == null ? CommittedMark.none() : mark).next(to, end, report.headHash()).writeBoth(dir);
      String stamp = Instant.now().toString().replace(':', '-');
      List<String> aside = new ArrayList<>();
      for (Path p : List.of(dir.resolve("state"), data.resolve("index").resolve("trades.rocksdb"))) {
        if (Files.exists(p)) {
          Path moved = p.resolveSibling(p.getFileName() + ".before-truncation-" + stamp);
          Files.move(p, moved, StandardCopyOption.ATOMIC_MOVE);
          aside.add(data.relativize(moved).toString());
        }
      }
      spec.commandLine().getOut().printf("accepted: the ledger holds blocks 0..%d; %s lost, recorded in the audit log%s%n",
          to - 1, lost, aside.isEmpty() ? "" : "; set aside (rebuilt on start): " + String.join(", ", aside));
      return 0;
    }

    /** The state store's lock is held while a gateway serves this data directory. */
    private static void refuseWhileServing(Path state) throws IOException {
      Path lock = state.resolve("LOCK");
      if (!Files.exists(lock)) {
        return;
      }
      try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
        java.nio.channels.FileLock held = ch.tryLock();
        if (held == null) {
          throw new IllegalStateException("a gateway is serving " + state.getParent().getParent() + ": stop it first");
        }
        held.release();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        throw new IllegalStateException("a gateway is serving " + state.getParent().getParent() + ": stop it first", e);
      }
    }

    /** Appends the acceptance to the gateway's hash-chained audit log, linked as the gateway links its lines. */
    private static void appendAuditEntry(Path log, long to, String lost) throws IOException {
      Files.createDirectories(log.getParent());
      String text = Files.exists(log) ? Files.readString(log) : "";
      String whole = text.substring(0, text.lastIndexOf('\n') + 1);
      String[] lines = whole.isEmpty() ? new String[0] : whole.split("\n");
      String prev = lines.length == 0 ? "0".repeat(64)
          : Hashes.hex(HashAlgorithm.SHA256, lines[lines.length - 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ObjectNode e = Json.mapper().createObjectNode().put("time", Instant.now().toString())
          .put("user", System.getProperty("user.name")).put("operation", "acceptTruncation").put("method", "CLI")
          .put("path", "dareg ledger accept-truncation --to " + to).put("status", 200).put("outcome", "ok")
          .put("to", to).put("lost", lost).put("seq", lines.length).put("prev", prev);
      byte[] line = (CanonicalJson.toString(e) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        // A last line cut short is dropped, as the gateway drops it on start.
        ch.truncate(whole.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(line);
        long at = ch.size();
        while (b.hasRemaining()) {
          at += ch.write(b, at);
        }
        ch.force(true);
      }
    }
  }
}

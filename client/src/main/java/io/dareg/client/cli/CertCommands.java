package io.dareg.client.cli;

import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.evidence.EvidenceTree;
import io.dareg.core.json.Json;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.model.HashAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Certificates: fetch one, its PDF, verify one. */
@Command(name = "cert", mixinStandardHelpOptions = true, description = "Registration certificates.", subcommands = {CertCommands.Get.class, CertCommands.Pdf.class})
final class CertCommands {

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Fetch a signed certificate by number, with its transparency-log receipt (logReceipt) once the log's witnesses"
          + " have cosigned a checkpoint covering it; --wait-witnessed waits for that.")
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "CERTNO") String certNo;
    @Option(names = {"-o", "--out"}, description = "write it to this file instead of printing it") Path out;
    @Option(names = "--wait-witnessed", description = "wait until the certificate comes with its log receipt (issue 24)") boolean wait;
    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
        description = "how long --wait-witnessed waits (default ${DEFAULT-VALUE} s)") long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      var client = connection.client();
      LogReceipt.Detached doc = LogReceipt.detach(client.certificateDocument(certNo));
      long start = System.nanoTime();
      while (wait && doc.receipt() == null) {
        long waited = (System.nanoTime() - start) / 1_000_000_000L;
        if (waited >= timeoutSeconds) {
          spec.commandLine().getErr().println("dareg: certificate " + certNo + " is not yet witnessed after " + waited + " s: no"
              + " checkpoint cosigned by the registry's witnesses covers it yet; fetch it again later");
          return Dareg.REFUSED;
        }
        spec.commandLine().getErr().println("waiting for the log's witnesses to cosign a checkpoint covering " + certNo + " ("
            + waited + " s of " + timeoutSeconds + ")");
        Thread.sleep(1000);
        doc = LogReceipt.detach(client.certificateDocument(certNo));
      }
      Certificate cert = Certificate.parse(doc.signed());
      byte[] pretty = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(cert);
      if (doc.receipt() != null) {
        pretty = LogReceipt.attach(pretty, doc.receipt());
        spec.commandLine().getErr().println("with its log receipt: entry " + doc.receipt().index() + " of the log, checkpoint of "
            + doc.receipt().treeSize() + " entries");
      }
      if (out != null) {
        Output.writeFile(spec.commandLine().getOut(), out, pretty, "certificate " + certNo);
      } else {
        spec.commandLine().getOut().println(new String(pretty, java.nio.charset.StandardCharsets.UTF_8));
      }
      return 0;
    }
  }

  @Command(name = "pdf", mixinStandardHelpOptions = true,
      description = "Fetch a certificate's paper form: a PDF with a QR code to the verify page and the signed certificate attached.")
  static final class Pdf implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "CERTNO") String certNo;
    @Mixin Output.PdfFile pdf;

    @Override
    public Integer call() throws Exception {
      return pdf.write(connection.client().certificatePdf(certNo), "the PDF of certificate " + certNo);
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify a certificate against the registry roots, without trusting the gateway; --online also asks the ledger"
          + " whether it is recorded and in force; --data checks your data against its evidence; --log-key and --witness check"
          + " its transparency-log receipt offline (and --online, that the log's newest checkpoint extends the receipt's)."
          + " A certificate of another registry verifies against its root given with --trust, or --online when the venue's"
          + " ledger recognises that registry under an agreement in force (docs/recognition.md)."
          + " Exit 1 when it does not verify.")
  static final class Verify implements Callable<Integer> {
    private static final String LEDGER = "ledger";
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "CERT", description = "the certificate file (JSON)") Path file;
    @Option(names = "--online", description = "ask the ledger for the certificate's record and status (needs --identity)") boolean online;
    @Option(names = "--data", description = "a file or directory to check against the certificate's evidence") Path data;
    @Option(names = "--at", paramLabel = "INSTANT|ledger", description = "judge validity at this instant (ISO-8601, e.g. 2026-05-01T00:00:00Z)"
        + " instead of now; ledger: at the ledger's time, asked of a gateway started with serve --dev (its dev clock runs ahead of real time)")
    String at;
    @Mixin ReceiptOptions receiptOptions;
    @Option(names = "--trust", paramLabel = "PEM|DIR", description = "issue 25: also trust this registry root (a PEM file, or a"
        + " directory of .pem files), e.g. the root of another registry it publishes; repeatable") List<Path> trust = new ArrayList<>();
    @Option(names = "--venue", paramLabel = "CODE", description = "with --online: the registry of the gateway's ledger you rely on"
        + " (default: its first); a certificate of another registry passes under an agreement in force there") String venue;

    @Override
    public Integer call() throws Exception {
      LogReceipt.Detached document = LogReceipt.detach(Files.readAllBytes(file));
      Certificate cert = Certificate.parse(document.signed());
      if (venue != null && !online) {
        throw new IllegalArgumentException("--venue " + venue + " needs --online: the venue's ledger holds its recognition agreements");
      }
      List<X509Certificate> roots = new ArrayList<>(connection.roots());
      for (Path p : trust) {
        roots.addAll(trusted(p));
      }
      if (roots.isEmpty() && !online) {
        throw new IllegalArgumentException("no registry roots: pass --roots ROOT.pem or --trust ROOT.pem (the registry publishes its root)");
      }
      CertificateVerifier.EvidenceClaim claim = null;
      if (data != null) {
        CertificatePayload.EvidenceEntry first = cert.payload().evidence().isEmpty() ? null : cert.payload().evidence().get(0);
        HashAlgorithm alg = first == null ? HashAlgorithm.SM3 : HashAlgorithm.valueOf(first.algorithm());
        EvidenceTree tree = EvidenceTree.of(data, alg, HashCommands.progress(spec.commandLine().getErr()));
        boolean byRoot = first != null && first.merkleRoot() != null;
        claim = new CertificateVerifier.EvidenceClaim(alg, byRoot || tree.hash() == null ? tree.root() : tree.hash());
      }
      java.time.Instant when = when();
      var client = connection.builder().trustedRoots(roots).build();
      VerificationReport report = online ? client.verifyOnline(cert, claim, when, venue) : client.verifyOffline(cert, claim, when);
      if (connection.json) {
        java.io.StringWriter lines = new java.io.StringWriter();
        boolean logged = receiptOptions.check(new java.io.PrintWriter(lines), document.receipt(), null, null, cert.signature().value(),
            online, connection::client);
        Output.print(spec.commandLine().getOut(), true, Map.of("valid", report.valid() && logged, "certNo", cert.payload().certNo(),
            "registry", io.dareg.core.model.RegistryRecord.codeOf(cert.payload().regNo()),
            "checks", report.checks(), "at", when.toString(), "logReceipt", lines.toString().strip()), Map.of());
        return report.valid() && logged ? 0 : Dareg.VERIFICATION_FAILED;
      } else {
        if (LEDGER.equals(at)) {
          spec.commandLine().getOut().println("judged at " + when + ", the ledger's time (the dev clock of " + connection.url + ")");
        }
        for (VerificationReport.Check c : report.checks()) {
          spec.commandLine().getOut().printf("%-16s %-8s %s%n", c.name(), c.outcome(), c.detail());
        }
        if (report.check(VerificationReport.CheckName.CHAIN).outcome() == VerificationReport.Outcome.FAIL && !online) {
          String registry = io.dareg.core.model.RegistryRecord.codeOf(cert.payload().regNo());
          spec.commandLine().getOut().println("to trust registry " + registry + ": --trust " + registry + "-ROOT.pem (the root it publishes),"
              + " or --online [--venue CODE] at a gateway whose ledger recognises " + registry);
        }
        // issue 24: the receipt is tied to this certificate by its transaction, which carries the certificate's signature
        boolean logged = receiptOptions.check(spec.commandLine().getOut(), document.receipt(), null, null, cert.signature().value(),
            online, connection::client);
        boolean valid = report.valid() && logged;
        spec.commandLine().getOut().println(valid ? "VALID " + cert.payload().certNo() : "NOT VALID " + cert.payload().certNo());
        return valid ? 0 : Dareg.VERIFICATION_FAILED;
      }
    }

    /** The roots in a PEM file, or in each .pem file of a directory. */
    private static List<X509Certificate> trusted(Path p) throws java.io.IOException {
      if (!Files.isDirectory(p)) {
        if (!Files.isReadable(p)) {
          throw new IllegalArgumentException("cannot read --trust " + p + ": give a PEM file of registry roots, or a directory of them");
        }
        return Connection.certificates(p);
      }
      List<X509Certificate> out = new ArrayList<>();
      try (var files = Files.list(p)) {
        for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList()) {
          out.addAll(Connection.certificates(f));
        }
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("--trust " + p + " holds no .pem file: put each registry's root there as NAME.pem");
      }
      return out;
    }

    /** The instant validity is judged at: now, the given one, or (issue 27) the ledger's on a dev-mode gateway. */
    private java.time.Instant when() throws java.io.IOException {
      if (at == null) {
        return java.time.Instant.now();
      }
      if (LEDGER.equals(at)) {
        try {
          return connection.client().devClock();
        } catch (io.dareg.client.ProblemException.NotFound e) {
          throw new IllegalArgumentException("--at ledger: the gateway at " + connection.url + " has no dev clock (it was not started with"
              + " serve --dev), so its ledger keeps this machine's time: leave out --at", e);
        }
      }
      try {
        return java.time.Instant.parse(at);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("--at " + at + " is not an instant: give one in UTC such as 2026-05-01T00:00:00Z,"
            + " or ledger for the ledger's time on a dev-mode gateway", e);
      }
    }
  }
}

package io.dareg.client.cli;

import io.dareg.client.DaregClient;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.cert.Certificate;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.CancellationBasis;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RevocationBasis;
import io.dareg.core.model.ReviewOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The registry's steps: review, notice, issue (with the certificate), renew, revoke, cancel. */
final class RegistrarCommands {
  private RegistrarCommands() {}

  /** The SHA-256 of a written opinion, grounds or decision: only the hash goes on the ledger. */
  static String hashOf(String text) {
    return Hashes.hex(HashAlgorithm.SHA256, text.getBytes(StandardCharsets.UTF_8));
  }

  static void printRegistration(CommandSpec spec, boolean json, Registration r) {
    Map<String, String> human = new LinkedHashMap<>();
    human.put("regNo", r.regNo());
    human.put("status", r.status().name());
    human.put("version", String.valueOf(r.version()));
    if (r.noticeEnd() != null) {
      human.put("noticeEnd", r.noticeEnd().toString());
    }
    if (r.validUntil() != null) {
      human.put("validUntil", r.validUntil().toString());
    }
    Output.print(spec.commandLine().getOut(), json, r, human);
  }

  @Command(name = "review", mixinStandardHelpOptions = true,
      description = "Start the formal review, record its decision (registrar), or record a substantive opinion (reviewer).")
  static final class Review implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;

    @ArgGroup(exclusive = true, multiplicity = "1") Kind kind;

    static final class Kind {
      @Option(names = "--start", description = "accept the application for formal review") boolean start;
      @Option(names = "--formal", paramLabel = "OUTCOME", description = "PASS, NEEDS_CORRECTION or REJECT") ReviewOutcome formal;
      @Option(names = "--substantive", paramLabel = "OUTCOME", description = "PASS or REJECT") ReviewOutcome substantive;
    }

    @Option(names = "--opinion", defaultValue = "", description = "the written opinion (its SHA-256 is recorded)") String opinion;
    @Option(names = "--reason", description = "what to correct, or why it is rejected") String reason;

    @Override
    public Integer call() throws Exception {
      DaregClient client = connection.client();
      if (kind.start) {
        printRegistration(spec, connection.json, client.startFormalReview(regNo));
      } else if (kind.formal != null) {
        printRegistration(spec, connection.json, client.formalReview(new FormalReviewRequest(regNo, kind.formal, hashOf(opinion), reason)));
      } else {
        io.dareg.core.model.Review r = client.substantiveReview(new SubstantiveReviewRequest(regNo, kind.substantive, hashOf(opinion)));
        Output.print(spec.commandLine().getOut(), connection.json, r, Map.of("reviewNo", r.reviewNo(), "outcome", r.outcome().name()));
      }
      return 0;
    }
  }

  @Command(name = "notice", mixinStandardHelpOptions = true, description = "Publish the public notice (registrar).")
  static final class Notice implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;

    @Override
    public Integer call() throws Exception {
      printRegistration(spec, connection.json, connection.client().publishNotice(regNo));
      return 0;
    }
  }

  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = "Issue a registration whose notice has ended, and sign its certificate (registrar).")
  static final class Issue implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = {"-o", "--out"}, description = "write the signed certificate to this file") Path out;

    @Override
    public Integer call() throws Exception {
      DaregClient client = connection.client();
      if (client.registration(regNo).effectiveStatus() != RegistrationStatus.ISSUED) {
        client.issue(regNo);
      }
      Certificate cert = client.issueCertificate(regNo);
      if (out != null) {
        Output.writeFile(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(cert));
      }
      Map<String, String> human = new LinkedHashMap<>();
      human.put("certNo", cert.payload().certNo());
      human.put("certificateHash", cert.certificateHash());
      human.put("validUntil", String.valueOf(cert.payload().validUntil()));
      if (out != null) {
        human.put("written to", out.toString());
      }
      Output.print(spec.commandLine().getOut(), connection.json, cert, human);
      return 0;
    }
  }

  @Command(name = "renew", mixinStandardHelpOptions = true, description = "Renew inside the profile's window (registrar).")
  static final class Renew implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;

    @Override
    public Integer call() throws Exception {
      printRegistration(spec, connection.json, connection.client().renew(regNo));
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke (registrar; a regulator with --basis ORDER).")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = "--basis", required = true, description = "FRAUD, REFUSAL_GROUNDS, HARM, PETITION or ORDER") RevocationBasis basis;
    @Option(names = "--order", description = "the court or regulator order (for ORDER)") String order;
    @Option(names = "--reason", required = true, description = "the grounds in words") String reason;

    @Override
    public Integer call() throws Exception {
      printRegistration(spec, connection.json, connection.client().revoke(new RevokeRequest(regNo, basis, order, hashOf(reason), reason)));
      return 0;
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel; the records stay (registrar).")
  static final class Cancel implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = "--basis", required = true, description = "HOLDER_REQUEST or JUDGMENT") CancellationBasis basis;
    @Option(names = "--reason", required = true, description = "the request or judgment in words") String reason;

    @Override
    public Integer call() throws Exception {
      printRegistration(spec, connection.json, connection.client().cancel(new CancelRequest(regNo, basis, hashOf(reason), reason)));
      return 0;
    }
  }
}

package io.dareg.client.cli;

import io.dareg.client.DaregClient;
import io.dareg.core.api.AttachDocumentRequest;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.PublicTerms;
import io.dareg.core.api.PublicTermsRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.cert.Certificate;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.Attachment;
import io.dareg.core.model.AttachmentKind;
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
    // issue 20: review, profiles and disclosure
    if (r.status() == RegistrationStatus.FORMAL_REVIEW && r.formalReviewDue() != null) {
      human.put("formalReviewDue", r.formalReviewDue().toString());
    }
    for (int i = 0; i < r.attachments().size(); i++) {
      human.put("attachment " + (i + 1), describe(r.attachments().get(i)));
    }
    if (r.retainUntil() != null) {
      human.put("retainedUntil", r.retainUntil().toString());
    }
    Output.print(spec.commandLine().getOut(), json, r, human);
  }

  // issue 20: review, profiles and disclosure

  static String describe(Attachment a) {
    return a.kind() + " (" + a.kind().label() + ") by " + a.issuer() + ", " + a.date() + ", " + a.algorithm().jcaName() + " " + a.hash();
  }

  @Command(name = "queue", mixinStandardHelpOptions = true,
      description = "The registrar's queue: formal reviews with the date each is due; --overdue lists only those past it.")
  static final class Queue implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Option(names = "--overdue", description = "only formal reviews past the due date their profile sets") boolean overdue;

    @Override
    public Integer call() throws Exception {
      DaregClient client = connection.client();
      java.util.Set<String> late = new java.util.HashSet<>();
      client.overdueFormalReviews().items().forEach(r -> late.add(r.regNo()));
      java.util.List<Registration> shown = new java.util.ArrayList<>();
      if (overdue) {
        shown.addAll(client.overdueFormalReviews().items());
      } else {
        String bookmark = null;
        do {
          io.dareg.core.api.RegistrationPage page = client.registrationsInStatus(RegistrationStatus.FORMAL_REVIEW, 200, bookmark);
          shown.addAll(page.items());
          bookmark = page.bookmark() == null || page.bookmark().isEmpty() ? null : page.bookmark();
        } while (bookmark != null);
      }
      if (connection.json) {
        Output.print(spec.commandLine().getOut(), true, shown, Map.of());
        return 0;
      }
      java.io.PrintWriter out = spec.commandLine().getOut();
      if (shown.isEmpty()) {
        out.println(overdue ? "no formal review is overdue" : "no application is in formal review");
      }
      for (Registration r : shown) {
        out.printf("%s  %-9s  due %s%s%n", r.regNo(), r.profile(), r.formalReviewDue() == null ? "unknown (calendar)" : r.formalReviewDue(),
            late.contains(r.regNo()) ? "  OVERDUE" : "");
      }
      return 0;
    }
  }

  @Command(name = "attach", mixinStandardHelpOptions = true,
      description = "Attach a document to an application by its hash, before issue (holder); the document itself stays off the ledger.")
  static final class Attach implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = "--kind", required = true,
        description = "COMPLIANCE_UNDERTAKING, RESPONSIBILITY_UNDERTAKING, ASSESSMENT_REPORT, NOTARIAL_CERTIFICATE or POWER_OF_ATTORNEY")
    AttachmentKind kind;
    @Option(names = "--issuer", required = true, description = "who issued or signed it") String issuer;
    @Option(names = "--date", required = true, description = "the document's date, e.g. 2026-03-01") java.time.LocalDate date;
    @Option(names = "--algorithm", defaultValue = "SM3", description = "SM3 (default) or SHA256") HashAlgorithm algorithm;

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;

    static final class Source {
      @Option(names = "--file", description = "the document, hashed here; it is not sent") Path file;
      @Option(names = "--hash", description = "the document's hash, 64 hex characters") String hash;
    }

    @Override
    public Integer call() throws Exception {
      String hash = source.hash != null ? source.hash : Hashes.hex(algorithm, java.nio.file.Files.readAllBytes(source.file));
      Registration r = connection.client().attachDocument(new AttachDocumentRequest(regNo, new Attachment(kind, issuer, algorithm, hash, date)));
      printRegistration(spec, connection.json, r);
      return 0;
    }
  }

  @Command(name = "fees", mixinStandardHelpOptions = true,
      description = "The registry's fee schedule, operating rules and retention periods (public); --set FILE publishes new ones (registry admin).")
  static final class Fees implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Option(names = "--set", paramLabel = "FILE", description = "a JSON or YAML file: {fees: [{item, amount, basis}], operatingRules}") Path file;

    @Override
    public Integer call() throws Exception {
      DaregClient client = connection.client();
      if (file != null) {
        client.setPublicTerms(RequestFile.read(file, PublicTermsRequest.class));
      }
      PublicTerms terms = client.publicTerms();
      if (connection.json) {
        Output.print(spec.commandLine().getOut(), true, terms, Map.of());
        return 0;
      }
      java.io.PrintWriter out = spec.commandLine().getOut();
      out.println(terms.registryName());
      if (terms.fees().isEmpty()) {
        out.println("fees: none published yet (the registry admin publishes them: dareg fees --set FILE)");
      }
      for (io.dareg.core.model.FeeItem f : terms.fees()) {
        out.println("fee  " + f.item() + ": " + f.amount() + " (" + f.basis() + ")");
      }
      out.println("operating rules: " + (terms.operatingRules() == null ? "not published yet" : terms.operatingRules()));
      for (PublicTerms.Retention r : terms.retention()) {
        out.println("retention  " + r.profile() + ": " + r.period() + " (" + r.basis() + ")");
      }
      return 0;
    }
  }

  @Command(name = "validity", mixinStandardHelpOptions = true,
      description = "Whether a registration number or a certificate number is in force, and which certificate (public).")
  static final class Validity implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "NUMBER", description = "a registration number (DR-...) or a certificate number (DR-...-C01)") String number;

    @Override
    public Integer call() throws Exception {
      com.fasterxml.jackson.databind.JsonNode v = connection.client().publicValidity(number);
      Map<String, String> human = new LinkedHashMap<>();
      human.put("regNo", v.path("regNo").asText());
      human.put("in force", v.path("inForce").asBoolean() ? "yes" : "no");
      human.put("status", v.path("registrationStatus").asText());
      human.put("asset", v.path("assetName").asText());
      if (v.has("certificate")) {
        human.put("certificate", v.path("certificate").path("certNo").asText() + " " + v.path("certificate").path("status").asText()
            + (v.path("certificate").has("validUntil") ? " until " + v.path("certificate").path("validUntil").asText() : ""));
      }
      if (v.has("retainedUntil")) {
        human.put("retained until", v.path("retainedUntil").asText());
      }
      Output.print(spec.commandLine().getOut(), connection.json, v, human);
      return v.path("inForce").asBoolean() ? 0 : Dareg.VERIFICATION_FAILED;
    }
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

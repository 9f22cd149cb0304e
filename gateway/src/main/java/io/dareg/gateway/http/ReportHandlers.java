package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.cert.Certificate;
import io.dareg.core.json.Json;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.InvalidInputException;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.documents.CertificatePdf;
import io.dareg.gateway.documents.CjkFont;
import io.dareg.gateway.documents.JudicialExtractPdf;
import io.dareg.gateway.documents.PeriodReportPdf;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.report.CommittedEvents;
import io.dareg.gateway.report.JudicialExtract;
import io.dareg.gateway.report.Period;
import io.dareg.gateway.report.PeriodReport;
import io.dareg.gateway.report.RegistryReports;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports and documents for the registry, regulators and holders: the period report (CSV or PDF),
 * the judicial extract of an asset's evidence chain, and the gateway's audit log. Who may ask is the
 * table's; the extract checks the asset's holders itself.
 */
final class ReportHandlers {
  private final Reads reads;
  private final AuditLog audit;
  private final CertificateFiles certificates;
  private final CertificateAuthority authority;
  private final Pdfs pdfs;
  private final Replies replies;
  private final Limits limits;
  private final Clock clock;
  private final ArtifactReceipts receipts;

  ReportHandlers(Reads reads, AuditLog audit, CertificateFiles certificates, CertificateAuthority authority, Pdfs pdfs, Replies replies,
      Limits limits, Clock clock, ArtifactReceipts receipts) {
    this.receipts = receipts;
    this.reads = reads;
    this.audit = audit;
    this.certificates = certificates;
    this.authority = authority;
    this.pdfs = pdfs;
    this.replies = replies;
    this.limits = limits;
    this.clock = clock;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("getPeriodReport", this::period).bind("getJudicialExtract", this::extract).bind("readAuditLog", this::auditLog);
  }

  /** getJudicialExtract: the signed extract as PDF. */
  void extract(Call call) {
    String regNo = call.param("regNo");
    pdfs.send(call.ctx(), regNo + "-extract.pdf", () -> extract(call.caller(), regNo));
  }

  /** readAuditLog: the log's entries after {@code ?after=SEQ}, at most {@code ?limit=N}, with a check of its chain. */
  void auditLog(Call call) {
    long after;
    int limit;
    try {
      after = call.ctx().queryParams().contains("after") ? Long.parseLong(call.query("after")) : -1;
      limit = call.ctx().queryParams().contains("limit") ? Integer.parseInt(call.query("limit")) : 500;
    } catch (NumberFormatException e) {
      throw Problem.invalid("after", "after and limit must be whole numbers");
    }
    if (limit < 1 || limit > 5000) {
      throw Problem.invalid("limit", "limit must be 1 to 5000");
    }
    replies.blocking(call.ctx(), 200, () -> audit.read(after, limit));
  }

  /**
   * The period report as CSV or PDF: of everything, of one registry ({@code ?registry=DR}) or of every registry with
   * totals ({@code ?registry=all}, issue 25); the period, format and registry are checked before any work.
   */
  void period(Call call) {
    RoutingContext ctx = call.ctx();
    Period period;
    String registry = ctx.queryParams().get("registry");
    try {
      period = Period.parse(ctx.queryParams().get("period"), clock.instant());
      if (registry != null) {
        RegistryReports.checkRegistry(registry);
      }
    } catch (InvalidInputException e) {
      throw Problem.invalid(e.field(), e.getMessage());
    }
    String format = ctx.queryParams().contains("format") ? ctx.queryParams().get("format") : "csv";
    if (!format.equals("csv") && !format.equals("pdf")) {
      throw Problem.invalid("format", "format must be csv or pdf");
    }
    String disposition = "attachment; filename=\"dareg-report-" + period.name() + (registry == null ? "" : "-" + registry) + "." + format + "\"";
    replies.bytes(ctx, format.equals("csv") ? "text/csv; charset=utf-8" : CertificatePdf.MEDIA_TYPE, disposition, () -> {
      RegistryReports reports = new RegistryReports(period);
      long height = CommittedEvents.replay(reads.ledger(), reports, limits.requestTimeout());
      Instant now = clock.instant();
      reports.finish(height, now); // issue 20: formal reviews still running past their due date count as overdue
      if (RegistryReports.ALL.equals(registry)) {
        if (format.equals("csv")) {
          return reports.csv(now).getBytes(StandardCharsets.UTF_8);
        }
        List<PeriodReportPdf.Section> sections = new ArrayList<>();
        reports.registries().forEach((code, p) -> sections.add(new PeriodReportPdf.Section(code, p)));
        sections.add(new PeriodReportPdf.Section(RegistryReports.ALL, reports.total()));
        return new PeriodReportPdf(pdfs.font()).render(sections, reads.registryName(), now);
      }
      PeriodReport report = registry == null ? reports.total() : reports.of(registry);
      if (format.equals("csv")) {
        return report.csv(now).getBytes(StandardCharsets.UTF_8);
      }
      return new PeriodReportPdf(pdfs.font()).render(report, reads.registryName(), now);
    });
  }

  /**
   * The signed judicial extract of one asset, for the registry's staff and admin, regulators and
   * the asset's holders (getProvenance alone is open to any identified caller).
   */
  private byte[] extract(Caller caller, String regNo) throws Exception {
    JsonNode who = reads.query(caller, "whoAmI", "{}");
    RegistrationView view = reads.query(caller, "getRegistration", Map.of("regNo", regNo), RegistrationView.class);
    String role = who.path("role").asText("");
    boolean holder = view.registration().holders().contains(who.path("accountId").asText(""));
    boolean admin = caller.orgAdmin() && caller.msp().equals(reads.query(caller, "getSettings", "{}").path("registryMsp").asText());
    if (!holder && !admin && !List.of("REGISTRAR", "REVIEWER", "REGULATOR").contains(role)) {
      throw Problem.forbidden("the judicial extract of " + regNo + " is for the registry, regulators and the asset's holders");
    }
    CjkFont font = pdfs.font();
    List<JudicialExtract.Step> steps = new ArrayList<>();
    for (ProvenanceEntry p : reads.query(caller, "getProvenance", Map.of("regNo", regNo), ProvenanceEntry[].class)) {
      steps.add(new JudicialExtract.Step(p.time(), p.txId(), p.record(), p.number(), p.state(), p.signedBy()));
    }
    Set<String> txIds = JudicialExtract.transactions(steps);
    Map<String, LedgerEvent> events = new HashMap<>();
    long height = CommittedEvents.replay(reads.ledger(), e -> {
      if (txIds.contains(e.txId())) {
        events.put(e.txId(), e);
      }
    }, limits.requestTimeout());
    Map<String, IdentityRef> senders = new HashMap<>();
    for (JsonNode entry : audit.read(-1, Integer.MAX_VALUE).path("entries")) {
      String tx = entry.path("txId").asText("");
      if (txIds.contains(tx) && entry.hasNonNull("msp") && entry.hasNonNull("user")) {
        senders.put(tx, new IdentityRef(entry.path("msp").asText(), entry.path("user").asText()));
      }
    }
    List<Certificate> certs = new ArrayList<>();
    for (String certNo : steps.stream().filter(s -> s.record().equals("certificate")).map(JudicialExtract.Step::number)
        .distinct().sorted().toList()) {
      certificates.find(certNo).ifPresent(certs::add);
    }
    String registryName = reads.registryName();
    JsonNode extract = JudicialExtract.build(Json.mapper().valueToTree(view.registration()), steps, events, senders, certs,
        new JudicialExtract.About(registryName, caller.identity(), clock.instant(), height));
    // issue 24: each record's transaction in the witnessed log, with the line the PDF prints, checked here first
    for (JsonNode r : extract.path("records")) {
      receipts.of(r.path("txId").asText(null)).ifPresent(receipt -> receipts.summary(receipt).ifPresent(summary -> {
        io.dareg.core.log.LogReceipt.attach((com.fasterxml.jackson.databind.node.ObjectNode) r, receipt);
        ((com.fasterxml.jackson.databind.node.ObjectNode) r).put("log", summary);
      }));
    }
    return new JudicialExtractPdf(font).render(extract, authority.issuingKey(), authority.algorithm(),
        List.of(authority.issuing(), authority.root()));
  }
}

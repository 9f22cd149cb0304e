package io.dareg.client.cli;

import io.dareg.client.ExtractVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reports for regulators and courts: {@code dareg report --period 2026-Q3} (CSV or PDF),
 * {@code dareg report extract REGNO -o FILE} (the signed judicial extract) and
 * {@code dareg report check-extract FILE} (its offline check).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"The regulator's report of a period (regulators, registry admin): registrations, evidence, certificates,"
        + " objections, trades and deliveries, counted in China time (Asia/Shanghai), as CSV or as PDF with a chart;"
        + " per registry or across registries with --registry (a year: the GD annual data-asset report).",
        "Subcommands fetch and check the signed judicial extract (司法存证摘录) of one asset."},
    subcommands = {ReportCommands.Extract.class, ReportCommands.CheckExtract.class})
final class ReportCommands implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--period", paramLabel = "PERIOD", description = "a month 2026-09, a quarter 2026-Q3 or a year 2026")
  String period;

  @Option(names = "--format", defaultValue = "csv", description = "csv or pdf (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = {"-o", "--out"}, description = "the file to write (required for pdf; csv goes to the terminal without it)")
  Path out;

  @Option(names = "--registry", paramLabel = "CODE", description = "count one registry's registrations only (the code their"
      + " numbers begin with, e.g. DR), or 'all': a section per registry and the totals; a year's report is then the GD annual"
      + " data-asset report (数据资产年度报告)")
  String registry;

  @Override
  public Integer call() throws Exception {
    if (period == null) {
      throw new ParameterException(spec.commandLine(), "give --period (2026-09, 2026-Q3 or 2026), or a subcommand: extract, check-extract");
    }
    if (!format.equals("csv") && !format.equals("pdf")) {
      throw new ParameterException(spec.commandLine(), "--format must be csv or pdf");
    }
    if (format.equals("pdf") && out == null) {
      throw new ParameterException(spec.commandLine(), "a PDF report needs -o FILE");
    }
    if (registry != null && !registry.matches("[A-Z][A-Z0-9]{0,15}|all")) {
      throw new ParameterException(spec.commandLine(), "--registry is a registry's code in capitals (the part of its registration"
          + " numbers before the first '-', e.g. DR) or 'all', not " + registry);
    }
    byte[] report = connection.client().periodReport(period, format, registry);
    if (out == null) {
      spec.commandLine().getOut().print(new String(report, StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
    } else {
      Output.writeFile(spec.commandLine().getOut(), out, report, "the " + period + " report");
    }
    return 0;
  }

  @Command(name = "extract", mixinStandardHelpOptions = true,
      description = "Fetch the judicial extract (司法存证摘录) of an asset: every record with who, when, transaction ids, blocks"
          + " and hashes, as a PDF signed by the registry (registry staff, regulators, the asset's holders).")
  static final class Extract implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Mixin Output.PdfFile pdf;

    @Override
    public Integer call() throws Exception {
      return pdf.write(connection.client().judicialExtract(regNo), "the judicial extract of " + regNo);
    }
  }

  @Command(name = "check-extract", mixinStandardHelpOptions = true,
      description = "Check a judicial extract offline: its PDF signature, that it covers the whole file, the signer's chain to"
          + " the registry root (--roots), and the attached JSON. Exit 0 valid, 1 not valid.")
  static final class CheckExtract implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "FILE") Path file;

    @Override
    public Integer call() throws Exception {
      ExtractVerifier.Result r = new ExtractVerifier(connection.roots()).verify(Files.readAllBytes(file));
      var out = spec.commandLine().getOut();
      if (connection.json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("valid", r.valid());
        doc.put("checks", r.checks());
        Output.print(out, true, doc, Map.of());
      } else {
        for (ExtractVerifier.Check c : r.checks()) {
          out.printf("%-10s %-4s  %s%n", c.name(), c.passed() ? "PASS" : "FAIL", c.detail());
        }
        out.println(r.valid() ? "VALID judicial extract of " + r.extract().path("regNo").asText() + ", made "
            + r.extract().path("extractedAt").asText() : "NOT VALID");
      }
      return r.valid() ? 0 : Dareg.VERIFICATION_FAILED;
    }
  }
}

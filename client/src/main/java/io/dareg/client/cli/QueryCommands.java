package io.dareg.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.HistoryEntry;
import io.dareg.core.api.RegistrationView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Reading registrations. */
final class QueryCommands {
  private QueryCommands() {}

  @Command(name = "status", mixinStandardHelpOptions = true, description = "The status of a registration as of now.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;

    @Override
    public Integer call() throws Exception {
      RegistrationView v = connection.client().registration(regNo);
      Map<String, String> human = new LinkedHashMap<>();
      human.put("regNo", regNo);
      human.put("status", v.effectiveStatus().name() + " (" + v.effectiveStatus().label() + ")");
      human.put("certificate", v.certificate() == null ? "-" : v.certificate().certNo() + " " + v.certificate().status());
      human.put("holders", holders(v.registration())); // issue 20: co-holders' shares
      human.put("validUntil", String.valueOf(v.registration().validUntil())
          + (v.registration().validityBasis() == null ? "" : " (" + v.registration().validityBasis() + ")")
          + (v.validityEnded() ? "; validity ended, not yet swept" : "")); // issue 20
      human.put("encumbrances", String.valueOf(v.encumbrances().size()));
      human.put("objections", String.valueOf(v.objections().size())
          + (v.objections().stream().anyMatch(o -> o.afterIssue()) ? " (objection registered after issue)" : ""));
      if (v.pendingChange() != null) {
        human.put("change", v.pendingChange().changeNo() + " under review, due " + v.pendingChange().reviewDue()); // issue 20
      }
      Output.print(spec.commandLine().getOut(), connection.json, Map.of("regNo", regNo, "status", v.effectiveStatus()), human);
      return 0;
    }
  }

  /** Each holder with its share (资产权益比例), or "shares unspecified" when the registration records none. */
  static String holders(io.dareg.core.model.Registration r) {
    List<String> out = new java.util.ArrayList<>();
    for (String h : r.holders()) {
      out.add(r.shares().isEmpty() ? h : h + " " + r.shareOf(h));
    }
    return String.join(", ", out) + (r.shares().isEmpty() && r.holders().size() > 1 ? " (shares unspecified)" : "");
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "A registration with its certificate, encumbrances (in force and pending consent), objections and holders' shares, as JSON.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;

    @Override
    public Integer call() throws Exception {
      Output.print(spec.commandLine().getOut(), true, connection.client().registration(regNo), Map.of());
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "Every change of a registration, with its transaction.")
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;

    /** Who signed an act, as the history shows it (issue 23). */
    static String signer(io.dareg.core.model.IdentityRef by) {
      return by == null ? "(no author's signature)" : "signed by " + by;
    }

    @Override
    public Integer call() throws Exception {
      List<HistoryEntry> h = connection.client().history(regNo);
      if (connection.json) {
        Output.print(spec.commandLine().getOut(), true, h, Map.of());
      } else {
        String lastCert = null;
        for (HistoryEntry e : h) {
          // issue 20: a new certificate after a renewal, transfer or change says which one it superseded
          String cert = e.registration().certificateNo();
          String note = cert != null && lastCert != null && !cert.equals(lastCert) ? "  certificate " + lastCert + " superseded by " + cert : "";
          lastCert = cert != null ? cert : lastCert;
          spec.commandLine().getOut().printf("%-32s v%-3d %-20s %s  %s%s%n", e.time(), e.registration().version(), e.registration().status(), e.txId(),
              signer(e.signedBy()), note);
        }
      }
      return 0;
    }
  }

  @Command(name = "notices", mixinStandardHelpOptions = true, description = "The public notice board.")
  static final class Notices implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() throws Exception {
      JsonNode board = connection.client().publicNotices();
      if (connection.json) {
        Output.print(spec.commandLine().getOut(), true, board, Map.of());
      } else {
        for (JsonNode n : board) {
          spec.commandLine().getOut().printf("%-26s %-18s objections until %s  %s%n", n.path("regNo").asText(), n.path("status").asText(),
              n.path("objectionDeadline").asText(), n.path("assetName").asText());
        }
      }
      return 0;
    }
  }
}

package io.dareg.client.cli;

import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.SweepResult;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.ChangeKind;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Issue 20: change and correction registration after issue (变更登记 / 更正登记), and the sweep. */
@Command(name = "change", mixinStandardHelpOptions = true,
    description = "Apply for, approve, refuse or read a change or correction of an issued registration.",
    subcommands = {ChangeCommands.Apply.class, ChangeCommands.Approve.class, ChangeCommands.Refuse.class, ChangeCommands.Show.class})
final class ChangeCommands {
  static void print(CommandSpec spec, boolean json, ChangeApplication c) {
    Map<String, String> human = new LinkedHashMap<>();
    human.put("changeNo", c.changeNo());
    human.put("regNo", c.regNo());
    human.put("kind", c.kind().name() + " (" + c.kind().label() + ")");
    human.put("status", c.status().name());
    human.put("review due", String.valueOf(c.reviewDue()));
    if (c.supersededCertificate() != null) {
      human.put("superseded", c.supersededCertificate() + ": record the new certificate (dareg issue " + c.regNo() + ")");
    }
    if (c.decisionReason() != null) {
      human.put("grounds", c.decisionReason());
    }
    Output.print(spec.commandLine().getOut(), json, c, human);
  }

  @Command(name = "apply", mixinStandardHelpOptions = true, description = "The holder applies with the changed data and a reason.")
  static final class Apply implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = "--kind", defaultValue = "CHANGE", description = "CHANGE (变更) or CORRECTION (更正)") ChangeKind kind;
    @Option(names = "--asset", description = "a JSON (or .yaml) file with the changed public description") Path asset;
    @Option(names = "--authorisation-ends", description = "the new end of the authorisation agreement, YYYY-MM-DD") LocalDate authorisationEnds;
    @Option(names = "--data-valid-until", description = "the new end of the data's own validity, YYYY-MM-DD") LocalDate dataValidUntil;
    @Option(names = "--reason", required = true, description = "why the data changed") String reason;
    @Option(names = "--documents", description = "the supporting documents, described (their SHA-256 is recorded)") String documents;

    @Override
    public Integer call() throws Exception {
      AssetDescription a = asset == null ? null : RequestFile.read(asset, AssetDescription.class);
      print(spec, connection.json, connection.client().applyForChange(new ChangeRequest(regNo, kind, a, authorisationEnds,
          dataValidUntil, null, reason, documents == null ? null : RegistrarCommands.hashOf(documents))));
      return 0;
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve: the data changes and the certificate is superseded; then sign the new one with dareg issue (registrar).")
  static final class Approve implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "CHANGE") String changeNo;
    @Option(names = "--decision", description = "the written decision (its SHA-256 is recorded)") String decision;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().approveChange(
          new ChangeDecisionRequest(changeNo, decision == null ? null : RegistrarCommands.hashOf(decision), null)));
      return 0;
    }
  }

  @Command(name = "refuse", mixinStandardHelpOptions = true, description = "Refuse with grounds (registrar).")
  static final class Refuse implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "CHANGE") String changeNo;
    @Option(names = "--reason", required = true, description = "the grounds in words (their SHA-256 is recorded too)") String reason;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().refuseChange(
          new ChangeDecisionRequest(changeNo, RegistrarCommands.hashOf(reason), reason)));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Read a change or correction application.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "CHANGE") String changeNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().change(changeNo));
      return 0;
    }
  }

  /** The sweep, by hand. */
  @Command(name = "sweep", mixinStandardHelpOptions = true,
      description = "Record expiries (cancelling where the profile says so) and lapsed objections now; lists what changed (registrar).")
  static final class Sweep implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() throws Exception {
      SweepResult r = connection.client().sweep();
      Map<String, String> human = new LinkedHashMap<>();
      human.put("swept at", String.valueOf(r.sweptAt()));
      human.put("expired", String.valueOf(r.expired()));
      human.put("cancelled and announced", String.valueOf(r.cancelled()));
      human.put("lapsed objections", String.valueOf(r.lapsedObjections()));
      human.put("objections not forwarded in time", String.valueOf(r.overdueForwarding()));
      human.put("change reviews overdue", String.valueOf(r.overdueChangeReviews()));
      if (r.more()) {
        human.put("more", "the sweep stopped at its limit: run it again");
      }
      Output.print(spec.commandLine().getOut(), connection.json, r, human);
      return 0;
    }
  }
}

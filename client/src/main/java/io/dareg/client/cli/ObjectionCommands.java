package io.dareg.client.cli;

import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.model.Objection;
import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.ObjectionStatus;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Objections during the public notice. */
@Command(name = "objection", mixinStandardHelpOptions = true, description = "Raise, answer, refer, file and resolve objections.",
    subcommands = {ObjectionCommands.Raise.class, ObjectionCommands.Answer.class, ObjectionCommands.Refer.class,
        ObjectionCommands.File.class, ObjectionCommands.Resolve.class, ObjectionCommands.Forward.class})
final class ObjectionCommands {
  static void print(CommandSpec spec, boolean json, Objection o) {
    Output.print(spec.commandLine().getOut(), json, o, Map.of("objectionNo", o.objectionNo(), "status", o.status().name()));
  }

  @Command(name = "raise", mixinStandardHelpOptions = true,
      description = "Object to a registration in notice, or register an objection to an issued one, under your identity.")
  static final class Raise implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = "--kind", defaultValue = "GENERAL", description = "GENERAL or OWNERSHIP") ObjectionKind kind;
    @Option(names = "--grounds", required = true, description = "the grounds in words (their SHA-256 is recorded)") String grounds;
    @Option(names = "--evidence", required = true, description = "your evidence, described (its SHA-256 is recorded)") String evidence;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().raiseObjection(
          new RaiseObjectionRequest(regNo, kind, RegistrarCommands.hashOf(grounds), RegistrarCommands.hashOf(evidence))));
      return 0;
    }
  }

  @Command(name = "answer", mixinStandardHelpOptions = true, description = "The holder answers an objection.")
  static final class Answer implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "OBJECTION") String objectionNo;
    @Option(names = "--text", required = true, description = "the answer (its SHA-256 is recorded)") String text;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().answerObjection(new ObjectionActionRequest(objectionNo, RegistrarCommands.hashOf(text))));
      return 0;
    }
  }

  @Command(name = "refer", mixinStandardHelpOptions = true, description = "Refer an ownership dispute to court (registrar).")
  static final class Refer implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "OBJECTION") String objectionNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().referObjectionToCourt(new ObjectionActionRequest(objectionNo, null)));
      return 0;
    }
  }

  @Command(name = "file", mixinStandardHelpOptions = true, description = "The objector shows a court or arbitration filing.")
  static final class File implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "OBJECTION") String objectionNo;
    @Option(names = "--filing", required = true, description = "the filing's reference (its SHA-256 is recorded)") String filing;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().recordCourtFiling(new ObjectionActionRequest(objectionNo, RegistrarCommands.hashOf(filing))));
      return 0;
    }
  }

  @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Decide an objection (registrar).")
  static final class Resolve implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "OBJECTION") String objectionNo;
    @Option(names = "--outcome", required = true, description = "UPHELD, DISMISSED or LAPSED") ObjectionStatus outcome;
    @Option(names = "--decision", required = true, description = "the decision (its SHA-256 is recorded)") String decision;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().resolveObjection(
          new ResolveObjectionRequest(objectionNo, outcome, RegistrarCommands.hashOf(decision))));
      return 0;
    }
  }

  /** Issue 20: forwarding an objection registered after issue to the holder. */
  @Command(name = "forward", mixinStandardHelpOptions = true,
      description = "Record that the registry forwarded an objection registered after issue to the holder (registrar).")
  static final class Forward implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "OBJECTION") String objectionNo;
    @Option(names = "--letter", description = "the forwarding letter (its SHA-256 is recorded)") String letter;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().forwardObjection(
          new ObjectionActionRequest(objectionNo, letter == null ? null : RegistrarCommands.hashOf(letter))));
      return 0;
    }
  }
}

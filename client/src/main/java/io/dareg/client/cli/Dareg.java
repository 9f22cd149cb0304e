package io.dareg.client.cli;

import io.dareg.client.GatewayUnreachableException;
import io.dareg.client.ProblemException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dareg} command line. Exit codes: 0 ok, 1 verification failed, 2 usage or unreadable
 * input, 3 not found or refused by the registry, 4 gateway unreachable, 5 (witness) the log showed a checkpoint
 * inconsistent with one it cosigned.
 *
 * <pre>{@code
 * dareg hash data/                                   # hashes locally, nothing is sent
 * dareg evidence data/ --identity .dareg/dev/holder  # deposits only the hashes
 * dareg verify cert.json --data data/                # exit 0 valid, 1 not valid
 * dareg report --period 2026-Q3 --format pdf -o q3.pdf   # regulators: the period's figures
 * dareg report check-extract DR-...-extract.pdf      # a judicial extract, offline
 * dareg sign publishNotice args.json --identity DIR   # a signed write, printed for curl
 * dareg monitor --log http://127.0.0.1:8080 --watch DR-2026-0001 --state mon --once   # follow the log
 * dareg witness --log URL --key witness.key --state witness/   # cosign the log's checkpoints
 * int code = Dareg.run(new String[] {"verify", "cert.json"}, out, err);   // in process
 * }</pre>
 */
@Command(
    name = "dareg",
    mixinStandardHelpOptions = true,
    version = "dareg 0.1.0",
    description = "Register data assets, keep their evidence, and verify certificates.",
    subcommands = {
      HashCommands.Hash.class, HashCommands.Prove.class, EvidenceCommands.Deposit.class, EvidenceCommands.Report.class, EvidenceCommands.Apply.class,
      QueryCommands.Status.class, QueryCommands.Show.class, QueryCommands.History.class, QueryCommands.Notices.class,
      RegistrarCommands.Review.class, RegistrarCommands.Notice.class, RegistrarCommands.Issue.class,
      RegistrarCommands.Renew.class, RegistrarCommands.Revoke.class, RegistrarCommands.Cancel.class,
      ObjectionCommands.class, RightsCommands.Transfer.class, RightsCommands.Pledge.class, RightsCommands.Licence.class,
      TradeCommands.Check.class, TradeCommands.TradeGroup.class, DeliveryCommands.Deliver.class, DeliveryCommands.Delivered.class, DeliveryCommands.Accept.class,
      TradeCommands.Provenance.class, TradeCommands.FindHash.class, CertCommands.class, CertCommands.Verify.class, LedgerCommands.class, ReportCommands.class,
      // issue 20: review, profiles and disclosure
      RegistrarCommands.Queue.class, RegistrarCommands.Attach.class, RegistrarCommands.Fees.class, RegistrarCommands.Validity.class,
      RightsCommands.EncumbranceGroup.class, TradeCommands.ProhibitedListGroup.class, // issue 20
      // issue 20: after issue
      ChangeCommands.class, ChangeCommands.Sweep.class, CalendarCommands.class,
      SignCommand.class, ActCommands.Export.class, ActCommands.Verify.class, // issue 23: a signed write for curl; one act and its proof
      MonitorCommand.class, // issue 24: follow the transparency log, watch accounts and registrations
      WitnessCommand.class, // issue 24: cosign the transparency log's checkpoints
      RegistryCommands.RegistryGroup.class, RegistryCommands.RecognitionGroup.class, // issue 25: several registries
      SuperviseCommand.class, // issue 25: the regulator's supervision feed
      CommandLine.HelpCommand.class
    })
public final class Dareg {
  /** Verification failed. */
  public static final int VERIFICATION_FAILED = 1;
  /** Bad usage or unreadable input. */
  public static final int USAGE = 2;
  /** Not found, or refused by the registry. */
  public static final int REFUSED = 3;
  /** The gateway could not be reached. */
  public static final int UNREACHABLE = 4;
  /** A witness saw the log show a checkpoint inconsistent with one it cosigned (a fork or a rewritten history). */
  public static final int LOG_INCONSISTENT = 5;

  private Dareg() {}

  /**
   * The root for {@code dareg hash} and {@code dareg prove}, which only read local files: picocli
   * then models two commands instead of all of them, which saves about half a second of start-up.
   */
  @Command(name = "dareg", subcommands = {HashCommands.Hash.class, HashCommands.Prove.class})
  static final class LocalHashing {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given output and error writers; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean local = args.length > 0 && (args[0].equals("hash") || args[0].equals("prove"));
    CommandLine cli = new CommandLine(local ? new LocalHashing() : new Dareg());
    cli.setOut(out);
    cli.setErr(err);
    cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ProblemException p) {
        commandLine.getErr().println("dareg: " + p.status() + " " + p.type().substring(p.type().lastIndexOf('/') + 1)
            + (p.field() == null ? "" : " (" + p.field() + ")") + ": " + p.detail());
        return p.status() >= 500 ? UNREACHABLE : REFUSED;
      }
      if (e instanceof GatewayUnreachableException) {
        commandLine.getErr().println("dareg: " + e.getMessage());
        return UNREACHABLE;
      }
      if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
        commandLine.getErr().println("dareg: " + e.getMessage());
        return USAGE;
      }
      throw e;
    });
    return cli.execute(args);
  }
}

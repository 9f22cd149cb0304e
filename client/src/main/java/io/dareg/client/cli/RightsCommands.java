package io.dareg.client.cli;

import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.TimeSpan;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Transfers, pledges and licences (holders). */
final class RightsCommands {
  private RightsCommands() {}

  static void print(CommandSpec spec, boolean json, io.dareg.core.model.Transfer t) {
    Map<String, String> human = new java.util.LinkedHashMap<>();
    human.put("transferNo", t.transferNo());
    human.put("status", t.status().name());
    human.put("to", t.to());
    if (t.status() == io.dareg.core.model.TransferStatus.PROPOSED) {
      human.put("recipient", t.acceptedAt() == null ? "not yet accepted" : "accepted " + t.acceptedAt());
      human.put("awaiting consent of", t.awaitingConsent().isEmpty() ? "-" : String.join(", ", t.awaitingConsent()));
    }
    Output.print(spec.commandLine().getOut(), json, t, human);
  }

  static void print(CommandSpec spec, boolean json, Encumbrance e) {
    Map<String, String> human = new java.util.LinkedHashMap<>();
    human.put("encumbranceNo", e.encumbranceNo());
    human.put("kind", e.kind().name());
    human.put("counterparty", e.counterparty());
    human.put("status", e.status().name());
    if (e.status() == io.dareg.core.model.EncumbranceStatus.PENDING_CONSENT) {
      human.put("awaiting consent of", String.join(", ", e.awaitingConsent()));
    }
    Output.print(spec.commandLine().getOut(), json, e, human);
  }

  /** The {@code --contract} of the acts that rest on a contract (transfer, pledge, licence, trade): the ledger records its hash. */
  static final class Contract {
    @Option(names = "--contract", required = true, description = "the contract's reference (its SHA-256 is recorded)") String contract;

    /** The contract's reference as given. */
    String reference() {
      return contract;
    }

    /** The SHA-256 of the reference, as the ledger records it. */
    String hash() {
      return RegistrarCommands.hashOf(contract);
    }
  }

  /** The {@code transfer} group. */
  @Command(name = "transfer", mixinStandardHelpOptions = true, description = "Propose a transfer, or accept or decline one.",
      subcommands = {Propose.class, Accept.class, Decline.class, ConsentToTransfer.class})
  static final class Transfer {}

  // issue 20: co-holders' consent

  @Command(name = "consent", mixinStandardHelpOptions = true,
      description = "A co-holder consents to a transfer of a jointly held asset; the last consent, with the recipient's acceptance, completes it.")
  static final class ConsentToTransfer implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "TRANSFER") String transferNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().consentToTransfer(transferNo));
      return 0;
    }
  }

  /** The {@code encumbrance} group. */
  @Command(name = "encumbrance", mixinStandardHelpOptions = true, description = "Pledges, licences and trusts already filed.",
      subcommands = {ConsentToEncumbrance.class})
  static final class EncumbranceGroup {}

  @Command(name = "consent", mixinStandardHelpOptions = true,
      description = "A co-holder consents to a pledge, licence or trust of a jointly held asset; the last consent puts it in force.")
  static final class ConsentToEncumbrance implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "ENCUMBRANCE") String encumbranceNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().consentToEncumbrance(encumbranceNo));
      return 0;
    }
  }

  @Command(name = "propose", mixinStandardHelpOptions = true, description = "The holder proposes to transfer the right.")
  static final class Propose implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = "--to", required = true, description = "the recipient's account") String to;
    @Mixin Contract contract;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().proposeTransfer(new ProposeTransferRequest(regNo, to, contract.hash())));
      return 0;
    }
  }

  @Command(name = "accept", mixinStandardHelpOptions = true, description = "The recipient accepts a transfer.")
  static final class Accept implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "TRANSFER") String transferNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().acceptTransfer(transferNo));
      return 0;
    }
  }

  @Command(name = "decline", mixinStandardHelpOptions = true, description = "A party declines a transfer.")
  static final class Decline implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "TRANSFER") String transferNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().declineTransfer(transferNo));
      return 0;
    }
  }

  /** Options shared by pledge and licence. */
  abstract static class Encumber implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = "--to", required = true, description = "the pledgee's or licensee's account") String to;
    @Option(names = "--scope", defaultValue = "the whole data asset", description = "what it covers") String scope;
    @Option(names = "--from", description = "start of the term (default: today)") LocalDate from;
    @Option(names = "--until", description = "end of the term") LocalDate until;
    @Mixin Contract contract;
    @Option(names = "--signed", description = "the contract's date (default: today)") LocalDate signed;

    abstract EncumbranceKind kind();

    List<String> scenarios() {
      return List.of();
    }

    boolean exclusive() {
      return false;
    }

    @Override
    public Integer call() throws Exception {
      LocalDate today = LocalDate.now(io.dareg.core.model.ChinaTime.ZONE);
      print(spec, connection.json, connection.client().addEncumbrance(new AddEncumbranceRequest(regNo, kind(), to, scope, scenarios(),
          exclusive(), new TimeSpan(from != null ? from : today, until), contract.hash(), signed != null ? signed : today)));
      return 0;
    }
  }

  @Command(name = "pledge", mixinStandardHelpOptions = true, description = "File a pledge (within 10 working days of the contract).")
  static final class Pledge extends Encumber {
    @Override
    EncumbranceKind kind() {
      return EncumbranceKind.PLEDGE;
    }
  }

  @Command(name = "licence", mixinStandardHelpOptions = true, description = "File a licence (within 10 working days of the contract).")
  static final class Licence extends Encumber {
    @Option(names = "--scenario", split = ",", description = "permitted scenarios") List<String> scenarios;
    @Option(names = "--exclusive", description = "an exclusive licence") boolean exclusive;

    @Override
    EncumbranceKind kind() {
      return EncumbranceKind.LICENCE;
    }

    @Override
    List<String> scenarios() {
      return scenarios == null ? List.of() : scenarios;
    }

    @Override
    boolean exclusive() {
      return exclusive;
    }
  }
}

package io.dareg.client.cli;

import io.dareg.core.api.AddPeerRegistryRequest;
import io.dareg.core.api.OpenRegistryRequest;
import io.dareg.core.api.ProposeRecognitionRequest;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.DuplicateFlag;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RightType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Issue 25: several registries on one ledger, and registries of other ledgers. {@code dareg registry
 * open|list|duplicates|add-peer|peers} and
 * {@code dareg recognition propose|accept|withdraw|show|list}.
 */
final class RegistryCommands {
  private RegistryCommands() {}

  @Command(name = "registry", mixinStandardHelpOptions = true,
      description = "The registries on the ledger: open your organisation's, list them, read the duplicate flags one sees.",
      subcommands = {Open.class, ListRegistries.class, Duplicates.class, AddPeer.class, Peers.class, CheckPeers.class})
  static final class RegistryGroup {}

  @Command(name = "add-peer", mixinStandardHelpOptions = true,
      description = {"Enter a registry of another ledger (registry admin): its CA root, gateway URL, log key and witnesses.",
          "Its listing-check vouchers are then checked here offline, and its admin may sign its part of a recognition agreement here."})
  static final class AddPeer implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Option(names = "--code", required = true, description = "its code, e.g. SZ") String code;
    @Option(names = "--msp", required = true, description = "its organisation, e.g. SzRegistryMSP") String msp;
    @Option(names = "--name", required = true) String name;
    @Option(names = "--root", required = true, paramLabel = "PEM", description = "its CA root certificate (PEM file, as it publishes it)")
    java.nio.file.Path root;
    @Option(names = "--peer-url", required = true, description = "its gateway's base URL") String peerUrl;
    @Option(names = "--log-key", description = "its transparency log's verifier key (GET /log/key there)") String logKey;
    @Option(names = "--witness", paramLabel = "KEY", description = "a witness of its log (repeat)") List<String> witnesses = new ArrayList<>();
    @Option(names = "--quorum", description = "how many of its witnesses must cosign") Integer quorum;

    @Override
    public Integer call() throws Exception {
      String der = java.util.Base64.getEncoder().encodeToString(Connection.certificates(root).get(0).getEncoded());
      PeerRegistry p = connection.client().addPeerRegistry(new AddPeerRegistryRequest(code, msp, name, der, peerUrl, logKey,
          witnesses.isEmpty() ? null : witnesses, quorum));
      Output.print(spec.commandLine().getOut(), connection.json, p, describe(p));
      return 0;
    }
  }

  @Command(name = "check-peers", mixinStandardHelpOptions = true,
      description = {"Check a registration's evidence hashes against every peer registry (registrar): each peer's signed answer that",
          "names a live registration there flags this one (一数多登). Only the hashes are sent."})
  static final class CheckPeers implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;

    @Override
    public Integer call() throws Exception {
      io.dareg.core.model.Registration r = connection.client().checkPeers(regNo);
      Map<String, String> human = new LinkedHashMap<>();
      human.put("regNo", r.regNo());
      human.put("duplicates", r.duplicates().isEmpty() ? "none at any peer" : String.join(", ", r.duplicates()));
      Output.print(spec.commandLine().getOut(), connection.json, r, human);
      return 0;
    }
  }

  @Command(name = "peers", mixinStandardHelpOptions = true, description = "The registries of other ledgers this ledger's registry admin entered.")
  static final class Peers implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() throws Exception {
      List<PeerRegistry> all = connection.client().peerRegistries();
      Map<String, String> human = new LinkedHashMap<>();
      for (PeerRegistry p : all) {
        human.put(p.code(), p.name() + " (" + p.msp() + ", " + p.url() + ")");
      }
      if (all.isEmpty()) {
        human.put("peers", "none (the registry admin enters one: dareg registry add-peer)");
      }
      Output.print(spec.commandLine().getOut(), connection.json, all, human);
      return 0;
    }
  }

  private static Map<String, String> describe(PeerRegistry p) {
    Map<String, String> human = new LinkedHashMap<>();
    human.put("peer registry", p.code() + " " + p.name());
    human.put("organisation", p.msp());
    human.put("gateway", p.url());
    human.put("log key", p.logKey() == null ? "-" : p.logKey());
    human.put("witnesses", p.logWitnesses().isEmpty() ? "-" : p.logWitnesses().size() + ", quorum " + p.logWitnessQuorum());
    human.put("entered", p.addedAt() + " by " + p.addedBy());
    return human;
  }

  @Command(name = "open", mixinStandardHelpOptions = true,
      description = "Open your organisation's registry (an admin of an organisation the ledger trusts): its registrations are numbered CODE-….")
  static final class Open implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Option(names = "--code", required = true, description = "2 to 6 capital letters, e.g. SZ") String code;
    @Option(names = "--name", required = true, description = "the registry's name, printed on its certificates") String name;
    @Option(names = "--profile", required = true, description = "the profile an application gets when it names none, e.g. TJ-DIP")
    String profile;

    @Override
    public Integer call() throws Exception {
      RegistryRecord r = connection.client().openRegistry(new OpenRegistryRequest(code, name, profile));
      Output.print(spec.commandLine().getOut(), connection.json, r, describe(r));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The registries on the ledger, the first one first.")
  static final class ListRegistries implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() throws Exception {
      List<RegistryRecord> all = connection.client().registries();
      Map<String, String> human = new LinkedHashMap<>();
      for (RegistryRecord r : all) {
        human.put(r.code(), r.name() + " (" + r.msp() + ", default profile " + r.defaultProfile() + ")");
      }
      Output.print(spec.commandLine().getOut(), connection.json, all, human);
      return 0;
    }
  }

  @Command(name = "duplicates", mixinStandardHelpOptions = true,
      description = "The same data applied for at two registries (一数多登), as registry CODE sees it.")
  static final class Duplicates implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "CODE", description = "the registry's code") String code;

    @Override
    public Integer call() throws Exception {
      List<DuplicateFlag> flags = connection.client().duplicates(code);
      Map<String, String> human = new LinkedHashMap<>();
      for (DuplicateFlag f : flags) {
        human.put(f.regNo(), "rests on the data of " + f.otherRegNo() + " (" + f.algorithm() + " " + f.hash() + "), flagged at "
            + f.flaggedAt());
      }
      if (flags.isEmpty()) {
        human.put("duplicates", "none");
      }
      Output.print(spec.commandLine().getOut(), connection.json, flags, human);
      return 0;
    }
  }

  @Command(name = "recognition", mixinStandardHelpOptions = true,
      description = "Mutual recognition agreements (互认) between registries: proposed by one registry's admin, in force once the other's accepts.",
      subcommands = {Propose.class, Accept.class, Withdraw.class, Show.class, ListRecognitions.class})
  static final class RecognitionGroup {}

  @Command(name = "propose", mixinStandardHelpOptions = true, description = "Propose an agreement to another registry (registry admin).")
  static final class Propose implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Option(names = "--with", required = true, paramLabel = "CODE", description = "the registry asked to accept") String with;
    @Option(names = "--profile", paramLabel = "PROFILE", description = "a profile it covers (repeat; none: every profile)")
    List<String> profiles = new ArrayList<>();
    @Option(names = "--class", paramLabel = "CLASS", description = "an asset class it covers (repeat; none: every class): ${COMPLETION-CANDIDATES}")
    List<AssetClass> classes = new ArrayList<>();
    @Option(names = "--right", paramLabel = "RIGHT", description = "a right type it covers (repeat; none: every right): ${COMPLETION-CANDIDATES}")
    List<RightType> rights = new ArrayList<>();
    @Option(names = "--from", description = "when it starts (ISO-8601 instant); default: when it is proposed") Instant from;
    @Option(names = "--until", description = "when it ends (ISO-8601 instant); default: no end") Instant until;

    @Override
    public Integer call() throws Exception {
      Recognition r = connection.client().proposeRecognition(new ProposeRecognitionRequest(with, profiles, classes, rights, from, until));
      print(spec, connection.json, r);
      return 0;
    }
  }

  @Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept an agreement proposed to your registry (registry admin).")
  static final class Accept implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "AGREEMENT") String agreementNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().acceptRecognition(agreementNo));
      return 0;
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw an agreement your registry is party to (registry admin).")
  static final class Withdraw implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "AGREEMENT") String agreementNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().withdrawRecognition(agreementNo));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Read one agreement.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "AGREEMENT") String agreementNo;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().recognition(agreementNo));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every agreement on the ledger.")
  static final class ListRecognitions implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() throws Exception {
      List<Recognition> all = connection.client().recognitions();
      Map<String, String> human = new LinkedHashMap<>();
      for (Recognition r : all) {
        human.put(r.agreementNo(), r.proposer() + " <-> " + r.counterparty() + ": " + r.status() + ", " + scope(r));
      }
      if (all.isEmpty()) {
        human.put("agreements", "none (a registry admin proposes one: dareg recognition propose --with CODE)");
      }
      Output.print(spec.commandLine().getOut(), connection.json, all, human);
      return 0;
    }
  }

  private static Map<String, String> describe(RegistryRecord r) {
    Map<String, String> human = new LinkedHashMap<>();
    human.put("registry", r.code());
    human.put("name", r.name());
    human.put("organisation", r.msp());
    human.put("default profile", r.defaultProfile());
    human.put("opened", r.openedAt() + " by " + r.openedBy());
    return human;
  }

  private static void print(CommandSpec spec, boolean json, Recognition r) {
    Map<String, String> human = new LinkedHashMap<>();
    human.put("agreement", r.agreementNo());
    human.put("between", r.proposer() + " (proposer) and " + r.counterparty());
    human.put("status", r.status().name());
    human.put("covers", scope(r));
    human.put("term", r.validFrom() + " to " + (r.validUntil() == null ? "no end" : r.validUntil()));
    human.put("proposed", r.proposedAt() + " by " + r.proposedBy());
    if (r.acceptedAt() != null) {
      human.put("accepted", r.acceptedAt() + " by " + r.acceptedBy());
    }
    if (r.withdrawnAt() != null) {
      human.put("withdrawn", r.withdrawnAt() + " by " + r.withdrawnBy());
    }
    Output.print(spec.commandLine().getOut(), json, r, human);
  }

  private static String scope(Recognition r) {
    return "profiles " + (r.profiles().isEmpty() ? "all" : String.join(",", r.profiles()))
        + "; classes " + (r.assetClasses().isEmpty() ? "all" : r.assetClasses())
        + "; rights " + (r.rightTypes().isEmpty() ? "all" : r.rightTypes());
  }
}

package io.dareg.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.RegisterRequest;
import io.dareg.core.api.Registered;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.evidence.EvidenceTree;
import io.dareg.core.json.Json;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.Registration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Depositing evidence and applying for registration (holders). */
final class EvidenceCommands {
  private EvidenceCommands() {}

  @Command(name = "evidence", mixinStandardHelpOptions = true,
      description = "Hash data locally and deposit its hash and Merkle root as evidence (only hashes leave).")
  static final class Deposit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "PATH", description = "file or directory") Path path;
    @Mixin HashCommands.Algorithm hashing;
    @Option(names = "--channel", defaultValue = "dareg", description = "evidence channel (default: ${DEFAULT-VALUE})") String channel;
    @Option(names = "--notary", description = "notary and notarial certificate number") String notary;

    @Override
    public Integer call() throws Exception {
      Evidence e = connection.client().depositEvidence(deposit(spec, path, hashing.algorithm, channel, notary));
      Map<String, String> human = new LinkedHashMap<>();
      human.put("evidenceNo", e.evidenceNo());
      human.put("algorithm", e.algorithm().name());
      human.put("hash", e.hash());
      human.put("merkleRoot", e.merkleRoot());
      human.put("size", String.valueOf(e.size()));
      Output.print(spec.commandLine().getOut(), connection.json, e, human);
      return 0;
    }
  }

  /** The deposit of {@code path}, hashed here (progress on a terminal). */
  static DepositEvidenceRequest deposit(CommandSpec spec, Path path, HashAlgorithm algorithm, String channel, String notary)
      throws java.io.IOException {
    EvidenceTree tree = EvidenceTree.of(path, algorithm, HashCommands.progress(spec.commandLine().getErr()));
    // A directory has no plain hash of its own: its root stands for it.
    String hash = tree.hash() != null ? tree.hash() : tree.root();
    return new DepositEvidenceRequest(algorithm, hash, tree.root(), tree.size(), channel, notary);
  }

  @Command(name = "evidence-report", mixinStandardHelpOptions = true,
      description = "Fetch the evidence report (存证报告书) of a deposit as PDF: its hash, algorithm, time and how to check data against it.")
  static final class Report implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "EVIDENCENO") String evidenceNo;
    @Mixin Output.PdfFile pdf;

    @Override
    public Integer call() throws Exception {
      return pdf.write(connection.client().evidenceReport(evidenceNo), "the evidence report of " + evidenceNo);
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Apply for registration from a JSON or YAML application file (see docs/sample-application.yaml).")
  static final class Apply implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "FILE", description = "the application, .json or .yaml") Path file;
    @Option(names = "--evidence", split = ",", description = "evidence numbers, replacing those in the file") List<String> evidence;
    @Option(names = "--registry", paramLabel = "CODE",
        description = "the registry applied to, replacing the file's 'registry' (default: the ledger's first; `dareg registry list`)")
    String registry;
    @Option(names = "--deposit", paramLabel = "PATH",
        description = "hash this file or directory here and deposit its hash with the application, in the same transaction"
            + " (repeatable; the new evidence numbers follow those the application names; --json then prints the"
            + " registration and the deposits)")
    List<Path> deposits;
    @Mixin HashCommands.Algorithm hashing;
    @Option(names = "--channel", defaultValue = "dareg", description = "evidence channel of the deposits (default: ${DEFAULT-VALUE})")
    String channel;
    @Option(names = "--notary", description = "notary and notarial certificate number of the deposits") String notary;

    @Override
    public Integer call() throws Exception {
      JsonNode doc = RequestFile.tree(file);
      if (!doc.isObject()) {
        throw new IllegalArgumentException(file + " must hold one application object");
      }
      ObjectNode application = ((ObjectNode) doc).deepCopy();
      JsonNode confidential = application.remove("confidential");
      if (evidence != null) {
        application.set("evidenceNos", Json.mapper().valueToTree(evidence));
      }
      if (registry != null) {
        application.put("registry", registry);
      }
      SubmitRequest request = RequestFile.value(file, Json.mapper().readTree(Json.canonical(application)), SubmitRequest.class);
      Registered registered = null;
      Registration r;
      if (deposits == null || deposits.isEmpty()) {
        r = connection.client().submit(request, confidential);
      } else {
        List<DepositEvidenceRequest> evidence = new ArrayList<>();
        for (Path p : deposits) {
          evidence.add(deposit(spec, p, hashing.algorithm, channel, notary));
        }
        registered = connection.client().register(new RegisterRequest(evidence, request), confidential);
        r = registered.registration();
      }
      Map<String, String> human = new LinkedHashMap<>();
      human.put("regNo", r.regNo());
      human.put("status", r.status().name());
      human.put("profile", r.profile());
      if (registered != null) {
        human.put("deposited", registered.evidence().stream().map(e -> e.evidenceNo() + " (" + e.algorithm() + " " + e.hash() + ")")
            .collect(java.util.stream.Collectors.joining(", ")));
      }
      if (!r.duplicates().isEmpty()) {
        human.put("flagged", "the same data is registered at another registry as " + String.join(", ", r.duplicates())
            + " (一数多登): both registries review it");
      }
      Output.print(spec.commandLine().getOut(), connection.json, registered != null ? registered : r, human);
      return 0;
    }
  }
}

package io.dareg.client.cli;

import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.DeliveryPage;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.evidence.EvidenceTree;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.DeliveryStatus;
import io.dareg.core.model.HashAlgorithm;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Sellers and buyers: deliveries under a trade, from the seller's record to the buyer's answer and the deletion after. */
final class DeliveryCommands {
  private DeliveryCommands() {}

  static void print(CommandSpec spec, boolean json, Delivery d) {
    Map<String, String> human = new LinkedHashMap<>();
    human.put("deliveryNo", d.deliveryNo());
    human.put("payloadRoot", d.payloadRoot());
    human.put("answer", d.accepted() == null ? "awaiting the buyer" : d.accepted() ? "accepted" : "rejected");
    human.put("completed", d.completedAt() == null ? "-" : d.completedAt().toString());
    human.put("deleted", d.deletedAt() == null ? "-" : d.deletedAt().toString());
    Output.print(spec.commandLine().getOut(), json, d, human);
  }

  @Command(name = "deliver", mixinStandardHelpOptions = true,
      description = "The seller records a delivery: PATH is hashed locally (as dareg hash does); only its figures are sent.",
      subcommands = {ListDeliveries.class})
  static final class Deliver implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    // Optional for the parser so that 'deliver list' reaches the subcommand; both are required here.
    @Parameters(index = "0", arity = "0..1", paramLabel = "TRADE") String tradeNo;
    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "the delivered file or directory") Path path;
    @Option(names = "--mode", defaultValue = "FILE", description = "FILE, API, SERVICE, PRIVACY_COMPUTING or MODEL (default: ${DEFAULT-VALUE})")
    DeliveryMode mode;
    @Option(names = "--scenario", description = "for a licence with listed scenarios, the one served") String scenario;
    @Option(names = "--parts", defaultValue = "1", description = "the number of parts delivered (default: ${DEFAULT-VALUE})") int parts;
    @Mixin HashCommands.Algorithm hashing;

    @Override
    public Integer call() throws Exception {
      if (tradeNo == null || path == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give the TRADE and the PATH of the delivered data");
      }
      EvidenceTree tree = EvidenceTree.of(path, hashing.algorithm, HashCommands.progress(spec.commandLine().getErr()));
      print(spec, connection.json, connection.client().recordDelivery(
          new RecordDeliveryRequest(tradeNo, mode, scenario, hashing.algorithm, tree.root(), tree.size(), parts)));
      return 0;
    }
  }

  @Command(name = "delivered", mixinStandardHelpOptions = true,
      description = "The seller records a delivery complete, or with --deleted the deletion of the data after it.")
  static final class Delivered implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "DELIVERY") String deliveryNo;
    @Option(names = "--deleted", description = "record the deletion after delivery instead of completion") boolean deleted;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, deleted ? connection.client().recordDeletion(deliveryNo) : connection.client().completeDelivery(deliveryNo));
      return 0;
    }
  }

  @Command(name = "accept", mixinStandardHelpOptions = true, description = "The buyer accepts a delivery, or rejects it with --reject.")
  static final class Accept implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "DELIVERY") String deliveryNo;
    @Option(names = "--reject", description = "reject instead of accepting") boolean reject;
    @Option(names = "--note", required = true, description = "the acceptance note or the reasons (its SHA-256 is recorded)") String note;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().answerDelivery(new AnswerDeliveryRequest(deliveryNo, !reject, RegistrarCommands.hashOf(note))));
      return 0;
    }
  }

  private static final String DELIVERY_ROW = "%-30s %-26s %-26s %-17s %-9s %12s  %s";

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Deliveries from the gateway's query index, in time order, filtered by their trade's exchange, party and asset: "
          + "regulators see all, an exchange those under the trades it recorded, a party those under its trades. Filters combine.")
  static final class ListDeliveries implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Mixin TradeCommands.ListFilters filters;
    @Option(names = "--status", description = "DELIVERED, ACCEPTED, REJECTED, COMPLETED or DELETED") DeliveryStatus status;

    @Override
    public Integer call() throws Exception {
      io.dareg.client.DaregClient client = connection.client();
      return TradeCommands.<Delivery>list(spec, connection.json, filters, filters.query(status == null ? null : status.name()),
          client::deliveries, p -> ((DeliveryPage) p).items(), p -> ((DeliveryPage) p).bookmark(),
          p -> ((DeliveryPage) p).behind(),
          String.format(DELIVERY_ROW, "TIME", "DELIVERY", "TRADE", "MODE", "STATUS", "BYTES", "PAYLOAD ROOT"),
          d -> String.format(DELIVERY_ROW, d.deliveredAt(), d.deliveryNo(), d.tradeNo(), d.mode(), DeliveryStatus.of(d), d.size(),
              d.payloadRoot().substring(0, 16) + "…"));
    }
  }
}

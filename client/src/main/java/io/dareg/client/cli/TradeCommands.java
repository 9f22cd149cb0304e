package io.dareg.client.cli;

import io.dareg.core.api.HashMatches;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.api.TradePage;
import io.dareg.core.api.TradeQuery;
import io.dareg.core.evidence.EvidenceTree;
import io.dareg.core.evidence.MembershipProof;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.TradeStatus;
import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeKind;
import java.nio.file.Path;
import java.time.LocalDate;
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

/** Exchanges: listing checks and trades (deliveries are {@link DeliveryCommands}); anyone: provenance. */
final class TradeCommands {
  private TradeCommands() {}

  static void print(CommandSpec spec, boolean json, Trade t) {
    Map<String, String> human = new LinkedHashMap<>();
    human.put("tradeNo", t.tradeNo());
    human.put("kind", t.kind().name());
    human.put("seller", t.seller() + (t.coSellers().isEmpty() ? "" : " with " + String.join(", ", t.coSellers())));
    human.put("buyer", t.buyer());
    human.put("recorded as", t.transferNo() != null ? t.transferNo() : t.encumbranceNo());
    human.put("settled", t.settledAt() == null ? "-" : t.settledAt().toString());
    human.put("dispute", t.dispute() == null ? "-" : t.dispute().name());
    Output.print(spec.commandLine().getOut(), json, t, human);
  }

  @Command(name = "listing-check", mixinStandardHelpOptions = true,
      description = "Record on the ledger what it says of an asset before listing (exchange, regulator).",
      subcommands = {ListingCheckVoucher.class})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    // Optional for the parser so that 'listing-check voucher ID' reaches the subcommand.
    @Parameters(paramLabel = "REGNO", arity = "0..1") String regNo;
    @picocli.CommandLine.Option(names = "--venue", paramLabel = "CODE",
        description = "the registry your venue relies on, when the asset is registered at another: it passes only under a recognition"
            + " agreement between the two (issue 25)")
    String venue;
    @picocli.CommandLine.Option(names = "--voucher", paramLabel = "FILE",
        description = "for an asset of a registry on another ledger: the listing-check voucher you got there today (issue 25)")
    java.nio.file.Path voucher;

    @Override
    public Integer call() throws Exception {
      if (regNo == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give the REGNO of the asset to check");
      }
      ListingCheck c = connection.client().recordListingCheck(new io.dareg.core.api.ListingCheckRequest(regNo, venue,
          voucher == null ? null : io.dareg.core.cert.Voucher.parse(java.nio.file.Files.readAllBytes(voucher))));
      Map<String, String> human = new LinkedHashMap<>();
      human.put("checkNo", c.checkNo());
      human.put("status", c.status().name());
      human.put("holders", String.join(", ", c.holders()));
      human.put("certificate", (c.certificateNo() == null ? "-" : c.certificateNo()) + (c.certificateValid() ? " valid" : " not valid"));
      human.put("pledged to", c.pledgedTo().isEmpty() ? "-" : String.join(", ", c.pledgedTo()));
      human.put("licensed to", c.licensedTo().isEmpty() ? "-" : String.join(", ", c.licensedTo()));
      human.put("objections", c.pendingObjections().isEmpty() ? "-" : String.join(", ", c.pendingObjections()));
      if (c.recognition() != null) {
        human.put("recognised under", c.recognition() + " (registry " + c.venue() + ")");
      }
      human.put("listable", c.listable() ? "yes" : "no: " + String.join("; ", c.obstacles()));
      Output.print(spec.commandLine().getOut(), connection.json, c, human);
      return 0;
    }
  }

  // issue 20: the prohibited list (禁止交易清单, GD)

  /** The {@code prohibited-list} group. */
  @Command(name = "prohibited-list", mixinStandardHelpOptions = true,
      description = "The registry's prohibited list (禁止交易清单): assets that may not be listed or traded.",
      subcommands = {ShowProhibited.class, SetProhibited.class})
  static final class ProhibitedListGroup {}

  static void print(CommandSpec spec, boolean json, io.dareg.core.model.RegistrySettings s) {
    io.dareg.core.model.ProhibitedList p = s.prohibited();
    Map<String, String> human = new LinkedHashMap<>();
    if (p == null) {
      human.put("prohibited list", "none set");
    } else {
      human.put("asset classes", p.assetClasses().isEmpty() ? "-" : p.assetClasses().toString());
      human.put("forms", p.forms().isEmpty() ? "-" : p.forms().toString());
      human.put("industries", p.industries().isEmpty() ? "-" : String.join(", ", p.industries()));
      human.put("sources", p.sources().isEmpty() ? "-" : p.sources().toString());
      human.put("registrations", p.regNos().isEmpty() ? "-" : String.join(", ", p.regNos()));
      human.put("set", p.setAt() + " by " + p.setBy());
    }
    Output.print(spec.commandLine().getOut(), json, p == null ? Map.of() : p, human);
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "The prohibited list in force.")
  static final class ShowProhibited implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().settings());
      return 0;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Replace the prohibited list (registry admin); with no criteria it prohibits nothing.")
  static final class SetProhibited implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Option(names = "--asset-class", split = ",", description = "DATA_RESOURCE, DATA_ELEMENT, DATA_PRODUCT") java.util.Set<io.dareg.core.model.AssetClass> classes;
    @Option(names = "--form", split = ",", description = "asset forms, e.g. DATASET, API") java.util.Set<io.dareg.core.model.AssetForm> forms;
    @Option(names = "--industry", split = ",", description = "GB/T 4754 codes or prefixes, e.g. I64") List<String> industries;
    @Option(names = "--source", split = ",", description = "PERSONAL, ENTERPRISE, PUBLIC, GOVERNMENT") java.util.Set<io.dareg.core.model.DataSource> sources;
    @Option(names = "--reg-no", split = ",", description = "specific registrations") List<String> regNos;
    @Option(names = "--basis", required = true, description = "the decision or notice it rests on (its SHA-256 is recorded)") String basis;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().setProhibitedList(new io.dareg.core.api.SetProhibitedListRequest(
          classes, forms, industries, sources, regNos, RegistrarCommands.hashOf(basis))));
      return 0;
    }
  }

  /** The {@code trade} group. */
  @Command(name = "trade", mixinStandardHelpOptions = true, description = "Record a trade (exchange) or show one.",
      subcommands = {Record.class, Show.class, ListTrades.class, Settle.class, Dispute.class, VoucherCommand.class})
  static final class TradeGroup {}

  /** The filters and paging of the trade and delivery lists. */
  static final class ListFilters {
    @Option(names = "--exchange", paramLabel = "MSP", description = "the organisation of the exchange that recorded the trade") String exchange;
    @Option(names = "--party", paramLabel = "ACCOUNT", description = "an account that sells or buys") String party;
    @Option(names = "--reg-no", paramLabel = "REGNO", description = "the asset") String regNo;
    @Option(names = "--from", paramLabel = "TIME", description = "from this instant or China date on") String from;
    @Option(names = "--to", paramLabel = "TIME", description = "before this instant, or through this China date") String to;
    @Option(names = "--page-size", paramLabel = "N", defaultValue = "50", description = "items a page, 1 to 500 (default: ${DEFAULT-VALUE})")
    int pageSize;
    @Option(names = "--bookmark", description = "the bookmark printed under the previous page of the same list") String bookmark;
    @Option(names = "--all", description = "follow the bookmarks to the end of the list") boolean all;

    TradeQuery query(String status) {
      return new TradeQuery(exchange, party, regNo, status, from == null ? null : TradeQuery.time("from", from, false),
          to == null ? null : TradeQuery.time("to", to, true), pageSize, bookmark);
    }
  }

  /** Prints pages of a list as a table (or JSON), following bookmarks with --all; the trade and delivery lists use it. */
  static <T> int list(CommandSpec spec, boolean json, ListFilters filters, TradeQuery first,
      java.util.function.Function<TradeQuery, Object> fetch, java.util.function.Function<Object, List<T>> items,
      java.util.function.Function<Object, String> bookmarkOf, java.util.function.Predicate<Object> behind,
      String header, java.util.function.Function<T, String> row) {
    var out = spec.commandLine().getOut();
    List<T> all = new java.util.ArrayList<>();
    TradeQuery q = first;
    Object page;
    while (true) {
      page = fetch.apply(q);
      if (behind.test(page)) {
        spec.commandLine().getErr().println("dareg: note: the gateway's index has not yet taken in the whole ledger; recent records may be missing");
      }
      if (json && !filters.all) {
        Output.print(out, true, page, Map.of());
        return 0;
      }
      all.addAll(items.apply(page));
      String next = bookmarkOf.apply(page);
      if (!filters.all || next.isEmpty()) {
        break;
      }
      q = first.after(next);
    }
    if (json) {
      Output.print(out, true, all, Map.of());
      return 0;
    }
    out.println(header);
    all.forEach(item -> out.println(row.apply(item)));
    String next = bookmarkOf.apply(page);
    if (!filters.all && !next.isEmpty()) {
      out.println("more: repeat with --bookmark " + next);
    }
    return 0;
  }

  private static final String TRADE_ROW = "%-30s %-26s %-26s %-8s %-26s %-26s %-9s %s";

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Trades from the gateway's query index, in time order: regulators see all, an exchange those it recorded, "
          + "a party those it sells or buys in. Filters combine.")
  static final class ListTrades implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Mixin ListFilters filters;
    @Option(names = "--status", description = "RECORDED, SETTLED, DISPUTED or RESOLVED") TradeStatus status;

    @Override
    public Integer call() throws Exception {
      io.dareg.client.DaregClient client = connection.client();
      return TradeCommands.<Trade>list(spec, connection.json, filters, filters.query(status == null ? null : status.name()),
          client::trades, p -> ((TradePage) p).items(), p -> ((TradePage) p).bookmark(), p -> ((TradePage) p).behind(),
          String.format(TRADE_ROW, "TIME", "TRADE", "REGNO", "KIND", "SELLER", "BUYER", "STATUS", "EXCHANGE"),
          t -> String.format(TRADE_ROW, t.tradedAt(), t.tradeNo(), t.regNo(), t.kind(), t.seller(), t.buyer(), TradeStatus.of(t), t.exchange()));
    }
  }

  @Command(name = "voucher", mixinStandardHelpOptions = true,
      description = "The trade voucher (交易凭证), signed by the registry: fetch it (-o FILE), or check a saved one (--check FILE) "
          + "against the registry roots; exit 1 when it does not verify.")
  static final class VoucherCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "TRADE", arity = "0..1", description = "the trade number, to fetch its voucher") String tradeNo;
    @Mixin VoucherFile file;

    @Override
    public Integer call() throws Exception {
      return voucher(spec, connection, "TRADE", tradeNo, file, () -> connection.client().tradeVoucher(tradeNo));
    }
  }

  @Command(name = "voucher", mixinStandardHelpOptions = true,
      description = "The listing check signed by the registry, the exchange's evidence of what the ledger said: fetch it (-o FILE), "
          + "or check a saved one (--check FILE) against the registry roots; exit 1 when it does not verify.")
  static final class ListingCheckVoucher implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "CHECK", arity = "0..1", description = "the listing check's number, to fetch its voucher") String checkNo;
    @Mixin VoucherFile file;

    @Override
    public Integer call() throws Exception {
      return voucher(spec, connection, "CHECK", checkNo, file, () -> connection.client().listingCheckVoucher(checkNo));
    }
  }

  /** Where a voucher goes ({@code -o}), or the saved voucher to check ({@code --check}): the options of both voucher commands. */
  static final class VoucherFile {
    @Option(names = {"-o", "--out"}, description = "write the voucher to this file") Path output;
    @Option(names = "--check", paramLabel = "FILE", description = "verify a saved voucher offline") Path check;
  }

  /** Fetches a voucher (to a file or the screen), or verifies a saved one offline. */
  private static int voucher(CommandSpec spec, Connection connection, String label, String number, VoucherFile file,
      Callable<io.dareg.core.cert.Voucher> fetch) throws Exception {
    var out = spec.commandLine().getOut();
    Path output = file.output;
    Path check = file.check;
    if ((number == null) == (check == null)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a " + label + " to fetch, or --check FILE to verify");
    }
    if (check != null) {
      io.dareg.core.cert.Voucher v = io.dareg.core.cert.Voucher.parse(java.nio.file.Files.readAllBytes(check));
      var report = connection.client().verifyVoucher(v);
      if (connection.json) {
        Output.print(out, true, Map.of("valid", report.valid(), "kind", v.kind(), "checks", report.checks()), Map.of());
      } else {
        for (var c : report.checks()) {
          out.printf("%-10s %-8s %s%n", c.name(), c.outcome(), c.detail());
        }
        out.println((report.valid() ? "VALID " : "NOT VALID ") + v.kind() + " voucher signed at " + v.signedAt());
      }
      return report.valid() ? 0 : Dareg.VERIFICATION_FAILED;
    }
    io.dareg.core.cert.Voucher v = fetch.call();
    if (output != null) {
      Output.writeFile(out, output, (io.dareg.core.json.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(v) + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8), "the voucher of " + number);
    } else {
      Output.print(out, true, v, Map.of());
    }
    return 0;
  }

  @Command(name = "record", mixinStandardHelpOptions = true,
      description = "The exchange records a transfer or licence trade. The amount is recorded as the SHA-256 of 'AMOUNT:CONTRACT' "
          + "unless --publish-amount is given.")
  static final class Record implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;
    @Option(names = "--seller", required = true, description = "the seller's account (a holder)") String seller;
    @Option(names = "--buyer", required = true, description = "the buyer's account") String buyer;
    @Option(names = "--kind", required = true, description = "TRANSFER or LICENCE") TradeKind kind;
    @Option(names = "--scope", defaultValue = "the whole data asset", description = "what is traded") String scope;
    @Option(names = "--scenario", split = ",", description = "for a licence, the permitted scenarios") List<String> scenarios;
    @Option(names = "--from", description = "for a licence, start of the term (default: today)") LocalDate from;
    @Option(names = "--until", description = "for a licence, end of the term") LocalDate until;
    @Mixin RightsCommands.Contract contract;
    @Option(names = "--amount", required = true, description = "the amount in fen") long amount;
    @Option(names = "--publish-amount", description = "record the amount itself, not only its hash") boolean publish;
    @Option(names = "--pricing", defaultValue = "negotiated", description = "how the price was set (default: ${DEFAULT-VALUE})") String pricing;
    @Option(names = "--co-seller", split = ",", paramLabel = "ACCOUNT",
        description = "for a jointly held asset, each other holder, a seller under the contract (every co-holder must consent)")
    List<String> coSellers;

    @Override
    public Integer call() throws Exception {
      TimeSpan term = kind == TradeKind.LICENCE
          ? new TimeSpan(from != null ? from : LocalDate.now(io.dareg.core.model.ChinaTime.ZONE), until)
          : null;
      print(spec, connection.json, connection.client().recordTrade(new RecordTradeRequest(regNo, seller, buyer, kind, scope,
          scenarios == null ? List.of() : scenarios, term, contract.hash(),
          RegistrarCommands.hashOf(amount + ":" + contract.reference()), publish ? amount : null, pricing,
          coSellers == null ? List.of() : coSellers)));
      return 0;
    }
  }

  @Command(name = "settle", mixinStandardHelpOptions = true, description = "The trade's exchange records its settlement.")
  static final class Settle implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "TRADE") String tradeNo;
    @Option(names = "--record", required = true, description = "the settlement record's reference (its SHA-256 is recorded)") String record;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().recordSettlement(new SettleTradeRequest(tradeNo, RegistrarCommands.hashOf(record))));
      return 0;
    }
  }

  @Command(name = "dispute", mixinStandardHelpOptions = true,
      description = "The trade's exchange marks it disputed, or with --resolved records the outcome.")
  static final class Dispute implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "TRADE") String tradeNo;
    @Option(names = "--resolved", description = "record the outcome of the dispute") boolean resolved;
    @Option(names = "--document", required = true, description = "the complaint's or outcome's reference (its SHA-256 is recorded)")
    String document;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().recordDispute(new TradeDisputeRequest(tradeNo,
          resolved ? DisputeStatus.RESOLVED : DisputeStatus.DISPUTED, RegistrarCommands.hashOf(document))));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A trade with its deliveries.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "TRADE") String tradeNo;

    @Override
    public Integer call() throws Exception {
      Output.print(spec.commandLine().getOut(), true, connection.client().trade(tradeNo), Map.of());
      return 0;
    }
  }

  @Command(name = "provenance", mixinStandardHelpOptions = true,
      description = "The timeline of an asset: every record written, with its transaction, in time order.")
  static final class Provenance implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(paramLabel = "REGNO") String regNo;

    @Override
    public Integer call() throws Exception {
      List<ProvenanceEntry> timeline = connection.client().provenance(regNo);
      if (connection.json) {
        Output.print(spec.commandLine().getOut(), true, timeline, Map.of());
      } else {
        for (ProvenanceEntry e : timeline) {
          spec.commandLine().getOut().printf("%-32s %-13s %-28s %-20s %s  %s%n", e.time(), e.record(), e.number(), e.state(), e.txId(),
              QueryCommands.History.signer(e.signedBy()));
        }
      }
      return 0;
    }
  }

  @Command(name = "find-hash", mixinStandardHelpOptions = true,
      description = "The evidence and deliveries that carry a hash. With --data, hashes TREE locally, looks up its Merkle root "
          + "and prints the membership proof of FILE in it. Exit 1 when nothing carries the hash.")
  static final class FindHash implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(index = "0", paramLabel = "HASH|FILE", arity = "0..1",
        description = "a whole-file hash or Merkle root; with --data, the path of the file inside TREE (omit for a single file)") String arg;
    @Option(names = "--data", paramLabel = "TREE", description = "the delivered or registered file or directory") Path data;
    @Option(names = {"-a", "--algorithm"}, defaultValue = "SM3", description = "with --data: SM3 or SHA256 (default: ${DEFAULT-VALUE})")
    HashAlgorithm algorithm;

    @Override
    public Integer call() throws Exception {
      MembershipProof proof = null;
      String hash = arg;
      if (data != null) {
        EvidenceTree tree = EvidenceTree.of(data, algorithm, HashCommands.progress(spec.commandLine().getErr()));
        proof = tree.prove(arg != null ? arg : tree.files().get(0).path());
        hash = tree.root();
      } else if (hash == null) {
        throw new IllegalArgumentException("give a HASH, or --data TREE [FILE]");
      }
      HashMatches found = connection.client().findByHash(hash.toLowerCase(java.util.Locale.ROOT));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("hash", hash);
      json.put("evidence", found.evidence());
      json.put("deliveries", found.deliveries());
      if (proof != null) {
        json.put("proof", proof);
      }
      Map<String, String> human = new LinkedHashMap<>();
      human.put("hash", hash);
      human.put("evidence", found.evidence().isEmpty() ? "-" : String.join(", ", found.evidence().stream().map(e -> e.evidenceNo()).toList()));
      human.put("deliveries", found.deliveries().isEmpty() ? "-" : String.join(", ", found.deliveries().stream().map(Delivery::deliveryNo).toList()));
      if (proof != null) {
        human.put("file", proof.path() + (proof.verify() ? " is in the tree (proof holds)" : " proof does not hold"));
      }
      Output.print(spec.commandLine().getOut(), connection.json, json, human);
      if (proof != null && !connection.json) {
        Output.print(spec.commandLine().getOut(), true, proof, Map.of());
      }
      boolean carried = !found.evidence().isEmpty() || !found.deliveries().isEmpty();
      return carried && (proof == null || proof.verify()) ? 0 : Dareg.VERIFICATION_FAILED;
    }
  }
}

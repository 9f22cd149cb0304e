package io.dareg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Role;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.TradeKind;
import io.dareg.gateway.DevClock;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.index.QueryIndex;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Exchanges at scale: an embedded ledger with N licence trades and N deliveries (one per trade, a
 * tenth of the trades settled) over N/20 issued assets of 100 holders, recorded by two exchanges
 * through the Ledger port with 2048 transactions in flight, while a gateway in the same process
 * follows the ledger into its query index. Then, over HTTP with a regulator's, an exchange's and a
 * holder's tokens, it measures p50/p99 of: the provenance timeline of one asset, find-hash of a
 * delivered payload, and the paged trade and delivery lists (by asset, by party, by exchange and
 * status in a time range); then the index's resume after a restart and its rebuild from block 0.
 *
 * <p>Usage: {@code TradeScale [N] [samples]} (default 1,000,000 and 2,000). Data goes to a
 * temporary directory under {@code java.io.tmpdir}, deleted at the end. The ledger holds everything
 * in memory: run with a big heap ({@code -Xmx16g} for 1,000,000).
 */
public final class TradeScale {
  private static final int HOLDERS = 100;
  private static final int IN_FLIGHT = 2048;
  private static final String[] EXCHANGES = {"ExchangeMSP", "Exchange2MSP"};

  private TradeScale() {}

  /**
   * The query index's size on disk against its live data (keys and values), and against the same live data written
   * afresh and fully compacted (its space amplification; issue 22: at most 1.5 times), read beside the running index.
   */
  private static void footprint(Path dir, String when) throws java.io.IOException {
    long t = System.nanoTime();
    QueryIndex.Footprint f = QueryIndex.footprint(dir.resolve("index"));
    System.out.printf("index %s: %d MB on disk for %d MB of live data (keys and values), %.2f times; fully compacted the live"
        + " data takes %d MB: %.2f times that (measured in %.1f s)%n", when, f.diskBytes() >> 20, f.liveBytes() >> 20,
        (double) f.diskBytes() / f.liveBytes(), f.compactedBytes() >> 20, (double) f.diskBytes() / f.compactedBytes(),
        (System.nanoTime() - t) / 1e9);
    String key = when.replace(' ', '_');
    System.out.printf("RESULT trades.index_%s_disk_mb %d%nRESULT trades.index_%s_live_mb %d%nRESULT trades.index_%s_compacted_mb %d%n",
        key, f.diskBytes() >> 20, key, f.liveBytes() >> 20, key, f.compactedBytes() >> 20);
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int assets = Math.max(10, n / 20);
    Path dir = Files.createTempDirectory("dareg-bench-trades");
    DevClock clock = new DevClock();
    Caller admin = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
    Caller registrar = new Caller(new IdentityRef("RegistryMSP", "CN=registrar,OU=registrar"), "registrar", false);
    Caller reviewer = new Caller(new IdentityRef("RegistryMSP", "CN=reviewer,OU=reviewer"), "reviewer", false);
    Caller[] exchanges = {
      new Caller(new IdentityRef(EXCHANGES[0], "CN=exchange,OU=exchange"), "exchange", false),
      new Caller(new IdentityRef(EXCHANGES[1], "CN=exchange,OU=exchange"), "exchange", false)};
    Caller[] holders = new Caller[HOLDERS];
    String[] accounts = new String[HOLDERS];
    Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true));
    EmbeddedLedger ledger = null;
    ApiServer api = null;
    try {
      ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
      // Tokens live in real time; only the ledger's clock moves past the notice period.
      CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256,
          java.time.Clock.systemUTC());
      Tokens tokens = new Tokens(List.of(ca.root()), Duration.ofHours(12), Tokens.Replay.ALLOWED);
      // The gateway follows the ledger from the start, as it would in service.
      api = new ApiServer(vertx, ledger, tokens, ca, dir, clock, 1 << 20, List.of(), Map.of());
      int port = api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
      EmbeddedLedger l = ledger;
      long t0 = System.nanoTime();

      l.submit(admin, "initLedger", Requests.json(new InitLedgerRequest("RegistryMSP", "bench", "DL"))).join();
      Caller regulator = new Caller(new IdentityRef("RegulatorMSP", "CN=regulator,OU=regulator"), "regulator", false);
      l.submit(admin, "grantRole", Requests.json(new GrantRoleRequest(regulator.identity(), Role.REGULATOR))).join();
      for (int h = 0; h < HOLDERS; h++) {
        holders[h] = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder" + h + ",OU=holder"), "holder", false);
        accounts[h] = Requests.field(l.submit(registrar, "openAccount", Requests.json(new OpenAccountRequest(
            Requests.hash("h" + h), "holder " + h, AccountKind.ENTERPRISE, List.of(holders[h].identity())))), "accountId");
      }
      String[] evidence = run("evidence", assets, t0, i -> l.submit(holders[i % HOLDERS], "depositEvidence", Requests.json(
          new DepositEvidenceRequest(HashAlgorithm.SHA256, Requests.hash("asset " + i), null, i + 1, "bench", null))), "evidenceNo");
      String[] regNos = run("applications", assets, t0, i -> l.submit(holders[i % HOLDERS], "submit", Requests.json(
          new SubmitRequest(null, RightType.HOLDING, Requests.asset(i), List.of(), List.of(evidence[i]), null, false, Requests.undertakings(i)))), "regNo");
      run("formal reviews started", assets, t0, i -> l.submit(registrar, "startFormalReview", Requests.json(new RegNoRequest(regNos[i]))), null);
      run("formal reviews", assets, t0, i -> l.submit(registrar, "formalReview", Requests.json(
          new FormalReviewRequest(regNos[i], ReviewOutcome.PASS, Requests.hash("f"), null))), null);
      run("substantive reviews", assets, t0, i -> l.submit(reviewer, "substantiveReview", Requests.json(
          new SubstantiveReviewRequest(regNos[i], ReviewOutcome.PASS, Requests.hash("s")))), null);
      run("notices", assets, t0, i -> l.submit(registrar, "publishNotice", Requests.json(new RegNoRequest(regNos[i]))), null);
      clock.advance(Duration.ofDays(8)); // DL: seven natural days of notice
      run("issues", assets, t0, i -> l.submit(registrar, "issue", Requests.json(new RegNoRequest(regNos[i]))), null);
      // A trade needs a certificate in force and a listing check by its exchange that passed the same day (issue 20).
      run("certificates", assets, t0, i -> l.submit(registrar, "recordCertificate", Requests.json(
          new io.dareg.core.api.RecordCertificateRequest(regNos[i], Requests.hash("cert " + i), "bench-key"))), null);
      run("listing checks", 2 * assets, t0, i -> l.submit(exchanges[i / assets], "recordListingCheck", Requests.json(
          new RegNoRequest(regNos[i % assets]))), null);
      String today = LocalDate.ofInstant(clock.instant(), io.dareg.core.model.ChinaTime.ZONE).toString();
      IntUnaryOperator sellerOf = i -> (i % assets) % HOLDERS;
      String[] tradeNos = run("trades", n, t0, i -> {
        int seller = sellerOf.applyAsInt(i);
        int buyer = (seller + 1 + (i / assets) % (HOLDERS - 1)) % HOLDERS;
        return l.submit(exchanges[i % 2], "recordTrade", Requests.json(new RecordTradeRequest(regNos[i % assets], accounts[seller],
            accounts[buyer], TradeKind.LICENCE, "monthly scores", List.of("信用评估"), new TimeSpan(LocalDate.parse(today), null),
            Requests.hash("contract " + i), Requests.hash("amount " + i), null, "negotiated")));
      }, "tradeNo");
      run("deliveries", n, t0, i -> l.submit(holders[sellerOf.applyAsInt(i)], "recordDelivery", Requests.json(new RecordDeliveryRequest(
          tradeNos[i], DeliveryMode.FILE, "信用评估", HashAlgorithm.SHA256, Requests.hash("payload " + i), 4096, 1))), null);
      run("settlements", n / 10, t0, i -> l.submit(exchanges[(i * 10) % 2], "recordSettlement", Requests.json(
          new SettleTradeRequest(tradeNos[i * 10], Requests.hash("paid " + i)))), null);
      long written = System.nanoTime();
      System.out.printf("wrote %d trades, %d deliveries, %d settlements on %d assets: %d blocks, %d MB of blocks, in %.1f s%n",
          n, n, n / 10, assets, l.height(), Files.size(dir.resolve("ledger/blocks.dat")) >> 20, (written - t0) / 1e9);
      if (!api.index().awaitCurrent(Duration.ofMinutes(30))) {
        throw new IllegalStateException("the index did not catch up: " + api.index().status());
      }
      System.out.printf("index caught up %.1f s after the last commit: %s%n", (System.nanoTime() - written) / 1e9,
          api.index().status().detail());
      footprint(dir, "caught up");

      // Over HTTP, as a regulator, an exchange and a holder would ask.
      Signatures sig = new Signatures(new BouncyCastleProvider());
      String regulatorToken = token(ca, sig, "RegulatorMSP", "regulator", "regulator");
      String exchangeToken = token(ca, sig, EXCHANGES[0], "exchange", "exchange");
      String holderToken = token(ca, sig, "EnterpriseMSP", "holder", "holder7");
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port + "/api/v1";
      Random random = new Random(1);
      String from = Instant.parse(l.evaluate(regulator, "getTrade", "{\"id\":\"" + tradeNos[n / 2] + "\"}").thenApply(TradeScale::tree).join()
          .path("trade").path("tradedAt").asText()).toString();
      String to = Instant.parse(from).plus(Duration.ofHours(1)).toString();
      System.out.printf("%-44s %8s %8s %8s %10s%n", "query (HTTP, one client)", "p50 ms", "p99 ms", "max ms", "items/page");
      measure(http, "provenance of one asset", samples, regulatorToken, i -> base + "/registrations/" + regNos[random.nextInt(assets)] + "/provenance", "provenance");
      measure(http, "find-hash of a delivered payload", samples, regulatorToken,
          i -> base + "/hashes/" + Requests.hash("payload " + random.nextInt(n)), "find_hash");
      measure(http, "trades of one asset (regulator)", samples, regulatorToken,
          i -> base + "/trades?regNo=" + regNos[random.nextInt(assets)], "trades_by_asset");
      measure(http, "trades of a party (holder, its own)", samples, holderToken,
          i -> base + "/trades?pageSize=50" + (i % 2 == 0 ? "" : "&from=" + enc(from)), "trades_by_party");
      measure(http, "settled trades in an hour (exchange)", samples, exchangeToken,
          i -> base + "/trades?status=SETTLED&from=" + enc(from) + "&to=" + enc(to), "trades_by_exchange_status_time");
      measure(http, "all trades, a page of 500 (regulator)", samples / 4, regulatorToken,
          i -> base + "/trades?pageSize=500&from=" + enc(from), "trades_page_500");
      measure(http, "deliveries of a party (holder, its own)", samples, holderToken, i -> base + "/deliveries", "deliveries_by_party");
      measure(http, "rejected deliveries (regulator, none exist)", samples / 4, regulatorToken,
          i -> base + "/deliveries?status=REJECTED", "deliveries_rare_status");

      // Restart: the index resumes from its checkpoint; then rebuilt from block 0 after deleting it.
      api.close().toCompletionStage().toCompletableFuture().join();
      long r0 = System.nanoTime();
      api = new ApiServer(vertx, ledger, tokens, ca, dir, clock, 1 << 20, List.of(), Map.of());
      api.index().awaitCurrent(Duration.ofMinutes(30));
      double resume = (System.nanoTime() - r0) / 1e9;
      api.close().toCompletionStage().toCompletableFuture().join();
      deleteTree(dir.resolve("index"));
      long b0 = System.nanoTime();
      api = new ApiServer(vertx, ledger, tokens, ca, dir, clock, 1 << 20, List.of(), Map.of());
      if (!api.index().awaitCurrent(Duration.ofMinutes(60))) {
        throw new IllegalStateException("the index was not rebuilt in an hour: " + api.index().status());
      }
      double rebuild = (System.nanoTime() - b0) / 1e9;
      System.out.printf("index: resumed after a restart in %.2f s; rebuilt from block 0 in %.1f s (%s)%n", resume, rebuild,
          api.index().status().detail());
      System.out.printf("RESULT trades.n %d%nRESULT trades.index_resume_s %.2f%nRESULT trades.index_rebuild_s %.1f%n", n, resume, rebuild);
      footprint(dir, "rebuilt");
    } finally {
      if (api != null) {
        api.close().toCompletionStage().toCompletableFuture().join();
      }
      vertx.close();
      if (ledger != null) {
        ledger.close();
      }
      deleteTree(dir);
    }
  }

  /** Submits {@code count} transactions, {@value #IN_FLIGHT} in flight; returns the named field of each result, in order. */
  private static String[] run(String what, int count, long t0, IntFunction<CompletableFuture<Committed>> submit, String field)
      throws Exception {
    String[] out = new String[count];
    ArrayDeque<CompletableFuture<Committed>> inFlight = new ArrayDeque<>();
    long started = System.nanoTime();
    int done = 0;
    for (int i = 0; i < count; i++) {
      inFlight.add(submit.apply(i));
      if (inFlight.size() >= IN_FLIGHT) {
        out[done++] = take(inFlight.poll(), field);
      }
      if ((i + 1) % 100_000 == 0) {
        System.out.printf("  %s: %d of %d, %.0f tx/s, %.0f s in%n", what, i + 1, count, (i + 1) / ((System.nanoTime() - started) / 1e9),
            (System.nanoTime() - t0) / 1e9);
      }
    }
    while (!inFlight.isEmpty()) {
      out[done++] = take(inFlight.poll(), field);
    }
    System.out.printf("%s: %d in %.1f s%n", what, count, (System.nanoTime() - started) / 1e9);
    return out;
  }

  private static String take(CompletableFuture<Committed> f, String field) {
    Committed c = f.join();
    return field == null ? null : Requests.field(c, field);
  }

  private static void measure(HttpClient http, String what, int samples, String token, IntFunction<String> url, String key) throws Exception {
    int warm = Math.max(20, samples / 10);
    long[] nanos = new long[samples];
    long items = 0;
    for (int i = -warm; i < samples; i++) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url.apply(i))).header("Authorization", "Bearer " + token).GET().build();
      long q = System.nanoTime();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      long t = System.nanoTime() - q;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
      }
      if (i >= 0) {
        nanos[i] = t;
        JsonNode body = tree(r.body());
        items += body.has("items") ? body.path("items").size() : body.isArray() ? body.size() : body.path("deliveries").size();
      }
    }
    Arrays.sort(nanos);
    double p50 = nanos[samples / 2] / 1e6;
    double p99 = nanos[Math.min(samples - 1, (int) (samples * 0.99))] / 1e6;
    System.out.printf("%-44s %8.2f %8.2f %8.2f %10.1f%n", what, p50, p99, nanos[samples - 1] / 1e6, (double) items / samples);
    System.out.printf("RESULT trades.%s.p50_ms %.2f%nRESULT trades.%s.p99_ms %.2f%n", key, p50, key, p99);
  }

  private static String token(CertificateAuthority ca, Signatures sig, String msp, String role, String user) throws Exception {
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    return Tokens.sign(ca.issueClient(msp, role, user, keys.getPublic(), Duration.ofDays(30)), keys.getPrivate(), Instant.now(),
        Duration.ofHours(12));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

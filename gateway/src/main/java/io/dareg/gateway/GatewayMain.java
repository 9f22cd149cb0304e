package io.dareg.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.TokenSignatures;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.http.Limits;
import io.dareg.gateway.http.Metrics;
import io.dareg.gateway.http.Tls;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.dareg.gateway.ledger.fabric.FabricLedger;
import io.dareg.gateway.ledger.fabric.FabricSettings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the gateway on the embedded ledger:
 *
 * <pre>
 * serve [--dev] [--data DIR] [--host 127.0.0.1] [--port 8080] [--max-body 1048576] [--sm2]
 *       [--public-rate 600] [--timeout 30] [--tls-cert PEM --tls-key PEM [--client-roots PEM]]
 *       [--token-signatures boringssl|bouncycastle]
 * </pre>
 *
 * <p>{@code --dev} creates a demo certificate authority and one identity per role with ready
 * tokens, initialises the ledger for them, and enables a dev-only clock the demo can move forward.
 */
public final class GatewayMain {
  private GatewayMain() {}

  /** Command-line entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !List.of("serve", "demo").contains(args[0]) || List.of(args).contains("--help")) {
      usage();
      System.exit(args.length > 0 && List.of(args).contains("--help") ? 0 : 2);
    }
    if (args[0].equals("demo")) {
      Demo.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    boolean dev = false;
    boolean sm2 = false;
    Path data = Path.of(".dareg");
    String host = "127.0.0.1";
    int port = 8080;
    long maxBody = 1 << 20;
    Path fabric = null;
    int publicRate = 600;
    int timeout = 30;
    Path tlsCert = null;
    Path tlsKey = null;
    Path clientRoots = null;
    TokenSignatures.Choice tokenChecks = TokenSignatures.Choice.AUTOMATIC;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--dev" -> dev = true;
        case "--sm2" -> sm2 = true;
        case "--data" -> data = Path.of(value(args, ++i, "--data"));
        case "--host" -> host = value(args, ++i, "--host");
        case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--max-body" -> maxBody = Long.parseLong(value(args, ++i, "--max-body"));
        case "--fabric" -> fabric = Path.of(value(args, ++i, "--fabric"));
        case "--public-rate" -> publicRate = Integer.parseInt(value(args, ++i, "--public-rate"));
        case "--timeout" -> timeout = Integer.parseInt(value(args, ++i, "--timeout"));
        case "--tls-cert" -> tlsCert = Path.of(value(args, ++i, "--tls-cert"));
        case "--tls-key" -> tlsKey = Path.of(value(args, ++i, "--tls-key"));
        case "--client-roots" -> clientRoots = Path.of(value(args, ++i, "--client-roots"));
        case "--token-signatures" -> {
          try {
            tokenChecks = TokenSignatures.Choice.parse(value(args, ++i, "--token-signatures"));
          } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
          }
        }
        default -> {
          System.err.println("unknown option " + args[i]);
          usage();
          System.exit(2);
        }
      }
    }
    if ((tlsCert == null) != (tlsKey == null) || (clientRoots != null && tlsCert == null)) {
      System.err.println("HTTPS needs both --tls-cert and --tls-key; --client-roots (mutual TLS) needs them too");
      System.exit(2);
    }
    Tls tls = tlsCert == null ? null : new Tls(tlsCert, tlsKey, clientRoots);
    TokenSignatures tokenSignatures;
    try {
      tokenSignatures = TokenSignatures.choose(tokenChecks);
    } catch (IllegalStateException e) {
      System.err.println("dareg: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!tokenSignatures.why().isEmpty()) {
      System.out.println("dareg: token signatures checked by Bouncy Castle: " + tokenSignatures.why());
    }
    OwnerOnlyFiles.directory(data);
    DevClock devClock = dev ? new DevClock() : null;
    Clock clock = dev ? devClock : Clock.systemUTC();
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data.resolve("ca"),
        sm2 ? SignatureAlgorithm.SM2_SM3 : SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    List<X509Certificate> tokenRoots = new ArrayList<>(List.of(ca.root()));
    Set<String> devRoles = DevIdentities.IDENTITIES.keySet();
    Path peerClock = null;
    Ledger ledger;
    if (fabric == null) {
      EmbeddedLedger embedded = EmbeddedLedger.open(data.resolve("ledger"), clock, EmbeddedLedger.Options.defaults(),
          CommitClaims.of(data));
      ledger = embedded;
      // Block time never decreases (issue 21): the dev clock resumes where the chain says it was.
      String refusal = startClock(embedded, devClock, Clock.systemUTC().instant());
      if (refusal != null) {
        System.err.println("dareg: " + refusal);
        embedded.close();
        System.exit(2);
        return;
      }
    } else {
      FabricSettings settings;
      try {
        settings = FabricSettings.read(fabric);
        for (Path root : settings.tokenRoots()) {
          tokenRoots.add(CertificateAuthority.readCertificate(root));
        }
        ledger = FabricLedger.open(settings, clock, ApiServer.SERVICE_CALLER.identity());
      } catch (IllegalArgumentException | IOException e) {
        System.err.println("dareg: cannot use the Fabric network: " + e.getMessage());
        System.exit(2);
        return;
      }
      if (dev) {
        if (settings.devUsers() == null) {
          System.err.println("dareg: the Fabric settings name no devUsers, so serve --dev has no demo users to play the roles with;"
              + " network/fabric.sh up writes them");
        } else {
          devRoles = DevIdentities.adoptUsers(settings.devUsers(), data);
        }
        peerClock = settings.devPeerClock();
        if (peerClock == null) {
          System.out.println("dareg: the Fabric network's peers keep real time, so the dev clock cannot move (a proposal dated"
              + " away from the peers' clock is refused): start the network with network/fabric.sh up --dev-clock to move it");
        } else {
          try {
            devClock.moveTo(DevPeerClock.offset(peerClock));
          } catch (IllegalStateException e) {
            System.err.println("dareg: " + e.getMessage());
            System.exit(2);
            return;
          }
        }
      }
    }
    System.out.println("dareg: ledger " + ledger.health().state() + " - " + ledger.health().detail());
    Map<String, String> tokens = Map.of();
    if (dev && ledger.health().ready()) {
      tokens = DevIdentities.ensure(data, ca, clock.instant(), devRoles);
      // issue 24: on the embedded ledger, one local witness cosigns the log's checkpoints (DevWitness)
      DevIdentities.initialise(ledger, data, tokenRoots, clock, fabric == null ? DevWitness.key(data).verifier() : null);
    }
    // epoll where Netty's native transport loads (bundled for Linux x86-64), else Java NIO; meters for /metrics.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(Metrics.vertxOptions()));
    List<Operation> extra = dev ? Operations.dev() : List.of();
    Path peerClockFile = peerClock;
    Map<String, Handler<RoutingContext>> handlers = dev
        ? Map.of("advanceDevClock", ctx -> advance(ctx, devClock, ledger, peerClockFile), "getDevClock", ctx -> time(ctx, devClock))
        : Map.of();
    ApiServer api = new ApiServer(vertx, ledger, new Tokens(tokenRoots, dev ? DevIdentities.TOKEN_LIFETIME : Duration.ofMinutes(5),
        dev ? Tokens.Replay.ALLOWED : Tokens.Replay.REFUSED, tokenSignatures),
        ca, data, clock, new Limits(maxBody, publicRate, Duration.ofSeconds(timeout), Duration.ofSeconds(Math.max(60, timeout))),
        extra, handlers);
    int bound = api.listen(host, port, tls).toCompletionStage().toCompletableFuture().join();
    String base = (tls == null ? "http://" : "https://") + host + ":" + bound;
    if (tls != null) {
      // A renewed certificate (or new client roots) is picked up within ten seconds, no restart.
      vertx.setPeriodic(10_000, id -> api.reloadTls());
    }
    System.out.println("dareg: gateway listening on " + base + " (data in " + data.toAbsolutePath() + "; "
        + (vertx.isNativeTransportEnabled() ? "native transport" : "Java NIO")
        + (tls == null ? "" : ", TLS through " + Tls.engineName()) + ", tokens checked by " + tokenSignatures.name() + ")");
    System.out.println("dareg: API document " + base + "/api/v1/openapi.json, health " + base + "/health");
    // issue 20: the sweep records expiries and lapsed objections at start and daily, and warns of the calendar's end
    new Sweeper(ledger, clock, System.out).start(vertx);
    // issue 24: on Fabric the log is built too (ApiServer), but the dev witness is named only in an embedded dev ledger's settings
    DevWitness devWitness = dev && fabric == null && api.log() != null ? DevWitness.start(data, api, Duration.ofSeconds(2)) : null;
    if (devWitness != null) {
      System.out.println("dareg: dev witness " + DevWitness.key(data).verifier() + " cosigns the log every 2 s: " + base
          + "/api/v1/log/checkpoint/witnessed");
    }
    if (dev) {
      System.out.println("dareg: dev identities and tokens (valid 12 h, rewritten at each start) under " + data.resolve("dev").toAbsolutePath() + ":");
      for (String role : tokens.keySet()) {
        System.out.println("  " + role + ": " + data.resolve("dev").resolve(role).resolve("token"));
      }
      System.out.println("dareg: try");
      System.out.println("  curl -s -H \"Authorization: Bearer $(cat " + data.resolve("dev/holder/token") + ")\" " + base + "/api/v1/whoami");
      System.out.println("  java -jar gateway/target/dareg-gateway-0.1.0-SNAPSHOT-all.jar demo --url " + base + " --data " + data);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (devWitness != null) {
        try {
          devWitness.close();
        } catch (IOException e) {
          System.err.println("dareg: dev witness: " + e.getMessage());
        }
      }
      api.close();
      vertx.close();
      ledger.close();
      stop.countDown();
    }));
    stop.await();
  }

  /** Answers getDevClock: the ledger's time and how many days it runs ahead of this machine. */
  static void time(RoutingContext ctx, DevClock clock) {
    ctx.response().putHeader("content-type", "application/json")
        .end(Json.mapper().createObjectNode().put("now", clock.instant().toString()).put("offsetDays", clock.offset().toDays()).toString());
  }

  static void advance(RoutingContext ctx, DevClock clock, Ledger ledger, Path peerClock) {
    io.dareg.chaincode.registry.Caller caller = ctx.get("caller");
    if (caller == null || !caller.orgAdmin() || !caller.msp().equals("RegistryMSP")) {
      ctx.response().setStatusCode(403).putHeader("content-type", "application/problem+json")
          .end("{\"type\":\"https://dareg.io/problems/forbidden\",\"title\":\"Not allowed\",\"status\":403,\"detail\":\"only the registry admin moves the dev clock\"}");
      return;
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(ctx.body().buffer() == null ? new byte[] {'{', '}'} : ctx.body().buffer().getBytes());
    } catch (java.io.IOException e) {
      body = Json.mapper().createObjectNode();
    }
    int days = body.path("days").asInt(0);
    if (days < 1 || days > 3650) {
      ctx.response().setStatusCode(400).putHeader("content-type", "application/problem+json")
          .end("{\"type\":\"https://dareg.io/problems/invalid\",\"title\":\"Invalid request\",\"status\":400,\"field\":\"days\",\"detail\":\"days must be 1 to 3650\"}");
      return;
    }
    Duration next = clock.offset().plus(Duration.ofDays(days));
    if (!(ledger instanceof EmbeddedLedger embedded)) {
      // On Fabric the endorsing peers check a proposal's time against their own clock: a test network's peers read it
      // from the file fabric.sh up --dev-clock names, which moves first; a network without one keeps real time.
      if (peerClock == null) {
        ctx.response().setStatusCode(409).putHeader("content-type", "application/problem+json")
            .end(Json.mapper().createObjectNode().put("type", "https://dareg.io/problems/conflict").put("title", "Conflict")
                .put("status", 409).put("detail", "the Fabric network's peers keep real time and refuse a proposal dated more than"
                    + " the registry's skew from it, so the dev clock cannot move: start the network with network/fabric.sh up"
                    + " --dev-clock").toString());
        return;
      }
      try {
        DevPeerClock.write(peerClock, next);
      } catch (java.io.IOException e) {
        ctx.response().setStatusCode(503).putHeader("content-type", "application/problem+json")
            .end(Json.mapper().createObjectNode().put("type", "https://dareg.io/problems/unavailable").put("title", "Unavailable")
                .put("status", 503).put("detail", "the dev clock was not moved: cannot write the peers' clock " + peerClock + ": "
                    + e.getMessage()).toString());
        return;
      }
      clock.moveTo(next);
      ctx.response().putHeader("content-type", "application/json")
          .end("{\"now\":\"" + clock.instant() + "\",\"offsetDays\":" + clock.offset().toDays() + "}");
      return;
    }
    // On the chain first: the clock moves once the move is committed, so it survives a restart.
    embedded.recordDevClock(caller, next).whenComplete((committed, failure) -> {
      if (failure != null) {
        ctx.response().setStatusCode(503).putHeader("content-type", "application/problem+json")
            .end(Json.mapper().createObjectNode().put("type", "https://dareg.io/problems/unavailable")
                .put("title", "Ledger unavailable").put("status", 503)
                .put("detail", "the dev clock was not moved: " + failure.getMessage()).toString());
        return;
      }
      clock.moveTo(next);
      ctx.response().putHeader("content-type", "application/json")
          .end("{\"now\":\"" + clock.instant() + "\",\"offsetDays\":" + clock.offset().toDays()
              + ",\"txId\":\"" + committed.txId() + "\",\"block\":" + committed.blockNumber() + "}");
    });
  }

  /** How far ahead of this machine's clock the last block may be dated before the gateway refuses to start. */
  static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

  /**
   * Sets the dev clock (when there is one) to the offset the chain records, or, without one, says why
   * the gateway must not serve when the last block is dated more than {@link #CLOCK_TOLERANCE} after
   * {@code systemNow}: the ledger would date every block at the last block's time until this
   * machine's clock caught up. Null when the gateway may serve.
   */
  static String startClock(EmbeddedLedger ledger, DevClock devClock, java.time.Instant systemNow) {
    Duration recorded = ledger.devClockOffset();
    if (devClock != null) {
      devClock.moveTo(recorded);
      return null;
    }
    java.time.Instant last = ledger.lastBlockTime();
    if (last == null || !last.isAfter(systemNow.plus(CLOCK_TOLERANCE))) {
      return null;
    }
    Duration ahead = Duration.between(systemNow, last);
    return "the last block is dated " + last + ", " + ahead.toMinutes() + " minutes after this machine's clock ("
        + systemNow + "); a block is never dated before the one before it, so the gateway will not serve on this clock: "
        + (recorded.isZero() ? "set this machine's clock right (NTP) and start again"
            : "this data directory was served with --dev, whose clock was moved " + recorded.toDays()
                + " days forward; serve it with --dev (the offset is restored), or use a fresh data directory");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      System.err.println(option + " needs a value");
      System.exit(2);
    }
    return args[i];
  }

  private static void usage() {
    System.err.println("usage: dareg-gateway serve [--dev] [--data DIR] [--host 127.0.0.1] [--port 8080] [--max-body BYTES] [--sm2]");
    System.err.println("           [--fabric network/state/gateway-registry.json]  (default: the embedded ledger)");
    System.err.println("           [--public-rate REQUESTS_PER_MINUTE_PER_ADDRESS] [--timeout SECONDS]");
    System.err.println("           [--tls-cert PEM --tls-key PEM [--client-roots PEM]]");
    System.err.println("           [--token-signatures boringssl|bouncycastle]  (default: BoringSSL where it loads)");
    System.err.println("       dareg-gateway demo [--url http://127.0.0.1:8080] [--data DIR]");
  }
}

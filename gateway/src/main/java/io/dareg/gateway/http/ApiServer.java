package io.dareg.gateway.http;

import io.dareg.chaincode.registry.Admission;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.cert.CertificateIssuer;
import io.dareg.core.crypto.Signatures;
import io.dareg.gateway.index.QueryIndex;
import io.dareg.gateway.ledger.LedgerAdministration;
import io.dareg.core.log.WitnessPolicy;
import io.dareg.core.model.RegistrySettings;
import io.dareg.gateway.log.Cosignatures;
import io.dareg.gateway.log.TransparencyLog;
import io.dareg.gateway.supervision.SupervisionFeed;
import io.dareg.gateway.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The HTTP door: every operation of the table ({@link Operations}) under /api/v1, validated against
 * the OpenAPI document built from the same table, authenticated by signed tokens, served by the
 * {@link Ledger} or by the handlers of its resource. Ledger calls never run on the event loop: their
 * futures complete on ledger threads and answers go back through Vert.x contexts; the gateway's own
 * multi-step operations run as blocking tasks.
 */
public final class ApiServer {
  /** The identity the gateway itself reads with, for public pages (verify, notices, announcements). */
  public static final Caller SERVICE_CALLER = new Caller(new IdentityRef("RegistryMSP", "CN=dareg-gateway"), null, false);

  private final Vertx vertx;
  private final Limits limits;
  private final List<Operation> operations;
  private final OpenApiDocument document;
  private final Metrics metrics = new Metrics();
  private final AuditLog audit;
  private final QueryIndex index;
  private final TransparencyLog log;
  private final Cosignatures cosignatures;
  private final SupervisionFeed supervision;
  private final Router router;
  private final Listeners listeners;

  /**
   * @param dataDir where confidential material and signed certificates are kept
   * @param extra operations added in dev mode (may be empty)
   * @param extraHandlers their handlers by operation id
   */
  public ApiServer(Vertx vertx, Ledger ledger, Tokens tokens, CertificateAuthority authority, Path dataDir, Clock clock,
      long maxBody, List<Operation> extra, Map<String, Handler<RoutingContext>> extraHandlers) throws IOException {
    this(vertx, ledger, tokens, authority, dataDir, clock, Limits.defaults(maxBody), extra, extraHandlers);
  }

  /**
   * @param dataDir where confidential material, signed certificates and the audit log are kept
   * @param limits body size, public rate, request and idle timeouts
   * @param extra operations added in dev mode (may be empty)
   * @param extraHandlers their handlers by operation id
   */
  public ApiServer(Vertx vertx, Ledger ledger, Tokens tokens, CertificateAuthority authority, Path dataDir, Clock clock,
      Limits limits, List<Operation> extra, Map<String, Handler<RoutingContext>> extraHandlers) throws IOException {
    this.vertx = vertx;
    this.limits = limits;
    this.operations = new ArrayList<>(Operations.all());
    this.operations.addAll(extra);
    this.document = OpenApiDocument.of(operations);
    this.audit = AuditLog.open(dataDir.resolve("audit").resolve("audit.log"));
    this.index = QueryIndex.open(dataDir.resolve("index"), ledger);
    this.log = ledger instanceof LedgerAdministration admin
        ? TransparencyLog.open(dataDir.resolve("log"), admin, "dareg.local/ledger-" + Signatures.keyId(admin.nodePublicKey()), clock)
        // issue 24: on Fabric the log follows the channel's blocks; its origin names the channel, the same for every organisation
        : ledger instanceof io.dareg.gateway.ledger.fabric.FabricLedger fabric
            ? TransparencyLog.open(dataDir.resolve("log"), fabric, fabric.logOrigin(), clock)
            : null;
    Replies replies = new Replies(vertx);
    Reads reads = new Reads(ledger);
    this.cosignatures = log == null ? null : Cosignatures.open(dataDir.resolve("log"), log, () -> witnessPolicy(reads));
    io.dareg.gateway.log.Receipts logReceipts = log == null ? null : new io.dareg.gateway.log.Receipts(log, cosignatures);
    ArtifactReceipts receipts = new ArtifactReceipts(logReceipts, reads);
    Pdfs pdfs = new Pdfs(replies);
    CertificateIssuer issuer = new CertificateIssuer(authority);
    CertificateFiles certificates = new CertificateFiles(dataDir.resolve("certificates"));
    ConfidentialStore confidential = new ConfidentialStore(dataDir.resolve("confidential"));
    Door door = new Door(vertx, ledger, tokens, limits);
    LedgerTransactions transactions = new LedgerTransactions(vertx, ledger, document, confidential, door, metrics);
    Bindings bindings = new Bindings(operations, transactions::run);
    new RegistrationHandlers(reads, confidential, replies, clock).bind(bindings);
    new CertificateHandlers(vertx, reads, issuer, certificates, pdfs, replies, metrics, transactions, clock, receipts).bind(bindings);
    new VerifyHandler(reads, new CertificateVerifier(new BouncyCastleProvider(), List.of(authority.root())), replies, clock, logReceipts)
        .bind(bindings);
    new EvidenceHandlers(reads, pdfs).bind(bindings);
    new TradeHandlers(reads, index, issuer, replies, clock, receipts).bind(bindings);
    new ReportHandlers(reads, audit, certificates, authority, pdfs, replies, limits, clock, receipts).bind(bindings);
    new PublicPages(reads, replies).bind(bindings);
    new PeerHandlers(reads, issuer, replies, clock).bind(bindings);
    new LedgerAdministrationHandlers(vertx, ledger, replies, clock).bind(bindings);
    new ActHandlers(ledger, reads, replies, receipts).bind(bindings);
    new LogHandlers(log, cosignatures, replies).bind(bindings);
    new TileHandlers(log, replies).bind(bindings);
    // issue 25: the regulator's feed follows the log's entries; a Fabric entry carries no event, so the alerts read what
    // its act left through the ledger
    this.supervision = log == null ? null : SupervisionFeed.start(SupervisionFeed.Entries.of(log),
        io.dareg.gateway.supervision.LedgerRecords.of(ledger, SERVICE_CALLER));
    new SupervisionHandlers(vertx, supervision).bind(bindings);
    extraHandlers.forEach((id, handler) -> bindings.bind(id, call -> {
      transactions.validated(call.op(), call.ctx());
      handler.handle(call.ctx());
    }));
    this.router = router(bindings.all(), door, new Health(ledger, index, clock));
    this.listeners = new Listeners(vertx, router, limits);
  }

  /** The OpenAPI document. */
  public OpenApiDocument document() {
    return document;
  }

  /** The query index of trades and deliveries, built from the ledger's events. */
  public QueryIndex index() {
    return index;
  }

  /** The transparency log, or null where the gateway keeps none (a ledger that is neither embedded nor Fabric). */
  public TransparencyLog log() {
    return log;
  }

  /** The witnesses' cosignatures of the log's checkpoints, or null where the gateway keeps no log. */
  public Cosignatures cosignatures() {
    return cosignatures;
  }

  /** The witnesses the registry's settings name now; none on a ledger not initialised. */
  private static WitnessPolicy witnessPolicy(Reads reads) {
    RegistrySettings settings;
    try {
      settings = reads.query(SERVICE_CALLER, "getSettings", Map.of(), RegistrySettings.class);
    } catch (RuntimeException notInitialised) {
      return WitnessPolicy.NONE;
    }
    return settings.logWitnessPolicy();
  }

  /** The operations served. */
  public List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** Starts listening over plain HTTP; completes with the bound port. */
  public Future<Integer> listen(String host, int port) {
    return listen(host, port, null);
  }

  /**
   * Starts listening over HTTPS, with mutual TLS when {@code tls} names client roots (plain HTTP
   * when {@code tls} is null); completes with the bound port.
   */
  public Future<Integer> listen(String host, int port, Tls tls) {
    return listeners.listen(host, port, tls);
  }

  /** The port each listener serves on (one listener per core): one port, or none before {@link #listen}. */
  List<Integer> ports() {
    return listeners.ports();
  }

  /** The router, for tests of what it serves. */
  Router router() {
    return router;
  }

  /**
   * Reads the TLS files again when they changed since they were last read, and serves the new
   * certificate (and client roots) to new connections; completes true when it took new settings.
   */
  public Future<Boolean> reloadTls() {
    return listeners.reloadTls();
  }

  /** Stops listening, then closes the audit log and the query index. */
  public Future<Void> close() {
    return listeners.close().eventually(() -> {
      if (supervision != null) {
        supervision.close();
      }
      audit.close();
      index.close();
      if (log != null) {
        try {
          log.close();
        } catch (IOException e) {
          return Future.failedFuture(e);
        }
      }
      return Future.succeededFuture();
    });
  }

  /** The routes: monitoring, the document, each operation through the door to its handler, the public pages. */
  private Router router(Map<Operation, Call.Handler> handlers, Door door, Health health) {
    Router r = Router.router(vertx);
    r.route().handler(new RequestAudit(audit, metrics)::handle);
    Handler<RoutingContext> timeout = TimeoutHandler.create(limits.requestTimeout().toMillis(), 503);
    // A backup streams the whole block file: it takes as long as the file is big; the supervision feed streams until closed.
    r.route("/api/*").handler(ctx -> {
      if (ctx.request().path().equals("/api/v1/ledger/backup") || ctx.request().path().equals("/api/v1/supervision/feed")) {
        ctx.next();
      } else {
        timeout.handle(ctx);
      }
    });
    r.route().handler(BodyHandler.create(false).setBodyLimit(limits.maxBody()));
    r.get("/health").handler(health::handle);
    r.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4").end(metrics.render(index.status())));
    r.get("/api/v1/openapi.json").handler(ctx -> Replies.json(ctx, 200, document.json()));
    handlers.forEach((op, handler) -> {
      boolean admittedInside = Admission.inTransaction(op);
      r.route(HttpMethod.valueOf(op.method()), routePath(op)).handler(ctx -> door.enter(op, ctx, handler, admittedInside));
    });
    // The pages' CSS base (Pico) from its WebJar, at a path that does not change with its version.
    r.get("/vendor/pico/*").handler(Replies::pageHeaders).handler(StaticHandler.create(webjar("picocss__pico") + "/css"));
    // The public pages (verify.html and its modules), same origin as the API they call.
    r.get().handler(Replies::pageHeaders).handler(StaticHandler.create("public").setIndexPage("verify.html"));
    r.route().failureHandler(new Failures(limits)::handle);
    r.errorHandler(404, ctx -> Failures.problem(ctx, Problem.notFound("no operation at " + ctx.request().method() + " " + ctx.request().path())));
    r.errorHandler(405, ctx -> Failures.problem(ctx, new Problem(405, "method-not-allowed", "Method not allowed",
        ctx.request().method() + " is not allowed here", null)));
    return r;
  }

  /** Where an npm WebJar's files are on the class path, e.g. {@code META-INF/resources/webjars/picocss__pico/2.1.1}. */
  static String webjar(String artifact) {
    String properties = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (var in = ApiServer.class.getClassLoader().getResourceAsStream(properties)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar " + artifact + " is not on the class path");
      }
      var p = new Properties();
      p.load(in);
      return "META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Vert.x route path of an operation: {@code {regNo}} becomes {@code :regNo}, a last {@code {rest*}} the wildcard {@code *}. */
  static String routePath(Operation op) {
    return "/api/v1" + op.path().replaceAll("\\{[^}]+\\*}$", "*").replaceAll("\\{([^}]+)}", ":$1");
  }
}

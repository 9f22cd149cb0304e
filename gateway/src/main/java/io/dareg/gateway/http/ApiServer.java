package io.dareg.gateway.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.CertificateStanding;
import io.dareg.core.api.ConfidentialAccess;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.api.TradeQuery;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.model.Account;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.DeliveryStatus;
import io.dareg.core.model.TradeStatus;
import io.dareg.gateway.OwnerOnlyFiles;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.cert.CertificateIssuer;
import io.dareg.gateway.documents.CertificatePdf;
import io.dareg.gateway.documents.CjkFont;
import io.dareg.gateway.documents.EvidenceReportPdf;
import io.dareg.gateway.documents.JudicialExtractPdf;
import io.dareg.gateway.documents.PeriodReportPdf;
import io.dareg.gateway.index.QueryIndex;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.RefusedException;
import io.dareg.gateway.ledger.UnavailableException;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.dareg.gateway.report.CommittedEvents;
import io.dareg.gateway.report.JudicialExtract;
import io.dareg.gateway.report.Period;
import io.dareg.gateway.report.PeriodReport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The HTTP door: every operation of {@link Operations} under /api/v1, validated against the OpenAPI
 * document built from the same table, authenticated by signed tokens, served by the {@link Ledger}.
 * Ledger calls never run on the event loop: their futures complete on ledger threads and answers
 * go back through Vert.x contexts; the gateway's own multi-step operations run as blocking tasks.
 */
public final class ApiServer {
  private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
  /** The identity the gateway itself uses for public reads. */
  private static final java.util.Set<String> CREATES =
      java.util.Set.of(
          "submit", "depositEvidence", "openAccount", "raiseObjection", "proposeTransfer", "addEncumbrance",
          "recordListingCheck", "recordTrade", "recordDelivery");

  /** The identity the gateway itself reads with, for public pages (verify, notices, announcements). */
  public static final Caller SERVICE_CALLER = new Caller(new IdentityRef("RegistryMSP", "CN=dareg-gateway"), null, false);

  private final Vertx vertx;
  private final Ledger ledger;
  private final Tokens tokens;
  private final CertificateAuthority authority;
  private final CertificateIssuer issuer;
  private final CertificateVerifier verifier;
  private final ConfidentialStore confidential;
  private final Path certificates;
  private final Optional<CjkFont> cjkFont;
  /** Rendered PDFs by certificate and verify address: a signed certificate never changes, and rendering is costly. */
  private final BoundedCache<String, byte[]> pdfs = new BoundedCache<>(64);
  private final Clock clock;
  private final long maxBody;
  private final Limits limits;
  private final PublicRateLimit publicRate;
  private final List<Operation> operations;
  private final OpenApiDocument document;
  private final SchemaValidator validator;
  private final Metrics metrics = new Metrics();
  private final AuditLog audit;
  private final QueryIndex index;
  private final Router router;
  /** One server per event loop it listens on; Vert.x hands each new connection to one of them. */
  private final List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Tls tls;
  private volatile String tlsStamp;

  /**
   * @param dataDir where confidential material and signed certificates are kept
   * @param extra operations added in dev mode (may be empty)
   * @param extraHandlers their handlers by operation id
   */
  public ApiServer(Vertx vertx, Ledger ledger, Tokens tokens, CertificateAuthority authority, Path dataDir, Clock clock,
      long maxBody, List<Operation> extra, Map<String, io.vertx.core.Handler<RoutingContext>> extraHandlers) throws IOException {
    this(vertx, ledger, tokens, authority, dataDir, clock, Limits.defaults(maxBody), extra, extraHandlers);
  }

  /**
   * @param dataDir where confidential material, signed certificates and the audit log are kept
   * @param limits body size, public rate, request and idle timeouts
   * @param extra operations added in dev mode (may be empty)
   * @param extraHandlers their handlers by operation id
   */
  public ApiServer(Vertx vertx, Ledger ledger, Tokens tokens, CertificateAuthority authority, Path dataDir, Clock clock,
      Limits limits, List<Operation> extra, Map<String, io.vertx.core.Handler<RoutingContext>> extraHandlers) throws IOException {
    this.vertx = vertx;
    this.ledger = ledger;
    this.tokens = tokens;
    this.authority = authority;
    this.issuer = new CertificateIssuer(authority);
    this.verifier = new CertificateVerifier(new BouncyCastleProvider(), List.of(authority.root()));
    this.confidential = new ConfidentialStore(dataDir.resolve("confidential"));
    this.certificates = dataDir.resolve("certificates");
    OwnerOnlyFiles.directory(certificates);
    this.cjkFont = CjkFont.find();
    if (cjkFont.isEmpty()) {
      LOG.warning("no font with Chinese glyphs: certificate PDFs cannot be made; install the Debian package " + CjkFont.PACKAGE);
    }
    this.clock = clock;
    this.maxBody = limits.maxBody();
    this.limits = limits;
    this.publicRate = new PublicRateLimit(limits.publicPerMinute(), System::nanoTime);
    this.operations = new ArrayList<>(Operations.all());
    this.operations.addAll(extra);
    this.document = OpenApiDocument.of(operations);
    this.validator = new SchemaValidator(document);
    this.audit = AuditLog.open(dataDir.resolve("audit").resolve("audit.log"));
    this.index = QueryIndex.open(dataDir.resolve("index"), ledger);
    this.router = router(extraHandlers);
  }

  /** The OpenAPI document. */
  public OpenApiDocument document() {
    return document;
  }

  /** The query index of trades and deliveries, built from the ledger's events. */
  public QueryIndex index() {
    return index;
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
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true)
        .setIdleTimeout((int) limits.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024);
    if (tls != null) {
      try {
        var ssl = tls.options();
        options.setSsl(true).setKeyCertOptions(ssl.getKeyCertOptions()).setTrustOptions(ssl.getTrustOptions())
            .setClientAuth(ssl.getClientAuth()).setSslEngineOptions(Tls.engine());
        this.tlsStamp = tls.stamp();
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
      this.tls = tls;
    }
    // One server per core, each on an event loop of its own, all on one port, so that HTTP parsing
    // and token checks use every core. Vert.x shares a port among servers that ask for the same
    // one; asked for any free port (0), each server would bind a port of its own, so a free port
    // is found first (and found again should another process take it in between).
    return deploy(options, options.getPort() == 0 ? 3 : 0);
  }

  /** How many listeners serve one gateway's port: one per core, at most 8. */
  static final int LISTENERS = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));

  /** The port each listener serves on (one listener per core): one port, or none before {@link #listen}. */
  List<Integer> ports() {
    return servers.stream().map(HttpServer::actualPort).toList();
  }

  /**
   * Deploys the {@link #LISTENERS} on one port: the port of {@code options}, or, with {@code
   * freePortAttempts} above 0, a free port found now, found again on a bind failure until the
   * attempts are spent.
   */
  private Future<Integer> deploy(HttpServerOptions options, int freePortAttempts) {
    HttpServerOptions chosen = options;
    if (freePortAttempts > 0) {
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(options.getHost()))) {
        chosen = new HttpServerOptions(options).setPort(probe.getLocalPort());
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    }
    HttpServerOptions listening = chosen;
    return vertx.deployVerticle(() -> new Listener(listening), new DeploymentOptions().setInstances(LISTENERS))
        .map(id -> servers.get(0).actualPort())
        .recover(e -> freePortAttempts > 1 && e instanceof java.net.BindException
            ? deploy(options, freePortAttempts - 1) : Future.failedFuture(e));
  }

  /** Serves the router on the event loop it is deployed to. */
  private final class Listener extends VerticleBase {
    private final HttpServerOptions options;

    Listener(HttpServerOptions options) {
      this.options = options;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(options).invalidRequestHandler(ApiServer::invalidRequest).requestHandler(router).listen()
          .onSuccess(servers::add);
    }
  }

  /**
   * Reads the TLS files again when they changed since they were last read, and serves the new
   * certificate (and client roots) to new connections; completes true when it took new settings.
   */
  public Future<Boolean> reloadTls() {
    if (tls == null || servers.isEmpty()) {
      return Future.succeededFuture(false);
    }
    try {
      String stamp = tls.stamp();
      if (stamp.equals(tlsStamp)) {
        return Future.succeededFuture(false);
      }
      var ssl = tls.options();
      List<Future<Boolean>> updates = new ArrayList<>();
      for (HttpServer server : servers) {
        updates.add(server.updateSSLOptions(ssl, true));
      }
      return Future.all(updates).map(all -> updates.stream().allMatch(Future::result)).onSuccess(taken -> {
        if (taken) {
          tlsStamp = stamp;
          LOG.info("TLS: serving the certificate now in " + tls.certificate());
        }
      });
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "TLS: the changed files cannot be read; still serving the previous certificate", e);
      return Future.succeededFuture(false);
    }
  }

  /** Stops listening, then closes the audit log and the query index. */
  public Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    for (HttpServer server : servers) {
      closed.add(server.close());
    }
    return Future.join(closed).<Void>mapEmpty().eventually(() -> {
      audit.close();
      index.close();
      return Future.succeededFuture();
    });
  }

  private Router router(Map<String, io.vertx.core.Handler<RoutingContext>> extraHandlers) {
    Router r = Router.router(vertx);
    r.route().handler(ctx -> {
      long t0 = System.nanoTime();
      ctx.addEndHandler(v -> {
        metrics.request(String.valueOf(ctx.<String>get("operation", "other")), ctx.response().getStatusCode(), System.nanoTime() - t0);
        audit(ctx);
      });
      ctx.next();
    });
    io.vertx.core.Handler<RoutingContext> timeout = TimeoutHandler.create(limits.requestTimeout().toMillis(), 503);
    // A backup streams the whole block file: it takes as long as the file is big.
    r.route("/api/*").handler(ctx -> {
      if (ctx.request().path().equals("/api/v1/ledger/backup")) {
        ctx.next();
      } else {
        timeout.handle(ctx);
      }
    });
    r.route().handler(BodyHandler.create(false).setBodyLimit(maxBody));
    r.get("/health").handler(this::health);
    r.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4").end(metrics.render(index.status())));
    r.get("/api/v1/openapi.json").handler(ctx -> json(ctx, 200, document.json()));
    for (Operation op : operations) {
      r.route(HttpMethod.valueOf(op.method()), op.routePath()).handler(ctx -> {
        ctx.put("operation", op.id());
        guarded(ctx, () -> enter(op, ctx, extraHandlers));
      });
    }
    // The public pages (verify.html and its modules), same origin as the API they call.
    r.get().handler(ApiServer::pageHeaders).handler(StaticHandler.create("public").setIndexPage("verify.html"));
    r.route().failureHandler(this::failure);
    r.errorHandler(404, ctx -> problem(ctx, Problem.notFound("no operation at " + ctx.request().method() + " " + ctx.request().path())));
    r.errorHandler(405, ctx -> problem(ctx, new Problem(405, "method-not-allowed", "Method not allowed", ctx.request().method() + " is not allowed here", null)));
    return r;
  }

  /** One audit line per request, monitoring endpoints aside. */
  private void audit(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.equals("/health") || path.equals("/metrics")) {
      return;
    }
    int status = ctx.response().getStatusCode();
    Caller caller = ctx.get("caller");
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("time", Instant.now().toString());
    if (caller != null) {
      e.put("msp", caller.msp()).put("user", caller.identity().id()).put("role", caller.orgAdmin() ? "admin" : caller.roleAttribute());
    } else {
      e.put("user", "anonymous");
    }
    if (ctx.request().remoteAddress() != null) {
      e.put("remote", ctx.request().remoteAddress().host());
    }
    e.put("operation", String.valueOf(ctx.<String>get("operation", "other")));
    e.put("method", ctx.request().method().name());
    e.put("path", path.length() > 300 ? path.substring(0, 300) + "..." : path);
    e.put("status", status);
    e.put("outcome", status < 400 ? "ok" : status < 500 ? "refused" : "failed");
    String tx = ctx.response().headers().get("Dareg-Transaction");
    if (tx != null) {
      e.put("txId", tx).put("block", Long.parseLong(ctx.response().headers().get("Dareg-Block")));
    }
    audit.record(e);
  }

  private JsonNode readAuditLog(RoutingContext ctx) throws Exception {
    long after;
    int limit;
    try {
      after = ctx.queryParams().contains("after") ? Long.parseLong(ctx.queryParams().get("after")) : -1;
      limit = ctx.queryParams().contains("limit") ? Integer.parseInt(ctx.queryParams().get("limit")) : 500;
    } catch (NumberFormatException e) {
      throw Problem.invalid("after", "after and limit must be whole numbers");
    }
    if (limit < 1 || limit > 5000) {
      throw Problem.invalid("limit", "limit must be 1 to 5000");
    }
    return audit.read(after, limit);
  }

  /**
   * Runs one step of a request: whatever it throws becomes the request's answer, so no failure
   * leaves a request unanswered.
   */
  private static void guarded(RoutingContext ctx, Runnable step) {
    try {
      step.run();
    } catch (Problem p) {
      problem(ctx, p);
    } catch (RuntimeException | StackOverflowError e) {
      problem(ctx, toProblem(e));
    }
  }

  /**
   * The door, in order: the public rate limit, the caller's token, the caller's role by {@link
   * Callers} (so a caller of the wrong role learns nothing of the body's rules or the ledger's
   * state), then the body (media type, strict UTF-8, clean text), then the operation.
   */
  private void enter(Operation op, RoutingContext ctx, Map<String, io.vertx.core.Handler<RoutingContext>> extra) {
    if (!op.authenticated()) {
      long wait = publicRate.take(ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host());
      if (wait > 0) {
        ctx.response().putHeader("Retry-After", String.valueOf(wait));
        throw new Problem(429, "too-many-requests", "Too many requests", "this address made more than "
            + limits.publicPerMinute() + " public requests in a minute; try again in " + wait + " s, or sign in", null);
      }
    }
    Caller caller = op.authenticated() ? authenticate(ctx) : null;
    ctx.put("caller", caller);
    admit(op, caller).onComplete(admitted -> guarded(ctx, () -> {
      if (admitted.failed()) {
        throw toProblem(unwrap(admitted.cause()));
      }
      readBody(op, ctx);
      dispatch(op, ctx, caller, extra);
    }));
  }

  private void dispatch(Operation op, RoutingContext ctx, Caller caller, Map<String, io.vertx.core.Handler<RoutingContext>> extra) {
    switch (op.kind()) {
      case SUBMIT:
      case EVALUATE:
        runTransaction(op, ctx, caller);
        return;
      default:
        break;
    }
    if (extra.containsKey(op.id())) {
      validated(op, ctx);
      extra.get(op.id()).handle(ctx);
      return;
    }
    switch (op.id()) {
      case "listRegistrations" -> blocking(ctx, 200, () -> listRegistrations(ctx, caller));
      case "listTrades" -> blocking(ctx, 200, () -> listIndexed(ctx, caller, true));
      case "listDeliveries" -> blocking(ctx, 200, () -> listIndexed(ctx, caller, false));
      case "getConfidential" -> blocking(ctx, 200, () -> readConfidential(caller, ctx.pathParam("regNo")));
      case "issueCertificate" -> {
        // The certificate's hash is recorded by a transaction: name it in the headers and the audit log.
        java.util.concurrent.atomic.AtomicReference<Committed> recorded = new java.util.concurrent.atomic.AtomicReference<>();
        vertx.<JsonNode>executeBlocking(() -> issueCertificate(caller, ctx.pathParam("regNo"), recorded::set), false)
            .onSuccess(result -> {
              transactionHeaders(ctx, recorded.get());
              json(ctx, 201, result);
            })
            .onFailure(e -> problem(ctx, toProblem(e)));
      }
      case "getListingCheckVoucher" -> blocking(ctx, 200, () -> voucher(caller, "listing-check", "getListingCheck", ctx.pathParam("id")));
      case "getTradeVoucher" -> blocking(ctx, 200, () -> voucher(caller, "trade", "getTrade", ctx.pathParam("id")));
      case "getCertificate" -> blocking(ctx, 200, () -> storedCertificate(ctx.pathParam("certNo")));
      case "getCertificatePdf" -> {
        String verifyUrl = origin(ctx) + "/verify.html?cert=" + ctx.pathParam("certNo");
        pdf(ctx, ctx.pathParam("certNo") + ".pdf", () -> certificatePdf(ctx.pathParam("certNo"), verifyUrl));
      }
      case "getEvidenceReport" -> pdf(ctx, ctx.pathParam("id") + "-report.pdf", () -> evidenceReport(caller, ctx.pathParam("id")));
      case "verifyCertificate" -> {
        // Read on a worker, in one pass: the body is mostly the certificate, a few kilobytes.
        byte[] body = noBody(ctx) ? new byte[0] : ctx.body().buffer().getBytes();
        blocking(ctx, 200, () -> verify(body));
      }
      case "publicNotices" -> blocking(ctx, 200, this::publicNotices);
      case "publicAnnouncements" -> blocking(ctx, 200, this::publicAnnouncements);
      // issue 20: review, profiles and disclosure
      case "publicFees" -> blocking(ctx, 200, () -> query(SERVICE_CALLER, "getPublicTerms", "{}"));
      case "publicValidity" -> blocking(ctx, 200, () -> publicValidity(ctx.pathParam("number")));
      case "getPeriodReport" -> periodReport(ctx);
      case "getJudicialExtract" -> pdf(ctx, ctx.pathParam("regNo") + "-extract.pdf", () -> judicialExtract(caller, ctx.pathParam("regNo")));
      case "auditLedger" -> blocking(ctx, 200, this::auditLedger);
      case "readAuditLog" -> blocking(ctx, 200, () -> readAuditLog(ctx));
      case "backupLedger" -> backupLedger(ctx);
      default -> throw new IllegalStateException("no handler for " + op.id());
    }
  }

  // --- ledger transactions ---------------------------------------------------------------------

  /** The body of a POST, checked against its schema in the document (an empty object for a GET). */
  private ObjectNode validated(Operation op, RoutingContext ctx) {
    ObjectNode args = op.method().equals("POST") ? bodyObject(ctx) : Json.mapper().createObjectNode();
    JsonNode schema = document.bodySchema(op);
    if (schema != null) {
      try {
        validator.validate(schema, args);
      } catch (SchemaValidator.Violation v) {
        throw Problem.invalid(v.field, v.field + " " + v.getMessage());
      }
    }
    return args;
  }

  private void runTransaction(Operation op, RoutingContext ctx, Caller caller) {
    ObjectNode args = validated(op, ctx);
    for (String p : op.pathParams()) {
      String value = ctx.pathParam(p);
      if (args.has(p) && !args.get(p).asText().equals(value)) {
        throw Problem.invalid(p, p + " in the body differs from the path");
      }
      args.put(p, value);
    }
    if (op.id().equals("submit") && args.has("confidential")) {
      JsonNode material = args.remove("confidential");
      if (!material.isObject()) {
        throw Problem.invalid("confidential", "confidential must be a JSON object");
      }
      if (args.hasNonNull("confidentialHash")) {
        throw Problem.invalid("confidentialHash", "give the confidential material or its hash, not both");
      }
      try {
        args.put("confidentialHash", confidential.put(material));
      } catch (IOException e) {
        throw Problem.unavailable("the gateway cannot store confidential material: " + e.getMessage());
      }
    }
    String argsJson = CanonicalJson.toString(args);
    if (op.kind() == Operation.Kind.SUBMIT) {
      Future.fromCompletionStage(ledger.submit(caller, op.transaction(), argsJson), vertx.getOrCreateContext())
          .onSuccess(c -> {
            metrics.commit();
            transactionHeaders(ctx, c);
            raw(ctx, CREATES.contains(op.id()) ? 201 : 200, c.resultJson());
          })
          .onFailure(e -> ledgerFailure(ctx, e));
    } else {
      Future.fromCompletionStage(ledger.evaluate(caller, op.transaction(), argsJson), vertx.getOrCreateContext())
          .onSuccess(result -> raw(ctx, 200, result))
          .onFailure(e -> ledgerFailure(ctx, e));
    }
  }

  /**
   * Completes when {@link Callers} admits the caller to {@code op}, fails with a 403 otherwise.
   * It reads who the ledger takes the caller to be (and, for the registry admin's operations, the
   * registry organisation) and nothing else.
   */
  private Future<Void> admit(Operation op, Caller caller) {
    java.util.Set<Callers.Who> allowed = op.callers();
    if (caller == null || allowed.isEmpty()) {
      return Future.succeededFuture();
    }
    boolean admins = allowed.contains(Callers.Who.REGISTRY_ADMIN);
    boolean roles = allowed.stream().anyMatch(w -> w != Callers.Who.REGISTRY_ADMIN);
    io.vertx.core.Context context = vertx.getOrCreateContext();
    Future<JsonNode> who = roles
        ? Future.fromCompletionStage(ledger.evaluate(caller, "whoAmI", "{}"), context).map(ApiServer::tree)
        : Future.succeededFuture(null);
    // Not initialised: any organisation's admin may go on (initLedger names the organisation; the rules decide).
    Future<String> registryMsp = admins && caller.orgAdmin()
        ? Future.fromCompletionStage(ledger.evaluate(SERVICE_CALLER, "getSettings", "{}"), context)
            .map(json -> tree(json).path("registryMsp").asText())
            .recover(e -> unwrap(e) instanceof RefusedException r && r.code() == io.dareg.chaincode.registry.RuleException.Code.CONFLICT
                ? Future.succeededFuture("") : Future.failedFuture(e))
        : Future.succeededFuture(null);
    return Future.all(who, registryMsp).compose(both -> {
      if (admins && registryMsp.result() != null && (registryMsp.result().isEmpty() || registryMsp.result().equals(caller.msp()))) {
        return Future.succeededFuture();
      }
      JsonNode info = who.result();
      String role = info == null ? "" : info.path("role").asText("");
      boolean hasAccount = info != null && !info.path("accountId").asText("").isEmpty();
      for (Callers.Who w : allowed) {
        if (w != Callers.Who.REGISTRY_ADMIN && w.name().equals(role) && (w != Callers.Who.HOLDER || hasAccount)) {
          return Future.succeededFuture();
        }
      }
      return Future.failedFuture(Problem.forbidden(refusal(op, caller, allowed, role, hasAccount)));
    });
  }

  /** Why the door refuses: who may call, and what the caller is; never anything of the ledger's state. */
  private static String refusal(Operation op, Caller caller, java.util.Set<Callers.Who> allowed, String role, boolean hasAccount) {
    if (op.id().equals("initLedger")) {
      return "only an admin of the registry organisation initialises the ledger; " + caller.identity() + " is not one";
    }
    List<String> who = new ArrayList<>();
    for (Callers.Who w : allowed) {
      who.add(switch (w) {
        case REGISTRY_ADMIN -> "the registry organisation's admin";
        case HOLDER -> "a holder acting for an open account";
        default -> "the " + w + " role";
      });
    }
    String is = role.isEmpty() ? "has no role" : role.equals("HOLDER") && !hasAccount ? "is a HOLDER with no open account" : "is " + role;
    return op.id() + " is for " + String.join(" or ", who) + "; " + caller.identity() + " " + is;
  }

  private static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("the ledger answered with JSON that does not parse", e);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** Joins a ledger future from a blocking task, turning refusals into problems. */
  private <T> T join(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw toProblem(e.getCause());
    }
  }

  private JsonNode query(Caller caller, String tx, Object args) {
    return query(caller, tx, args, JsonNode.class);
  }

  // Read straight into the type wanted: the answer is parsed once, not into a tree and then again.
  private <T> T query(Caller caller, String tx, Object args, Class<T> type) {
    String json = args instanceof String ? (String) args : new String(Json.canonical(args), StandardCharsets.UTF_8);
    try {
      return Json.mapper().readValue(join(ledger.evaluate(caller, tx, json)), type);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Problem toProblem(Throwable e) {
    if (e instanceof Problem p) {
      return p;
    }
    if (e instanceof RefusedException r) {
      switch (r.code()) {
        case INVALID: return Problem.invalid(r.field(), r.getMessage());
        case FORBIDDEN: return Problem.forbidden(r.getMessage());
        case NOT_FOUND: return Problem.notFound(r.getMessage());
        default: return Problem.conflict(r.getMessage());
      }
    }
    if (e instanceof UnavailableException) {
      return Problem.unavailable(e.getMessage());
    }
    if (e instanceof InvalidInputException i) {
      return Problem.invalid(i.field(), i.getMessage());
    }
    LOG.log(Level.SEVERE, "unexpected failure", e);
    return new Problem(500, "internal", "Internal error", "the gateway failed unexpectedly; the operator's log has the details", null);
  }

  private void ledgerFailure(RoutingContext ctx, Throwable e) {
    problem(ctx, toProblem(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
  }

  // --- gateway operations ----------------------------------------------------------------------

  private JsonNode listRegistrations(RoutingContext ctx, Caller caller) {
    if (ctx.queryParams().contains("overdue")) {
      return overdueFormalReviews(ctx, caller);
    }
    String holder = ctx.queryParams().get("holder");
    String status = ctx.queryParams().get("status");
    if ((holder == null) == (status == null)) {
      throw Problem.invalid("holder", "give exactly one of the query parameters holder and status");
    }
    int pageSize;
    try {
      pageSize = ctx.queryParams().contains("pageSize") ? Integer.parseInt(ctx.queryParams().get("pageSize")) : 0;
    } catch (NumberFormatException e) {
      throw Problem.invalid("pageSize", "pageSize must be a whole number");
    }
    ObjectNode args = Json.mapper().createObjectNode();
    args.put("key", holder != null ? holder : status);
    args.put("pageSize", pageSize);
    if (ctx.queryParams().contains("bookmark")) {
      args.put("bookmark", ctx.queryParams().get("bookmark"));
    }
    return query(caller, holder != null ? "listByHolder" : "listByStatus", CanonicalJson.toString(args));
  }

  /** The query parameters of the trade and delivery lists. */
  static final List<String> INDEX_PARAMETERS = List.of("exchange", "party", "regNo", "status", "from", "to", "pageSize", "bookmark");

  /**
   * Trades or deliveries from the query index, as far as the caller may see them: a regulator
   * everything, an exchange what its organisation recorded, a party what it sells or buys.
   */
  private JsonNode listIndexed(RoutingContext ctx, Caller caller, boolean trades) throws IOException {
    TradeQuery q = visible(caller, indexQuery(ctx, trades));
    QueryIndex.Page page = trades ? index.trades(q) : index.deliveries(q);
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode items = out.putArray("items");
    for (String json : page.items()) {
      items.add(Json.mapper().readTree(json));
    }
    out.put("bookmark", page.bookmark()).put("indexedThrough", page.indexedThrough()).put("behind", page.behind());
    if (page.behind()) {
      ctx.response().putHeader("Dareg-Index-Behind", "true");
    }
    return out;
  }

  private static TradeQuery indexQuery(RoutingContext ctx, boolean trades) {
    io.vertx.core.MultiMap p = ctx.queryParams();
    for (String name : p.names()) {
      if (!INDEX_PARAMETERS.contains(name)) {
        throw Problem.invalid(name, name + " is not a parameter of this list; use " + String.join(", ", INDEX_PARAMETERS));
      }
      if (p.getAll(name).size() > 1) {
        throw Problem.invalid(name, "give " + name + " once");
      }
    }
    String status = p.get("status");
    List<String> statuses = java.util.Arrays.stream(trades ? TradeStatus.values() : DeliveryStatus.values()).map(Enum::name).toList();
    if (status != null && !statuses.contains(status)) {
      throw Problem.invalid("status", "status '" + status + "' is not a " + (trades ? "trade" : "delivery") + " status; use one of "
          + String.join(", ", statuses));
    }
    int pageSize = 0;
    if (p.get("pageSize") != null) {
      try {
        pageSize = Integer.parseInt(p.get("pageSize"));
      } catch (NumberFormatException e) {
        throw Problem.invalid("pageSize", "pageSize must be a whole number from 1 to " + TradeQuery.MAX_PAGE + " (default " + TradeQuery.DEFAULT_PAGE + ")");
      }
    }
    try {
      return new TradeQuery(p.get("exchange"), p.get("party"), p.get("regNo"), status, time(p.get("from"), "from", false),
          time(p.get("to"), "to", true), pageSize, p.get("bookmark"));
    } catch (InvalidInputException e) {
      throw Problem.invalid(e.field(), e.field() + " " + e.getMessage());
    }
  }

  /** An instant, or a China date: from its first moment for {@code from}, through its last for {@code to}. */
  private static Instant time(String text, String name, boolean end) {
    return text == null ? null : TradeQuery.time(name, text, end);
  }

  /** The query narrowed to what the caller may see; asking for more is refused, not silently narrowed. */
  private TradeQuery visible(Caller caller, TradeQuery q) {
    JsonNode who = query(caller, "whoAmI", "{}");
    String role = who.path("role").asText("");
    switch (role) {
      case "REGULATOR":
        return q;
      case "EXCHANGE":
        if (q.exchange() != null && !q.exchange().equals(caller.msp())) {
          throw Problem.forbidden("an exchange sees the trades its own organisation recorded (" + caller.msp() + "), not those of " + q.exchange());
        }
        return new TradeQuery(caller.msp(), q.party(), q.regNo(), q.status(), q.from(), q.to(), q.pageSize(), q.bookmark());
      case "HOLDER":
        String account = who.path("accountId").asText("");
        if (account.isEmpty()) {
          throw Problem.forbidden(caller.identity() + " acts for no open account, so it is party to no trade");
        }
        if (q.party() != null && !q.party().equals(account)) {
          throw Problem.forbidden("a party sees the trades it sells or buys in (account " + account + "), not those of " + q.party());
        }
        return new TradeQuery(q.exchange(), account, q.regNo(), q.status(), q.from(), q.to(), q.pageSize(), q.bookmark());
      default:
        throw Problem.forbidden("trades and deliveries are listed for regulators (all), exchanges (their own) and the parties (theirs); "
            + caller.identity() + (role.isEmpty() ? " has no role" : " is " + role));
    }
  }

  /** The confidential material, when the rules say the caller may read it (getConfidentialAccess, the same on Fabric). */
  private JsonNode readConfidential(Caller caller, String regNo) throws IOException {
    String hash = query(caller, "getConfidentialAccess", Map.of("regNo", regNo), ConfidentialAccess.class).confidentialHash();
    if (hash == null) {
      throw Problem.notFound(regNo + " has no confidential material");
    }
    JsonNode doc = confidential.get(hash);
    if (doc == null) {
      throw Problem.notFound("this gateway does not hold the confidential material of " + regNo);
    }
    return doc;
  }

  /**
   * The ledger's record as the caller may read it, signed by the registry's issuing key: the
   * evidence an exchange keeps of a listing check, or a trade voucher (交易凭证).
   */
  private JsonNode voucher(Caller caller, String kind, String transaction, String id) {
    JsonNode record = query(caller, transaction, Map.of("id", id));
    return Json.mapper().valueToTree(issuer.voucher(kind, record, clock.instant()));
  }

  /** The committed transaction's id and block, for the caller and the audit log. */
  private static void transactionHeaders(RoutingContext ctx, Committed c) {
    ctx.response().putHeader("Dareg-Transaction", c.txId()).putHeader("Dareg-Block", String.valueOf(c.blockNumber()));
  }

  private JsonNode issueCertificate(Caller caller, String regNo, java.util.function.Consumer<Committed> committed) throws IOException {
    RegistrationView view = query(caller, "getRegistration", Map.of("regNo", regNo), RegistrationView.class);
    if (view.effectiveStatus() != RegistrationStatus.ISSUED) {
      throw Problem.conflict(regNo + " is " + view.effectiveStatus() + "; certificates are issued for ISSUED registrations");
    }
    Registration r = view.registration();
    Map<String, Account> accounts = new HashMap<>();
    for (String id : r.holders()) {
      accounts.put(id, query(caller, "getAccount", Map.of("id", id), Account.class));
    }
    List<Evidence> evidence = new ArrayList<>();
    for (String no : r.evidenceNos()) {
      evidence.add(query(caller, "getEvidence", Map.of("id", no), Evidence.class));
    }
    int version = 1;
    while (exists(caller, regNo + "-C" + two(version))) {
      version++;
    }
    String certNo = regNo + "-C" + two(version);
    String registryName = query(caller, "getSettings", "{}").path("registryName").asText();
    Certificate cert = issuer.issue(view, accounts, evidence, registryName, certNo, version, clock.instant());
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("regNo", regNo).put("certificateHash", cert.certificateHash()).put("signerKeyId", cert.signature().keyId());
    Committed c = join(ledger.submit(caller, "recordCertificate", CanonicalJson.toString(record)));
    metrics.commit();
    committed.accept(c);
    String recorded = Json.mapper().readTree(c.resultJson()).path("certNo").asText();
    if (!recorded.equals(certNo)) {
      throw Problem.conflict("another certificate was recorded at the same time (" + recorded + "); try again");
    }
    OwnerOnlyFiles.write(certificates.resolve(certNo + ".json"), cert.canonicalBytes());
    return Json.mapper().valueToTree(cert);
  }

  private boolean exists(Caller caller, String certNo) {
    try {
      query(caller, "getCertificate", Map.of("id", certNo));
      return true;
    } catch (Problem p) {
      if (p.status() == 404) {
        return false;
      }
      throw p;
    }
  }

  private JsonNode storedCertificate(String certNo) throws IOException {
    // Check the name before it touches the file system: it comes straight from the URL.
    if (!certNo.matches("[A-Za-z0-9-]{1,80}")) {
      throw Problem.notFound("this gateway holds no certificate " + certNo.replaceAll("[^\\p{Print}]", "?"));
    }
    Path file = certificates.resolve(certNo + ".json");
    if (!Files.exists(file)) {
      throw Problem.notFound("this gateway holds no certificate " + certNo);
    }
    return Json.mapper().readTree(Files.readAllBytes(file));
  }

  private byte[] certificatePdf(String certNo, String verifyUrl) throws IOException {
    // Read first: an unknown or malformed number is a 404 whether or not fonts are installed.
    storedCertificate(certNo);
    byte[] signed = Files.readAllBytes(certificates.resolve(certNo + ".json"));
    CjkFont font = font();
    String key = certNo + "\n" + verifyUrl;
    byte[] cached = pdfs.get(key);
    if (cached != null) {
      return cached;
    }
    byte[] pdf = new CertificatePdf(font).render(Certificate.parse(signed), signed, verifyUrl);
    pdfs.put(key, pdf);
    return pdf;
  }

  private byte[] evidenceReport(Caller caller, String evidenceNo) throws IOException {
    // Read as the caller: whoever may read the evidence may have its report, nobody else.
    JsonNode record = query(caller, "getEvidence", Map.of("id", evidenceNo));
    Evidence evidence = Json.mapper().convertValue(record, Evidence.class);
    String registryName = query(SERVICE_CALLER, "getSettings", "{}").path("registryName").asText();
    String depositor;
    try {
      depositor = query(SERVICE_CALLER, "getAccount", Map.of("id", evidence.declaredBy())).path("name").asText(evidence.declaredBy());
    } catch (Problem p) {
      depositor = evidence.declaredBy();
    }
    return new EvidenceReportPdf(font()).render(evidence, registryName, depositor, CanonicalJson.serialize(record));
  }

  /**
   * The signed judicial extract of one asset, for the registry's staff and admin, regulators and
   * the asset's holders (getProvenance alone is open to any identified caller).
   */
  private byte[] judicialExtract(Caller caller, String regNo) throws Exception {
    JsonNode who = query(caller, "whoAmI", "{}");
    RegistrationView view = query(caller, "getRegistration", Map.of("regNo", regNo), RegistrationView.class);
    String role = who.path("role").asText("");
    boolean holder = view.registration().holders().contains(who.path("accountId").asText(""));
    boolean admin = caller.orgAdmin() && caller.msp().equals(query(caller, "getSettings", "{}").path("registryMsp").asText());
    if (!holder && !admin && !List.of("REGISTRAR", "REVIEWER", "REGULATOR").contains(role)) {
      throw Problem.forbidden("the judicial extract of " + regNo + " is for the registry, regulators and the asset's holders");
    }
    CjkFont font = font();
    List<JudicialExtract.Step> steps = new ArrayList<>();
    for (ProvenanceEntry p : query(caller, "getProvenance", Map.of("regNo", regNo), ProvenanceEntry[].class)) {
      steps.add(new JudicialExtract.Step(p.time(), p.txId(), p.record(), p.number(), p.state()));
    }
    for (String no : view.registration().evidenceNos()) {
      Evidence e = query(caller, "getEvidence", Map.of("id", no), Evidence.class);
      steps.add(new JudicialExtract.Step(e.depositedAt(), e.txId(), "evidence", no, "deposited " + e.algorithm()));
    }
    java.util.Set<String> txIds = JudicialExtract.transactions(steps);
    Map<String, io.dareg.gateway.ledger.LedgerEvent> events = new HashMap<>();
    long height = CommittedEvents.replay(ledger, e -> {
      if (txIds.contains(e.txId())) {
        events.put(e.txId(), e);
      }
    }, limits.requestTimeout());
    Map<String, IdentityRef> senders = new HashMap<>();
    for (JsonNode entry : audit.read(-1, Integer.MAX_VALUE).path("entries")) {
      String tx = entry.path("txId").asText("");
      if (txIds.contains(tx) && entry.hasNonNull("msp") && entry.hasNonNull("user")) {
        senders.put(tx, new IdentityRef(entry.path("msp").asText(), entry.path("user").asText()));
      }
    }
    List<Certificate> certs = new ArrayList<>();
    for (String certNo : steps.stream().filter(s -> s.record().equals("certificate")).map(JudicialExtract.Step::number)
        .distinct().sorted().toList()) {
      Path file = certificates.resolve(certNo + ".json");
      if (certNo.matches("[A-Za-z0-9-]{1,80}") && Files.exists(file)) {
        certs.add(Certificate.parse(Files.readAllBytes(file)));
      }
    }
    String registryName = query(SERVICE_CALLER, "getSettings", "{}").path("registryName").asText();
    JsonNode extract = JudicialExtract.build(Json.mapper().valueToTree(view.registration()), steps, events, senders, certs,
        new JudicialExtract.About(registryName, caller.identity(), clock.instant(), height));
    return new JudicialExtractPdf(font).render(extract, authority.issuingKey(), authority.algorithm(),
        List.of(authority.issuing(), authority.root()));
  }

  /** The period report as CSV or PDF; the period and format are checked before any work. */
  private void periodReport(RoutingContext ctx) {
    Period period;
    try {
      period = Period.parse(ctx.queryParams().get("period"), clock.instant());
    } catch (InvalidInputException e) {
      throw Problem.invalid(e.field(), e.getMessage());
    }
    String format = ctx.queryParams().contains("format") ? ctx.queryParams().get("format") : "csv";
    if (!format.equals("csv") && !format.equals("pdf")) {
      throw Problem.invalid("format", "format must be csv or pdf");
    }
    vertx.<byte[]>executeBlocking(() -> {
      PeriodReport report = new PeriodReport(period);
      report.height(CommittedEvents.replay(ledger, report, limits.requestTimeout()));
      Instant now = clock.instant();
      report.asOf(now); // issue 20: formal reviews still running past their due date count as overdue
      if (format.equals("csv")) {
        return report.csv(now).getBytes(StandardCharsets.UTF_8);
      }
      String registryName = query(SERVICE_CALLER, "getSettings", "{}").path("registryName").asText();
      return new PeriodReportPdf(font()).render(report, registryName, now);
    }, false).onSuccess(bytes -> ctx.response()
            .putHeader("content-type", format.equals("csv") ? "text/csv; charset=utf-8" : CertificatePdf.MEDIA_TYPE)
            .putHeader("content-disposition", "attachment; filename=\"dareg-report-" + period.name() + "." + format + "\"")
            .end(io.vertx.core.buffer.Buffer.buffer(bytes)))
        .onFailure(e -> problem(ctx, toProblem(e)));
  }

  private CjkFont font() {
    return cjkFont.orElseThrow(() -> Problem.unavailable(
        "this gateway cannot make PDFs: it has no font with Chinese glyphs; its operator should install the Debian package " + CjkFont.PACKAGE));
  }

  private interface PdfWork {
    byte[] run() throws Exception;
  }

  private void pdf(RoutingContext ctx, String filename, PdfWork work) {
    vertx.<byte[]>executeBlocking(work::run, false)
        .onSuccess(pdf -> ctx.response().putHeader("content-type", CertificatePdf.MEDIA_TYPE)
            .putHeader("content-disposition", "inline; filename=\"" + filename + "\"")
            .end(io.vertx.core.buffer.Buffer.buffer(pdf)))
        .onFailure(e -> problem(ctx, toProblem(e)));
  }

  /** Where this request reached the gateway, for links printed on documents. */
  private static String origin(RoutingContext ctx) {
    var authority = ctx.request().authority();
    String host = authority == null ? "" : authority.toString();
    // The Host header is the client's word: keep it to host-name characters.
    if (!host.matches("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?")) {
      host = "localhost";
    }
    return ("https".equals(ctx.request().scheme()) ? "https" : "http") + "://" + host;
  }

  /** Reads one member of a larger body, which the body's own parser then goes on reading. */
  private static final ObjectReader MEMBER_READER = Json.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String VERIFY_SHAPE =
      "send {\"certificate\": <the certificate document>, \"data\": {\"algorithm\": \"SM3\", \"hash\": \"...\"}}";

  private JsonNode verify(byte[] body) {
    Certificate cert = null;
    JsonNode data = null;
    try (JsonParser p = Json.mapper().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw Problem.invalid("certificate", VERIFY_SHAPE);
      }
      for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
        p.nextToken();
        switch (f) {
          case "certificate" -> {
            if (p.currentToken() != JsonToken.START_OBJECT) {
              throw Problem.invalid("certificate", VERIFY_SHAPE);
            }
            cert = readCertificate(p);
          }
          case "data" -> data = MEMBER_READER.readTree(p);
          default -> throw Problem.invalid(f, f + " is not a known field; known fields: certificate, data");
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw Problem.invalid("request", "the body must be one JSON object");
      }
    } catch (JacksonException e) {
      throw StrictJson.malformed(e);
    } catch (IOException e) {
      throw Problem.invalid("request", "the body cannot be read");
    }
    if (cert == null) {
      throw Problem.invalid("certificate", VERIFY_SHAPE);
    }
    CertificateVerifier.EvidenceClaim claim = null;
    if (data != null) {
      try {
        claim = new CertificateVerifier.EvidenceClaim(HashAlgorithm.valueOf(data.path("algorithm").asText()),
            io.dareg.core.model.Require.hash("data.hash", data.path("hash").asText(null)));
      } catch (IllegalArgumentException e) {
        throw Problem.invalid("data", "data needs algorithm SHA256 or SM3 and a 64-character hex hash");
      }
    }
    // One ledger read answers both questions the verifier asks: the certificate's record, then
    // the status of the registration it names.
    CertificateVerifier.LedgerLookup lookup = new CertificateVerifier.LedgerLookup() {
      private CertificateStanding standing;

      @Override
      public Optional<CertificateRecord> certificate(String certNo) {
        try {
          standing = query(SERVICE_CALLER, "getCertificateStanding", Map.of("id", certNo), CertificateStanding.class);
          return Optional.of(standing.certificate());
        } catch (Problem p) {
          if (p.status() == 404 || p.status() == 400) {
            return Optional.empty();
          }
          throw p;
        }
      }

      @Override
      public Optional<RegistrationStatus> registrationStatus(String regNo) {
        if (standing == null || !standing.certificate().regNo().equals(regNo)) {
          throw new IllegalStateException("the verifier asks for the registration of the certificate it read, not " + regNo);
        }
        return Optional.ofNullable(standing.registrationStatus());
      }

      @Override
      public List<String> objectionsRegistered(String regNo) {
        return standing == null ? List.of() : standing.objections(); // issue 20
      }
    };
    Certificate.Encoded encoded = cert.encoded();
    VerificationReport report = verifier.verify(encoded, clock.instant(), lookup, claim);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("valid", report.valid());
    out.put("certNo", cert.payload().certNo());
    out.put("regNo", cert.payload().regNo());
    out.put("certificateHash", encoded.certificateHash());
    out.set("checks", Json.mapper().valueToTree(report.checks()));
    return out;
  }

  /**
   * The certificate the parser stands at; a field at fault inside it is named as {@code
   * certificate.<field>}, a document that is no certificate at all as {@code certificate}.
   */
  private static Certificate readCertificate(JsonParser p) {
    try {
      return Certificate.read(p);
    } catch (InvalidInputException e) {
      throw Problem.invalid(e.field().equals("certificate") ? "certificate" : "certificate." + e.field(), e.getMessage());
    }
  }

  private EmbeddedLedger embedded() {
    if (ledger instanceof EmbeddedLedger e) {
      return e;
    }
    throw Problem.notFound("this gateway runs on Fabric: audit and back up the peers' ledgers with Fabric's own tools");
  }

  // Who may audit, back up and report is the door's table (Callers): the registry admin, and regulators but for backups.
  private JsonNode auditLedger() throws IOException {
    return embedded().signedAudit(clock.instant());
  }

  /**
   * Streams the committed prefix of the block file after auditing exactly those bytes; the prefix
   * never changes, so writes may go on meanwhile.
   */
  private void backupLedger(RoutingContext ctx) {
    vertx.<EmbeddedLedger.ChainEnd>executeBlocking(() -> {
      EmbeddedLedger e = embedded();
      EmbeddedLedger.ChainEnd end = e.chainEnd();
      ChainAudit.Report report;
      try (FileChannel channel = FileChannel.open(end.blockFile(), StandardOpenOption.READ)) {
        report = new ChainAudit(new Signatures(new BouncyCastleProvider()), e.nodePublicKey()).audit(channel, end.bytes());
      }
      if (!report.valid()) {
        throw Problem.unavailable("the chain fails its audit at block " + report.finding().block() + " (offset "
            + report.finding().offset() + "): " + report.finding().what() + "; no backup is made of a damaged chain");
      }
      ctx.response().putHeader("Dareg-Blocks", String.valueOf(end.blocks()))
          .putHeader("Dareg-Head-Hash", end.headHash())
          .putHeader("Dareg-Node-Key", java.util.Base64.getEncoder().encodeToString(e.nodePublicKey().getEncoded()));
      return end;
    }, false).onSuccess(end -> ctx.response().putHeader("content-type", "application/octet-stream")
            .sendFile(end.blockFile().toString(), 0, end.bytes()))
        .onFailure(err -> problem(ctx, toProblem(err)));
  }

  private JsonNode publicNotices() {
    ArrayNode out = Json.mapper().createArrayNode();
    for (String status : List.of("PUBLIC_NOTICE", "OBJECTION_PENDING")) {
      for (JsonNode item : allPages(status)) {
        Registration r = Json.mapper().convertValue(item, Registration.class);
        ObjectNode n = out.addObject();
        n.put("regNo", r.regNo());
        n.set("applicants", holderNames(r));
        n.put("assetName", r.asset().name());
        n.set("scenarios", Json.mapper().valueToTree(r.asset().scenarios()));
        n.set("sources", Json.mapper().valueToTree(r.asset().sources()));
        n.put("acquisition", r.asset().acquisition().label());
        n.put("algorithmSummary", r.asset().algorithmSummary());
        n.put("status", r.status().name());
        n.put("noticeStart", String.valueOf(r.noticeStart()));
        n.put("objectionDeadline", String.valueOf(r.noticeEnd()));
      }
    }
    return out;
  }

  private JsonNode publicAnnouncements() {
    ArrayNode out = Json.mapper().createArrayNode();
    for (JsonNode item : allPages("ISSUED")) {
      Registration r = Json.mapper().convertValue(item, Registration.class);
      ObjectNode n = out.addObject();
      n.put("regNo", r.regNo());
      n.set("holders", holderNames(r));
      n.put("assetName", r.asset().name());
      n.put("rightType", r.rightType().label());
      n.put("industry", r.asset().industry());
      n.set("structure", Json.mapper().valueToTree(r.asset().structure()));
      n.set("scale", Json.mapper().valueToTree(r.asset().scale()));
      // issue 20: scenario, source and algorithm summary, and the evidence status in words with its notary
      n.set("scenarios", Json.mapper().valueToTree(r.asset().scenarios()));
      n.set("sources", Json.mapper().valueToTree(r.asset().sources()));
      n.put("algorithmSummary", r.asset().algorithmSummary());
      ArrayNode evidence = evidenceStatus(r);
      n.put("evidence", evidence.isEmpty() ? "no evidence deposited" : evidence.size() + " evidence deposit(s) on the ledger");
      n.set("evidenceStatus", evidence);
      n.put("issuedAt", String.valueOf(r.issuedAt()));
      if (r.validUntil() != null) {
        n.put("validUntil", r.validUntil().toString());
      }
    }
    // issue 20: a registration cancelled because it expired without renewal is announced (TJ-DIP)
    for (JsonNode item : allPages("CANCELLED")) {
      Registration r = Json.mapper().convertValue(item, Registration.class);
      if (r.reason() == null || !r.reason().startsWith("EXPIRY:")) {
        continue;
      }
      ObjectNode n = out.addObject();
      n.put("regNo", r.regNo());
      n.set("holders", holderNames(r));
      n.put("assetName", r.asset().name());
      n.put("rightType", r.rightType().label());
      n.put("announcement", "注销：到期未续展 / cancelled: expired without renewal");
      n.put("cancelledAt", String.valueOf(r.updatedAt()));
      n.put("validUntil", String.valueOf(r.validUntil()));
    }
    return out;
  }

  // issue 20: review, profiles and disclosure

  /** The registrar's queue of formal reviews past the due date their profile sets (the registry is late). */
  private JsonNode overdueFormalReviews(RoutingContext ctx, Caller caller) {
    if (!"true".equals(ctx.queryParams().get("overdue"))
        || ctx.queryParams().contains("holder")
        || (ctx.queryParams().contains("status") && !"FORMAL_REVIEW".equals(ctx.queryParams().get("status")))) {
      throw Problem.invalid("overdue", "overdue=true lists formal reviews past their due date; give no holder, and status FORMAL_REVIEW or none");
    }
    Instant now = clock.instant();
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode items = out.putArray("items");
    for (JsonNode item : allPages(caller, "FORMAL_REVIEW")) {
      if (Json.mapper().convertValue(item, Registration.class).formalReviewOverdue(now)) {
        items.add(item);
      }
    }
    out.put("bookmark", "");
    return out;
  }

  /** Public validity check (DL): by registration number, the certificate in force; by certificate number, that one. */
  private JsonNode publicValidity(String number) {
    CertificateRecord cert = null;
    RegistrationView view;
    try {
      cert = query(SERVICE_CALLER, "getCertificateStanding", Map.of("id", number), CertificateStanding.class).certificate();
      view = query(SERVICE_CALLER, "getRegistration", Map.of("regNo", cert.regNo()), RegistrationView.class);
    } catch (Problem notACertificate) {
      if (notACertificate.status() != 404 && notACertificate.status() != 400) {
        throw notACertificate;
      }
      try {
        view = query(SERVICE_CALLER, "getRegistration", Map.of("regNo", number), RegistrationView.class);
      } catch (Problem neither) {
        if (neither.status() == 404 || neither.status() == 400) {
          throw Problem.notFound("no registration and no certificate is numbered " + number);
        }
        throw neither;
      }
      cert = view.certificate();
    }
    Registration r = view.registration();
    // A validity that ended before the next sweep recorded the expiry is not in force either.
    boolean inForce = view.effectiveStatus() == RegistrationStatus.ISSUED && !view.validityEnded() && cert != null
        && cert.status() == io.dareg.core.model.CertificateStatus.ACTIVE && cert.certNo().equals(r.certificateNo());
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("number", number);
    out.put("regNo", r.regNo());
    out.put("inForce", inForce);
    out.put("registrationStatus", view.effectiveStatus().name());
    out.put("validityEnded", view.validityEnded());
    out.put("assetName", r.asset().name());
    out.set("holders", holderNames(r));
    out.put("profile", r.profile());
    if (cert != null) {
      ObjectNode c = out.putObject("certificate");
      c.put("certNo", cert.certNo()).put("status", cert.status().name()).put("validFrom", String.valueOf(cert.validFrom()));
      if (cert.validUntil() != null) {
        c.put("validUntil", cert.validUntil().toString());
      }
      if (cert.supersededBy() != null) {
        c.put("supersededBy", cert.supersededBy());
      }
    }
    if (r.certificateNo() != null && (cert == null || !cert.certNo().equals(r.certificateNo()))) {
      out.put("certificateInForce", r.certificateNo());
    }
    if (r.retainUntil() != null) {
      out.put("retainedUntil", r.retainUntil().toString());
    }
    return out;
  }

  /** Evidence status in words for the announcement: each deposit, its hash algorithm and channel, and its notary. */
  private ArrayNode evidenceStatus(Registration r) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (String no : r.evidenceNos()) {
      Evidence e = query(SERVICE_CALLER, "getEvidence", Map.of("id", no), Evidence.class);
      out.add(no + ": " + e.algorithm().jcaName() + " " + e.hash() + " deposited through " + e.channel() + " on "
          + e.depositedAt().atZone(io.dareg.core.model.ChinaTime.ZONE).toLocalDate()
          + (e.notaryRef() == null ? ", not notarised" : ", notarised by " + e.notaryRef()));
    }
    return out;
  }

  private List<JsonNode> allPages(String status) {
    return allPages(SERVICE_CALLER, status);
  }

  private List<JsonNode> allPages(Caller caller, String status) {
    List<JsonNode> items = new ArrayList<>();
    String bookmark = "";
    do {
      ObjectNode args = Json.mapper().createObjectNode().put("key", status).put("pageSize", 200);
      if (!bookmark.isEmpty()) {
        args.put("bookmark", bookmark);
      }
      JsonNode page = query(caller, "listByStatus", CanonicalJson.toString(args));
      page.path("items").forEach(items::add);
      bookmark = page.path("bookmark").asText("");
    } while (!bookmark.isEmpty() && items.size() < 10_000);
    return items;
  }

  private ArrayNode holderNames(Registration r) {
    ArrayNode names = Json.mapper().createArrayNode();
    for (String id : r.holders()) {
      names.add(query(SERVICE_CALLER, "getAccount", Map.of("id", id)).path("name").asText(id));
    }
    return names;
  }

  // --- plumbing ------------------------------------------------------------------------------

  private Caller authenticate(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    try {
      // Tokens and certificates live in real time; the dev clock only moves the ledger.
      if (h == null) {
        X509Certificate clientCertificate = clientCertificate(ctx);
        if (clientCertificate != null) {
          return tokens.identify(clientCertificate, Instant.now());
        }
      }
      if (h == null || !h.startsWith("Bearer ")) {
        throw Problem.unauthorized("this operation needs 'Authorization: Bearer <token>' (dev mode writes tokens under"
            + " <data>/dev/<role>/token), or, on a gateway with --client-roots, a TLS client certificate from the registry's CA");
      }
      return tokens.verify(h.substring(7).trim(), Instant.now());
    } catch (Tokens.InvalidTokenException e) {
      throw Problem.unauthorized(e.getMessage());
    } catch (Tokens.BusyException e) {
      throw Problem.unavailable(e.getMessage());
    }
  }

  /** The certificate the caller presented in a mutual TLS handshake, or null. */
  private static X509Certificate clientCertificate(RoutingContext ctx) {
    if (!ctx.request().isSSL()) {
      return null;
    }
    try {
      List<java.security.cert.Certificate> chain = ctx.request().connection().peerCertificates();
      return chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate c ? c : null;
    } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
      return null;
    }
  }

  private static boolean noBody(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0;
  }

  /** The body, read by the door's rules ({@link StrictJson}); a GET takes none. */
  private static void readBody(Operation op, RoutingContext ctx) {
    if (noBody(ctx)) {
      return;
    }
    if (!op.method().equals("POST")) {
      throw Problem.invalid("request", "a " + op.method() + " request takes no body; the path and query say what is asked");
    }
    StrictJson.mediaType(ctx.request().getHeader("Content-Type"));
    StrictJson.check(ctx.body().buffer().getBytes());
  }

  private static JsonNode body(RoutingContext ctx) {
    if (noBody(ctx)) {
      return Json.mapper().createObjectNode();
    }
    try {
      return Json.mapper().readTree(ctx.body().buffer().getBytes());
    } catch (JacksonException e) {
      throw StrictJson.malformed(e);
    } catch (IOException e) {
      throw Problem.invalid("request", "the body cannot be read");
    }
  }

  private static ObjectNode bodyObject(RoutingContext ctx) {
    JsonNode body = body(ctx);
    if (!body.isObject()) {
      throw Problem.invalid("request", "the body must be a JSON object");
    }
    return (ObjectNode) body;
  }

  private interface Work {
    JsonNode run() throws Exception;
  }

  private void blocking(RoutingContext ctx, int status, Work work) {
    vertx.<JsonNode>executeBlocking(work::run, false)
        .onSuccess(result -> json(ctx, status, result))
        .onFailure(e -> problem(ctx, toProblem(e)));
  }

  private static void pageHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private void health(RoutingContext ctx) {
    var h = ledger.health();
    ObjectNode out = Json.mapper().createObjectNode().put("status", h.ready() ? "UP" : h.readable() ? "DEGRADED" : "DOWN").put("ledger", h.state().name()).put("detail", h.detail());
    // The index's lag is reported, not judged: the ledger serves while the index catches up.
    QueryIndex.Status i = index.status();
    out.putObject("index").put("state", i.state()).put("indexedThrough", i.indexedThrough()).put("lagBlocks", i.lagBlocks())
        .put("pendingEvents", i.pendingEvents()).put("rebuilding", i.rebuilding()).put("detail", i.detail());
    if (!h.readable()) {
      json(ctx, h.ready() ? 200 : 503, out);
      return;
    }
    // issue 20: warn when the working-day calendar covers less than 60 days ahead (a warning, not a failure)
    io.dareg.gateway.Sweeper.calendarWarningAsync(ledger, clock).whenComplete((warning, e) -> {
      if (e == null && warning != null) {
        out.putArray("warnings").add(warning);
      }
      json(ctx, h.ready() ? 200 : 503, out);
    });
  }

  private void failure(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (ctx.statusCode() == 413 || (f != null && f.getClass().getSimpleName().contains("TooLarge"))) {
      problem(ctx, new Problem(413, "payload-too-large", "Payload too large", "the body exceeds " + maxBody + " bytes", null));
      return;
    }
    if (f == null && ctx.statusCode() == 503) {
      Duration t = limits.requestTimeout();
      problem(ctx, Problem.unavailable("the gateway gave up after " + (t.toMillis() < 1000 ? t.toMillis() + " ms" : t.toSeconds() + " s") + "; a transaction"
          + " sent with this request may still commit: look it up before you send it again"));
      return;
    }
    if (f == null) {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      problem(ctx, new Problem(status, status == 404 ? "not-found" : status == 400 ? "invalid" : "internal",
          status == 400 ? "Invalid request" : "Error", "the request failed with status " + status, null));
      return;
    }
    problem(ctx, toProblem(f));
  }

  private static void json(RoutingContext ctx, int status, JsonNode body) {
    String text;
    try {
      text = CanonicalJson.toString(body);
    } catch (RuntimeException e) {
      problem(ctx, toProblem(e));
      return;
    }
    raw(ctx, status, text);
  }

  private static void raw(RoutingContext ctx, int status, String json) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(json);
  }

  static void problem(RoutingContext ctx, Problem p) {
    if (ctx.response().ended()) {
      return;
    }
    if (p.status() == 503) {
      // The ledger comes back by itself once its disk takes writes or its chain is restored.
      ctx.response().putHeader("Retry-After", "5");
    }
    ctx.response().setStatusCode(p.status()).putHeader("content-type", "application/problem+json; charset=utf-8")
        .end(problemJson(p, ctx.request().path()));
  }

  /**
   * A problem's body. Every text in it is made printable first (a detail may quote what the
   * caller sent), so writing it cannot fail, and a request is never left unanswered.
   */
  static String problemJson(Problem p, String instance) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("type", p.type()).put("title", p.title()).put("status", p.status())
        .put("detail", StrictJson.printable(String.valueOf(p.getMessage())));
    if (p.field() != null) {
      out.put("field", StrictJson.printable(p.field()));
    }
    out.put("instance", StrictJson.printable(instance == null ? "" : instance.length() > 300 ? instance.substring(0, 300) + "..." : instance));
    return CanonicalJson.toString(out);
  }

  /**
   * Requests the HTTP decoder refused before any route saw them: a request line over the limit
   * (414), headers over the limit (431), or anything malformed (400); answered as problems, then
   * the connection is closed.
   */
  private static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    Problem p;
    if (cause instanceof io.netty.handler.codec.TooLongFrameException && cause.getMessage() != null && cause.getMessage().contains("line")) {
      p = new Problem(414, "uri-too-long", "URI too long", "the request line is longer than 8192 bytes; send parameters in a body", null);
    } else if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
      p = new Problem(431, "headers-too-large", "Request header fields too large", "the request headers exceed 16 KiB", null);
    } else {
      p = Problem.invalid("request", "the request is not well-formed HTTP");
    }
    request.response().setStatusCode(p.status()).putHeader("content-type", "application/problem+json; charset=utf-8")
        .putHeader("connection", "close").end(problemJson(p, null)).onComplete(v -> request.connection().close());
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : String.valueOf(n);
  }
}

package io.dareg.bench;

import static io.dareg.bench.Percentiles.millis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.RequestSigner;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.gateway.cert.CertificateAuthority;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives a running gateway over HTTP on loopback, embedded or Fabric alike, at several client
 * counts, each for a bounded time and count, and reports operations per second, latency
 * percentiles and errors. Each client is a closed loop (one request at a time, the next as soon as
 * the last is answered) on keep-alive connections; all clients share one Vert.x event loop, so
 * the load generator takes at most one core of the machine it measures.
 *
 * <ul>
 *   <li>{@code register}: deposit evidence and apply with it in one transaction ({@code POST /registrations/with-evidence});
 *   <li>{@code register-two-step}: a deposit, then the application (two transactions; the latency is of the pair);
 *   <li>{@code query}: read one registration;
 *   <li>{@code provenance}: the provenance timeline of one registration;
 *   <li>{@code verify}: the public certificate check, for a certificate given with {@code --certificate FILE};
 *   <li>{@code empty}: {@code GET /empty}, for {@link EmptyRoute} (the HTTP baseline).
 * </ul>
 *
 * <p>The caller is named either by a bearer token ({@code --token FILE}, sent with every request) or, over HTTPS, by
 * a registry-issued TLS client certificate ({@code --client-cert PEM --client-key PEM}, checked once per connection),
 * with {@code --tls-roots PEM} to trust the gateway's server certificate.
 *
 * <p>Writes are signed requests since issue 23. With {@code --author-dir DIR} (a directory holding
 * the author's {@code cert.pem} and {@code key.pem}, such as a dev gateway's {@code <data>/dev/holder})
 * each write of {@code register} is sent as its author's {@code dareg-signed-request/1}, with no
 * {@code Authorization} header; reads keep the token. The ledger's identity
 * ({@code GET /ledger/identity}) and the dev clock ({@code GET /dev/clock}, when the gateway has one) are fetched once
 * at start, and requests are timed by the system clock shifted to the ledger's. Signing runs on the load generator's
 * event loop, the client's cost as in reality: it is in {@code load us/op}, and apart in {@code sign us/op}.
 *
 * <p>Usage: {@code java -cp dareg-bench-all.jar io.dareg.bench.HttpLoad --url http://127.0.0.1:8080
 * (--token .dareg/dev/holder/token | --client-cert PEM --client-key PEM) [--author-dir DIR] [--tls-roots PEM]
 * [--op register|register-two-step|query|provenance|verify|empty] [--clients 1,16,64] [--seconds 20] [--warmup 0] [--max 100000]
 * [--certificate cert.json] [--label NAME] [--gateway-pid PID]}; the figures are printed as {@code RESULT
 * http.<label or op>.<clients>.*} lines for {@link Suite}. {@code --warmup S} first runs the operation
 * for S seconds at the highest level, unmeasured (the JIT of both processes compiles for tens of
 * seconds under load). Each level also reports this program's CPU time per operation, and, given
 * the gateway's process id on the same machine, the gateway's: figures that depend far less than
 * throughput on what else the machine runs.
 */
public final class HttpLoad {
  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    String url = null;
    Path tokenFile = null;
    Path authorDir = null;
    Path certificate = null;
    Tls tls = new Tls(null, null, null);
    String op = "register";
    String label = null;
    int[] clients = {1, 16, 64};
    int seconds = 20;
    int warmup = 0;
    long gatewayPid = -1;
    long max = 100_000;
    for (int i = 0; i < args.length; i++) {
      if (i + 1 >= args.length) {
        usage(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--url" -> url = args[++i];
        case "--token" -> tokenFile = Path.of(args[++i]);
        case "--author-dir" -> authorDir = Path.of(args[++i]);
        case "--op" -> op = args[++i];
        case "--label" -> label = args[++i];
        case "--clients" -> clients = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--gateway-pid" -> gatewayPid = Long.parseLong(args[++i]);
        case "--max" -> max = Long.parseLong(args[++i]);
        case "--certificate" -> certificate = Path.of(args[++i]);
        case "--tls-roots" -> tls = new Tls(Path.of(args[++i]), tls.clientCert(), tls.clientKey());
        case "--client-cert" -> tls = new Tls(tls.roots(), Path.of(args[++i]), tls.clientKey());
        case "--client-key" -> tls = new Tls(tls.roots(), tls.clientCert(), Path.of(args[++i]));
        default -> usage("unknown option " + args[i]);
      }
    }
    if (url == null) {
      usage("--url is required");
    }
    if ((tls.clientCert() == null) != (tls.clientKey() == null)) {
      usage("--client-cert and --client-key go together");
    }
    boolean anonymousOk = op.equals("verify") || op.equals("empty") || (op.startsWith("register") && authorDir != null);
    if (tokenFile == null && tls.clientCert() == null && !anonymousOk) {
      usage("name the caller with --token FILE or --client-cert PEM --client-key PEM (or, for register, the author with --author-dir DIR)");
    }
    if (authorDir != null && !(Files.isRegularFile(authorDir.resolve("cert.pem")) && Files.isRegularFile(authorDir.resolve("key.pem")))) {
      usage("--author-dir " + authorDir + " must hold the author's cert.pem and key.pem (a dev gateway's <data>/dev/holder)");
    }
    URI base = URI.create(url.replaceAll("/+$", "") + "/api/v1");
    if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
      usage("HttpLoad drives loopback gateways only, not " + base.getHost());
    }
    if (base.getScheme().equals("https") != (tls.roots() != null)) {
      usage("an https URL needs --tls-roots PEM (the CA of the gateway's server certificate), and only an https URL takes it");
    }
    if (seconds < 1 || seconds > 600 || warmup < 0 || warmup > 600 || max < 1) {
      usage("--seconds must be 1 to 600, --warmup 0 to 600 and --max positive");
    }
    if (gatewayPid >= 0 && !Files.isReadable(Path.of("/proc/" + gatewayPid + "/stat"))) {
      usage("--gateway-pid " + gatewayPid + ": no such process to read the CPU time of (Linux /proc)");
    }
    if (op.equals("verify") && certificate == null) {
      usage("--op verify needs --certificate FILE (a signed certificate, as GET /certificates/{certNo} returns it)");
    }
    String key = label == null ? op : label;
    int most = Arrays.stream(clients).max().orElse(1);
    try (Target target = new Target(base, tokenFile == null ? null : Files.readString(tokenFile).strip(), tls,
        certificate == null ? null : Files.readString(certificate), most, authorDir)) {
      String regNo = op.equals("query") || op.equals("provenance") ? target.register(0) : null;
      System.out.printf("# HttpLoad %s on %s (%s), %d s or %d operations per level%n", op, base,
          tls.clientCert() != null ? "TLS client certificate" : tokenFile != null ? "bearer token" : "anonymous", seconds, max);
      if (target.author != null) {
        System.out.printf("# writes signed by %s for ledger %s (dareg-signed-request/1, no token on writes), on this program's"
            + " event loop: the client's cost, in load us/op and apart in sign us/op; ledger clock %+d ms from the system's%n",
            target.author.certificate().getSubjectX500Principal(), target.author.ledger(), target.clockOffset.toMillis());
      }
      if (warmup > 0) {
        // The gateway's and this program's JIT compile for tens of seconds under load: unmeasured.
        Result w = run(target, op, regNo, most, warmup, Long.MAX_VALUE);
        System.out.printf("# warm-up: %d s at %d clients, %.1f ops/s, not counted%n", warmup, most, w.perSecond);
      }
      System.out.printf("%-8s %10s %10s %10s %10s %10s %8s %12s %12s %12s %12s%n", "clients", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "ops",
          "errors", "load us/op", "sign us/op", gatewayPid >= 0 ? "gateway us/op" : "", gatewayPid >= 0 ? "writer us/op" : "");
      for (int c : clients) {
        long loadCpu = CpuTime.process();
        long signCpu = target.signNanos.sum();
        long gatewayCpu = gatewayPid >= 0 ? CpuTime.process(gatewayPid) : 0;
        long writerCpu = gatewayPid >= 0 ? CpuTime.threads(gatewayPid, WRITER_THREAD) : 0;
        Result r = run(target, op, regNo, c, seconds, max);
        double loadPerOp = (CpuTime.process() - loadCpu) / 1e3 / Math.max(1, r.ops);
        double signPerOp = (target.signNanos.sum() - signCpu) / 1e3 / Math.max(1, r.ops);
        double gatewayPerOp = gatewayPid >= 0 ? (CpuTime.process(gatewayPid) - gatewayCpu) / 1e3 / Math.max(1, r.ops) : Double.NaN;
        double writerPerOp = gatewayPid >= 0
            ? (CpuTime.threads(gatewayPid, WRITER_THREAD) - writerCpu) / 1e3 / Math.max(1, r.ops) : Double.NaN;
        System.out.printf("%-8d %10.1f %10.2f %10.2f %10.2f %10d %8d %12.0f %12.0f %s%n", c, r.perSecond, r.p50, r.p99, r.p999, r.ops,
            r.errors, loadPerOp, signPerOp, gatewayPid >= 0 ? String.format("%12.0f %12.0f", gatewayPerOp, writerPerOp) : "");
        System.out.printf("RESULT http.%s.%d.ops_per_s %.1f%nRESULT http.%s.%d.p99_ms %.2f%nRESULT http.%s.%d.errors %d%n",
            key, c, r.perSecond, key, c, r.p99, key, c, r.errors);
        System.out.printf("RESULT http.%s.%d.load_us_per_op %.1f%nRESULT http.%s.%d.sign_us_per_op %.1f%n",
            key, c, loadPerOp, key, c, signPerOp);
        if (gatewayPid >= 0) {
          System.out.printf("RESULT http.%s.%d.gateway_us_per_op %.1f%nRESULT http.%s.%d.gateway_writer_us_per_op %.1f%n",
              key, c, gatewayPerOp, key, c, writerPerOp);
        }
        if (r.firstError != null) {
          System.out.println("  first error: " + r.firstError);
        }
      }
    }
  }

  private static void usage(String why) {
    System.err.println("HttpLoad: " + why);
    System.err.println("usage: HttpLoad --url http://127.0.0.1:8080 (--token FILE | --client-cert PEM --client-key PEM)"
        + " [--author-dir DIR] [--tls-roots PEM] [--op register|register-two-step|query|provenance|verify|empty] [--clients 1,16,64] [--seconds 20]"
        + " [--warmup 0] [--max 100000] [--certificate FILE] [--label NAME] [--gateway-pid PID]");
    System.exit(2);
  }

  /** TLS material: roots to trust the gateway with, and the client's certificate and key; each may be null. */
  record Tls(Path roots, Path clientCert, Path clientKey) {}

  /** Numbers the registrations of the whole run, so that no two levels send the same data. */
  private static final AtomicLong SEQUENCE = new AtomicLong(1);

  /** What one level gave: operations per second, latency percentiles in ms, operations done, errors and the first one. */
  record Result(double perSecond, double p50, double p99, double p999, long ops, long errors, String firstError) {}

  /**
   * One level: {@code clients} closed loops on the target's event loop until the time or count is up (also used by
   * {@link FabricSideBySide}).
   */
  static Result run(Target target, String op, String regNo, int clients, int seconds, long max) throws Exception {
    Level level = new Level(target, op, regNo, clients, System.nanoTime() + seconds * 1_000_000_000L, max);
    long started = System.nanoTime();
    target.context.runOnContext(v -> {
      for (int c = 0; c < clients; c++) {
        level.next(c);
      }
    });
    if (!level.done.await(seconds + 120L, TimeUnit.SECONDS)) {
      throw new IllegalStateException("requests still unanswered two minutes after the level's end");
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    int total = Arrays.stream(level.counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(level.latencies[c], 0, all, k, level.counts[c]);
      k += level.counts[c];
    }
    Arrays.sort(all);
    return new Result(total / elapsed, millis(all, 0.50), millis(all, 0.99), millis(all, 0.999), total, level.errors, level.firstError);
  }

  /** The state of one level; touched only on the target's event loop until {@link #done} opens. */
  private static final class Level {
    final Target target;
    final String op;
    final String regNo;
    final long end;
    final long max;
    final long[][] latencies;
    final int[] counts;
    final CountDownLatch done;
    long issued;
    long errors;
    String firstError;

    Level(Target target, String op, String regNo, int clients, long end, long max) {
      this.target = target;
      this.op = op;
      this.regNo = regNo;
      this.end = end;
      this.max = max;
      this.latencies = new long[clients][1 << 18];
      this.counts = new int[clients];
      this.done = new CountDownLatch(clients);
    }

    void next(int client) {
      if (System.nanoTime() >= end || ++issued > max) {
        done.countDown();
        return;
      }
      long t0 = System.nanoTime();
      Future<?> f = switch (op) {
        case "register" -> target.registerAsync(SEQUENCE.incrementAndGet(), false);
        case "register-two-step" -> target.registerAsync(SEQUENCE.incrementAndGet(), true);
        case "query" -> target.queryAsync(regNo);
        case "provenance" -> target.provenanceAsync(regNo);
        case "verify" -> target.verifyAsync();
        case "empty" -> target.emptyAsync();
        default -> Future.failedFuture("unknown --op " + op);
      };
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          if (counts[client] < latencies[client].length) {
            latencies[client][counts[client]++] = System.nanoTime() - t0;
          }
        } else if (++errors == 1) {
          firstError = ar.cause().getMessage();
        }
        // A new turn of the loop: a request that fails at once must not recurse without bound.
        target.context.runOnContext(v -> next(client));
      });
    }
  }

  /** The embedded ledger's writer thread ({@code dareg-ledger-writer}) as Linux names it: the first 15 characters. */
  private static final String WRITER_THREAD = "dareg-ledger-wr";

  /**
   * The gateway under load, as one caller (also used by {@link Soak}): asynchronous operations for
   * the load loops, blocking ones for set-up and for callers on their own threads.
   */
  static final class Target implements AutoCloseable {
    /**
     * How long an idle pooled connection is kept: well under the gateway's idle timeout (60 s at least, {@code Limits}).
     * Vert.x's default is 60 s too, and the client's clock for an idle connection starts when it has read the last
     * response, a moment after the server's starts: for that moment a connection the gateway has just closed still counts
     * as open here, and a request sent on it fails with "Connection reset" (issue 26 item 3: 3 to 12 a run at 64 clients
     * on Fabric, whose levels leave connections idle for as long as the idle timeout). The side that must let go first
     * is the client's.
     */
    static final int KEEP_ALIVE_SECONDS = 30;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setPreferNativeTransport(true));
    private final Context context = vertx.getOrCreateContext();
    private final HttpClientAgent http;
    private final String basePath;
    private final String authorization;
    private final Buffer verifyBody;
    private final String run = Long.toHexString(System.nanoTime());
    /** The author who signs the writes, or null when they are sent with the token. */
    final RequestSigner author;
    /** How far the ledger's clock is ahead of the system's, measured once at start. */
    final Duration clockOffset;
    /** CPU time spent signing, on the event loop. */
    final LongAdder signNanos = new LongAdder();

    /**
     * A target at {@code base} ({@code .../api/v1}), calling as the holder of {@code token} (or null
     * when {@code tls} names a client certificate or the operations are public), with up to
     * {@code connections} keep-alive connections; writes signed by the author whose {@code cert.pem}
     * and {@code key.pem} are in {@code authorDir}, or, when it is null, sent with the token.
     */
    Target(URI base, String token, Tls tls, String certificate, int connections, Path authorDir) throws IOException {
      HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
          .setDefaultHost(base.getHost())
          .setDefaultPort(base.getPort() > 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80)
          .setConnectTimeout(5_000);
      if (tls.roots() != null) {
        // Loopback only (checked above): the server certificate names the gateway's host, not 127.0.0.1.
        options.setSsl(true).setVerifyHost(false).setTrustOptions(new PemTrustOptions().addCertPath(tls.roots().toString()))
            .setSslEngineOptions(io.dareg.gateway.http.Tls.engine());
        if (tls.clientCert() != null) {
          options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.clientCert().toString())
              .setKeyPath(tls.clientKey().toString()));
        }
      }
      this.http = vertx.httpClientBuilder().with(options).with(new PoolOptions().setHttp1MaxSize(Math.max(1, connections))
          .setMaxWaitQueueSize(-1)).build();
      this.basePath = base.getRawPath();
      this.authorization = token == null ? null : "Bearer " + token;
      this.verifyBody = certificate == null ? null : Buffer.buffer("{\"certificate\":" + certificate + "}");
      if (authorDir == null) {
        this.author = null;
        this.clockOffset = Duration.ZERO;
        return;
      }
      // Once: the ledger the requests name, and the ledger's clock (a dev gateway's may run ahead of the system's).
      String ledgerId = json(await(send(HttpMethod.GET, "/ledger/identity", null, 200))).path("ledgerId").asText();
      Instant before = Instant.now();
      Buffer devClock = await(http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(basePath + "/dev/clock"))
          .compose(req -> req.send()).compose(resp -> resp.body().map(b -> resp.statusCode() == 200 ? b : null)));
      this.clockOffset = devClock == null ? Duration.ZERO
          : Duration.between(before, Instant.parse(json(devClock).path("now").asText()));
      this.author = new RequestSigner(CertificateAuthority.readCertificate(authorDir.resolve("cert.pem")),
          new Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider())
              .privateKeyFromPem(Files.readString(authorDir.resolve("key.pem"))),
          ledgerId, Clock.offset(Clock.systemUTC(), clockOffset));
    }

    /** A target for {@link Soak}: a bearer token for reads, writes signed by the author in {@code authorDir}, plain HTTP. */
    Target(URI base, String token, String certificate, int connections, Path authorDir) throws IOException {
      this(base, token, new Tls(null, null, null), certificate, connections, authorDir);
    }

    /** Deposits evidence and applies with it, in one transaction or ({@code twoStep}) two; the registration number. */
    Future<String> registerAsync(long n, boolean twoStep) {
      String data = "http-load " + run + " " + n;
      // The registry's own channel and the undertakings, as LedgerLoad's: TJ-DIP refuses either missing.
      String deposit = "{\"algorithm\":\"SHA256\",\"channel\":\"dareg\",\"hash\":\"" + Requests.hash(data) + "\",\"size\":"
          + data.length() + "}";
      String application = "{\"rightType\":\"HOLDING\",\"asset\":" + ASSET + ",\"attachments\":"
          + Json.mapper().valueToTree(Requests.undertakings(n)) + ",\"evidenceNos\":[";
      if (!twoStep) {
        return write(HttpMethod.POST, "/registrations/with-evidence", "register",
            "{\"evidence\":[" + deposit + "],\"application\":" + application + "]}}")
            .map(reg -> json(reg).path("registration").path("regNo").asText());
      }
      return write(HttpMethod.POST, "/evidence", "depositEvidence", deposit)
          .compose(ev -> write(HttpMethod.POST, "/registrations", "submit", application + "\"" + json(ev).path("evidenceNo").asText() + "\"]}"))
          .map(reg -> json(reg).path("regNo").asText());
    }

    /**
     * A write with arguments {@code argsJson} (no path parameters): as the author's signed request
     * for {@code operation}, signed here and sent with no token, or, without an author, as it is with the token.
     */
    private Future<Buffer> write(HttpMethod method, String path, String operation, String argsJson) {
      if (author == null) {
        return send(method, path, Buffer.buffer(argsJson), 201, true);
      }
      long t0 = THREADS.getCurrentThreadCpuTime();
      Buffer body;
      try {
        ObjectNode args = (ObjectNode) Json.mapper().readTree(argsJson);
        body = Buffer.buffer(CanonicalJson.serialize(author.sign(operation, args).toJson()));
      } catch (IOException | RuntimeException e) {
        return Future.failedFuture(e);
      } finally {
        signNanos.add(THREADS.getCurrentThreadCpuTime() - t0);
      }
      return send(method, path, body, 201, false);
    }

    Future<Buffer> queryAsync(String regNo) {
      return send(HttpMethod.GET, "/registrations/" + regNo, null, 200);
    }

    Future<Buffer> provenanceAsync(String regNo) {
      return send(HttpMethod.GET, "/registrations/" + regNo + "/provenance", null, 200);
    }

    Future<Buffer> emptyAsync() {
      return send(HttpMethod.GET, "/empty", null, 200);
    }

    Future<Buffer> verifyAsync() {
      return send(HttpMethod.POST, "/certificates/verify", verifyBody, 200).compose(report -> {
        // The report is canonical JSON: "valid" sits at the top level exactly once.
        if (!report.toString().contains("\"valid\":true")) {
          return Future.failedFuture("the certificate did not verify: " + report);
        }
        return Future.succeededFuture(report);
      });
    }

    /** {@link #registerAsync}, waiting for the answer. */
    String register(long n) {
      return await(registerAsync(n, false));
    }

    void query(String regNo) {
      await(queryAsync(regNo));
    }

    void verify() {
      await(verifyAsync());
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static <T> T await(Future<T> f) {
      try {
        return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("no answer in 90 s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    private Future<Buffer> send(HttpMethod method, String path, Buffer body, int expected) {
      return send(method, path, body, expected, true);
    }

    /** A request; with the token when {@code withToken} and there is one (a signed write carries none). */
    private Future<Buffer> send(HttpMethod method, String path, Buffer body, int expected, boolean withToken) {
      // No connect timeout of the request's own: Vert.x 5.0.10 took the 60 s as the wait for a
      // pooled connection and armed a timer per request that, racing with the pool handing over a
      // connection, threw "Promise already completed" and could lose the request
      // (eclipse-vertx/vert.x#6169, fixed in 5.1). Loopback connects fail at once anyway.
      RequestOptions o = new RequestOptions().setMethod(method).setURI(basePath + path).setTimeout(60_000).setConnectTimeout(0);
      if (authorization != null && withToken) {
        o.putHeader("Authorization", authorization);
      }
      if (body != null) {
        o.putHeader("Content-Type", "application/json");
      }
      return http.request(o)
          .compose(req -> body == null ? req.send() : req.send(body))
          .compose(resp -> resp.body().compose(b -> resp.statusCode() == expected
              ? Future.succeededFuture(b)
              : Future.failedFuture(method + " " + path + " answered " + resp.statusCode() + ": " + b)));
    }

    private static JsonNode json(Buffer b) {
      try {
        return Json.mapper().readTree(b.getBytes());
      } catch (IOException e) {
        throw new IllegalStateException("the gateway answered something other than JSON: " + b, e);
      }
    }

    @Override
    public void close() {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static final String ASSET = "{\"name\":\"压测数据集\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
      + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
      + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[],\"scale\":{\"records\":1,\"bytes\":1},"
      + "\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\"],\"scope\":\"授信\",\"algorithmSummary\":\"汇总\",\"classification\":\"GENERAL\"}";
}

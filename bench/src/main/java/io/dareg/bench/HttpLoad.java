package io.dareg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running gateway over HTTP on loopback, embedded or Fabric alike, at several client
 * counts, each for a bounded time and count, and reports operations per second, latency
 * percentiles and errors.
 *
 * <ul>
 *   <li>{@code register}: deposit evidence, then apply for registration with it (two committed
 *       transactions; the latency is of the pair, submit to second commit);
 *   <li>{@code query}: read one registration;
 *   <li>{@code provenance}: the provenance timeline of one registration;
 *   <li>{@code verify}: the public certificate check, for a certificate given with
 *       {@code --certificate FILE};
 *   <li>{@code empty}: {@code GET /empty}, for {@link EmptyRoute} (the HTTP baseline).
 * </ul>
 *
 * <p>Usage: {@code java -cp dareg-bench-all.jar io.dareg.bench.HttpLoad --url http://127.0.0.1:8080
 * --token .dareg/dev/holder/token [--op register|query|provenance|verify|empty] [--clients 1,16,64] [--seconds 20]
 * [--max 100000] [--certificate cert.json]}
 */
public final class HttpLoad {
  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    String url = null;
    Path tokenFile = null;
    Path certificate = null;
    String op = "register";
    int[] clients = {1, 16, 64};
    int seconds = 20;
    long max = 100_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = args[++i];
        case "--token" -> tokenFile = Path.of(args[++i]);
        case "--op" -> op = args[++i];
        case "--clients" -> clients = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--max" -> max = Long.parseLong(args[++i]);
        case "--certificate" -> certificate = Path.of(args[++i]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (url == null || tokenFile == null) {
      usage("--url and --token are required");
    }
    URI base = URI.create(url.replaceAll("/+$", "") + "/api/v1");
    if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
      usage("HttpLoad drives loopback gateways only, not " + base.getHost());
    }
    if (seconds < 1 || seconds > 600 || max < 1) {
      usage("--seconds must be 1 to 600 and --max positive");
    }
    if (op.equals("verify") && certificate == null) {
      usage("--op verify needs --certificate FILE (a signed certificate, as GET /certificates/{certNo} returns it)");
    }
    Target target = new Target(base, Files.readString(tokenFile).strip(),
        certificate == null ? null : Files.readString(certificate));
    String regNo = op.equals("query") || op.equals("provenance") ? target.register(0) : null;
    System.out.printf("# HttpLoad %s on %s, %d s or %d operations per level%n", op, base, seconds, max);
    System.out.printf("%-8s %10s %10s %10s %10s %10s %8s%n", "clients", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "ops", "errors");
    for (int c : clients) {
      Result r = run(target, op, regNo, c, seconds, max);
      System.out.printf("%-8d %10.1f %10.2f %10.2f %10.2f %10d %8d%n", c, r.perSecond, r.p50, r.p99, r.p999, r.ops, r.errors);
      System.out.printf("RESULT http.%s.%d.ops_per_s %.1f%nRESULT http.%s.%d.p99_ms %.2f%nRESULT http.%s.%d.errors %d%n",
          op, c, r.perSecond, op, c, r.p99, op, c, r.errors);
      if (r.firstError != null) {
        System.out.println("  first error: " + r.firstError);
      }
    }
  }

  private static void usage(String why) {
    System.err.println("HttpLoad: " + why);
    System.err.println("usage: HttpLoad --url http://127.0.0.1:8080 --token FILE [--op register|query|provenance|verify|empty]"
        + " [--clients 1,16,64] [--seconds 20] [--max 100000] [--certificate FILE]");
    System.exit(2);
  }

  /** Numbers the registrations of the whole run, so that no two levels send the same data. */
  private static final AtomicLong SEQUENCE = new AtomicLong(1);

  private record Result(double perSecond, double p50, double p99, double p999, long ops, long errors, String firstError) {}

  private static Result run(Target target, String op, String regNo, int clients, int seconds, long max) throws Exception {
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    String[] firstError = new String[1];
    List<long[]> latencies = new ArrayList<>();
    int[] counts = new int[clients];
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    CountDownLatch done = new CountDownLatch(clients);
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      long[] mine = new long[1 << 18];
      latencies.add(mine);
      final int id = c;
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < end && issued.incrementAndGet() <= max) {
            long n = SEQUENCE.incrementAndGet();
            long t0 = System.nanoTime();
            try {
              switch (op) {
                case "register" -> target.register(n);
                case "query" -> target.query(regNo);
                case "provenance" -> target.provenance(regNo);
                case "verify" -> target.verify();
                case "empty" -> target.empty();
                default -> throw new IllegalArgumentException("unknown --op " + op);
              }
              if (counts[id] < mine.length) {
                mine[counts[id]++] = System.nanoTime() - t0;
              }
            } catch (RuntimeException e) {
              if (errors.incrementAndGet() == 1) {
                firstError[0] = e.getMessage();
              }
            }
          }
        } finally {
          done.countDown();
        }
      });
      t.setDaemon(true);
      t.start();
    }
    done.await();
    double elapsed = (System.nanoTime() - started) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies.get(c), 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    return new Result(total / elapsed, pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), total, errors.get(), firstError[0]);
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
  }

  /** The gateway under load, with one caller's token (also used by {@link Soak}). */
  static final class Target {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;
    private final String certificate;
    private final String run = Long.toHexString(System.nanoTime());

    Target(URI base, String token, String certificate) {
      this.base = base;
      this.token = token;
      this.certificate = certificate;
    }

    /** Deposits evidence and applies with it; returns the registration number. */
    String register(long n) {
      String data = "http-load " + run + " " + n;
      JsonNode ev = send("POST", "/evidence", "{\"algorithm\":\"SHA256\",\"channel\":\"bench\",\"hash\":\""
          + Requests.hash(data) + "\",\"size\":" + data.length() + "}", 201);
      JsonNode reg = send("POST", "/registrations", "{\"rightType\":\"HOLDING\",\"evidenceNos\":[\""
          + ev.path("evidenceNo").asText() + "\"],\"asset\":" + ASSET + "}", 201);
      return reg.path("regNo").asText();
    }

    void query(String regNo) {
      send("GET", "/registrations/" + regNo, null, 200);
    }

    void provenance(String regNo) {
      send("GET", "/registrations/" + regNo + "/provenance", null, 200);
    }

    void empty() {
      send("GET", "/empty", null, 200);
    }

    void verify() {
      JsonNode report = send("POST", "/certificates/verify", "{\"certificate\":" + certificate + "}", 200);
      if (!report.path("valid").asBoolean()) {
        throw new IllegalStateException("the certificate did not verify: " + report);
      }
    }

    private JsonNode send(String method, String path, String body, int expected) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + token);
      if (body != null) {
        b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
          throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.mapper().readTree(r.body());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static final String ASSET = "{\"name\":\"压测数据集\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
      + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
      + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[],\"scale\":{\"records\":1,\"bytes\":1},"
      + "\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\"],\"scope\":\"授信\",\"algorithmSummary\":\"汇总\",\"classification\":\"GENERAL\"}";
}

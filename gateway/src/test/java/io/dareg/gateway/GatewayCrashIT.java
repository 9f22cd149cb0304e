package io.dareg.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real gateway ({@code serve --dev}) as a child JVM, drives concurrent writes at it over
 * HTTP, kills it with SIGKILL at random moments and restarts it on the same data directory. After
 * every restart the gateway must come up having verified its chain, and every evidence deposit and
 * registration a client saw acknowledged (201) must be there, once; at the end the block file is
 * opened offline and every acknowledged transaction id must be on the chain exactly once.
 */
class GatewayCrashIT {
  /** Eight in CI; run {@code -Ddareg.crash.kills=50} for the long harness. */
  private static final int KILLS = Integer.getInteger("dareg.crash.kills", 8);
  private static final int WRITERS = 8;
  private static final Pattern LISTENING = Pattern.compile("gateway listening on (http://[0-9.]+:[0-9]+)");

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Acknowledged transaction id to the evidence or registration number it created. */
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final Set<String> ackedEvidence = ConcurrentHashMap.newKeySet();
  private final Set<String> ackedRegistrations = ConcurrentHashMap.newKeySet();
  /** Answers other than 201 from a live gateway: there should be none. */
  private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());

  /** A running child gateway. */
  /** A running gateway: its process, address, the dev holder's token (reads) and author (writes, issue 23), its output. */
  private record Child(Process process, String base, String token, io.dareg.core.act.RequestSigner holder, Thread reader) {}

  @Test
  void no_acknowledged_transaction_is_lost_or_duplicated_across_sigkills_of_the_gateway() throws Exception {
    Path data = tmp.resolve("data");
    long lost = 0;
    int kills = 0;
    String account = null;
    Set<String> previousRound = Set.of();
    for (int round = 0; round < KILLS; round++) {
      long t0 = System.nanoTime();
      Child child = start(data, round);
      long started = System.nanoTime();
      // The gateway verified every block before it answered READY.
      assertThat(get(child, "/health").path("ledger").asText()).as("health after restart %d", round).isEqualTo("READY");
      if (account == null) {
        account = get(child, "/api/v1/whoami").path("accountId").asText();
      }
      lost += missing(child, account, round, previousRound);
      long checked = System.nanoTime();
      int ackedBefore = acknowledged.size();
      Set<String> roundEvidence = ConcurrentHashMap.newKeySet();
      previousRound = roundEvidence;
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Thread t = new Thread(() -> write(child, stop, roundEvidence), "crash-writer-" + w);
        t.start();
        writers.add(t);
      }
      // On a loaded machine the first writes after a start take seconds: the kill comes at a random moment once this
      // round's load is acknowledged (and, until one is, once a registration is), not while the writers are warming up.
      long loaded = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while ((acknowledged.size() == ackedBefore || ackedRegistrations.isEmpty()) && System.nanoTime() < loaded) {
        Thread.sleep(20);
      }
      Thread.sleep(ThreadLocalRandom.current().nextInt(300, 1500));
      child.process().destroyForcibly(); // SIGKILL on Linux
      assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      kills++;
      stop.set(true);
      for (Thread t : writers) {
        t.join(15_000);
      }
      child.reader().join(5000);
      System.out.printf("round %d: up in %d ms, checked in %d ms, %d acknowledged before the kill%n", round,
          (started - t0) / 1_000_000, (checked - started) / 1_000_000, acknowledged.size() - ackedBefore);
    }
    Child last = start(data, KILLS);
    lost += missing(last, account, KILLS, previousRound);
    last.process().destroyForcibly();
    last.process().waitFor(10, TimeUnit.SECONDS);

    // Offline: the chain verifies, and every acknowledged transaction is on it exactly once.
    Map<String, Integer> committed = new HashMap<>();
    try (EmbeddedLedger ledger = EmbeddedLedger.open(data.resolve("ledger"), Clock.systemUTC(), EmbeddedLedger.Options.defaults())) {
      assertThat(ledger.health().ready()).as(ledger.health().detail()).isTrue();
      List<LedgerEvent> events = new ArrayList<>();
      ledger.events(0, events::add).close();
      for (LedgerEvent e : events) {
        committed.merge(e.txId(), 1, Integer::sum);
      }
    }
    long lostOnChain = acknowledged.keySet().stream().filter(t -> !committed.containsKey(t)).count();
    long duplicated = committed.values().stream().filter(n -> n > 1).count();
    System.out.printf("gateway crash test: kills=%d acknowledged=%d (evidence %d, registrations %d) committed=%d lost=%d"
            + " lostOnChain=%d duplicated=%d%n",
        kills, acknowledged.size(), ackedEvidence.size(), ackedRegistrations.size(), committed.size(), lost, lostOnChain, duplicated);
    assertThat(unexpected).as("answers other than 201 from a live gateway").isEmpty();
    assertThat(ackedRegistrations).as("the load produced acknowledged registrations").isNotEmpty();
    assertThat(lost).as("acknowledged but missing after a restart").isZero();
    assertThat(lostOnChain).as("acknowledged but not on the chain").isZero();
    assertThat(duplicated).as("transactions on the chain more than once").isZero();
  }

  /**
   * After SIGKILLs under load, the block file is cut (whole blocks off the end, or inside a block
   * that was committed), with and without the state store: the gateway starts, but its ledger is
   * FAILED naming the missing blocks, /health is not UP, and reads and writes are refused with that
   * reason, on every start.
   */
  @Test
  void a_block_file_cut_after_sigkills_leaves_the_gateway_failed_naming_the_missing_blocks() throws Exception {
    Path data = tmp.resolve("data");
    for (int round = 0; round < 2; round++) {
      Child child = start(data, round);
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Thread t = new Thread(() -> write(child, stop, ConcurrentHashMap.newKeySet()), "crash-writer-" + w);
        t.start();
        writers.add(t);
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (ackedRegistrations.size() < 5 * (round + 1) && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      Thread.sleep(ThreadLocalRandom.current().nextInt(300, 1000));
      child.process().destroyForcibly(); // SIGKILL on Linux
      assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      stop.set(true);
      for (Thread t : writers) {
        t.join(15_000);
      }
    }
    assertThat(ackedRegistrations).as("the load produced acknowledged registrations").isNotEmpty();
    List<Long> offsets = new ArrayList<>();
    try (var ch = java.nio.channels.FileChannel.open(data.resolve("ledger/blocks.dat"))) {
      io.dareg.core.ledger.BlockFrames.scan(ch, ch.size(), f -> {
        offsets.add(f.offset());
        return null;
      });
    }
    // The blocks the high-water mark vouches for: a SIGKILL can leave it short of the file's last blocks (it is forced at
    // most once a second), and only what it vouches for is missing when cut.
    int blocks = (int) Math.min(offsets.size(), io.dareg.core.ledger.CommittedMark.read(data.resolve("ledger")).blocks());
    assertThat(blocks).isGreaterThan(6);
    record Cut(String name, long size, boolean dropStore, String expected) {}
    long wholeAt = offsets.get(blocks - 3);
    long insideAt = offsets.get(blocks - 2) + 20;
    List<Cut> cuts = List.of(
        new Cut("whole blocks", wholeAt, false, "blocks " + (blocks - 3) + ".." + (blocks - 1) + " are missing"),
        new Cut("whole blocks, no state store", wholeAt, true, "blocks " + (blocks - 3) + ".." + (blocks - 1) + " are missing"),
        new Cut("inside a committed block", insideAt, false, "blocks " + (blocks - 2) + ".." + (blocks - 1) + " are missing"),
        new Cut("inside a committed block, no state store", insideAt, true, "blocks " + (blocks - 2) + ".." + (blocks - 1) + " are missing"));
    for (Cut cut : cuts) {
      Path copy = tmp.resolve("cut-" + cut.name().replace(' ', '-').replace(",", ""));
      copyTree(data, copy);
      try (var f = new java.io.RandomAccessFile(copy.resolve("ledger/blocks.dat").toFile(), "rw")) {
        f.setLength(cut.size());
      }
      if (cut.dropStore()) {
        deleteTree(copy.resolve("ledger/state"));
      }
      for (int start = 0; start < 2; start++) {
        Child child = start(copy, start);
        try {
          HttpResponse<String> health = send(child, "GET", "/health", null);
          assertThat(health.statusCode()).as("%s: /health %s", cut.name(), health.body()).isNotEqualTo(200);
          assertThat(health.body()).as(cut.name()).contains("FAILED").contains(cut.expected());
          HttpResponse<String> read = send(child, "GET", "/api/v1/whoami", null);
          assertThat(read.statusCode()).as("%s: %s", cut.name(), read.body()).isEqualTo(503);
          assertThat(read.body()).contains(cut.expected());
          String evidenceNo = ackedEvidence.iterator().next();
          assertThat(send(child, "GET", "/api/v1/evidence/" + evidenceNo, null).statusCode()).isEqualTo(503);
          ObjectNode deposit = Json.mapper().createObjectNode().put("algorithm", "SHA256")
              .put("hash", Hashes.hex(HashAlgorithm.SHA256, new byte[] {1})).put("size", 1).put("channel", "crash-test");
          HttpResponse<String> write = send(child, "POST", "/api/v1/evidence", deposit);
          assertThat(write.statusCode()).as("%s: %s", cut.name(), write.body()).isEqualTo(503);
          assertThat(write.body()).contains(cut.expected());
        } finally {
          child.process().destroyForcibly();
          child.process().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Checks the restarted gateway over HTTP: every acknowledged registration is listed for the
   * holder exactly once (registration numbers unique); every evidence deposit acknowledged in the
   * round just killed reads back, and so does a sample of the earlier ones (the offline check at
   * the end covers every transaction id).
   */
  private long missing(Child child, String account, int round, Set<String> previousRound) throws Exception {
    List<String> listed = new ArrayList<>();
    String bookmark = "";
    do {
      JsonNode page = get(child, "/api/v1/registrations?holder=" + account + "&pageSize=200"
          + (bookmark.isEmpty() ? "" : "&bookmark=" + java.net.URLEncoder.encode(bookmark, StandardCharsets.UTF_8)));
      page.path("items").forEach(item -> listed.add(item.path("regNo").asText()));
      bookmark = page.path("bookmark").asText("");
    } while (!bookmark.isEmpty());
    Set<String> unique = new HashSet<>(listed);
    assertThat(unique).as("registration numbers are unique after restart %d", round).hasSameSizeAs(listed);
    long lost = ackedRegistrations.stream().filter(r -> !unique.contains(r)).count();
    List<String> check = new ArrayList<>(previousRound);
    List<String> earlier = new ArrayList<>(ackedEvidence);
    java.util.Collections.shuffle(earlier);
    check.addAll(earlier.subList(0, Math.min(200, earlier.size())));
    for (String evidenceNo : check) {
      HttpResponse<String> r = send(child, "GET", "/api/v1/evidence/" + evidenceNo, null);
      if (r.statusCode() != 200) {
        lost++;
      }
    }
    return lost;
  }

  /** One writer: deposits evidence, then applies for a registration on it, until the gateway dies. */
  private void write(Child child, AtomicBoolean stop, Set<String> roundEvidence) {
    AtomicLong n = new AtomicLong(ThreadLocalRandom.current().nextLong());
    while (!stop.get()) {
      try {
        byte[] content = ("crash-test data " + n.incrementAndGet() + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        ObjectNode deposit = Json.mapper().createObjectNode()
            .put("algorithm", "SHA256").put("hash", Hashes.hex(HashAlgorithm.SHA256, content)).put("size", content.length).put("channel", "crash-test");
        HttpResponse<String> ev = send(child, "POST", "/api/v1/evidence", deposit);
        if (ev.statusCode() != 201) {
          unexpected.add("deposit: " + ev.statusCode() + " " + ev.body());
          continue;
        }
        String evidenceNo = Json.mapper().readTree(ev.body()).path("evidenceNo").asText();
        acknowledged.put(ev.headers().firstValue("Dareg-Transaction").orElseThrow(), evidenceNo);
        ackedEvidence.add(evidenceNo);
        roundEvidence.add(evidenceNo);
        HttpResponse<String> reg = send(child, "POST", "/api/v1/registrations", application(evidenceNo));
        if (reg.statusCode() == 201) {
          String regNo = Json.mapper().readTree(reg.body()).path("regNo").asText();
          acknowledged.put(reg.headers().firstValue("Dareg-Transaction").orElseThrow(), regNo);
          ackedRegistrations.add(regNo);
        } else {
          unexpected.add("application: " + reg.statusCode() + " " + reg.body());
        }
      } catch (IOException e) {
        // The gateway died under this request: its outcome is unknown, and it was never acknowledged.
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static ObjectNode application(String evidenceNo) throws IOException {
    ObjectNode a = Json.mapper().createObjectNode();
    a.put("profile", "DL");
    a.put("rightType", "HOLDING");
    a.set("evidenceNos", Json.mapper().createArrayNode().add(evidenceNo));
    // DL asks for the applicant's responsibility undertaking (issue 20).
    a.set("attachments", Json.mapper().createArrayNode().add(Json.mapper().createObjectNode().put("kind", "RESPONSIBILITY_UNDERTAKING")
        .put("issuer", "甲公司").put("algorithm", "SHA256").put("hash", Hashes.hex(HashAlgorithm.SHA256, evidenceNo.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .put("date", "2026-03-01")));
    a.set("asset", Json.mapper().readTree("{\"name\":\"企业信用评估+工商登记数据\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
        + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
        + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[{\"name\":\"credit_code\",\"format\":\"string(18)\"}],"
        + "\"scale\":{\"records\":1000,\"bytes\":65536},\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\"],"
        + "\"scope\":\"金融机构授信参考\",\"algorithmSummary\":\"去标识化后按月汇总\",\"classification\":\"GENERAL\"}"));
    return a;
  }

  /** Starts {@code serve --dev} on a free loopback port and waits until it listens. */
  private Child start(Path data, int round) throws Exception {
    Process p = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            GatewayMain.class.getName(), "serve", "--dev", "--data", data.toString(), "--host", "127.0.0.1", "--port", "0")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .start();
    List<String> lines = new ArrayList<>();
    String[] base = new String[1];
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              base[0] = m.group(1);
              lines.notifyAll();
            }
          }
        }
      } catch (IOException ignored) {
        // The child was killed.
      }
    }, "crash-child-output");
    reader.setDaemon(true);
    reader.start();
    long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(180); // a hang guard: a start on a loaded machine took 60 s
    synchronized (lines) {
      while (base[0] == null && p.isAlive() && System.nanoTime() < readyBy) {
        lines.wait(200);
      }
      assertThat(base[0]).as("gateway start %d said:%n%s", round, String.join("\n", lines)).isNotNull();
    }
    String token = Files.readString(data.resolve("dev/holder/token")).strip();
    // issue 23: writes are the dev holder's signed requests, for the ledger the gateway names, at the system's time (the
    // dev clock is not moved here)
    HttpResponse<String> identity = http.send(HttpRequest.newBuilder(URI.create(base[0] + "/api/v1/ledger/identity")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    // (a gateway whose ledger failed cannot name it: it serves no writes, so none is signed)
    io.dareg.core.act.RequestSigner holder = identity.statusCode() != 200 ? null
        : DevIdentities.author(data, "holder", Json.mapper().readTree(identity.body()).path("ledgerId").asText(), java.time.Clock.systemUTC());
    return new Child(p, base[0], token, holder, reader);
  }

  private JsonNode get(Child child, String path) throws Exception {
    HttpResponse<String> r = send(child, "GET", path, null);
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private HttpResponse<String> send(Child child, String method, String path, JsonNode body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(child.base() + path)).timeout(Duration.ofSeconds(30));
    io.dareg.core.api.Operations.Match op = io.dareg.core.api.Operations.at(method, path.replaceFirst("^/api/v1", ""));
    if (op != null && op.operation().signed() && child.holder() != null) {
      com.fasterxml.jackson.databind.node.ObjectNode args = body == null ? Json.mapper().createObjectNode()
          : ((com.fasterxml.jackson.databind.node.ObjectNode) body).deepCopy();
      op.params().forEach(args::put);
      body = child.holder().sign(op.operation().signedOperation(), args).toJson();
    } else {
      b.header("Authorization", "Bearer " + child.token());
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

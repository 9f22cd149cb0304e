package io.dareg.client.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.FabricLogEntries;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.EntryBundle;
import io.dareg.core.log.LogFrontier;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.Tile;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Follows a dareg transparency log as a monitor (issue 24): reads the C2SP {@code tlog-tiles} checkpoint, checks the
 * log's signature with a pinned key, reads the entry bundles from where it stopped, recomputes the tree from the
 * entries (it keeps the tree's right edge, a {@link LogFrontier}, in its state directory) and trusts no entry before
 * the recomputed root equals the checkpoint's. A new checkpoint must extend the last one it saw: the frontier it kept
 * is the old tree, so a root recomputed from it and the new entries that equals the new root shows the log was only
 * appended to; the log's RFC 9162 consistency proof is checked as well. Every trusted entry whose transaction names a
 * watched account id or registration number in its arguments or result is reported on one alarm line.
 *
 * <p>The state directory holds {@code log-key} (pinned on first use), {@code frontier} and {@code checkpoint} (the last
 * verified signed note), each written to a temporary file, forced and renamed into place; and {@code evidence/}, where
 * a log that lies (a bad signature, entries that do not give the root, a checkpoint that does not extend the last) is
 * recorded before the monitor stops.
 *
 * <pre>{@code
 * LogMonitor m = new LogMonitor(URI.create("http://127.0.0.1:8080"), Path.of("state"), null, Set.of("DR-2026-0001"),
 *     out, err, HttpClient.newHttpClient(), Clock.systemUTC());
 * LogMonitor.Outcome o = m.poll();   // CONSISTENT, or LOG_MISBEHAVED with the evidence kept
 * }</pre>
 */
public final class LogMonitor {
  private static final HexFormat HEX = HexFormat.of();
  private static final String KEY_FILE = "log-key";
  private static final String FRONTIER_FILE = "frontier";
  private static final String CHECKPOINT_FILE = "checkpoint";

  /** What one poll found. */
  public enum Outcome {
    /** The checkpoint is signed, extends the last one and its entries give its root. */
    CONSISTENT,
    /** The log lied: the evidence is in the state directory's {@code evidence/}. */
    LOG_MISBEHAVED
  }

  private final URI gateway;
  private final String prefix;
  private final Path state;
  private final SignedNote.Verifier givenKey;
  private final Set<String> watched;
  private final PrintWriter out;
  private final PrintWriter err;
  private final HttpClient http;
  private final Clock clock;

  /**
   * @param log the gateway (e.g. {@code http://127.0.0.1:8080}), or its tiles prefix ({@code .../api/v1/log/tiles})
   * @param state the state directory (created)
   * @param key the log's verifier key, or null to use the pinned one (pinned from the log's {@code /log/key} on first use)
   * @param watched account ids and registration numbers to report
   * @param out where alarm lines go
   * @param err where progress and warnings go
   * @param http the HTTP client it reads the log with
   * @param clock names the evidence it keeps
   */
  public LogMonitor(URI log, Path state, SignedNote.Verifier key, Set<String> watched, PrintWriter out, PrintWriter err,
      HttpClient http, Clock clock) {
    String base = log.toString().replaceAll("/+$", "");
    if (base.endsWith("/log/tiles")) {
      this.prefix = base;
      this.gateway = URI.create(base.substring(0, base.length() - "/api/v1/log/tiles".length()));
    } else {
      this.prefix = base + "/api/v1/log/tiles";
      this.gateway = URI.create(base);
    }
    this.state = state;
    this.givenKey = key;
    this.watched = Set.copyOf(watched);
    this.out = out;
    this.err = err;
    this.http = http;
    this.clock = clock;
  }

  /** Reads the newest checkpoint and everything up to it once; says whether the log kept its promises. */
  public Outcome poll() throws IOException, InterruptedException {
    Files.createDirectories(state);
    SignedNote.Verifier key = key();
    String note = text(get(prefix + "/checkpoint"));
    String refused;
    try {
      refused = SignedNote.open(note, List.of(key)).isEmpty() ? "it carries no signature by that key" : null;
    } catch (IllegalArgumentException e) {
      refused = e.getMessage();
    }
    if (refused != null) {
      return misbehaved("bad-signature", "the checkpoint is not signed by the log's key " + key + " (pinned in "
          + state.resolve(KEY_FILE) + "): " + refused, note, null);
    }
    Checkpoint c = Checkpoint.parse(SignedNote.text(note));
    if (!c.origin().equals(key.name())) {
      return misbehaved("bad-origin", "the checkpoint names the log " + c.origin() + " but its key is " + key.name(), note, null);
    }
    LogFrontier seen = frontier();
    String lastNote = Files.exists(state.resolve(CHECKPOINT_FILE)) ? Files.readString(state.resolve(CHECKPOINT_FILE)) : null;
    if (c.size() < seen.size()) {
      return misbehaved("rolled-back", "the log's checkpoint has " + c.size() + " entries, fewer than the " + seen.size()
          + " of the last checkpoint this monitor verified: the log was cut back", note, lastNote);
    }
    LogFrontier grown = seen.copy();
    List<Alarm> alarms = new ArrayList<>();
    long started = System.nanoTime();
    long lastReport = started;
    long from = seen.size();
    while (grown.size() < c.size()) {
      Tile bundle = Tile.forSize(0, grown.size() / Tile.WIDTH, c.size());
      bundle = new Tile(0, bundle.index(), bundle.width(), true);
      List<byte[]> entries = bundle(bundle);
      if (entries.size() != bundle.width()) {
        return misbehaved("short-bundle", prefix + "/" + bundle.path() + " holds " + entries.size() + " entries, not "
            + bundle.width(), note, lastNote);
      }
      long first = bundle.index() * Tile.WIDTH;
      for (int i = (int) (grown.size() - first); i < entries.size(); i++) {
        byte[] entry = entries.get(i);
        grown.append(MerkleLog.leafHash(entry));
        Alarm a = match(first + i, entry);
        if (a != null) {
          alarms.add(a);
        }
      }
      long now = System.nanoTime();
      if (now - lastReport > Duration.ofSeconds(2).toNanos()) {
        double rate = (grown.size() - from) / ((now - started) / 1e9);
        err.printf("dareg monitor: %d of %d entries read, %.0f entries/s%n", grown.size(), c.size(), rate);
        err.flush();
        lastReport = now;
      }
    }
    if (c.size() == seen.size() && !Arrays.equals(grown.root(), c.rootHash())) {
      return misbehaved("forked", "the log's checkpoint has the " + c.size() + " entries of the last verified checkpoint but"
          + " another root (" + b64(c.rootHash()) + ", not " + b64(grown.root()) + "): the log shows two different histories",
          note, lastNote);
    }
    if (!Arrays.equals(grown.root(), c.rootHash())) {
      return misbehaved("entries-do-not-match", "the log's entries " + seen.size() + " to " + (c.size() - 1) + ", appended to the tree"
          + " of the last verified checkpoint (" + seen.size() + " entries), give the root " + b64(grown.root()) + ", not the"
          + " checkpoint's " + b64(c.rootHash()) + ": the log serves entries other than those it signed, or rewrote the entries"
          + " before " + seen.size(), note, lastNote);
    }
    if (seen.size() > 0 && c.size() > seen.size() && !consistent(seen.size(), seen.root(), c)) {
      return misbehaved("inconsistent-proof", "the log's consistency proof from " + seen.size() + " to " + c.size()
          + " entries does not verify against the roots this monitor computed", note, lastNote);
    }
    // trusted now: the entries give the signed root
    for (Alarm a : alarms) {
      out.println(a.line(block(a.index(), c.size())));
    }
    out.flush();
    if (c.size() - from > 0 && System.nanoTime() - started > Duration.ofSeconds(2).toNanos()) {
      err.printf("dareg monitor: caught up, %d entries in %.1f s%n", c.size() - from, (System.nanoTime() - started) / 1e9);
    }
    write(state.resolve(FRONTIER_FILE), grown.text());
    write(state.resolve(CHECKPOINT_FILE), note);
    return Outcome.CONSISTENT;
  }

  // --- the log's promises ------------------------------------------------------------------------

  private SignedNote.Verifier key() throws IOException, InterruptedException {
    Path pinned = state.resolve(KEY_FILE);
    if (Files.exists(pinned)) {
      SignedNote.Verifier p = SignedNote.Verifier.parse(Files.readString(pinned).trim());
      if (givenKey != null && !givenKey.toString().equals(p.toString())) {
        throw new IllegalArgumentException("--log-key " + givenKey + " is not the key pinned in " + pinned + " (" + p + "); a log"
            + " keeps its key for life: if you mean to follow another log, use another --state directory");
      }
      return p;
    }
    SignedNote.Verifier k = givenKey;
    if (k == null) {
      k = SignedNote.Verifier.parse(text(get(prefix.substring(0, prefix.length() - "/tiles".length()) + "/key")).trim());
      err.println("dareg monitor: pinned the log's key " + k + " on first use, in " + pinned
          + "; compare it with the key the registry publishes");
    }
    write(pinned, k + "\n");
    return k;
  }

  private LogFrontier frontier() throws IOException {
    Path f = state.resolve(FRONTIER_FILE);
    return Files.exists(f) ? LogFrontier.parse(Files.readString(f)) : new LogFrontier();
  }

  private boolean consistent(long first, byte[] firstRoot, Checkpoint c) throws IOException, InterruptedException {
    JsonNode proof = Json.mapper().readTree(body(get(gateway + "/api/v1/log/proofs/consistency?from=" + first + "&to=" + c.size())));
    List<byte[]> hashes = new ArrayList<>();
    proof.path("hashes").forEach(h -> hashes.add(HEX.parseHex(h.asText())));
    return MerkleLog.verifyConsistency(first, c.size(), hashes, firstRoot, c.rootHash());
  }

  /** The entries of a bundle; one by one where the log cannot put one of them in a bundle (an entry over 65535 bytes). */
  private List<byte[]> bundle(Tile bundle) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(prefix + "/" + bundle.path());
    if (r.statusCode() == 501) {
      err.println("dareg monitor: " + bundle.path() + " holds an entry too long for a bundle; reading its entries one by one");
      List<byte[]> entries = new ArrayList<>();
      for (int i = 0; i < bundle.width(); i++) {
        entries.add(body(get(gateway + "/api/v1/log/entries/" + (bundle.index() * Tile.WIDTH + i))));
      }
      return entries;
    }
    return EntryBundle.decode(body(r));
  }

  private Outcome misbehaved(String kind, String why, String note, String lastNote) throws IOException {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(clock.instant());
    Path dir = state.resolve("evidence").resolve(stamp + "-" + kind);
    Files.createDirectories(dir);
    write(dir.resolve("report.txt"), "log " + prefix + "\n" + why + "\n");
    write(dir.resolve("checkpoint"), note);
    if (lastNote != null) {
      write(dir.resolve("last-verified-checkpoint"), lastNote);
    }
    if (Files.exists(state.resolve(FRONTIER_FILE))) {
      write(dir.resolve("last-verified-frontier"), Files.readString(state.resolve(FRONTIER_FILE)));
    }
    err.println("dareg monitor: THE LOG MISBEHAVED (" + kind + "): " + why);
    err.println("dareg monitor: evidence kept in " + dir + "; nothing after the last verified checkpoint was trusted");
    err.flush();
    return Outcome.LOG_MISBEHAVED;
  }

  // --- what is watched ---------------------------------------------------------------------------

  /** A trusted entry that touches what is watched. */
  private record Alarm(long index, String txId, String operation, String author, String time, String watched) {
    String line(String block) {
      return "ALARM index=" + index + " block=" + block + " tx=" + txId + " op=" + operation + " by=" + author + " time=" + time
          + " watched=" + watched;
    }
  }

  private Alarm match(long index, byte[] entry) {
    JsonNode tx;
    try {
      tx = Json.mapper().readTree(entry);
    } catch (IOException e) {
      err.println("dareg monitor: entry " + index + " is not a JSON transaction; skipped for watching: " + e.getMessage());
      return null;
    }
    Act act = Act.of(tx);
    String hit = null;
    for (String w : watched) {
      if (mentions(act.args(), w) || mentions(act.result(), w)) {
        hit = w;
        break;
      }
    }
    if (hit == null) {
      return null;
    }
    return new Alarm(index, tx.path("txId").asText(), act.name(), author(act.name(), act.args(), tx.path("caller")),
        tx.path("time").asText(), hit);
  }

  /**
   * What an entry says was done: the transaction's name, its arguments and its result. An embedded ledger's entry
   * has {@code name}, {@code args} and {@code result}; a Fabric channel's ({@link FabricLogEntries#FORMAT}) has the
   * chaincode {@code function} (a contract prefix dropped here) and its {@code argument}, the author's signed request,
   * but no result: that is in the endorsed read-write set, not in the entry, so on Fabric only what the request names
   * is watched (an act on an account or registration names it; the act that creates one does not).
   */
  record Act(String name, JsonNode args, JsonNode result) {
    static Act of(JsonNode tx) {
      if (FabricLogEntries.FORMAT.equals(tx.path("format").asText())) {
        String function = tx.path("function").asText("?");
        return new Act(function.substring(function.lastIndexOf(':') + 1), parsed(tx.path("argument")), null);
      }
      return new Act(tx.path("name").asText(), parsed(tx.path("args")), parsed(tx.path("result")));
    }
  }

  /** The transaction's args or result, a JSON text in the entry. */
  private static JsonNode parsed(JsonNode member) {
    if (!member.isTextual()) {
      return member;
    }
    try {
      return Json.mapper().readTree(member.asText());
    } catch (IOException e) {
      return Json.mapper().getNodeFactory().textNode(member.asText());
    }
  }

  private static boolean mentions(JsonNode node, String value) {
    if (node == null) {
      return false;
    }
    if (node.isTextual()) {
      return node.asText().equals(value);
    }
    for (JsonNode child : node) {
      if (mentions(child, value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Who made transaction {@code name}: the subject of the signed request's certificate when its arguments {@code args}
   * carry one, quoted, else the caller the ledger recorded ({@code 'MSP/id'}), else {@code ?}.
   */
  public static String author(String name, JsonNode args, JsonNode caller) {
    JsonNode signed = SignedRequest.carriedBy(name, args);
    if (signed != null) {
      try {
        return "'" + SignedRequest.of(signed).signer().getSubjectX500Principal().getName() + "'";
      } catch (RuntimeException e) {
        return "unreadable-signed-request";
      }
    }
    JsonNode id = caller == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : caller.path("identity");
    return id.isMissingNode() ? "?" : "'" + id.path("msp").asText() + "/" + id.path("id").asText() + "'";
  }

  /** The block of entry {@code index}, from the log's inclusion proof route; {@code ?} where the log does not say. */
  private String block(long index, long size) {
    try {
      HttpResponse<byte[]> r = get(gateway + "/api/v1/log/proofs/inclusion?index=" + index + "&size=" + size);
      return r.statusCode() == 200 ? Json.mapper().readTree(r.body()).path("block").asText("?") : "?";
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  // --- HTTP and files ----------------------------------------------------------------------------

  /** GET, waiting as the log asks when it limits the rate (429 with Retry-After), a few times. */
  private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 429 || attempt == 5) {
        return r;
      }
      long wait = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(5L);
      err.println("dareg monitor: the log limits the rate; waiting " + wait + " s");
      Thread.sleep(Duration.ofSeconds(Math.min(wait, 120)).toMillis());
    }
  }

  private static byte[] body(HttpResponse<byte[]> r) throws IOException {
    if (r.statusCode() != 200) {
      throw new IOException("GET " + r.uri() + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r.body();
  }

  private static String text(HttpResponse<byte[]> r) throws IOException {
    return new String(body(r), StandardCharsets.UTF_8);
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** Writes {@code text} to {@code file} durably: a temporary file, forced, renamed over it. */
  static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.ADMIN;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.HOLDER;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.REGISTRAR;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.EntryBundle;
import io.dareg.core.log.LogFrontier;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log as a C2SP tlog-tiles log over HTTP, as a monitor reads it with no token: the tiles are the tree's stored
 * nodes, partial tiles its right edge, the entry bundles the block file's transactions, whose leaf hashes give the
 * checkpoint's root; what the tree does not hold yet is 404, a malformed path 400. The entry index is derived again
 * when it is lost.
 */
class TileRoutesTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T02:00:00Z"));
  @TempDir Path dir;

  private HttpResponse<byte[]> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** initLedger, openAccount and {@code deposits} deposits: several to a block. */
  private static void write(EmbeddedLedger ledger, int deposits) {
    ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
    ledger.submit(REGISTRAR, "openAccount",
        json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = 0; i < deposits; i++) {
      sent.add(ledger.submit(HOLDER, "depositEvidence", deposit(i)));
    }
    sent.forEach(CompletableFuture::join);
  }

  private List<byte[]> transactions() throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(dir.resolve("ledger").resolve("blocks.dat"))) {
      BlockFrames.scan(ch, ch.size(), frame -> {
        try {
          for (JsonNode tx : Json.mapper().readTree(frame.body())) {
            out.add(CanonicalJson.serialize(tx));
          }
        } catch (IOException e) {
          return e.getMessage();
        }
        return null;
      });
    }
    return out;
  }

  private static byte[] concat(List<byte[]> hashes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    hashes.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private ApiServer api(Vertx vertx, EmbeddedLedger ledger) throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    return new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca,
        dir.resolve("gateway"), clock, 16 * 1024, List.of(), Map.of());
  }

  @Test
  void tiles_and_entry_bundles_are_the_trees_nodes_and_the_blocks_transactions() throws Exception {
    Vertx vertx = Vertx.vertx();
    EmbeddedLedger ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    ApiServer api = api(vertx, ledger);
    try {
      String base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join() + "/api/v1";
      write(ledger, 300);
      List<byte[]> txs = transactions();
      assertThat(txs).hasSize(302);
      for (int i = 0; i < 500 && api.log().size() < txs.size(); i++) {
        Thread.sleep(10);
      }
      List<byte[]> leaves = txs.stream().map(MerkleLog::leafHash).toList();
      String prefix = base + "/log/tiles/";

      HttpResponse<byte[]> note = get(prefix + "checkpoint");
      assertThat(note.statusCode()).isEqualTo(200);
      assertThat(note.headers().firstValue("cache-control").orElse("")).contains("max-age=0");
      String text = new String(note.body(), StandardCharsets.UTF_8);
      assertThat(SignedNote.open(text, List.of(api.log().verifier()))).hasSize(1);
      Checkpoint c = Checkpoint.parse(SignedNote.text(text));
      assertThat(c.size()).isEqualTo(302);
      assertThat(SignedNote.text(text)).isEqualTo(SignedNote.text(new String(get(base + "/log/checkpoint").body(), StandardCharsets.UTF_8)));

      HttpResponse<byte[]> full = get(prefix + "tile/0/000");
      assertThat(full.statusCode()).isEqualTo(200);
      assertThat(full.headers().firstValue("content-type").orElse("")).isEqualTo("application/octet-stream");
      assertThat(full.headers().firstValue("cache-control").orElse("")).contains("immutable");
      assertThat(full.body()).isEqualTo(concat(leaves.subList(0, 256)));
      HttpResponse<byte[]> partial = get(prefix + "tile/0/001.p/46");
      assertThat(partial.statusCode()).isEqualTo(200);
      assertThat(partial.headers().firstValue("cache-control").orElse("")).doesNotContain("immutable");
      assertThat(partial.body()).isEqualTo(concat(leaves.subList(256, 302)));
      assertThat(get(prefix + "tile/0/001.p/10").body()).isEqualTo(concat(leaves.subList(256, 266)));
      // level 1: the root of the full level-0 tile below
      assertThat(get(prefix + "tile/1/000.p/1").body()).isEqualTo(MerkleLog.root(MerkleLog.Leaves.of(leaves.subList(0, 256)), 256));

      // beyond the tree: 404 saying what it holds; malformed: 400
      HttpResponse<byte[]> beyond = get(prefix + "tile/0/001");
      assertThat(beyond.statusCode()).isEqualTo(404);
      assertThat(new String(beyond.body(), StandardCharsets.UTF_8)).contains("302 entries").contains(".p/46");
      assertThat(get(prefix + "tile/0/001.p/47").statusCode()).isEqualTo(404);
      assertThat(get(prefix + "tile/1/000.p/2").statusCode()).isEqualTo(404);
      assertThat(get(prefix + "tile/2/000.p/1").statusCode()).isEqualTo(404);
      assertThat(get(prefix + "tile/entries/002.p/1").statusCode()).isEqualTo(404);
      for (String bad : List.of("tile/0/1", "tile/0/000.p/256", "tile/01/000", "tile/0/x000/001", "tile/entries/000.p/0")) {
        HttpResponse<byte[]> r = get(prefix + bad);
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(bad).contains("tile");
      }

      // the bundles are the transactions; their leaf hashes give the checkpoint's root
      HttpResponse<byte[]> bundle = get(prefix + "tile/entries/000");
      assertThat(bundle.statusCode()).isEqualTo(200);
      assertThat(bundle.headers().firstValue("cache-control").orElse("")).contains("immutable");
      List<byte[]> entries = new ArrayList<>(EntryBundle.decode(bundle.body()));
      entries.addAll(EntryBundle.decode(get(prefix + "tile/entries/001.p/46").body()));
      assertThat(entries).hasSize(302);
      LogFrontier f = new LogFrontier();
      for (int i = 0; i < entries.size(); i++) {
        assertThat(entries.get(i)).as("entry %d", i).isEqualTo(txs.get(i));
        f.append(MerkleLog.leafHash(entries.get(i)));
      }
      assertThat(f.root()).isEqualTo(c.rootHash());
      assertThat(get(base + "/log/entries/7").body()).isEqualTo(txs.get(7));
      assertThat(get(base + "/log/entries/302").statusCode()).isEqualTo(404);
      assertThat(get(base + "/log/entries/x").statusCode()).isEqualTo(400);
    } finally {
      api.close().toCompletionStage().toCompletableFuture().join();
      ledger.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    // the entry index lost: derived again from the blocks at the next start, same entries
    Files.delete(dir.resolve("gateway").resolve("log").resolve("tree").resolve("entries"));
    try (EmbeddedLedger again = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
        io.dareg.gateway.log.TransparencyLog log = io.dareg.gateway.log.TransparencyLog.open(dir.resolve("gateway").resolve("log"),
            again, api.log().origin(), clock)) {
      for (int i = 0; i < 500 && log.size() < 302; i++) {
        Thread.sleep(10);
      }
      assertThat(log.failure()).isNull();
      assertThat(log.entries(new io.dareg.core.log.Tile(0, 1, 46, true))).hasSize(46);
      assertThat(log.entry(301)).isEqualTo(transactions().get(301));
    }
  }
}

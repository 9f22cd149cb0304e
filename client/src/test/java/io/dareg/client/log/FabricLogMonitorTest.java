package io.dareg.client.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.dareg.client.cli.Dareg;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.FabricLogEntries;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.EntryBundle;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.Tile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dareg monitor} over a Fabric channel's log (entries in {@link FabricLogEntries#FORMAT}): an act whose signed
 * request names a watched registration raises an alarm naming the act and its signer; a contract prefix on the chaincode
 * function is dropped; an act on something else does not. The log is served here as static tlog-tiles paths, as any
 * mirror of a Fabric gateway's log would serve it.
 */
class FabricLogMonitorTest {
  private static final String LEDGER = "dareg-fabric-test";
  private final SignedNote.Signer logKey = SignedNote.Signer.generate("dareg.fabric/dareg", SignedNote.ED25519, new SecureRandom());
  private final ThrowawayAuthority authority = new ThrowawayAuthority(List.of("EnterpriseMSP"));
  private final List<byte[]> entries = new ArrayList<>();
  @TempDir Path dir;
  private HttpServer server;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/log/tiles/", exchange -> {
      String path = exchange.getRequestURI().getPath().substring("/api/v1/log/tiles/".length());
      byte[] body;
      if (path.equals("checkpoint")) {
        Checkpoint c = new Checkpoint(logKey.name(), entries.size(), MerkleLog.root(MerkleLog.Leaves.of(leafHashes()), entries.size()),
            List.of());
        body = SignedNote.sign(c.body(), List.of(logKey), Instant.parse("2026-12-06T00:00:00Z")).getBytes(StandardCharsets.UTF_8);
      } else if (path.equals(new Tile(0, 0, entries.size(), true).path())) {
        body = EntryBundle.encode(entries);
      } else {
        body = new byte[0];
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private List<byte[]> leafHashes() {
    return entries.stream().map(MerkleLog::leafHash).toList();
  }

  /** A Fabric log entry of {@code function} whose argument is {@code user}'s signed request with {@code arguments}. */
  private void act(String function, String user, String operation, String argumentsJson) {
    String signed = authority.author("EnterpriseMSP", user, "holder", false).sign(LEDGER, operation, argumentsJson,
        Instant.parse("2026-12-06T01:00:00Z"));
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("format", FabricLogEntries.FORMAT);
    e.put("channel", "dareg");
    e.put("block", 5 + entries.size());
    e.put("index", 0);
    e.put("txId", "tx" + entries.size());
    e.put("time", "2026-12-06T01:00:00.000000123Z");
    e.put("chaincode", "dareg");
    e.put("function", function);
    e.put("argument", signed);
    entries.add(Json.canonical(e));
  }

  @Test
  void an_act_whose_signed_request_names_a_watched_registration_raises_an_alarm_naming_its_signer() {
    act("dareg:requestChange", "mallory", "requestChange", "{\"regNo\":\"TJ-2026-000042\",\"reason\":\"x\"}");
    act("transfer", "alice", "transfer", "{\"regNo\":\"TJ-2026-000099\"}");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Dareg.run(new String[] {"monitor", "--log", "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/log/tiles",
        "--log-key", logKey.verifier().toString(), "--watch", "TJ-2026-000042", "--state", dir.resolve("state").toString(), "--once"},
        new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isZero();
    List<String> alarms = out.toString().lines().filter(l -> l.startsWith("ALARM")).toList();
    assertThat(alarms).singleElement().asString().contains("index=0 ").contains("tx=tx0 ").contains("op=requestChange ")
        .contains("by='").contains("CN=mallory").contains("watched=TJ-2026-000042").contains("time=2026-12-06T01:00:00.000000123Z");
  }
}

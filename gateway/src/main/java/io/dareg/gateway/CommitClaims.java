package io.dareg.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.gateway.index.QueryIndex;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway wrote outside the ledger about how many blocks were committed, for the embedded
 * ledger to hold its block file to on start (issue 21): the audit log names the block of every
 * acknowledged write, the query index its checkpoint. An operator's {@code dareg ledger
 * accept-truncation} is an audit log entry ({@value #ACCEPT_TRUNCATION}): the audit log's blocks
 * before it no longer count, and it sets the query index aside.
 */
final class CommitClaims {
  /** The audit log operation of an accepted truncation. */
  static final String ACCEPT_TRUNCATION = "acceptTruncation";
  /** How much of the end of the audit log is read: the last writes' blocks are the highest. */
  private static final int TAIL = 256 << 10;

  private CommitClaims() {}

  /** The claims of the gateway data directory {@code data}. */
  static List<EmbeddedLedger.Claim> of(Path data) {
    List<EmbeddedLedger.Claim> out = new ArrayList<>();
    long logged = auditLogBlocks(data.resolve("audit").resolve("audit.log"));
    if (logged > 0) {
      out.add(new EmbeddedLedger.Claim("the gateway's audit log (audit/audit.log)", logged));
    }
    long indexed = QueryIndex.indexedBlocks(data.resolve("index"));
    if (indexed > 0) {
      out.add(new EmbeddedLedger.Claim("the query index's checkpoint (index/" + QueryIndex.STORE + ")", indexed));
    }
    return out;
  }

  /**
   * One more than the highest block named by the audit log's last lines after its last accepted
   * truncation, or 0 when there is none.
   */
  static long auditLogBlocks(Path log) {
    if (!Files.exists(log)) {
      return 0;
    }
    String text;
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      long from = Math.max(0, ch.size() - TAIL);
      ByteBuffer b = ByteBuffer.allocate((int) (ch.size() - from));
      while (b.hasRemaining() && ch.read(b, from + b.position()) >= 0) {
        // read to the end
      }
      text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
      if (from > 0) {
        text = text.substring(text.indexOf('\n') + 1);
      }
    } catch (IOException e) {
      return 0;
    }
    String[] lines = text.split("\n");
    long blocks = 0;
    for (int i = lines.length - 1; i >= 0; i--) {
      JsonNode e;
      try {
        e = Json.mapper().readTree(lines[i]);
      } catch (IOException | RuntimeException ex) {
        continue; // a line cut short at the end; the audit log's own check names broken lines
      }
      if (e == null) {
        continue;
      }
      if (ACCEPT_TRUNCATION.equals(e.path("operation").asText())) {
        break;
      }
      if (e.path("block").isIntegralNumber()) {
        blocks = Math.max(blocks, e.path("block").asLong() + 1);
      }
    }
    return blocks;
  }
}

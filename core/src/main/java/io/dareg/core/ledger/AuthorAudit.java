package io.dareg.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.act.SignedRequestException;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.model.TrustedRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who signed what, checked again from an embedded ledger's block file alone (issue 23): every
 * transaction that carries its author's signed request is verified as the rules verified it (its
 * signature over exactly what was done, a certificate issued by a root the ledger trusted and valid
 * at the transaction's time, the ledger's identity, the time within the skew), with the trust read
 * from the ledger's own first act, {@code initLedger}. Transactions without one are counted, not
 * failed: those of a ledger initialised without trusted roots (before issue 23) and the service
 * transactions that need no author ({@code sweep}).
 *
 * <p>It re-checks the authors of blocks whose chain {@link ChainAudit} has verified; run that first.
 */
public final class AuthorAudit {
  private final Signatures signatures;

  /** An audit that checks signatures with {@code signatures}. */
  public AuthorAudit(Signatures signatures) {
    this.signatures = signatures;
  }

  /**
   * What the audit found.
   *
   * @param ledgerId the ledger's identity its initLedger named, or null when it named none
   * @param signed transactions whose author's signed request verified
   * @param unsigned transactions without one (a ledger without trusted roots; service transactions)
   * @param problems each transaction whose signed request does not verify: block, transaction id, why
   */
  public record Report(String ledgerId, long signed, long unsigned, List<String> problems) {
    /** True when every signed request verified. */
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /** Audits the authors of every transaction in the first {@code limit} bytes of {@code blockFile}. */
  public Report audit(Path blockFile, long limit) throws IOException {
    long[] counts = new long[3]; // block, signed, unsigned
    String[] ledger = {null};
    List<X509Certificate>[] trusted = new List[] {List.of()};
    Duration[] skew = {Duration.ofSeconds(300)};
    List<String> problems = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(blockFile, StandardOpenOption.READ)) {
      BlockFrames.scan(ch, Math.min(limit, ch.size()), frame -> {
        JsonNode txs;
        try {
          txs = Json.mapper().readTree(frame.body());
        } catch (IOException e) {
          return "unreadable block body: " + e.getMessage();
        }
        for (JsonNode tx : txs) {
          String name = tx.path("name").asText();
          String txId = tx.path("txId").asText();
          JsonNode args = parse(tx.path("args").asText(""));
          JsonNode signed = SignedRequest.carriedBy(name, args);
          if (signed == null) {
            counts[2]++;
            continue;
          }
          Instant time = Instant.parse(tx.path("time").asText());
          try {
            SignedRequest r = SignedRequest.of(signed);
            if (name.equals("initLedger") && ledger[0] == null) {
              JsonNode a = r.arguments();
              ledger[0] = a.path("ledgerId").asText(null);
              // read once: every later act is checked against these
              List<X509Certificate> named = new ArrayList<>();
              for (JsonNode root : a.path("trustedRoots")) {
                named.add(new TrustedRoot(root.path("msp").asText(), root.path("certificate").asText()).x509());
              }
              trusted[0] = List.copyOf(named);
              if (a.hasNonNull("requestSkewSeconds")) {
                skew[0] = Duration.ofSeconds(a.get("requestSkewSeconds").asLong());
              }
            }
            r.verify(signatures, ledger[0] == null ? "" : ledger[0], trusted[0], time, skew[0]);
            counts[1]++;
          } catch (SignedRequestException | IllegalArgumentException e) {
            problems.add("block " + counts[0] + ", transaction " + txId + " (" + name + "): " + e.getMessage());
          }
        }
        counts[0]++;
        return null;
      });
    }
    return new Report(ledger[0], counts[1], counts[2], List.copyOf(problems));
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode n = Json.mapper().readTree(json.getBytes(StandardCharsets.UTF_8));
      return n == null ? Json.mapper().createObjectNode() : n;
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }
}

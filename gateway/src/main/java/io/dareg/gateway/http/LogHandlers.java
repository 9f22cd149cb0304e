package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import io.dareg.gateway.log.Cosignatures;
import io.dareg.gateway.log.Receipts;
import io.dareg.gateway.log.TransparencyLog;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The transparency log's public routes (issue 24): the newest checkpoint as a C2SP signed note, the log's verifier
 * key, and RFC 9162 inclusion and consistency proofs, hashes in lower-case hex; the witnesses hand in their
 * cosignatures and anyone reads the newest witnessed checkpoint. Open to anyone: they hold hashes only, and a
 * cosignature counts only when it verifies with a witness key the registry's settings name. Where the gateway keeps
 * no log (a ledger neither embedded nor Fabric) they answer 404.
 */
final class LogHandlers {
  private static final HexFormat HEX = HexFormat.of();
  private final TransparencyLog log;
  private final Cosignatures cosignatures;
  private final Replies replies;
  private final Receipts receipts;

  LogHandlers(TransparencyLog log, Cosignatures cosignatures, Replies replies) {
    this.receipts = log == null ? null : new Receipts(log, cosignatures);
    this.log = log;
    this.cosignatures = cosignatures;
    this.replies = replies;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("getLogCheckpoint", this::checkpoint).bind("getLogKey", this::key)
        .bind("getLogInclusionProof", this::inclusion).bind("getLogConsistencyProof", this::consistency)
        .bind("addLogCosignature", this::addCosignature).bind("getWitnessedLogCheckpoint", this::witnessed)
        .bind("getLogReceipt", this::receipt);
  }

  /** The newest checkpoint, with every cosignature collected for it appended (C2SP: the log's line first). */
  void checkpoint(Call call) {
    replies.bytes(call.ctx(), "text/plain; charset=utf-8", "inline",
        () -> cosignatures.withCosignatures(serving().checkpoint()).getBytes(StandardCharsets.UTF_8));
  }

  /** addLogCosignature: {"checkpoint": the cosigned note}; each witness line checked, then kept. */
  void addCosignature(Call call) {
    ObjectNode body = Replies.bodyObject(call.ctx());
    JsonNode note = body.get("checkpoint");
    if (note == null || !note.isTextual()) {
      throw Problem.invalid("checkpoint", "send {\"checkpoint\": \"<the checkpoint's text, a blank line, the witness's cosignature line>\"}");
    }
    replies.blocking(call.ctx(), 200, () -> {
      serving();
      Cosignatures.Added added;
      try {
        added = cosignatures.add(note.asText());
      } catch (Cosignatures.Refused e) {
        throw switch (e.reason()) {
          case UNKNOWN_WITNESS -> Problem.forbidden(e.getMessage());
          case NOT_SIGNED_BY_LOG -> Problem.conflict(e.getMessage());
          case MALFORMED, BAD_SIGNATURE -> Problem.invalid("checkpoint", e.getMessage());
        };
      }
      ObjectNode out = Json.mapper().createObjectNode().put("size", added.size()).put("witnessed", added.witnessed());
      added.witnesses().forEach(out.putArray("witnesses")::add);
      return out;
    });
  }

  /** getWitnessedLogCheckpoint: the newest checkpoint that meets the registry's quorum of witnesses, 404 while none does. */
  void witnessed(Call call) {
    replies.bytes(call.ctx(), "text/plain; charset=utf-8", "inline", () -> {
      serving();
      String note = cosignatures.witnessed();
      if (note == null) {
        throw Problem.notFound("no checkpoint of this log is witnessed yet: " + cosignatures.progress());
      }
      return note.getBytes(StandardCharsets.UTF_8);
    });
  }

  /** getLogReceipt: the transaction's receipt; 404 for an unknown transaction, 409 while not yet witnessed (the detail says retry). */
  void receipt(Call call) {
    String txId = call.param("txId");
    if (txId == null || !txId.matches("[0-9A-Za-z_-]{1,128}")) {
      throw Problem.invalid("txId", "a transaction id is up to 128 letters, digits, '-' or '_' (a write's X-Transaction-Id)");
    }
    replies.blocking(call.ctx(), 200, () -> {
      serving();
      try {
        return receipts.receipt(txId).toJson();
      } catch (Receipts.UnknownTransaction e) {
        throw Problem.notFound(e.getMessage());
      } catch (Receipts.NotWitnessed e) {
        throw Problem.conflict(e.getMessage());
      }
    });
  }

  void key(Call call) {
    replies.bytes(call.ctx(), "text/plain; charset=utf-8", "inline",
        () -> (serving().verifier() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  void inclusion(Call call) {
    String index = call.query("index");
    String size = call.query("size");
    replies.blocking(call.ctx(), 200, () -> checked(() -> {
      TransparencyLog l = serving();
      long n = size == null ? l.size() : number("size", size);
      long i = number("index", index);
      List<byte[]> proof = l.inclusionProof(i, n);
      ObjectNode out = Json.mapper().createObjectNode();
      out.put("index", i).put("size", n).put("block", l.blockOf(i)).put("leafHash", HEX.formatHex(l.leafHash(i)))
          .put("rootHash", HEX.formatHex(l.root(n)));
      hashes(out, proof);
      return out;
    }));
  }

  void consistency(Call call) {
    String from = call.query("from");
    String to = call.query("to");
    replies.blocking(call.ctx(), 200, () -> checked(() -> {
      TransparencyLog l = serving();
      long second = to == null ? l.size() : number("to", to);
      long first = number("from", from);
      List<byte[]> proof = l.consistencyProof(first, second);
      ObjectNode out = Json.mapper().createObjectNode();
      out.put("from", first).put("to", second).put("fromRootHash", HEX.formatHex(l.root(first)))
          .put("toRootHash", HEX.formatHex(l.root(second)));
      hashes(out, proof);
      return out;
    }));
  }

  private TransparencyLog serving() {
    return serving(log);
  }

  /** {@code log} while it serves; 404 when the gateway keeps none, 503 naming why it serves nothing. */
  static TransparencyLog serving(TransparencyLog log) {
    if (log == null) {
      throw Problem.notFound("this gateway keeps no transparency log (its ledger is neither the embedded ledger nor a Fabric channel)");
    }
    String failure = log.failure();
    if (failure != null) {
      throw Problem.unavailable("the transparency log serves nothing: " + failure);
    }
    return log;
  }

  /** {@code answer}, a size or index out of the log's range refused as invalid input. */
  private static ObjectNode checked(Supplier<ObjectNode> answer) {
    try {
      return answer.get();
    } catch (IllegalArgumentException e) {
      throw Problem.invalid(null, e.getMessage());
    }
  }

  private static long number(String name, String value) {
    if (value == null) {
      throw Problem.invalid(name, "?" + name + "= is required: a whole number");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw Problem.invalid(name, "?" + name + "= must be a whole number, not " + value);
    }
  }

  private static void hashes(ObjectNode out, List<byte[]> proof) {
    ArrayNode a = out.putArray("hashes");
    proof.forEach(h -> a.add(HEX.formatHex(h)));
  }
}

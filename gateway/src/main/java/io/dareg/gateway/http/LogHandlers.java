package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import io.dareg.gateway.log.TransparencyLog;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The transparency log's public routes (issue 24): the newest checkpoint as a C2SP signed note, the log's verifier
 * key, and RFC 9162 inclusion and consistency proofs, hashes in lower-case hex. Open to anyone: they hold hashes
 * only. Where the gateway keeps no log (on Fabric, for now) they answer 404.
 */
final class LogHandlers {
  private static final HexFormat HEX = HexFormat.of();
  private final TransparencyLog log;
  private final Replies replies;

  LogHandlers(TransparencyLog log, Replies replies) {
    this.log = log;
    this.replies = replies;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("getLogCheckpoint", this::checkpoint).bind("getLogKey", this::key)
        .bind("getLogInclusionProof", this::inclusion).bind("getLogConsistencyProof", this::consistency);
  }

  void checkpoint(Call call) {
    replies.bytes(call.ctx(), "text/plain; charset=utf-8", "inline", () -> serving().checkpoint().getBytes(StandardCharsets.UTF_8));
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
    if (log == null) {
      throw Problem.notFound("this gateway keeps no transparency log (it runs on Fabric, where the log is not built yet)");
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

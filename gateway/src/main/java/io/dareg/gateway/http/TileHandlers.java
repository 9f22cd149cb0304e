package io.dareg.gateway.http;

import io.dareg.core.log.EntryBundle;
import io.dareg.core.log.Tile;
import io.dareg.gateway.log.TransparencyLog;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

/**
 * The transparency log as a C2SP {@code tlog-tiles} log (issue 24), under the prefix {@code /api/v1/log/tiles}: the
 * checkpoint, the hash tiles {@code tile/<L>/<N>[.p/<W>]} and the entry bundles {@code tile/entries/<N>[.p/<W>]},
 * read from the log's stored levels and its entry index (a few reads, whatever the size). Full tiles never change and
 * are cached for a year; partial tiles and the checkpoint for a few seconds. One entry alone at
 * {@code /log/entries/{index}}, for an entry too long for a bundle. Open to anyone, like the proofs.
 */
final class TileHandlers {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String SHORT = "public, max-age=5";
  private static final String OCTETS = "application/octet-stream";
  private final TransparencyLog log;
  private final Replies replies;

  TileHandlers(TransparencyLog log, Replies replies) {
    this.log = log;
    this.replies = replies;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("getLogTilesCheckpoint", this::checkpoint).bind("getLogTile", this::tile).bind("getLogEntryBundle", this::bundle)
        .bind("getLogEntry", this::entry);
  }

  void checkpoint(Call call) {
    replies.cached(call.ctx(), "text/plain; charset=utf-8", "no-cache, max-age=0",
        () -> serving().checkpoint().getBytes(StandardCharsets.UTF_8));
  }

  void tile(Call call) {
    Tile tile = parse("tile/" + call.param("tile"));
    replies.cached(call.ctx(), OCTETS, tile.full() ? IMMUTABLE : SHORT, () -> found(() -> serving().tile(tile)));
  }

  void bundle(Call call) {
    Tile tile = parse("tile/entries/" + call.param("bundle"));
    replies.cached(call.ctx(), OCTETS, tile.full() ? IMMUTABLE : SHORT, () -> found(() -> {
      try {
        return EntryBundle.encode(serving().entries(tile));
      } catch (EntryBundle.EntryTooLongException e) {
        long index = tile.index() * Tile.WIDTH + e.position();
        throw new Problem(501, "entry-too-long-for-bundle", "Entry too long for an entry bundle", "entry " + index + " is "
            + e.length() + " bytes; a C2SP tlog-tiles entry bundle carries entries of at most " + EntryBundle.MAX_ENTRY
            + " bytes and the spec has no rule for longer ones, so this bundle is not served: read its entries one by one at"
            + " /api/v1/log/entries/{index} and check them against the level-0 tile", null);
      }
    }));
  }

  void entry(Call call) {
    String index = call.param("index");
    long i;
    try {
      i = Long.parseLong(index);
    } catch (NumberFormatException e) {
      throw Problem.invalid("index", "an entry index is a whole number from 0, not " + index);
    }
    replies.cached(call.ctx(), OCTETS, IMMUTABLE, () -> found(() -> serving().entry(i)));
  }

  private static Tile parse(String path) {
    try {
      return Tile.parse(path);
    } catch (IllegalArgumentException e) {
      throw Problem.invalid(null, e.getMessage());
    }
  }

  /** {@code read}, what the log does not hold yet answered 404. */
  private static byte[] found(Replies.BytesWork read) throws Exception {
    try {
      return read.run();
    } catch (NoSuchElementException e) {
      throw Problem.notFound(e.getMessage());
    }
  }

  private TransparencyLog serving() {
    return LogHandlers.serving(log);
  }
}

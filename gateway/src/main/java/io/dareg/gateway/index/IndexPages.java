package io.dareg.gateway.index;

import io.dareg.core.api.TradeQuery;
import io.dareg.core.model.InvalidInputException;
import io.dareg.gateway.ledger.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Pages of the query index: answers a {@link TradeQuery} from what the {@link IndexFollower} has
 * taken in (waiting a moment for blocks committed just before the request), examining at most a
 * bounded number of entries, with opaque bookmarks bound to the query's filters.
 */
final class IndexPages {
  private static final Duration FRESHNESS_WAIT = Duration.ofSeconds(1);
  private static final Pattern SORT_KEY = Pattern.compile("[0-9a-f]{" + IndexStore.TIME_KEY_LENGTH + "}[A-Za-z0-9][A-Za-z0-9._:@=,/ -]{0,254}");

  private final IndexFollower follower;
  private final int scanLimit;

  IndexPages(IndexFollower follower, int scanLimit) {
    this.follower = follower;
    this.scanLimit = scanLimit;
  }

  /** One page of trades ({@code trades}) or deliveries the query selects. */
  QueryIndex.Page page(TradeQuery q, boolean trades) {
    String kind = trades ? "trades" : "deliveries";
    String failure = follower.failure();
    if (failure != null) {
      throw new UnavailableException("the query index cannot be kept: " + failure, null);
    }
    long h = follower.ledgerHeight();
    if (!follower.catchingUp()) {
      // What was committed before the request is answered (blocks arrive a moment after commit).
      follower.awaitBlock(h - 1, FRESHNESS_WAIT);
    }
    String after = decode(kind, q);
    IndexStore s = follower.store();
    if (s == null) {
      throw new UnavailableException("the query index is being opened; try again in a few seconds", null);
    }
    IndexStore.Filter f = new IndexStore.Filter(q.exchange(), q.party(), q.regNo(), q.status(), q.from(), q.to());
    long through = follower.lastBlock();
    boolean behind = follower.behind(h);
    IndexStore.Slice slice;
    try {
      slice = trades ? s.trades(f, q.pageSize(), after, scanLimit) : s.deliveries(f, q.pageSize(), after, scanLimit);
    } catch (IndexDamagedException e) {
      follower.damaged(s, e.getMessage());
      throw new UnavailableException("the query index was found damaged and is being rebuilt from the ledger; try again in a few seconds", null);
    } catch (IllegalStateException e) {
      if (s != follower.store() || follower.closed()) {
        throw new UnavailableException("the query index is being rebuilt from the ledger; try again in a few seconds", null);
      }
      throw e;
    }
    return new QueryIndex.Page(slice.items(), slice.after() == null ? "" : encode(kind, q, slice.after()), through, behind);
  }

  /** Bookmarks are opaque: base64url of the query's fingerprint and the last position examined. */
  private static String encode(String kind, TradeQuery q, String sortKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((fingerprint(kind, q) + ":" + sortKey).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String kind, TradeQuery q) {
    if (q.bookmark() == null) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(q.bookmark()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      text = "";
    }
    int colon = text.indexOf(':');
    if (colon < 0 || !text.substring(0, colon).equals(fingerprint(kind, q)) || !SORT_KEY.matcher(text.substring(colon + 1)).matches()) {
      throw new InvalidInputException("bookmark", "is not a bookmark of this query: send it with the same filters as the page that"
          + " returned it, or leave it out for the first page");
    }
    return text.substring(colon + 1);
  }

  private static String fingerprint(String kind, TradeQuery q) {
    String filters = String.join("\n", kind, String.valueOf(q.exchange()), String.valueOf(q.party()), String.valueOf(q.regNo()),
        String.valueOf(q.status()), String.valueOf(q.from()), String.valueOf(q.to()));
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(filters.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

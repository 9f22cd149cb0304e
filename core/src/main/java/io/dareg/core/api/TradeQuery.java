package io.dareg.core.api;

import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Asks for one page of trades, or of deliveries, from the gateway's query index: every filter
 * given must hold; pages run in time order, then by number.
 *
 * <pre>{@code
 * TradePage page = client.trades(TradeQuery.all().withRegNo(regNo).withStatus("SETTLED"));
 * while (!page.bookmark().isEmpty()) {
 *   page = client.trades(query.after(page.bookmark()));
 * }
 * }</pre>
 *
 * @param exchange the exchange's organisation (MSP id) that recorded the trade, or null
 * @param party an account that is the seller or the buyer, or null
 * @param regNo the asset traded, or null
 * @param status a {@link io.dareg.core.model.TradeStatus} for trades, a {@link
 *     io.dareg.core.model.DeliveryStatus} for deliveries, or null
 * @param from the earliest time (trade time, or delivery time) included, or null
 * @param to the first time no longer included, or null
 * @param pageSize 1 to {@value #MAX_PAGE} items; 0 means the default of {@value #DEFAULT_PAGE}
 * @param bookmark where the previous page of the same query ended, or null for the first page
 */
public record TradeQuery(
    String exchange, String party, String regNo, String status, Instant from, Instant to, int pageSize, String bookmark) {
  /** The largest page. */
  public static final int MAX_PAGE = 500;
  /** The page size when none is given. */
  public static final int DEFAULT_PAGE = 50;

  /** Validates every field. */
  public TradeQuery {
    exchange = Require.optionalIdentifier("exchange", exchange);
    party = Require.optionalIdentifier("party", party);
    regNo = Require.optionalIdentifier("regNo", regNo);
    status = Require.optionalIdentifier("status", status);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidInputException("to", "must be later than from (" + from + ")");
    }
    if (pageSize == 0) {
      pageSize = DEFAULT_PAGE;
    }
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      throw new InvalidInputException("pageSize", "must be between 1 and " + MAX_PAGE + " (default " + DEFAULT_PAGE + ")");
    }
    bookmark = bookmark == null || bookmark.isEmpty() ? null : Require.text("bookmark", bookmark, 1000);
  }

  /**
   * A time as queries take it: an instant ({@code 2026-03-02T08:00:00Z}), or a China date
   * ({@code 2026-03-02}) that counts from its first moment, or, when it {@code ends} a range,
   * through its last.
   *
   * @throws InvalidInputException naming {@code field} when the text is neither
   */
  public static Instant time(String field, String text, boolean ends) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // perhaps a date
    }
    try {
      LocalDate day = LocalDate.parse(text);
      return (ends ? day.plusDays(1) : day).atStartOfDay(ChinaTime.ZONE).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(field, "'" + text + "' is neither an instant like 2026-03-02T08:00:00Z nor a China date like 2026-03-02");
    }
  }

  /** Everything the caller may see, first page, default size. */
  public static TradeQuery all() {
    return new TradeQuery(null, null, null, null, null, null, 0, null);
  }

  /** This query, limited to trades recorded by {@code exchange}'s organisation. */
  public TradeQuery withExchange(String exchange) {
    return new TradeQuery(exchange, party, regNo, status, from, to, pageSize, null);
  }

  /** This query, limited to trades where {@code account} sells or buys. */
  public TradeQuery withParty(String account) {
    return new TradeQuery(exchange, account, regNo, status, from, to, pageSize, null);
  }

  /** This query, limited to one asset. */
  public TradeQuery withRegNo(String regNo) {
    return new TradeQuery(exchange, party, regNo, status, from, to, pageSize, null);
  }

  /** This query, limited to one status (the name of a TradeStatus or DeliveryStatus). */
  public TradeQuery withStatus(String status) {
    return new TradeQuery(exchange, party, regNo, status, from, to, pageSize, null);
  }

  /** This query, limited to {@code from} (included) up to {@code to} (excluded); either may be null. */
  public TradeQuery between(Instant from, Instant to) {
    return new TradeQuery(exchange, party, regNo, status, from, to, pageSize, null);
  }

  /** This query with pages of {@code size}. */
  public TradeQuery withPageSize(int size) {
    return new TradeQuery(exchange, party, regNo, status, from, to, size, bookmark);
  }

  /** The page of this query after the one that returned {@code bookmark}. */
  public TradeQuery after(String bookmark) {
    return new TradeQuery(exchange, party, regNo, status, from, to, pageSize, bookmark);
  }
}

package io.dareg.gateway.index;

import io.dareg.core.json.Json;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DeliveryStatus;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeStatus;
import io.dareg.gateway.ledger.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The query index on disk: one MVStore file holding, for trades and for deliveries, the ledger's
 * latest record of each, ordered entries by dimension (all, exchange, party, asset, status) and the
 * number of entries under each key, plus the checkpoint. Changes become durable only at {@link
 * #commit}, which writes the entries and the checkpoint as one version; a crash leaves the last
 * committed version. Every value carries a CRC-32C of its key and text, so a damaged file is
 * noticed when it is read ({@link IndexDamagedException}) instead of answering wrongly.
 *
 * <p>One thread writes ({@link #apply}, {@link #commit}); any number read ({@link #page}).
 */
final class IndexStore implements AutoCloseable {
  /** The layout written in the file; another one is rebuilt. */
  static final String FORMAT = "dareg-query-index-1";
  /** How many entries one page may examine, so that no query runs unbounded. */
  static final int SCAN_LIMIT = 50_000;
  private static final char SEP = '\u0000';
  private static final char FIELD = '\u001f';

  private final MVStore store;
  private final MVMap<String, String> meta;
  private final Table trades;
  private final Table deliveries;

  /** What the index has taken in: the first {@code events} events of {@code block}, the last being {@code txId}. */
  record Checkpoint(long block, int events, String txId) {}

  /** The filters of a query; null fields do not filter. */
  record Filter(String exchange, String party, String regNo, String status, Instant from, Instant to) {}

  /** Items as the ledger's canonical JSON, and where the next page starts (null at the end). */
  record Slice(List<String> items, String after) {}

  private IndexStore(MVStore store) {
    this.store = store;
    this.meta = store.openMap("meta", new MVMap.Builder<String, String>()
        .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
    this.trades = new Table("trade");
    this.deliveries = new Table("delivery");
  }

  /** Opens the file, creating it when missing; a file of another layout, or unreadable, is refused. */
  static IndexStore open(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().compress().cacheSize(64).open();
    try {
      IndexStore s = new IndexStore(store);
      String format = s.meta.get("format");
      if (format == null && s.meta.isEmpty() && s.trades.records.isEmpty()) {
        s.meta.put("format", FORMAT);
        store.commit();
      } else if (!FORMAT.equals(format)) {
        throw new IndexDamagedException("the file has layout '" + format + "', not " + FORMAT);
      }
      s.checkpoint();
      return s;
    } catch (RuntimeException e) {
      store.closeImmediately();
      throw e;
    }
  }

  /** The committed checkpoint, or null when nothing was indexed yet. */
  Checkpoint checkpoint() {
    String value = meta.get("checkpoint");
    if (value == null) {
      return null;
    }
    String[] f = open("checkpoint", value).split(String.valueOf(FIELD), -1);
    try {
      return new Checkpoint(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2]);
    } catch (RuntimeException e) {
      throw new IndexDamagedException("the checkpoint cannot be read");
    }
  }

  /** Takes in one event; events that do not concern trades or deliveries are ignored. */
  void apply(LedgerEvent e) {
    switch (e.name()) {
      case "recordTrade", "recordSettlement", "recordDispute" -> {
        Trade t = Json.read(e.payloadJson().getBytes(StandardCharsets.UTF_8), Trade.class);
        Summary s = new Summary(timeKey(t.tradedAt()), t.exchange(), t.seller(), t.buyer(), t.regNo(), TradeStatus.of(t).name());
        trades.upsert(t.tradeNo(), s, e.payloadJson());
      }
      case "recordDelivery", "answerDelivery", "completeDelivery", "recordDeletion" -> {
        Delivery d = Json.read(e.payloadJson().getBytes(StandardCharsets.UTF_8), Delivery.class);
        // A delivery is seen by whoever sees its trade, which the index took in before it.
        Summary trade = trades.summary(d.tradeNo());
        Summary s = trade == null
            ? new Summary(timeKey(d.deliveredAt()), "", "", "", "", DeliveryStatus.of(d).name())
            : new Summary(timeKey(d.deliveredAt()), trade.exchange, trade.seller, trade.buyer, trade.regNo, DeliveryStatus.of(d).name());
        deliveries.upsert(d.deliveryNo(), s, e.payloadJson());
      }
      default -> { }
    }
  }

  /** Makes every change so far durable together with {@code checkpoint}. */
  void commit(Checkpoint c) {
    meta.put("checkpoint", seal("checkpoint", c.block() + "" + FIELD + c.events() + FIELD + c.txId()));
    store.commit();
  }

  /** One page of trades, examining at most {@code scanLimit} entries. */
  Slice trades(Filter f, int pageSize, String after, int scanLimit) {
    return trades.page(f, pageSize, after, scanLimit);
  }

  /** One page of deliveries, examining at most {@code scanLimit} entries. */
  Slice deliveries(Filter f, int pageSize, String after, int scanLimit) {
    return deliveries.page(f, pageSize, after, scanLimit);
  }

  /** How many trades and deliveries the index holds. */
  long[] sizes() {
    return new long[] {trades.records.sizeAsLong(), deliveries.records.sizeAsLong()};
  }

  /** Closes, writing what was committed; uncommitted changes are dropped. */
  @Override
  public void close() {
    if (!store.isClosed()) {
      store.rollback();
      store.close();
    }
  }

  /** Closes without writing anything more (after damage). */
  void abandon() {
    if (!store.isClosed()) {
      store.closeImmediately();
    }
  }

  /** Sort key part for a time: fixed-width hex of seconds and nanoseconds, so text order is time order. */
  static String timeKey(Instant t) {
    String s = Long.toHexString(Math.max(0, t.getEpochSecond()));
    String n = Integer.toHexString(t.getNano());
    return "0".repeat(Math.max(0, 10 - s.length())) + s + "0".repeat(8 - n.length()) + n;
  }

  static final int TIME_KEY_LENGTH = 18;

  private static String seal(String key, String text) {
    CRC32C crc = new CRC32C();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    crc.update(0);
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    String hex = Long.toHexString(crc.getValue());
    return "0".repeat(8 - hex.length()) + hex + text;
  }

  private static String open(String key, String sealed) {
    if (sealed.length() < 8) {
      throw new IndexDamagedException("the entry " + printable(key) + " is cut short");
    }
    String text = sealed.substring(8);
    if (!seal(key, text).equals(sealed)) {
      throw new IndexDamagedException("the entry " + printable(key) + " fails its check");
    }
    return text;
  }

  private static String printable(String key) {
    return key.replace(SEP, '/');
  }

  /** What queries filter on, kept beside every entry so a scan needs no other read. */
  private record Summary(String time, String exchange, String seller, String buyer, String regNo, String status) {
    String line() {
      return String.join(String.valueOf(FIELD), time, exchange, seller, buyer, regNo, status);
    }

    static Summary parse(String line) {
      String[] f = line.split(String.valueOf(FIELD), -1);
      if (f.length != 6) {
        throw new IndexDamagedException("a summary has " + f.length + " fields");
      }
      return new Summary(f[0], f[1], f[2], f[3], f[4], f[5]);
    }

    boolean matches(Filter f) {
      return (f.exchange() == null || f.exchange().equals(exchange))
          && (f.party() == null || f.party().equals(seller) || f.party().equals(buyer))
          && (f.regNo() == null || f.regNo().equals(regNo))
          && (f.status() == null || f.status().equals(status));
    }

    /** The dimension keys (without the sort key) this record is entered under. */
    Set<String> dimensions() {
      Set<String> out = new LinkedHashSet<>();
      out.add("*" + SEP);
      add(out, 'x', exchange);
      add(out, 'p', seller);
      add(out, 'p', buyer);
      add(out, 'a', regNo);
      add(out, 's', status);
      return out;
    }

    private static void add(Set<String> out, char dim, String value) {
      if (!value.isEmpty()) {
        out.add(dim + "" + SEP + value);
      }
    }
  }

  /** The records of one kind, their entries by dimension, and the entry counts. */
  private final class Table {
    final MVMap<String, String> records;
    final MVMap<String, String> entries;
    final MVMap<String, Long> counts;

    Table(String name) {
      MVMap.Builder<String, String> text = new MVMap.Builder<String, String>()
          .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE);
      records = store.openMap(name, text);
      entries = store.openMap(name + ".by", text);
      counts = store.openMap(name + ".count", new MVMap.Builder<String, Long>()
          .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
    }

    Summary summary(String id) {
      String v = records.get(id);
      if (v == null) {
        return null;
      }
      String text = open(id, v);
      int nl = text.indexOf('\n');
      if (nl < 0) {
        throw new IndexDamagedException("the record " + id + " has no summary");
      }
      return Summary.parse(text.substring(0, nl));
    }

    String json(String id) {
      String v = records.get(id);
      if (v == null) {
        throw new IndexDamagedException("an entry names " + id + ", which the index does not hold");
      }
      String text = open(id, v);
      return text.substring(text.indexOf('\n') + 1);
    }

    void upsert(String id, Summary s, String json) {
      Summary old = summary(id);
      records.put(id, seal(id, s.line() + "\n" + json));
      Set<String> now = s.dimensions();
      if (old != null) {
        for (String dim : old.dimensions()) {
          if (!now.contains(dim) || !old.time.equals(s.time)) {
            if (entries.remove(dim + SEP + old.time + id) != null) {
              counts.merge(dim, -1L, Long::sum);
            }
          }
        }
      }
      String line = s.line();
      for (String dim : now) {
        String key = dim + SEP + s.time + id;
        if (entries.put(key, seal(key, line)) == null) {
          counts.merge(dim, 1L, Long::sum);
        }
      }
    }

    Slice page(Filter f, int pageSize, String after, int scanLimit) {
      // Scan the dimension with the fewest entries among the filters given; check the others.
      String dim = "*" + SEP;
      long best = Long.MAX_VALUE;
      for (String candidate : candidates(f)) {
        long n = counts.getOrDefault(candidate, 0L);
        if (n < best) {
          best = n;
          dim = candidate;
        }
      }
      String prefix = dim + SEP;
      String from = prefix + (f.from() == null ? "" : timeKey(f.from()));
      String start = after != null && (prefix + after).compareTo(from) > 0 ? prefix + after : from;
      String end = prefix + (f.to() == null ? "\uffff" : timeKey(f.to()));
      List<String> items = new ArrayList<>();
      String lastReturned = null;
      String lastExamined = null;
      int examined = 0;
      Cursor<String, String> cursor = entries.cursor(start);
      while (cursor.hasNext()) {
        String key = cursor.next();
        if (key.compareTo(end) >= 0) {
          return new Slice(items, null);
        }
        if (after != null && key.equals(prefix + after)) {
          continue;
        }
        if (++examined > scanLimit) {
          // Everything up to the last entry examined is settled: the next page starts after it.
          return new Slice(items, lastExamined);
        }
        Summary s = Summary.parse(open(key, cursor.getValue()));
        String sortKey = key.substring(prefix.length());
        if (s.matches(f)) {
          if (items.size() == pageSize) {
            return new Slice(items, lastReturned); // there is at least one more
          }
          items.add(json(sortKey.substring(TIME_KEY_LENGTH)));
          lastReturned = sortKey;
        }
        lastExamined = sortKey;
      }
      return new Slice(items, null);
    }

    private List<String> candidates(Filter f) {
      List<String> out = new ArrayList<>();
      if (f.exchange() != null) {
        out.add("x" + SEP + f.exchange());
      }
      if (f.party() != null) {
        out.add("p" + SEP + f.party());
      }
      if (f.regNo() != null) {
        out.add("a" + SEP + f.regNo());
      }
      if (f.status() != null) {
        out.add("s" + SEP + f.status());
      }
      return out;
    }
  }
}

package io.dareg.gateway.index;

import static io.dareg.gateway.index.IndexStore.FIELD;
import static io.dareg.gateway.index.IndexStore.SEP;
import static io.dareg.gateway.index.IndexStore.TIME_KEY_LENGTH;
import static io.dareg.gateway.index.IndexStore.append;
import static io.dareg.gateway.index.IndexStore.damaged;
import static io.dareg.gateway.index.IndexStore.open;
import static io.dareg.gateway.index.IndexStore.printable;
import static io.dareg.gateway.index.IndexStore.seal;
import static io.dareg.gateway.index.IndexStore.text;
import static io.dareg.gateway.index.IndexStore.timeKey;
import static io.dareg.gateway.index.IndexStore.utf8;

import io.dareg.gateway.index.IndexStore.Filter;
import io.dareg.gateway.index.IndexStore.Slice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * The records of one kind (trades or deliveries) in the {@link IndexStore}: each record with its
 * summary, its entries by dimension in time order, and the entry counts, by key prefix. Writes go
 * to the store's batch; pages read a snapshot of what was written.
 */
final class IndexTable {
  /** What queries filter on, kept beside every entry so a scan needs no other read. */
  record Summary(String time, String exchange, String seller, String buyer, String regNo, String status) {
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

  private final IndexStore store;
  private final String record;
  private final String entry;
  private final String count;

  IndexTable(IndexStore store, char kind) {
    this.store = store;
    this.record = "r" + kind;
    this.entry = "e" + kind;
    this.count = "c" + kind;
  }

  /** The record's summary as the batch would leave it, or null. */
  Summary summary(String id) {
    byte[] v = store.readStaged(utf8(record + id));
    return v == null ? null : summaryOf(id, v);
  }

  private Summary summaryOf(String id, byte[] v) {
    String text = open(id, text(v, 0));
    int nl = text.indexOf('\n');
    if (nl < 0) {
      throw new IndexDamagedException("the record " + id + " has no summary");
    }
    return Summary.parse(text.substring(0, nl));
  }

  private String json(String id, byte[] v) {
    if (v == null) {
      throw new IndexDamagedException("an entry names " + id + ", which the index does not hold");
    }
    String text = open(id, text(v, 0));
    return text.substring(text.indexOf('\n') + 1);
  }

  /** Entries under {@code dim}: as the batch would leave them ({@code reads} null), or as written. */
  long count(String dim, ReadOptions reads) {
    byte[] v;
    if (reads == null) {
      v = store.read(utf8(count + dim));
    } else {
      try {
        v = store.db().get(reads, utf8(count + dim));
      } catch (RocksDBException e) {
        throw damaged(e);
      }
    }
    if (v != null && v.length != 8) {
      throw new IndexDamagedException("the count of " + printable(dim) + " is cut short");
    }
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  private void addToCount(String dim, long delta) throws RocksDBException {
    byte[] key = utf8(count + dim);
    byte[] v = store.readStaged(key);
    long n = (v == null ? 0 : ByteBuffer.wrap(v).getLong()) + delta;
    store.batch().put(key, ByteBuffer.allocate(8).putLong(n).array());
  }

  void upsert(String id, Summary s, String json) {
    try {
      Summary old = summary(id);
      store.batch().put(utf8(record + id), utf8(seal(id, s.line() + "\n" + json)));
      Set<String> now = s.dimensions();
      if (old != null) {
        for (String dim : old.dimensions()) {
          if (!now.contains(dim) || !old.time().equals(s.time())) {
            store.batch().delete(utf8(entry + dim + SEP + old.time() + id));
            addToCount(dim, -1);
          }
        }
      }
      String line = s.line();
      for (String dim : now) {
        String key = dim + SEP + s.time() + id;
        store.batch().put(utf8(entry + key), utf8(seal(key, line)));
        if (old == null || !old.dimensions().contains(dim) || !old.time().equals(s.time())) {
          addToCount(dim, 1);
        }
      }
    } catch (RocksDBException e) {
      throw damaged(e);
    }
  }

  Slice page(Filter f, int pageSize, String after, int scanLimit) {
    store.lock.readLock().lock();
    try {
      RocksDB d = store.db();
      Snapshot snapshot = d.getSnapshot();
      try (ReadOptions reads = new ReadOptions().setSnapshot(snapshot)) {
        return page(d, reads, f, pageSize, after, scanLimit);
      } finally {
        d.releaseSnapshot(snapshot);
      }
    } finally {
      store.lock.readLock().unlock();
    }
  }

  private Slice page(RocksDB d, ReadOptions reads, Filter f, int pageSize, String after, int scanLimit) {
    // Scan the dimension with the fewest entries among the filters given; check the others.
    String dim = "*" + SEP;
    long best = Long.MAX_VALUE;
    for (String candidate : candidates(f)) {
      long n = count(candidate, reads);
      if (n < best) {
        best = n;
        dim = candidate;
      }
    }
    String prefix = entry + dim + SEP;
    byte[] from = utf8(prefix + (f.from() == null ? "" : timeKey(f.from())));
    byte[] bookmark = after == null ? null : utf8(prefix + after);
    byte[] start = bookmark != null && Arrays.compareUnsigned(bookmark, from) > 0 ? bookmark : from;
    byte[] end = f.to() == null ? append(utf8(prefix), (byte) 0xff) : utf8(prefix + timeKey(f.to()));
    int prefixBytes = utf8(prefix).length;
    List<String> items = new ArrayList<>();
    String lastReturned = null;
    String lastExamined = null;
    int examined = 0;
    try (RocksIterator it = d.newIterator(reads)) {
      for (it.seek(start); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (Arrays.compareUnsigned(key, end) >= 0) {
          return new Slice(items, null);
        }
        if (bookmark != null && Arrays.equals(key, bookmark)) {
          continue;
        }
        if (++examined > scanLimit) {
          // Everything up to the last entry examined is settled: the next page starts after it.
          return new Slice(items, lastExamined);
        }
        String k = text(key, 0).substring(entry.length());
        Summary s = Summary.parse(open(k, text(it.value(), 0)));
        String sortKey = text(key, prefixBytes);
        if (s.matches(f)) {
          if (items.size() == pageSize) {
            return new Slice(items, lastReturned); // there is at least one more
          }
          String id = sortKey.substring(TIME_KEY_LENGTH);
          items.add(json(id, d.get(reads, utf8(record + id))));
          lastReturned = sortKey;
        }
        lastExamined = sortKey;
      }
      it.status();
    } catch (RocksDBException e) {
      throw damaged(e);
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

package io.dareg.gateway.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counts and latencies in the Prometheus text format, for {@code /metrics}. */
final class Metrics {
  private static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
  private final LongAdder count = new LongAdder();
  private final LongAdder sumMicros = new LongAdder();
  private final LongAdder commits = new LongAdder();

  Metrics() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void request(String operation, int status, long nanos) {
    requests.computeIfAbsent(operation + "\u0000" + status, k -> new LongAdder()).increment();
    double seconds = nanos / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        buckets[i].increment();
      }
    }
    count.increment();
    sumMicros.add(nanos / 1000);
  }

  void commit() {
    commits.increment();
  }

  /** The HELP and TYPE lines of a metric. */
  private static void describe(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** A metric of one unlabelled value, with its HELP and TYPE lines. */
  private static void single(StringBuilder b, String name, String type, String help, long value) {
    describe(b, name, type, help);
    b.append(name).append(' ').append(value).append('\n');
  }

  String render(io.dareg.gateway.index.QueryIndex.Status index) {
    StringBuilder b = new StringBuilder();
    describe(b, "dareg_http_requests_total", "counter", "HTTP requests by operation and status.");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
      String[] k = e.getKey().split("\u0000");
      b.append("dareg_http_requests_total{operation=\"").append(k[0]).append("\",status=\"").append(k[1]).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
    describe(b, "dareg_http_request_duration_seconds", "histogram", "HTTP request latency.");
    for (int i = 0; i < BUCKETS.length; i++) {
      b.append("dareg_http_request_duration_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(buckets[i].sum()).append('\n');
    }
    b.append("dareg_http_request_duration_seconds_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
    b.append("dareg_http_request_duration_seconds_sum ").append(sumMicros.sum() / 1e6).append('\n');
    b.append("dareg_http_request_duration_seconds_count ").append(count.sum()).append('\n');
    single(b, "dareg_ledger_commits_total", "counter", "Transactions committed through this gateway.", commits.sum());
    single(b, "dareg_index_block", "gauge", "The last ledger block the query index has taken in (-1: none).", index.indexedThrough());
    single(b, "dareg_index_lag_blocks", "gauge", "Blocks on the ledger the query index has not taken in yet.", index.lagBlocks());
    single(b, "dareg_index_pending_events", "gauge", "Events received by the query index and not yet taken in.", index.pendingEvents());
    describe(b, "dareg_index_records", "gauge", "Trades and deliveries held by the query index.");
    b.append("dareg_index_records{kind=\"trade\"} ").append(index.trades()).append('\n');
    b.append("dareg_index_records{kind=\"delivery\"} ").append(index.deliveries()).append('\n');
    single(b, "dareg_index_rebuilds_total", "counter", "Times the query index was set aside and rebuilt from block 0.", index.rebuilds());
    single(b, "dareg_index_up", "gauge", "1 while the query index serves (it may be catching up), 0 when it has failed.",
        "FAILED".equals(index.state()) ? 0 : 1);
    return b.toString();
  }
}

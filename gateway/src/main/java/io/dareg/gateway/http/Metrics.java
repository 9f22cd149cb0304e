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

  String render() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP dareg_http_requests_total HTTP requests by operation and status.\n");
    b.append("# TYPE dareg_http_requests_total counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
      String[] k = e.getKey().split("\u0000");
      b.append("dareg_http_requests_total{operation=\"").append(k[0]).append("\",status=\"").append(k[1]).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
    b.append("# HELP dareg_http_request_duration_seconds HTTP request latency.\n");
    b.append("# TYPE dareg_http_request_duration_seconds histogram\n");
    for (int i = 0; i < BUCKETS.length; i++) {
      b.append("dareg_http_request_duration_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(buckets[i].sum()).append('\n');
    }
    b.append("dareg_http_request_duration_seconds_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
    b.append("dareg_http_request_duration_seconds_sum ").append(sumMicros.sum() / 1e6).append('\n');
    b.append("dareg_http_request_duration_seconds_count ").append(count.sum()).append('\n');
    b.append("# HELP dareg_ledger_commits_total Transactions committed through this gateway.\n");
    b.append("# TYPE dareg_ledger_commits_total counter\n");
    b.append("dareg_ledger_commits_total ").append(commits.sum()).append('\n');
    return b.toString();
  }
}

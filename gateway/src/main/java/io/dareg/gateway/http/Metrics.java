package io.dareg.gateway.http;

import io.dareg.gateway.index.QueryIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's meters for {@code /metrics}, in the Prometheus text format: Micrometer's Prometheus
 * registry, holding Vert.x's own meters (HTTP server, pools, event loops, JVM) when the gateway's
 * Vert.x is built with {@link #vertxOptions()}, and dareg's: requests by operation and status,
 * their latency, commits, and where the query index stands.
 */
public final class Metrics {
  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final PrometheusMeterRegistry registry;
  /** Request counters by operation and status, looked up once each. */
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Timer latency;
  private final Counter commits;
  /** The query index as last asked at a scrape; the index's gauges read it. */
  private volatile QueryIndex.Status index;

  /** Meters in the registry Vert.x's metrics write to, or in a registry of their own when Vert.x has none. */
  Metrics() {
    this(BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry vertx ? vertx : withJvm());
  }

  private Metrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.latency = Timer.builder("dareg.http.request.duration").description("HTTP request latency.")
        .serviceLevelObjectives(BUCKETS).register(registry);
    this.commits = Counter.builder("dareg.ledger.commits").description("Transactions committed through this gateway.")
        .register(registry);
    gauge("dareg.index.block", "The last ledger block the query index has taken in (-1: none).", QueryIndex.Status::indexedThrough);
    gauge("dareg.index.lag.blocks", "Blocks on the ledger the query index has not taken in yet.", QueryIndex.Status::lagBlocks);
    gauge("dareg.index.pending.events", "Events received by the query index and not yet taken in.", QueryIndex.Status::pendingEvents);
    Gauge.builder("dareg.index.records", this, m -> m.index == null ? 0 : m.index.trades())
        .description("Trades and deliveries held by the query index.").tag("kind", "trade").register(registry);
    Gauge.builder("dareg.index.records", this, m -> m.index == null ? 0 : m.index.deliveries())
        .description("Trades and deliveries held by the query index.").tag("kind", "delivery").register(registry);
    FunctionCounter.builder("dareg.index.rebuilds", this, m -> m.index == null ? 0 : m.index.rebuilds())
        .description("Times the query index was set aside and rebuilt from block 0.").register(registry);
    gauge("dareg.index.up", "1 while the query index serves (it may be catching up), 0 when it has failed.",
        s -> "FAILED".equals(s.state()) ? 0 : 1);
  }

  /**
   * The metrics options of the gateway's Vert.x: its HTTP server, worker pools and event loops
   * (Netty's executors), and the JVM, in the Prometheus registry that {@code /metrics} scrapes.
   */
  public static MicrometerMetricsOptions vertxOptions() {
    quietNettyWorkersGauge();
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true).setNettyMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /** Micrometer's registry logger, held so that its filter stays (the JDK keeps loggers weakly). */
  private static final java.util.logging.Logger METER_REGISTRY_LOG = java.util.logging.Logger.getLogger(
      "io.micrometer.core.instrument.MeterRegistry");

  /**
   * Vert.x's two Netty event loop groups each register the untagged gauge {@code netty.eventexecutor.workers}; the
   * second registration is ignored, and Micrometer warned about it at every start. That one warning is dropped.
   */
  private static void quietNettyWorkersGauge() {
    METER_REGISTRY_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().contains("netty.eventexecutor.workers"));
  }

  /** A registry of its own, with the JVM's meters Vert.x would otherwise bind. */
  private static PrometheusMeterRegistry withJvm() {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(r);
    new JvmMemoryMetrics().bindTo(r);
    new JvmGcMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    return r;
  }

  private void gauge(String name, String help, ToDoubleFunction<QueryIndex.Status> value) {
    Gauge.builder(name, this, m -> m.index == null ? Double.NaN : value.applyAsDouble(m.index)).description(help).register(registry);
  }

  void request(String operation, int status, long nanos) {
    requests.computeIfAbsent(operation + "\u0000" + status, k -> Counter.builder("dareg.http.requests")
        .description("HTTP requests by operation and status.").tag("operation", operation).tag("status", String.valueOf(status))
        .register(registry)).increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  void commit() {
    commits.increment();
  }

  /** Every meter in the Prometheus text format, the query index's as of {@code index}. */
  String render(QueryIndex.Status index) {
    this.index = index;
    return registry.scrape();
  }
}

package io.dareg.gateway.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's listeners: one HTTP server per core, each on an event loop of its own, all on one
 * port, serving one router; over HTTPS (with mutual TLS when client roots are given) the TLS files
 * are read again when they change, and new connections get the new certificate.
 */
final class Listeners {
  private static final Logger LOG = Logger.getLogger(Listeners.class.getName());

  /** How many listeners serve one gateway's port: one per core, at most 8. */
  static final int LISTENERS = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));

  private final Vertx vertx;
  private final Router router;
  private final Limits limits;
  /** One server per event loop it listens on; Vert.x hands each new connection to one of them. */
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private Tls tls;
  private volatile String tlsStamp;

  Listeners(Vertx vertx, Router router, Limits limits) {
    this.vertx = vertx;
    this.router = router;
    this.limits = limits;
  }

  /**
   * Starts listening over HTTPS, with mutual TLS when {@code tls} names client roots (plain HTTP
   * when {@code tls} is null); completes with the bound port.
   */
  Future<Integer> listen(String host, int port, Tls tls) {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true)
        .setIdleTimeout((int) limits.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024);
    if (tls != null) {
      try {
        var ssl = tls.options();
        options.setSsl(true).setKeyCertOptions(ssl.getKeyCertOptions()).setTrustOptions(ssl.getTrustOptions())
            .setClientAuth(ssl.getClientAuth()).setSslEngineOptions(Tls.engine());
        this.tlsStamp = tls.stamp();
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
      this.tls = tls;
    }
    // One server per core, each on an event loop of its own, all on one port, so that HTTP parsing
    // and token checks use every core. Vert.x shares a port among servers that ask for the same
    // one; asked for any free port (0), each server would bind a port of its own, so a free port
    // is found first (and found again should another process take it in between).
    return deploy(options, options.getPort() == 0 ? 3 : 0);
  }

  /** The port each listener serves on: one port, or none before {@link #listen}. */
  List<Integer> ports() {
    return servers.stream().map(HttpServer::actualPort).toList();
  }

  /**
   * Deploys the {@link #LISTENERS} on one port: the port of {@code options}, or, with {@code
   * freePortAttempts} above 0, a free port found now, found again on a bind failure until the
   * attempts are spent.
   */
  private Future<Integer> deploy(HttpServerOptions options, int freePortAttempts) {
    HttpServerOptions chosen = options;
    if (freePortAttempts > 0) {
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(options.getHost()))) {
        chosen = new HttpServerOptions(options).setPort(probe.getLocalPort());
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    }
    HttpServerOptions listening = chosen;
    return vertx.deployVerticle(() -> new Listener(listening), new DeploymentOptions().setInstances(LISTENERS))
        .map(id -> servers.get(0).actualPort())
        .recover(e -> freePortAttempts > 1 && e instanceof BindException
            ? deploy(options, freePortAttempts - 1) : Future.failedFuture(e));
  }

  /** Serves the router on the event loop it is deployed to. */
  private final class Listener extends VerticleBase {
    private final HttpServerOptions options;

    Listener(HttpServerOptions options) {
      this.options = options;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(options).invalidRequestHandler(Failures::invalidRequest).requestHandler(router).listen()
          .onSuccess(servers::add);
    }
  }

  /**
   * Reads the TLS files again when they changed since they were last read, and serves the new
   * certificate (and client roots) to new connections; completes true when it took new settings.
   */
  Future<Boolean> reloadTls() {
    if (tls == null || servers.isEmpty()) {
      return Future.succeededFuture(false);
    }
    try {
      String stamp = tls.stamp();
      if (stamp.equals(tlsStamp)) {
        return Future.succeededFuture(false);
      }
      var ssl = tls.options();
      List<Future<Boolean>> updates = new ArrayList<>();
      for (HttpServer server : servers) {
        updates.add(server.updateSSLOptions(ssl, true));
      }
      return Future.all(updates).map(all -> updates.stream().allMatch(Future::result)).onSuccess(taken -> {
        if (taken) {
          tlsStamp = stamp;
          LOG.info("TLS: serving the certificate now in " + tls.certificate());
        }
      });
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "TLS: the changed files cannot be read; still serving the previous certificate", e);
      return Future.succeededFuture(false);
    }
  }

  /** Stops listening. */
  Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    for (HttpServer server : servers) {
      closed.add(server.close());
    }
    return Future.join(closed).mapEmpty();
  }
}

package io.dareg.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The HTTP limit for the gateway: a Vert.x web router with one route that answers {@code {}} and
 * nothing else, same Vert.x as the gateway and default options, on loopback. Drive it with
 * {@code HttpLoad --op empty}. Usage: {@code EmptyRoute PORT} (0 picks one; the port is printed).
 */
public final class EmptyRoute {
  private EmptyRoute() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true));
    Router router = Router.router(vertx);
    router.get("/api/v1/empty").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end("{}"));
    HttpServer server = vertx.createHttpServer().requestHandler(router);
    int bound = server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    System.out.println("empty route listening on http://127.0.0.1:" + bound);
  }
}

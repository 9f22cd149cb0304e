package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.api.Operations;
import io.dareg.gateway.supervision.SupervisionFeed;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A reader that stops reading does not make the gateway read the log into memory: the stream reads on only while the
 * connection takes what was written, and goes on from where it paused when the reader does.
 */
class SupervisionBackpressureTest {
  private static final int ACTS = 4000;
  private static final int ACT_BYTES = 32 * 1024;

  /** A log of large acts, made on demand; counts the entries read by anyone but the feed's follower. */
  private static final class BigLog implements SupervisionFeed.Entries {
    final AtomicLong streamReads = new AtomicLong();

    @Override
    public long size() {
      return ACTS;
    }

    @Override
    public byte[] entry(long index) {
      if (!Thread.currentThread().getName().equals("dareg-supervision")) {
        streamReads.incrementAndGet();
      }
      String filler = "x".repeat(ACT_BYTES);
      return ("{\"args\":\"{\\\"note\\\":\\\"" + filler + "\\\"}\",\"name\":\"depositEvidence\",\"time\":\"2026-12-06T01:00:00Z\","
          + "\"txId\":\"" + String.format("%064x", index) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  }

  @Test
  void a_reader_that_stops_reading_pauses_the_stream_and_resumes_it_when_it_reads_again() throws Exception {
    Vertx vertx = Vertx.vertx();
    BigLog log = new BigLog();
    try (SupervisionFeed feed = SupervisionFeed.start(log)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (feed.derived() < ACTS && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(feed.derived()).isEqualTo(ACTS);
      SupervisionHandlers handlers = new SupervisionHandlers(vertx, feed);
      var op = Operations.byId("readSupervisionFeed");
      Router router = Router.router(vertx);
      router.get("/feed").handler(ctx -> handlers.read(new Call(op, ctx, null)));
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().join();
      try (Socket socket = new Socket()) {
        socket.setReceiveBufferSize(8 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", server.actualPort()));
        socket.getOutputStream().write("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        in.readNBytes(4096); // the headers and the first act, then nothing
        // the stream fills what the connection takes, then reads no more (on a busy machine that takes a while)
        long whileStalled = -1;
        long stallDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (whileStalled != log.streamReads.get() && System.nanoTime() < stallDeadline) {
          whileStalled = log.streamReads.get();
          Thread.sleep(1500);
        }
        assertThat(log.streamReads.get()).as("no more read while the reader reads nothing").isEqualTo(whileStalled);
        // what was read sits in the operating system's socket buffers (tens of MiB on loopback) and in the connection's
        // write queue (256 KiB) and one batch; the log's 125 MiB are not read into the gateway
        assertThat(whileStalled).as("acts of 32 KiB read while the reader took 4 KiB").isLessThan(ACTS / 2);

        // the reader reads again: the stream goes on to the last act
        String last = "id: " + (ACTS - 1) + "\n";
        byte[] tail = new byte[last.length()];
        int kept = 0;
        byte[] buf = new byte[64 * 1024];
        boolean seen = false;
        socket.setSoTimeout(30_000);
        while (!seen) {
          int n = in.read(buf);
          assertThat(n).as("the stream ended early").isPositive();
          String text = new String(tail, 0, kept, StandardCharsets.US_ASCII) + new String(buf, 0, n, StandardCharsets.US_ASCII);
          seen = text.contains(last);
          byte[] t = text.substring(Math.max(0, text.length() - last.length())).getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(t, 0, tail, 0, t.length);
          kept = t.length;
        }
        assertThat(log.streamReads.get()).isEqualTo(ACTS);
      }
      server.close().toCompletionStage().toCompletableFuture().join();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}

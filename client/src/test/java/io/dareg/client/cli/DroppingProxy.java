package io.dareg.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP relay to a gateway that a test can cut: every open connection dropped at once, as a network failure would. */
final class DroppingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  DroppingProxy(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "dropping-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  /** Where clients connect: {@code http://127.0.0.1:PORT}. */
  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Drops every open connection. */
  void dropAll() {
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    open.clear();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(upstream);
        relay(client, upstream);
        relay(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void relay(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException dropped) {
        // one side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // closed
        }
      }
    }, "dropping-proxy-relay");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropAll();
  }
}

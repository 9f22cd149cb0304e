package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.gateway.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's audit log: one line per API request (who, role, organisation, what, when, outcome,
 * transaction id), appended to {@code <data>/audit/audit.log} and hash-chained: every line is the
 * canonical JSON of its entry with its sequence number and the SHA-256 of the line before, so a
 * line edited or removed anywhere but at the very end breaks the chain at the line that follows.
 * Lines are written and forced to disk by one thread in batches, after the answer has gone out, at
 * most one force every {@value #FORCE_EVERY_MILLIS} ms; a crash can lose the lines of the last few
 * milliseconds, and a line cut short is removed on the next start.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
  private static final String GENESIS = "0".repeat(64);
  private static final ObjectNode STOP = Json.mapper().createObjectNode();
  /**
   * The shortest time between two forces: under load the writer would otherwise force a few lines
   * at a time, and the forces' system time was most of its CPU (a registration's two requests cost
   * it 33 us, 24 of them in the kernel, at 3,400 registrations/s).
   */
  static final long FORCE_EVERY_MILLIS = 5;
  private static final long FORCE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(FORCE_EVERY_MILLIS);

  private final Path file;
  private final FileChannel channel;
  private final BlockingQueue<ObjectNode> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Object written = new Object();
  private long nextSeq;
  private String lastHash;
  private volatile long writtenSeq;
  /** Entries recorded so far, counting those on disk at start: what flush waits for. */
  private final AtomicLong recorded = new AtomicLong();

  /**
   * What a check of the chain found.
   *
   * @param valid true when every line links to the one before
   * @param lines how many whole lines the file holds
   * @param headHash SHA-256 of the last line (64 zeros for an empty log)
   * @param problem the first line that breaks the chain and why, or null
   */
  public record Check(boolean valid, long lines, String headHash, String problem) {}

  private AuditLog(Path file) throws IOException {
    this.file = file;
    OwnerOnlyFiles.directory(file.getParent());
    boolean fresh = !Files.exists(file);
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    if (fresh) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    byte[] all = Files.readAllBytes(file);
    int end = all.length;
    while (end > 0 && all[end - 1] != '\n') {
      end--;
    }
    if (end < all.length) {
      LOG.warning("audit log: a last line cut short (" + (all.length - end) + " bytes) was removed");
      channel.truncate(end);
      channel.force(true);
    }
    Check check = check(new String(all, 0, end, StandardCharsets.UTF_8));
    if (!check.valid()) {
      // Keep the evidence and go on appending: every check will name the break.
      LOG.severe("audit log " + file + " is broken: " + check.problem());
    }
    this.nextSeq = check.lines();
    this.writtenSeq = check.lines();
    this.recorded.set(check.lines());
    this.lastHash = check.headHash();
    this.writer = new Thread(this::writeLoop, "dareg-audit-log");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Opens (or creates) the audit log at {@code file}, cutting a last line cut short. */
  public static AuditLog open(Path file) throws IOException {
    return new AuditLog(file);
  }

  /** Queues one entry; its sequence number and link are set when it is written. */
  void record(ObjectNode entry) {
    recorded.incrementAndGet();
    queue.add(entry);
  }

  /** Waits until every entry queued so far is on disk (tests, and before reading the log). */
  void flush() throws InterruptedException {
    long target = recorded.get();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (written) {
      while (writtenSeq < target && System.nanoTime() < until) {
        written.wait(100);
      }
    }
  }

  private void writeLoop() {
    List<ObjectNode> batch = new ArrayList<>();
    long lastForce = System.nanoTime() - FORCE_EVERY_NANOS;
    while (true) {
      try {
        batch.clear();
        batch.add(queue.take());
        long wait = lastForce + FORCE_EVERY_NANOS - System.nanoTime();
        if (wait > 0 && batch.get(0) != STOP) {
          TimeUnit.NANOSECONDS.sleep(wait); // let the lines of the next few milliseconds join this force
        }
        queue.drainTo(batch);
        boolean stop = batch.removeIf(e -> e == STOP);
        StringBuilder lines = new StringBuilder();
        for (ObjectNode e : batch) {
          e.put("seq", nextSeq).put("prev", lastHash);
          String line = CanonicalJson.toString(e);
          lastHash = Hashes.hex(HashAlgorithm.SHA256, line.getBytes(StandardCharsets.UTF_8));
          nextSeq++;
          lines.append(line).append('\n');
        }
        ByteBuffer b = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        long at = channel.size();
        while (b.hasRemaining()) {
          at += channel.write(b, at);
        }
        channel.force(false);
        lastForce = System.nanoTime();
        synchronized (written) {
          writtenSeq = nextSeq;
          written.notifyAll();
        }
        if (stop) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.SEVERE, "audit log: cannot write " + batch.size() + " entries to " + file, e);
      }
    }
  }

  /**
   * Entries with a sequence number above {@code after}, at most {@code limit}, with a check of
   * the whole chain.
   */
  JsonNode read(long after, int limit) throws IOException, InterruptedException {
    flush();
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode entries = out.putArray("entries");
    for (String line : text.split("\n")) {
      if (line.isEmpty() || entries.size() >= limit) {
        continue;
      }
      JsonNode e = Json.mapper().readTree(line);
      if (e.path("seq").asLong(-1) > after) {
        entries.add(e);
      }
    }
    out.set("chain", Json.mapper().valueToTree(check(text.substring(0, text.lastIndexOf('\n') + 1))));
    return out;
  }

  /** Checks the chain of the audit log at {@code file}. */
  public static Check check(Path file) throws IOException {
    return check(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  private static Check check(String text) {
    String prev = GENESIS;
    long n = 0;
    String problem = null;
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (problem == null) {
        JsonNode e;
        try {
          e = Json.mapper().readTree(line);
        } catch (IOException ex) {
          e = null;
        }
        if (e == null || !e.isObject()) {
          problem = "line " + (n + 1) + " is not a JSON entry";
        } else if (!line.equals(CanonicalJson.toString(e))) {
          problem = "line " + (n + 1) + " (seq " + e.path("seq").asText() + ") is not in canonical form: it was edited";
        } else if (!e.path("prev").asText().equals(prev)) {
          problem = "line " + (n + 1) + " (seq " + e.path("seq").asText() + ") does not link to the line before it:"
              + " a line was edited, removed or inserted before it";
        } else if (e.path("seq").asLong(-1) != n) {
          problem = "line " + (n + 1) + " holds seq " + e.path("seq").asText() + " where " + n + " belongs";
        }
      }
      prev = Hashes.hex(HashAlgorithm.SHA256, line.getBytes(StandardCharsets.UTF_8));
      n++;
    }
    return new Check(problem == null, n, prev, problem);
  }

  @Override
  public void close() {
    queue.add(STOP);
    try {
      writer.join(10_000);
      channel.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the audit log", e);
    }
  }
}

package io.dareg.bench;

import static io.dareg.bench.Percentiles.millis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The PostgreSQL baseline of issue 26: what a registry operator would otherwise build on, loaded
 * like {@code LedgerLoad --register} loads the embedded ledger. Each registration is one
 * transaction: the registration's JSON as a JSONB row under its registration number (the primary
 * key, so a unique constraint) and an audit row, committed with {@code synchronous_commit=on}; one
 * connection (pgJDBC) and one thread per client, as LedgerLoad has one thread per writer. The
 * transaction is one statement (the registration's insert in a {@code WITH}, the audit row in the
 * main statement) sent in autocommit: one round trip, the least PostgreSQL can be asked, where
 * {@code BEGIN}, two inserts and {@code COMMIT} would be three.
 *
 * <p>Connections: a pool of at most 64 pgJDBC connections (the issue's; {@code --connections N}),
 * as an application server in front of PostgreSQL would hold, one thread per client as LedgerLoad
 * has one thread per writer. Up to 64 clients each have a connection to themselves; at 256 clients
 * four share each, and a registration's latency includes its wait for a connection (first come,
 * first served), as a caller of such an application would see it.
 *
 * <p>Two variants, each at every level:
 * <ul>
 *   <li>{@code plain}: the audit row is a plain insert (a sequence number, the registration number,
 *       the action, the actor, the SHA-256 of the JSON), which proves nothing;
 *   <li>{@code chained}: the audit row also carries the previous row's hash and its own, SHA-256
 *       over the previous hash, its sequence number and its content: what tamper evidence costs in
 *       PostgreSQL. The chain is serialised by {@code SELECT ... FOR UPDATE} on a one-row chain
 *       head, in a PL/pgSQL function called by the registration's statement:
 *       the row lock is held until the commit is durable, so the next transaction reads the head
 *       this one wrote (READ COMMITTED rereads a locked row once it is released) and the chain
 *       cannot fork; one round trip under the lock is the least an application can do. An advisory
 *       lock would serialise the same way for the same time but guard nothing by itself (a writer
 *       that forgets it forks the chain), and the head would still have to be read. After each
 *       level the whole chain is checked in SQL (every link and every hash recomputed).
 * </ul>
 *
 * <p>The registration JSON is the bytes dareg stores: {@link LedgerLoad#registrationJson()} makes
 * one registration through the same deposit and application as {@code LedgerLoad --register}, and
 * every row here is that JSON with its registration number replaced by a unique one of the same
 * length (scattered over the key space, as dareg's numbers from transaction ids are), so every row
 * has the same size.
 *
 * <p>Reports registrations per second, the latency of a registration (p50, p99, p99.9), the CPU
 * time of the PostgreSQL processes per registration (the postmaster and its children, from /proc,
 * when {@code PGDATA} names the cluster's directory), the load generator's own, and how busy the
 * machine's cores were. Before each level the tables are emptied and a checkpoint is taken, so each
 * level starts as LedgerLoad's fresh ledgers do.
 *
 * <p>Usage: {@code PGHOST=127.0.0.1 PGPORT=5432 PGUSER=dareg PGDATABASE=postgres PGDATA=/path
 * java -cp ... io.dareg.bench.PgLoad [--variants plain,chained] [--warmup SECONDS]
 * [--connections N] [seconds-per-level] [levels...]}; {@code bench/pg.sh} starts a throw-away cluster and sets these.
 */
public final class PgLoad {
  /** The previous hash of the chain's first row. */
  private static final String GENESIS = "decode(repeat('00', 32), 'hex')";

  private static final String SCHEMA = """
      CREATE TABLE registration (reg_no text PRIMARY KEY, body jsonb NOT NULL);
      CREATE TABLE audit (id bigserial PRIMARY KEY, reg_no text NOT NULL, action text NOT NULL, actor text NOT NULL,
        body_hash bytea NOT NULL, at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE audit_chain (seq bigint PRIMARY KEY, reg_no text NOT NULL, action text NOT NULL, actor text NOT NULL,
        body_hash bytea NOT NULL, at timestamptz NOT NULL, prev_hash bytea NOT NULL, hash bytea NOT NULL);
      CREATE TABLE chain_head (id int PRIMARY KEY, seq bigint NOT NULL, hash bytea NOT NULL);
      INSERT INTO chain_head VALUES (1, 0, %1$s);
      CREATE FUNCTION append_audit(p_reg_no text, p_action text, p_actor text, p_body_hash bytea) RETURNS bigint AS $$
      DECLARE
        head chain_head%%ROWTYPE;
        n bigint;
        h bytea;
      BEGIN
        SELECT * INTO head FROM chain_head WHERE id = 1 FOR UPDATE;
        n := head.seq + 1;
        h := sha256(head.hash || int8send(n) || convert_to(p_reg_no || '|' || p_action || '|' || p_actor, 'UTF8') || p_body_hash);
        INSERT INTO audit_chain VALUES (n, p_reg_no, p_action, p_actor, p_body_hash, now(), head.hash, h);
        UPDATE chain_head SET seq = n, hash = h WHERE id = 1;
        RETURN n;
      END
      $$ LANGUAGE plpgsql;
      """.formatted(GENESIS);

  /** Rows of the chain whose link or hash is wrong: 0 when the chain is a chain. */
  private static final String BROKEN_LINKS = """
      SELECT count(*) FILTER (WHERE seq <> coalesce(prev_seq, 0) + 1
          OR prev_hash <> coalesce(expected_prev, %1$s)
          OR hash <> sha256(prev_hash || int8send(seq) || convert_to(reg_no || '|' || action || '|' || actor, 'UTF8') || body_hash))
      FROM (SELECT *, lag(seq) OVER w AS prev_seq, lag(hash) OVER w AS expected_prev FROM audit_chain WINDOW w AS (ORDER BY seq)) c
      """.formatted(GENESIS);

  /**
   * One registration, one statement (so one round trip and, in autocommit, one transaction): the
   * registration's row and the audit row, the latter a plain insert.
   */
  private static final String REGISTER = "WITH r AS (INSERT INTO registration (reg_no, body) VALUES (?, ?::jsonb))"
      + " INSERT INTO audit (reg_no, action, actor, body_hash) VALUES (?, 'submit', ?, ?) RETURNING id";

  /** The same with the audit row appended to the hash chain. */
  private static final String REGISTER_CHAINED = "WITH r AS (INSERT INTO registration (reg_no, body) VALUES (?, ?::jsonb))"
      + " SELECT append_audit(?, 'submit', ?, ?)";

  private static final AtomicLong NUMBERS = new AtomicLong();

  private PgLoad() {}

  public static void main(String[] args) throws Exception {
    List<String> variants = List.of("plain", "chained");
    int warmup = 0;
    int pool = 64;
    while (args.length > 0 && args[0].startsWith("--")) {
      if (args[0].equals("--variants") && args.length > 1) {
        variants = List.of(args[1].split(","));
        args = Arrays.copyOfRange(args, 2, args.length);
      } else if (args[0].equals("--warmup") && args.length > 1) {
        warmup = Integer.parseInt(args[1]);
        args = Arrays.copyOfRange(args, 2, args.length);
      } else if (args[0].equals("--connections") && args.length > 1) {
        pool = Integer.parseInt(args[1]);
        args = Arrays.copyOfRange(args, 2, args.length);
      } else {
        System.err.println("usage: PgLoad [--variants plain,chained] [--warmup SECONDS] [--connections N] [seconds-per-level] [levels...]");
        System.exit(2);
      }
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int[] levels = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {16, 64, 256};
    String url = "jdbc:postgresql://" + env("PGHOST", "127.0.0.1") + ":" + env("PGPORT", "5432") + "/" + env("PGDATABASE", "postgres");
    Properties props = new Properties();
    props.setProperty("user", env("PGUSER", System.getProperty("user.name")));
    Template template = new Template(LedgerLoad.registrationJson());
    long postmaster = postmasterPid();
    try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
      s.execute(SCHEMA);
      System.out.println("# " + settings(s));
    }
    System.out.printf("# registration JSON: %d bytes, the result of submit on LedgerLoad --register's path (what the ledger stores),"
        + " its number replaced per row; CPU of the postgres processes: %s%n", template.bytes(),
        postmaster > 0 ? "postmaster " + postmaster + " and its children, from /proc" : "not measured (PGDATA does not name the cluster)");
    System.out.printf("# connections: a pool of at most %d pgJDBC connections, one per client up to %1$d, shared first come first served"
        + " beyond (a registration's latency includes its wait for one)%n", pool);
    System.out.printf("%-8s %8s %6s %10s %10s %10s %10s %14s %16s %12s%n",
        "variant", "clients", "conns", "regs/s", "p50 ms", "p99 ms", "p99.9 ms", "pg cpu us/reg", "client cpu us/reg", "cores busy");
    for (String variant : variants) {
      boolean chained = switch (variant) {
        case "plain" -> false;
        case "chained" -> true;
        default -> throw new IllegalArgumentException("unknown variant " + variant + ": plain or chained");
      };
      if (warmup > 0) {
        int top = Arrays.stream(levels).max().orElse(16);
        Result w = run(url, props, template, chained, top, Math.min(top, pool), warmup, postmaster);
        System.out.printf("# warm-up (%s): %d s at %d clients, %.0f regs/s, not counted%n", variant, warmup, top, w.perSecond);
      }
      for (int clients : levels) {
        int connections = Math.min(clients, pool);
        Result r = run(url, props, template, chained, clients, connections, seconds, postmaster);
        String key = chained ? "pg_chained" : "pg";
        System.out.printf("%-8s %8d %6d %10.0f %10.2f %10.2f %10.2f %14.1f %16.1f %12.2f%n", variant, clients, connections,
            r.perSecond, r.p50, r.p99, r.p999, r.pgCpuMicros, r.clientCpuMicros, r.coresBusy);
        System.out.printf("RESULT %1$s.%2$d.regs_per_s %3$.1f%nRESULT %1$s.%2$d.p50_ms %4$.2f%nRESULT %1$s.%2$d.p99_ms %5$.2f%n"
            + "RESULT %1$s.%2$d.pg_cpu_us_per_reg %6$.1f%nRESULT %1$s.%2$d.client_cpu_us_per_reg %7$.1f%n",
            key, clients, r.perSecond, r.p50, r.p99, r.pgCpuMicros, r.clientCpuMicros);
      }
    }
  }

  private record Result(double perSecond, double p50, double p99, double p999, double pgCpuMicros, double clientCpuMicros,
      double coresBusy) {}

  /** A pooled connection with the registration's statement prepared on it. */
  private record Session(Connection connection, PreparedStatement registration) {}

  /**
   * One level on emptied tables: {@code clients} threads sharing {@code connections} connections;
   * checks afterwards that every acknowledged registration is there (and the chain).
   */
  private static Result run(String url, Properties props, Template template, boolean chained, int clients, int connections,
      int seconds, long postmaster) throws Exception {
    try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
      s.execute("TRUNCATE registration, audit, audit_chain; UPDATE chain_head SET seq = 0, hash = " + GENESIS + " WHERE id = 1");
      s.execute("CHECKPOINT");
    }
    List<Session> sessions = new ArrayList<>();
    // Fair: a client waiting for a connection gets the next one returned, first come first served.
    BlockingQueue<Session> pool = new ArrayBlockingQueue<>(connections, true);
    try {
      for (int i = 0; i < connections; i++) {
        // Autocommit: each registration is one statement, so one implicit transaction and one round trip.
        Connection c = DriverManager.getConnection(url, props);
        Session session = new Session(c, c.prepareStatement(chained ? REGISTER_CHAINED : REGISTER));
        sessions.add(session);
        pool.add(session);
      }
      long[][] latencies = new long[clients][];
      int[] counts = new int[clients];
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(clients);
      long ticks = postgresTicks(postmaster);
      long busy = busyTicks();
      long cpu = CpuTime.process();
      long started = System.nanoTime();
      long end = started + seconds * 1_000_000_000L;
      for (int i = 0; i < clients; i++) {
        final int id = i;
        latencies[id] = new long[4096];
        new Thread(() -> {
          String actor = "CN=holder" + id;
          try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            while (System.nanoTime() < end && failure.get() == null) {
              long t0 = System.nanoTime();
              String regNo = template.number(NUMBERS.incrementAndGet());
              String json = template.json(regNo);
              byte[] hash = sha256.digest(json.getBytes(StandardCharsets.UTF_8));
              Session session = pool.take();
              try {
                PreparedStatement registration = session.registration();
                registration.setString(1, regNo);
                registration.setString(2, json);
                registration.setString(3, regNo);
                registration.setString(4, actor);
                registration.setBytes(5, hash);
                try (ResultSet rs = registration.executeQuery()) {
                  if (!rs.next()) {
                    throw new IllegalStateException("no audit row for " + regNo);
                  }
                }
              } finally {
                pool.add(session);
              }
              if (counts[id] == latencies[id].length) {
                latencies[id] = Arrays.copyOf(latencies[id], counts[id] * 2);
              }
              latencies[id][counts[id]++] = System.nanoTime() - t0;
            }
          } catch (Exception e) {
            failure.compareAndSet(null, e);
          } finally {
            done.countDown();
          }
        }, "pg-client-" + id).start();
      }
      done.await();
      double elapsed = (System.nanoTime() - started) / 1e9;
      long clientCpu = CpuTime.process() - cpu;
      long pgTicks = postgresTicks(postmaster) - ticks;
      long busyNow = busyTicks() - busy;
      if (failure.get() != null) {
        throw new IllegalStateException("a registration failed: " + failure.get().getMessage(), failure.get());
      }
      long total = Arrays.stream(counts).sum();
      long[] all = new long[(int) total];
      int k = 0;
      for (int i = 0; i < clients; i++) {
        System.arraycopy(latencies[i], 0, all, k, counts[i]);
        k += counts[i];
      }
      Arrays.sort(all);
      check(sessions.get(0).connection(), chained, total);
      double tick = 1e6 / clockTicksPerSecond();
      return new Result(total / elapsed, millis(all, 0.50), millis(all, 0.99), millis(all, 0.999),
          postmaster > 0 ? pgTicks * tick / Math.max(1, total) : Double.NaN, clientCpu / 1e3 / Math.max(1, total),
          busyNow >= 0 ? busyNow / clockTicksPerSecond() / elapsed : Double.NaN);
    } finally {
      for (Session session : sessions) {
        session.connection().close();
      }
    }
  }

  /** Every acknowledged registration has its row and its audit row; with {@code chained}, every link of the chain holds. */
  private static void check(Connection c, boolean chained, long acknowledged) throws SQLException {
    String auditTable = chained ? "audit_chain" : "audit";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM registration), (SELECT count(*) FROM " + auditTable + ")")) {
      rs.next();
      if (rs.getLong(1) != acknowledged || rs.getLong(2) != acknowledged) {
        throw new IllegalStateException(acknowledged + " registrations acknowledged, but " + rs.getLong(1) + " registration rows and "
            + rs.getLong(2) + " audit rows");
      }
    }
    if (!chained) {
      return;
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(BROKEN_LINKS)) {
      rs.next();
      if (rs.getLong(1) != 0) {
        throw new IllegalStateException(rs.getLong(1) + " of " + acknowledged + " audit rows break the hash chain");
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT h.seq = " + acknowledged + " AND h.hash = a.hash FROM chain_head h JOIN audit_chain a ON a.seq = h.seq")) {
      if (!rs.next() || !rs.getBoolean(1)) {
        throw new IllegalStateException("the chain head is not the last of the " + acknowledged + " audit rows");
      }
    }
  }

  /** The server's version and the settings the comparison depends on, in one line. */
  private static String settings(Statement s) throws SQLException {
    StringBuilder b = new StringBuilder();
    try (ResultSet rs = s.executeQuery("SELECT version()")) {
      rs.next();
      b.append(rs.getString(1).replaceAll(" on .*", ""));
    }
    for (String name : List.of("synchronous_commit", "fsync", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections",
        "max_wal_size", "wal_level")) {
      try (ResultSet rs = s.executeQuery("SHOW " + name)) {
        rs.next();
        b.append(", ").append(name).append('=').append(rs.getString(1));
      }
    }
    return b.toString();
  }

  /** The sample registration's JSON, split around its registration number, to be filled with another of the same length. */
  private static final class Template {
    private final String[] parts;
    private final String prefix;
    private final int idLength;
    private final int bytes;

    Template(String json) throws IOException {
      String regNo = io.dareg.core.json.Json.mapper().readTree(json).path("regNo").asText();
      // DR-<day>-<twelve letters and digits of the transaction id>: the last part made unique per row.
      int dash = regNo.lastIndexOf('-');
      if (regNo.isEmpty() || dash < 0) {
        throw new IllegalStateException("no registration number in the sample registration: " + json);
      }
      this.parts = json.split(Pattern.quote(regNo), -1);
      this.prefix = regNo.substring(0, dash + 1);
      this.idLength = regNo.length() - dash - 1;
      this.bytes = json.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The {@code n}-th number: distinct for distinct n, scattered over the key space as transaction ids are. */
    String number(long n) {
      String id = Long.toHexString((n * 0x9E3779B97F4A7C15L) & 0xFFFF_FFFF_FFFFL).toUpperCase();
      StringBuilder b = new StringBuilder(prefix);
      for (int i = id.length(); i < idLength; i++) {
        b.append('0');
      }
      return b.append(id, Math.max(0, id.length() - idLength), id.length()).toString();
    }

    String json(String regNo) {
      return String.join(regNo, parts);
    }

    int bytes() {
      return bytes;
    }
  }

  private static String env(String name, String otherwise) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? otherwise : v;
  }

  /** The postmaster's process id, from {@code $PGDATA/postmaster.pid}; 0 when unknown. */
  private static long postmasterPid() {
    String data = System.getenv("PGDATA");
    if (data == null) {
      return 0;
    }
    try {
      return Long.parseLong(Files.readAllLines(Path.of(data, "postmaster.pid")).get(0).strip());
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * CPU time of the cluster so far, in clock ticks: the postmaster's own with that of its children
   * it has reaped (cutime, cstime), and that of its live children (backends, WAL writer,
   * checkpointer...).
   */
  private static long postgresTicks(long postmaster) throws IOException {
    if (postmaster <= 0) {
      return 0;
    }
    long sum = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))::iterator) {
        String[] f;
        try {
          String stat = Files.readString(p.resolve("stat"));
          f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException gone) {
          continue;
        }
        // f[0] is field 3 of proc(5): ppid is f[1], utime f[11], stime f[12], cutime f[13], cstime f[14].
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid == postmaster) {
          sum += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } else if (Long.parseLong(f[1]) == postmaster) {
          sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
    }
    return sum;
  }

  /** Busy clock ticks of all cores so far (everything but idle and iowait), from /proc/stat; -1 when unreadable. */
  private static long busyTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double clockTicks = 0;

  /** USER_HZ, the unit of /proc's CPU times: {@code getconf CLK_TCK}, 100 if that fails (it is 100 on Linux's usual builds). */
  private static synchronized double clockTicksPerSecond() {
    if (clockTicks == 0) {
      clockTicks = 100;
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() == 0) {
          clockTicks = Double.parseDouble(out);
        }
      } catch (IOException | InterruptedException | NumberFormatException e) {
        // keep 100
      }
    }
    return clockTicks;
  }

}

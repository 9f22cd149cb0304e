package io.dareg.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * CPU time (user + system) so far, in nanoseconds, of this process or another (Linux /proc, in steps of a 10 ms clock
 * tick), or of the threads whose name passes a test: what the benchmarks divide by the operations done, so a figure
 * holds whatever else the machine runs.
 */
final class CpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long NANOS_PER_TICK = 10_000_000L;

  private CpuTime() {}

  /** Every thread of this process. */
  static long process() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The live threads of this process whose name starts with {@code prefix} (the ledger's writer, syncer, log...). */
  static long threads(String prefix) {
    return threads(name -> name.startsWith(prefix));
  }

  /** The live threads of this process whose name passes {@code named}. */
  static long threads(Predicate<String> named) {
    long sum = 0;
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t != null && named.test(t.getThreadName())) {
        sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  /** Process {@code pid}, from /proc. */
  static long process(long pid) throws IOException {
    return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
  }

  /**
   * The threads of process {@code pid} whose name starts with {@code prefix} (Linux keeps 15 characters of a name), from
   * /proc; 0 when there are none.
   */
  static long threads(long pid, String prefix) throws IOException {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
            sum += ticks(Files.readString(task.resolve("stat")));
          }
        } catch (IOException ended) {
          // the thread ended between the listing and the read
        }
      }
    }
    return sum;
  }

  /** utime + stime of a /proc stat line; the fields after the command name, which is in parentheses and may hold spaces. */
  private static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
  }
}

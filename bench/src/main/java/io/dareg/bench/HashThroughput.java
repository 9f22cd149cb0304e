package io.dareg.bench;

import io.dareg.core.evidence.EvidenceTree;
import io.dareg.core.model.HashAlgorithm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Evidence hashing (plain hash and chunk Merkle root in one read) against {@code sha256sum} and
 * {@code openssl dgst -sm3} on the same data in the same run, in process and as the {@code dareg
 * hash} command (a new JVM each time, start included): one large file, then a tree of many files
 * of mixed sizes. Usage: {@code HashThroughput [GiB] [dareg-client-all.jar] [files]} (default 2 GiB,
 * client/target/dareg-client-0.1.0-SNAPSHOT-all.jar and 2,000 files); the data is written to a
 * temporary directory, read once to warm the page cache, and deleted at the end. Each comparison
 * alternates the two sides, three times, and keeps the best of each, so that both see the same
 * load on a shared machine.
 */
public final class HashThroughput {
  private HashThroughput() {}

  public static void main(String[] args) throws Exception {
    double gib = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    Path jar = Path.of(args.length > 1 ? args[1] : "client/target/dareg-client-0.1.0-SNAPSHOT-all.jar");
    int treeFiles = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    long size = (long) (gib * (1L << 30));
    Path file = Files.createTempFile("dareg-bench-hash", ".bin");
    Path tree = Files.createTempDirectory("dareg-bench-tree");
    // On exit, and also when the suite stops a run at its time limit (SIGTERM runs shutdown hooks, not finally):
    // otherwise 2 GB of test data stay behind in the temporary directory.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(file, tree)));
    String loadAtStart = load();
    System.out.printf("load average at start %s%n", loadAtStart);
    write(file, size);
    run("sha256sum", file); // warm the page cache
    // Each figure is printed as soon as it is measured, so that a run stopped by the suite's time
    // limit (a loaded machine) still reports what it got.
    double baseline = best(() -> run("sha256sum", file), size);
    System.out.printf("file %.2f GiB%nsha256sum               %8.1f MB/s%n", size / (double) (1L << 30), baseline);
    System.out.printf("RESULT hash.sha256sum_mb_s %.1f%n", baseline);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    boolean haveJar = Files.exists(jar);
    List<String> dareg = List.of(java, "-jar", jar.toString(), "hash", "--algorithm");
    double command = haveJar ? best(() -> run(concat(dareg, "SHA256", file.toString())), size) : Double.NaN;
    System.out.printf("`dareg hash` SHA-256    %8.1f MB/s  ratio %.2f  (the command, JVM start included)%n", command, command / baseline);
    System.out.printf("RESULT hash.command_sha256_mb_s %.1f%n", command);
    double[] sm3File = haveJar
        ? alternate(() -> run(List.of("openssl", "dgst", "-sm3", file.toString())), () -> run(concat(dareg, "SM3", file.toString())), size)
        : new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    System.out.printf("openssl dgst -sm3       %8.1f MB/s%n", sm3File[0]);
    System.out.printf("`dareg hash` SM3        %8.1f MB/s  ratio %.2f to openssl  (the command, JVM start included)%n",
        sm3File[1], sm3File[1] / sm3File[0]);
    System.out.printf("CPU seconds, least of three (user + system): file openssl %.2f, dareg SM3 %.2f (ratio %.2f)%n",
        sm3File[2], sm3File[3], sm3File[2] / sm3File[3]);
    System.out.printf("RESULT hash.openssl_sm3_mb_s %.1f%nRESULT hash.command_sm3_mb_s %.1f%n", sm3File[0], sm3File[1]);
    System.out.printf("RESULT hash.openssl_sm3_cpu_s %.2f%nRESULT hash.command_sm3_cpu_s %.2f%n", sm3File[2], sm3File[3]);
    long treeSize = writeTree(tree, treeFiles);
    List<String> treePaths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(tree)) {
      walk.filter(Files::isRegularFile).forEach(p -> treePaths.add(p.toString()));
    }
    System.out.printf("tree of %,d files, %,d bytes (sizes spread evenly on a log scale from 1 KiB to 4 MiB)%n", treeFiles, treeSize);
    run(concat(List.of("sha256sum"), treePaths.toArray(String[]::new))); // warm the page cache
    double[] sm3Tree = haveJar
        ? alternate(() -> run(concat(List.of("openssl", "dgst", "-sm3"), treePaths.toArray(String[]::new))),
            () -> run(concat(dareg, "SM3", tree.toString())), treeSize)
        : new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    System.out.printf("tree: openssl dgst -sm3 %8.1f MB/s, `dareg hash` SM3 %8.1f MB/s, ratio %.2f; CPU seconds %.2f and %.2f (ratio %.2f)%n",
        sm3Tree[0], sm3Tree[1], sm3Tree[1] / sm3Tree[0], sm3Tree[2], sm3Tree[3], sm3Tree[2] / sm3Tree[3]);
    System.out.printf("RESULT hash.tree_openssl_sm3_mb_s %.1f%nRESULT hash.tree_command_sm3_mb_s %.1f%n", sm3Tree[0], sm3Tree[1]);
    System.out.printf("RESULT hash.tree_openssl_sm3_cpu_s %.2f%nRESULT hash.tree_command_sm3_cpu_s %.2f%n", sm3Tree[2], sm3Tree[3]);
    double[] shaTree = haveJar
        ? alternate(() -> run(concat(List.of("sha256sum"), treePaths.toArray(String[]::new))),
            () -> run(concat(dareg, "SHA256", tree.toString())), treeSize)
        : new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    System.out.printf("tree: sha256sum         %8.1f MB/s, `dareg hash` SHA-256 %8.1f MB/s, ratio %.2f; CPU seconds %.2f and %.2f (ratio %.2f)%n",
        shaTree[0], shaTree[1], shaTree[1] / shaTree[0], shaTree[2], shaTree[3], shaTree[2] / shaTree[3]);
    System.out.printf("RESULT hash.tree_sha256sum_mb_s %.1f%nRESULT hash.tree_command_sha256_mb_s %.1f%n", shaTree[0], shaTree[1]);
    System.out.printf("RESULT hash.tree_sha256sum_cpu_s %.2f%nRESULT hash.tree_command_sha256_cpu_s %.2f%n", shaTree[2], shaTree[3]);
    System.out.printf("load average at end %s%n", load());
    // In process last (the goals do not use them): EvidenceTree without the JVM's start, every byte hashed twice.
    double sha = best(() -> EvidenceTree.of(file, HashAlgorithm.SHA256, null), size);
    System.out.printf("EvidenceTree SHA-256 in process %8.1f MB/s  ratio %.2f to sha256sum%n", sha, sha / baseline);
    System.out.printf("RESULT hash.inprocess_sha256_mb_s %.1f%n", sha);
    double sm3 = best(() -> EvidenceTree.of(file, HashAlgorithm.SM3, null), size);
    System.out.printf("EvidenceTree SM3 in process     %8.1f MB/s  ratio %.2f to openssl dgst -sm3%n", sm3, sm3 / sm3File[0]);
    System.out.printf("RESULT hash.inprocess_sm3_mb_s %.1f%n", sm3);
  }

  private static void delete(Path file, Path tree) {
    try {
      Files.deleteIfExists(file);
      try (Stream<Path> walk = Files.walk(tree)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      System.err.println("could not delete the test data " + file + " and " + tree + ": " + e);
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  /** Best MB/s of three runs. */
  private static double best(Work w, long size) throws Exception {
    double best = 0;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      w.run();
      best = Math.max(best, size / 1e6 / ((System.nanoTime() - t0) / 1e9));
    }
    return best;
  }

  /**
   * Best MB/s of each of two, run one after the other three times; then the least CPU seconds
   * (user + system) each took, which a loaded machine distorts far less than wall time.
   */
  private static double[] alternate(Work a, Work b, long size) throws Exception {
    double[] best = {0, 0, Double.MAX_VALUE, Double.MAX_VALUE};
    for (int i = 0; i < 3; i++) {
      Work[] both = {a, b};
      for (int k = 0; k < 2; k++) {
        double c0 = childrenCpuSeconds();
        long t0 = System.nanoTime();
        both[k].run();
        best[k] = Math.max(best[k], size / 1e6 / ((System.nanoTime() - t0) / 1e9));
        best[2 + k] = Math.min(best[2 + k], childrenCpuSeconds() - c0);
      }
    }
    return best;
  }

  /** CPU seconds of this process's children that have been waited for (Linux; NaN elsewhere). */
  private static double childrenCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name in parentheses: cutime and cstime are the 16th and 17th.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  private static void run(String command, Path file) throws IOException, InterruptedException {
    run(List.of(command, file.toString()));
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command.subList(0, Math.min(4, command.size()))) + " ... failed");
    }
  }

  /**
   * {@code count} files in 20 directories of 7 subdirectories each, sizes spread evenly on a log
   * scale from 1 KiB to 4 MiB (about 500 KB on average; a sixth are more than one 1 MiB chunk).
   */
  private static long writeTree(Path dir, int count) throws IOException {
    Random random = new Random(26);
    byte[] block = new byte[4 << 20];
    random.nextBytes(block);
    long total = 0;
    for (int i = 0; i < count; i++) {
      int n = (int) Math.exp(Math.log(1024) + random.nextDouble() * (Math.log(4 << 20) - Math.log(1024)));
      Path p = dir.resolve("d" + i % 20).resolve("e" + i % 7).resolve("f" + i + ".bin");
      Files.createDirectories(p.getParent());
      block[i % block.length] ^= 1; // no two files alike
      try (OutputStream out = Files.newOutputStream(p)) {
        out.write(block, 0, n);
      }
      total += n;
    }
    return total;
  }

  private static void write(Path file, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    new Random(1).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += block.length) {
        out.write(block, 0, (int) Math.min(block.length, size - done));
        block[(int) (done >>> 20) % block.length] ^= 1; // no two blocks alike
      }
    }
  }
}

package io.dareg.bench;

import io.dareg.core.evidence.EvidenceTree;
import io.dareg.core.model.HashAlgorithm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Evidence hashing (plain hash and chunk Merkle root in one read) against {@code sha256sum} on the
 * same file in the same run, in process and as the {@code dareg hash} command (a new JVM each time).
 * Usage: {@code HashThroughput [GiB] [dareg-client-all.jar]} (default 2 GiB and
 * client/target/dareg-client-0.1.0-SNAPSHOT-all.jar); the file is written to a temporary
 * directory, read once to warm the page cache, and deleted at the end.
 */
public final class HashThroughput {
  private HashThroughput() {}

  public static void main(String[] args) throws Exception {
    double gib = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    Path jar = Path.of(args.length > 1 ? args[1] : "client/target/dareg-client-0.1.0-SNAPSHOT-all.jar");
    long size = (long) (gib * (1L << 30));
    Path file = Files.createTempFile("dareg-bench-hash", ".bin");
    try {
      write(file, size);
      run("sha256sum", file); // warm the page cache
      double baseline = best(() -> run("sha256sum", file), size);
      double sha = best(() -> EvidenceTree.of(file, HashAlgorithm.SHA256, null), size);
      double sm3 = best(() -> EvidenceTree.of(file, HashAlgorithm.SM3, null), size);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      double command = Files.exists(jar)
          ? best(() -> run(List.of(java, "-jar", jar.toString(), "hash", "--algorithm", "SHA256", file.toString())), size)
          : Double.NaN;
      double commandSm3 = Files.exists(jar)
          ? best(() -> run(List.of(java, "-jar", jar.toString(), "hash", "--algorithm", "SM3", file.toString())), size)
          : Double.NaN;
      System.out.printf("file %.2f GiB%n", size / (double) (1L << 30));
      System.out.printf("sha256sum               %8.1f MB/s%n", baseline);
      System.out.printf("dareg hash SHA-256      %8.1f MB/s  ratio %.2f%n", sha, sha / baseline);
      System.out.printf("dareg hash SM3          %8.1f MB/s  ratio %.2f%n", sm3, sm3 / baseline);
      System.out.printf("`dareg hash` SHA-256    %8.1f MB/s  ratio %.2f  (the command, JVM start included)%n", command, command / baseline);
      System.out.printf("`dareg hash` SM3        %8.1f MB/s  ratio %.2f  (the command, JVM start included)%n", commandSm3, commandSm3 / baseline);
      System.out.printf("RESULT hash.sha256sum_mb_s %.1f%nRESULT hash.inprocess_sha256_mb_s %.1f%nRESULT hash.command_sha256_mb_s %.1f%n",
          baseline, sha, command);
    } finally {
      Files.deleteIfExists(file);
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

  private static void run(String command, Path file) throws IOException, InterruptedException {
    run(List.of(command, file.toString()));
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed");
    }
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

package io.dareg.client.cli;

import io.dareg.core.evidence.EvidenceTree;
import io.dareg.core.evidence.MembershipProof;
import io.dareg.core.model.HashAlgorithm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Hashing data locally (nothing leaves the machine) and proving membership of a file or chunk. */
final class HashCommands {
  /** The hash algorithm option of the commands that hash data here. */
  static final class Algorithm {
    @Option(names = {"-a", "--algorithm"}, defaultValue = "SM3", description = "SM3 or SHA256 (default: ${DEFAULT-VALUE})")
    HashAlgorithm algorithm;
  }

  private HashCommands() {}

  /** Shows progress on stderr for long inputs, only when stderr is a terminal. */
  static EvidenceTree.Progress progress(PrintWriter err) {
    if (System.console() == null) {
      return null;
    }
    long start = System.nanoTime();
    long[] last = {0};
    return (done, total) -> {
      long now = System.nanoTime();
      if (now - start < 1_000_000_000L || now - last[0] < 200_000_000L && done < total) {
        return;
      }
      last[0] = now;
      double seconds = (now - start) / 1e9;
      double rate = done / seconds;
      long left = rate > 0 ? (long) ((total - done) / rate) : 0;
      err.printf("\r%,d / %,d bytes  %.0f MB/s  %d s left   ", done, total, rate / 1e6, left);
      if (done >= total) {
        err.println();
      }
      err.flush();
    };
  }

  @Command(name = "hash", mixinStandardHelpOptions = true,
      description = "Hash a file or a directory tree locally: plain hash and Merkle root (docs/evidence-tree.md).")
  static final class Hash implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "PATH", description = "file or directory") Path path;
    @Mixin HashCommands.Algorithm hashing;
    @Option(names = "--json", description = "print JSON") boolean json;

    @Override
    public Integer call() throws Exception {
      EvidenceTree tree = EvidenceTree.of(path, hashing.algorithm, progress(spec.commandLine().getErr()));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("algorithm", hashing.algorithm.name());
      out.put("merkleRoot", tree.root());
      if (tree.hash() != null) {
        out.put("hash", tree.hash());
      }
      out.put("size", tree.size());
      out.put("files", tree.files().size());
      Map<String, String> human = new LinkedHashMap<>();
      out.forEach((k, v) -> human.put(k, String.valueOf(v)));
      Output.print(spec.commandLine().getOut(), json, out, human);
      return 0;
    }
  }

  @Command(name = "prove", mixinStandardHelpOptions = true,
      description = "Prove that a file (or one chunk of it) belongs to a hashed tree; with --root, check it against the registered root.")
  static final class Prove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "TREE", description = "the registered file or directory") Path tree;
    @Parameters(index = "1", paramLabel = "FILE", arity = "0..1", description = "path of the file inside TREE (omit for a single file)") String file;
    @Option(names = "--chunk", description = "prove one chunk (0-based) instead of the whole file") Integer chunk;
    @Option(names = "--root", description = "the registered Merkle root to check against") String root;
    @Mixin HashCommands.Algorithm hashing;

    @Override
    public Integer call() throws Exception {
      EvidenceTree t = EvidenceTree.of(tree, hashing.algorithm, progress(spec.commandLine().getErr()));
      String name = file != null ? file : t.files().get(0).path();
      MembershipProof proof = chunk == null ? t.prove(name) : t.proveChunk(name, chunk);
      Output.print(spec.commandLine().getOut(), true, proof, Map.of());
      boolean holds = proof.verify() && (root == null || root.equalsIgnoreCase(proof.root()));
      if (!holds) {
        spec.commandLine().getErr().println("dareg: the proof does not lead to " + (root == null ? "its root" : root));
      }
      return holds ? 0 : Dareg.VERIFICATION_FAILED;
    }
  }
}

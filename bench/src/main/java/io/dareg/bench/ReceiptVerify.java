package io.dareg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.WitnessPolicy;
import io.dareg.core.model.Account;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.UpdateFrequency;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.cert.CertificateIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What a receipt with a log proof adds to offline certificate verification (issue 24: "`dareg verify` of a receipt with
 * proof within 1.2x of today's offline verify"), in one JVM, one thread, alternating one-second rounds as
 * {@link VerifyLimits} does:
 * <ul>
 *   <li><b>A</b>, today's offline verify, what {@code dareg verify CERT --roots ROOT} does after the JVM has started: parse
 *       the certificate file's bytes, then {@link CertificateVerifier} offline (signature, chain to the root, validity);
 *   <li><b>B</b>, A plus what a receipt carrying a log proof needs checked offline with the core classes: parse a receipt
 *       (JSON: the transaction's entry, its index, the tree size, the inclusion proof in hex, the checkpoint as a signed
 *       note), hash the entry as a leaf, {@link MerkleLog#verifyInclusion} at 1,000,000 entries (20 hashes), parse the
 *       checkpoint, check its signatures with the log's key and the witnesses' ({@link SignedNote#open}, Ed25519 each),
 *       the witness policy ({@link WitnessPolicy#met}) and that the proof's root is the checkpoint's.
 * </ul>
 * The receipt's format is another branch's work (LogReceipt); this one has the same contents. The certificate is issued
 * here by a throw-away ECDSA P-256 authority (as the gateway issues by default); the log of {@code --size} leaves is held
 * in memory (the proof's length depends only on index and size). With {@code --command CLIENT_JAR} the whole command
 * {@code java -jar CLIENT_JAR verify CERT --roots ROOT} is also timed, five runs: JVM start dominates it.
 *
 * <p>Usage: {@code ReceiptVerify [--seconds 5] [--size 1000000] [--witnesses 2] [--command CLIENT_JAR]}.
 */
public final class ReceiptVerify {
  private ReceiptVerify() {}

  public static void main(String[] args) throws Exception {
    int seconds = 5;
    long size = 1_000_000;
    int witnesses = 2;
    Path clientJar = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--size" -> size = Long.parseLong(args[++i]);
        case "--witnesses" -> witnesses = Integer.parseInt(args[++i]);
        case "--command" -> clientJar = Path.of(args[++i]);
        default -> {
          System.err.println("usage: ReceiptVerify [--seconds S] [--size N] [--witnesses K] [--command CLIENT_JAR]");
          System.exit(2);
        }
      }
    }
    Path dir = Files.createTempDirectory("dareg-bench-receipt");
    try {
      CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256);
      Instant issued = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      Certificate cert = issue(ca, issued);
      byte[] certFile = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(cert);
      CertificateVerifier verifier = new CertificateVerifier(new BouncyCastleProvider(), List.of(ca.root()));
      Instant at = issued.plusSeconds(60);

      // The log: the certificate's transaction is one leaf of `size`, the others random; a checkpoint of it signed by the
      // log's key and cosigned by `witnesses` witnesses, all of whom the policy requires.
      SecureRandom random = new SecureRandom();
      byte[] entry = CanonicalJson.serialize(Json.mapper().createObjectNode().put("txId", "bench-receipt")
          .put("function", "issueCertificate").put("certificateHash", cert.certificateHash()).put("regNo", cert.payload().regNo())
          .set("result", Json.mapper().valueToTree(cert.payload())));
      long index = size * 3 / 7;
      List<byte[]> leaves = new ArrayList<>((int) size);
      byte[] leaf = new byte[32];
      for (long i = 0; i < size; i++) {
        if (i == index) {
          leaves.add(MerkleLog.leafHash(entry));
        } else {
          random.nextBytes(leaf);
          leaves.add(leaf.clone());
        }
      }
      MerkleLog.Leaves tree = new InMemoryTree(leaves);
      byte[] root = MerkleLog.root(tree, size);
      List<byte[]> proof = MerkleLog.inclusionProof(tree, index, size);
      SignedNote.Signer logKey = SignedNote.Signer.generate("dareg.local/ledger-bench", SignedNote.ED25519, random);
      List<SignedNote.Signer> signers = new ArrayList<>(List.of(logKey));
      List<String> witnessKeys = new ArrayList<>();
      for (int w = 0; w < witnesses; w++) {
        SignedNote.Signer s = SignedNote.Signer.generate("witness-" + w + ".example/w", SignedNote.COSIGNATURE_V1, random);
        signers.add(s);
        witnessKeys.add(s.verifier().toString());
      }
      String note = SignedNote.sign(new Checkpoint(logKey.name(), size, root, List.of()).body(), signers, Instant.now());
      WitnessPolicy policy = WitnessPolicy.of(witnessKeys, witnesses);
      SignedNote.Verifier logVerifier = logKey.verifier();
      ObjectNode receipt = Json.mapper().createObjectNode();
      receipt.put("entry", Base64.getEncoder().encodeToString(entry)).put("index", index).put("size", size).put("checkpoint", note);
      proof.forEach(h -> receipt.withArray("inclusionProof").add(HexFormat.of().formatHex(h)));
      byte[] receiptFile = Json.mapper().writeValueAsBytes(receipt);

      Runnable a = () -> {
        if (!verifier.verify(Certificate.parse(certFile), at, null, null).valid()) {
          throw new IllegalStateException("the certificate does not verify offline");
        }
      };
      Runnable proofOnly = () -> verifyReceipt(receiptFile, logVerifier, policy);
      Runnable b = () -> {
        a.run();
        proofOnly.run();
      };
      VerificationReport first = verifier.verify(Certificate.parse(certFile), at, null, null);
      if (!first.valid()) {
        throw new IllegalStateException("the certificate does not verify offline: " + first.checks());
      }
      proofOnly.run();
      System.out.printf("certificate %d bytes (ECDSA P-256, chain to a throw-away root); receipt %d bytes: entry %d bytes, index %,d of"
          + " %,d, %d proof hashes, checkpoint signed by the log and cosigned by %d of %d witnesses (Ed25519)%n", certFile.length,
          receiptFile.length, entry.length, index, size, proof.size(), witnesses, witnesses);
      // warm, then alternating one-second rounds; medians
      VerifyLimits.rate(seconds, a);
      VerifyLimits.rate(seconds, b);
      VerifyLimits.rate(Math.max(1, seconds / 2), proofOnly);
      int rounds = Math.max(5, seconds * 2);
      double[] ra = new double[rounds];
      double[] rb = new double[rounds];
      double[] rp = new double[rounds];
      double[] ratio = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        ra[i] = VerifyLimits.rate(1, a);
        rb[i] = VerifyLimits.rate(1, b);
        rp[i] = VerifyLimits.rate(1, proofOnly);
        ratio[i] = ra[i] / rb[i]; // time of B over time of A
      }
      double opsA = median(ra);
      double opsB = median(rb);
      double opsP = median(rp);
      double r = median(ratio);
      System.out.printf("%-72s %10.0f /s %10.1f us%n", "A: offline certificate verify (parse + CertificateVerifier)", opsA, 1e6 / opsA);
      System.out.printf("%-72s %10.0f /s %10.1f us%n", "B: A + receipt (inclusion proof at " + String.format("%,d", size) + ", checkpoint, "
          + witnesses + " cosignatures)", opsB, 1e6 / opsB);
      System.out.printf("%-72s %10.0f /s %10.1f us%n", "B - A: the receipt alone", opsP, 1e6 / opsP);
      System.out.printf("B / A (time) %.2f, median of %d alternating one-second rounds (%.2f to %.2f)%n", r, rounds,
          Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0));
      System.out.printf("RESULT receipt.a_us %.1f%nRESULT receipt.b_us %.1f%nRESULT receipt.proof_us %.1f%nRESULT receipt.ratio %.3f%n",
          1e6 / opsA, 1e6 / opsB, 1e6 / opsP, r);
      // the parts of the receipt alone, to say where its time goes
      String text = SignedNote.text(note);
      long n = size;
      parts(seconds, "B - A, part: inclusion proof verify (leaf hash + " + proof.size() + " node hashes)",
          () -> MerkleLog.verifyInclusion(index, n, MerkleLog.leafHash(entry), proof, root), "receipt.merkle_us");
      parts(seconds, "B - A, part: checkpoint signatures (" + (1 + witnesses) + " Ed25519 verifications)",
          () -> SignedNote.open(note, policyKeys(logVerifier, policy)), "receipt.signatures_us");
      parts(seconds, "B - A, part: checkpoint parse", () -> Checkpoint.parse(text), "receipt.checkpoint_parse_us");

      if (clientJar != null) {
        command(dir, clientJar, certFile, ca.root());
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** What a verifier of a receipt does, offline, beyond the certificate. */
  static void verifyReceipt(byte[] receiptFile, SignedNote.Verifier logKey, WitnessPolicy policy) {
    try {
      JsonNode receipt = Json.mapper().readTree(receiptFile);
      byte[] entry = Base64.getDecoder().decode(receipt.path("entry").asText());
      long index = receipt.path("index").asLong();
      long size = receipt.path("size").asLong();
      List<byte[]> proof = new ArrayList<>();
      receipt.path("inclusionProof").forEach(h -> proof.add(HexFormat.of().parseHex(h.asText())));
      String note = receipt.path("checkpoint").asText();
      List<SignedNote.Line> lines = SignedNote.open(note, policyKeys(logKey, policy));
      if (lines.stream().noneMatch(l -> l.key().equals(logKey))) {
        throw new IllegalStateException("the checkpoint is not signed by the log");
      }
      if (!policy.met(lines.stream().map(SignedNote.Line::key).toList())) {
        throw new IllegalStateException("the checkpoint is not witnessed per policy");
      }
      Checkpoint c = Checkpoint.parse(SignedNote.text(note));
      if (c.size() != size || !c.origin().equals(logKey.name())) {
        throw new IllegalStateException("the checkpoint is not of this log at this size");
      }
      if (!MerkleLog.verifyInclusion(index, size, MerkleLog.leafHash(entry), proof, c.rootHash())) {
        throw new IllegalStateException("the inclusion proof does not verify");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<SignedNote.Verifier> policyKeys(SignedNote.Verifier logKey, WitnessPolicy policy) {
    List<SignedNote.Verifier> keys = new ArrayList<>(policy.witnesses());
    keys.add(0, logKey);
    return keys;
  }

  private static void parts(int seconds, String what, Runnable op, String name) {
    VerifyLimits.rate(1, op);
    double ops = VerifyLimits.rate(Math.max(1, seconds / 2), op);
    System.out.printf("%-72s %10.0f /s %10.1f us%n", what, ops, 1e6 / ops);
    System.out.printf("RESULT %s %.1f%n", name, 1e6 / ops);
  }

  /** {@code java -jar CLIENT_JAR verify CERT --roots ROOT}, five runs after one unmeasured: the whole command. */
  private static void command(Path dir, Path clientJar, byte[] certFile, X509Certificate root) throws Exception {
    Path cert = dir.resolve("certificate.json");
    Path roots = dir.resolve("root.pem");
    Files.write(cert, certFile);
    Files.writeString(roots, CertificateAuthority.pem(root), StandardCharsets.US_ASCII);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-jar", clientJar.toString(), "verify", cert.toString(), "--roots", roots.toString());
    double[] ms = new double[5];
    for (int i = -1; i < ms.length; i++) {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IllegalStateException("dareg verify exited " + rc);
      }
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double m = median(ms);
    System.out.printf("%-72s %10.0f ms (runs %s)%n", "whole command: java -jar dareg verify CERT --roots ROOT (offline), median of 5", m,
        Arrays.toString(Arrays.stream(ms).map(Math::round).toArray()));
    System.out.printf("RESULT receipt.command_ms %.0f%n", m);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** A certificate like the gateway issues (the fields of CertificateRoundTripTest's). */
  private static Certificate issue(CertificateAuthority ca, Instant issued) {
    AssetDescription asset = new AssetDescription("企业信用评估+工商登记数据", "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "天津市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL, List.of(),
        new Scale(1, 1), UpdateFrequency.DAILY, null, List.of("信用评估"), "授信参考", "去标识化", ClassificationLevel.GENERAL);
    Registration r = new Registration("DR-20260301-ABCDEF123456", "TJ-DIP", RegistrationStatus.ISSUED, RightType.HOLDING, asset,
        List.of("AC-1"), List.of(), new IdentityRef("EnterpriseMSP", "CN=alice"), List.of("EV-1"), null, 7, issued, issued, "tx",
        null, null, null, issued, issued, issued.atZone(java.time.ZoneOffset.UTC).plus(Period.ofYears(2)).toInstant(), null, null, null);
    RegistrationView view = new RegistrationView(r, RegistrationStatus.ISSUED, null, List.of(), List.of(), null);
    Account account = new Account("AC-1", "cd".repeat(32), "甲公司", AccountKind.ENTERPRISE, true, List.of(), issued, null);
    Evidence ev = new Evidence("EV-1", HashAlgorithm.SM3, "ab".repeat(32), null, 10, "dareg", null, "AC-1", issued, "tx");
    return new CertificateIssuer(ca).issue(view, Map.of("AC-1", account), List.of(ev), "登记中心", r.regNo() + "-C01", 1, issued);
  }

  /** Leaves in memory, with every complete subtree's hash computed once (so the proof is made in O(log n)). */
  private static final class InMemoryTree implements MerkleLog.Leaves {
    private final List<byte[][]> levels = new ArrayList<>();

    InMemoryTree(List<byte[]> leaves) {
      byte[][] level = leaves.toArray(new byte[0][]);
      levels.add(level);
      while (level.length > 1) {
        byte[][] up = new byte[level.length / 2][];
        for (int i = 0; i < up.length; i++) {
          up[i] = MerkleLog.nodeHash(level[2 * i], level[2 * i + 1]);
        }
        levels.add(up);
        level = up;
      }
    }

    @Override
    public byte[] get(long index) {
      return levels.get(0)[(int) index];
    }

    @Override
    public byte[] node(int level, long index) {
      return levels.get(level)[(int) index];
    }
  }
}

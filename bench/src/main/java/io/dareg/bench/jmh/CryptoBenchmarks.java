package io.dareg.bench.jmh;

import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.MerkleTree;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataField;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.UpdateFrequency;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Micro-benchmarks of what every transaction and certificate pays: canonical JSON, hashes, signatures, Merkle trees. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmarks {
  @Param({"ECDSA_P256_SHA256", "SM2_SM3"})
  public String algorithm;

  private Registration registration;
  private byte[] canonical;
  private Signatures signatures;
  private KeyPair keys;
  private byte[] signature;
  private List<byte[]> leaves;
  private List<MerkleTree.Step> path;
  private byte[] root;
  private SignatureAlgorithm alg;

  @Setup
  public void setUp() {
    AssetDescription asset = new AssetDescription("企业信用评估+工商登记数据", "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "天津市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL,
        List.of(new DataField("credit_code", "string(18)"), new DataField("score", "integer")), new Scale(1_000_000, 1L << 29),
        UpdateFrequency.MONTHLY, null, List.of("信用评估"), "金融机构授信参考", "去标识化后按月汇总", ClassificationLevel.GENERAL);
    Instant t = Instant.parse("2026-03-02T02:00:00Z");
    registration = new Registration("DR-20260302-0123456789AB", "TJ-DIP", RegistrationStatus.ISSUED, RightType.HOLDING, asset,
        List.of("AC-20260302-0123456789AB"), List.of(), new IdentityRef("EnterpriseMSP", "CN=alice,OU=holder"),
        List.of("EV-20260302-0123456789AB"), "ab".repeat(32), 9, t, t, "0".repeat(64), null, t, t, t, t, t, null, null, null,
        null, null, null);
    canonical = Json.canonical(registration);
    alg = SignatureAlgorithm.valueOf(algorithm);
    signatures = new Signatures(new BouncyCastleProvider());
    keys = signatures.generate(alg);
    signature = signatures.sign(alg, keys.getPrivate(), canonical);
    leaves = new ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      leaves.add(Hashes.digest(HashAlgorithm.SHA256, new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    path = MerkleTree.path(HashAlgorithm.SHA256, leaves, 517);
    root = MerkleTree.rootOfLeafHashes(HashAlgorithm.SHA256, leaves);
  }

  /** A registration to its RFC 8785 bytes, then hashed with the algorithm's hash. */
  @Benchmark
  public byte[] canonicalJsonAndHash() {
    return Hashes.digest(alg.hash(), Json.canonical(registration));
  }

  /** Signing a certificate-sized payload. */
  @Benchmark
  public byte[] sign() {
    return signatures.sign(alg, keys.getPrivate(), canonical);
  }

  /** Verifying it: the raw signature verification that the verify endpoint is measured against. */
  @Benchmark
  public boolean verify() {
    return signatures.verify(alg, keys.getPublic(), canonical, signature);
  }

  /** The root of 1024 leaves (SHA-256). */
  @Benchmark
  public byte[] merkleRoot1024() {
    return MerkleTree.rootOfLeafHashes(HashAlgorithm.SHA256, leaves);
  }

  /** Checking a membership proof in a tree of 1024 leaves (SHA-256). */
  @Benchmark
  public boolean merkleProofCheck() {
    return java.util.Arrays.equals(MerkleTree.rootFromPath(HashAlgorithm.SHA256, leaves.get(517), path), root);
  }

}

package io.dareg.bench;

import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The CPU's limit for certificate verification against dareg's offline verifier, on the same
 * certificate bytes in the same run: raw signature verification of the certificate's signed bytes
 * with its signer's key (Bouncy Castle, one thread), then {@link CertificateVerifier} offline
 * (signature, chain to the root, validity). Usage: {@code VerifyLimits CERTIFICATE.json ROOT.pem
 * [seconds]}; {@code demo} saves a certificate under {@code <data>/demo/certificate.json}, and the
 * root is {@code <data>/ca/root.pem}.
 */
public final class VerifyLimits {
  private VerifyLimits() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: VerifyLimits CERTIFICATE.json ROOT.pem [seconds]");
      System.exit(2);
    }
    Certificate cert = Certificate.parse(Files.readAllBytes(Path.of(args[0])));
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    BouncyCastleProvider bc = new BouncyCastleProvider();
    // Parsed with Bouncy Castle, as the verifier does, so that both verify with the same key object.
    CertificateFactory f = CertificateFactory.getInstance("X.509", bc);
    X509Certificate root = (X509Certificate) f.generateCertificate(Files.newInputStream(Path.of(args[1])));
    X509Certificate signer = (X509Certificate) f.generateCertificate(
        new ByteArrayInputStream(Base64.getDecoder().decode(cert.signature().chain().get(0))));
    Signatures signatures = new Signatures(bc);
    PublicKey key = signer.getPublicKey();
    SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(cert.signature().algorithm());
    byte[] signed = cert.signedBytes();
    byte[] sig = Base64.getDecoder().decode(cert.signature().value());
    CertificateVerifier verifier = new CertificateVerifier(bc, List.of(root));
    // The demo issues on a clock moved past its notice period: verify as of the certificate's start if later.
    Instant at = cert.payload().validFrom().isAfter(Instant.now()) ? cert.payload().validFrom().plusSeconds(1) : Instant.now();
    VerificationReport first = verifier.verify(cert, at, null, null);
    if (first.checks().stream().anyMatch(c -> c.outcome() == VerificationReport.Outcome.FAIL)) {
      throw new IllegalStateException("the certificate does not verify offline: " + first.checks());
    }
    Runnable rawVerify = () -> {
      if (!signatures.verify(alg, key, signed, sig)) {
        throw new IllegalStateException("raw verification failed");
      }
    };
    Runnable offlineVerify = () -> verifier.verify(cert, at, null, null);
    // Both warm, then measured in alternating rounds, so that a slower stretch of a shared machine
    // falls on both alike; the figures are the medians of the rounds, the ratio the median of the
    // rounds' ratios.
    rate(seconds, rawVerify);
    rate(seconds, offlineVerify);
    int rounds = Math.max(3, seconds);
    double[] raws = new double[rounds];
    double[] offlines = new double[rounds];
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      raws[i] = rate(1, rawVerify);
      offlines[i] = rate(1, offlineVerify);
      ratios[i] = offlines[i] / raws[i];
    }
    double raw = median(raws);
    double offline = median(offlines);
    double ratio = median(ratios);
    System.out.printf("%-40s %10.0f /s%n", "raw signature verify (" + alg.wireName() + ")", raw);
    System.out.printf("%-40s %10.0f /s  ratio %.2f (median of %d alternating one-second rounds: %.2f to %.2f)%n",
        "CertificateVerifier offline", offline, ratio, rounds, Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0));
    System.out.printf("RESULT verify.raw_per_s %.1f%n", raw);
    System.out.printf("RESULT verify.offline_per_s %.1f%n", offline);
    System.out.printf("RESULT verify.offline_ratio %.3f%n", ratio);
  }

  /** Operations per second of {@code op} on this thread over {@code seconds}. */
  static double rate(int seconds, Runnable op) {
    long n = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      op.run();
      n++;
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}

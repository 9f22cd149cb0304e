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
    double raw = rate(seconds, () -> {
      if (!signatures.verify(alg, key, signed, sig)) {
        throw new IllegalStateException("raw verification failed");
      }
    });
    double offline = rate(seconds, () -> verifier.verify(cert, at, null, null));
    System.out.printf("%-40s %10.0f /s%n", "raw signature verify (" + alg.wireName() + ")", raw);
    System.out.printf("%-40s %10.0f /s  ratio %.2f%n", "CertificateVerifier offline", offline, offline / raw);
    System.out.printf("RESULT verify.raw_per_s %.1f%n", raw);
    System.out.printf("RESULT verify.offline_per_s %.1f%n", offline);
  }

  /** Operations per second of {@code op} on this thread, after a warm-up of the same length. */
  static double rate(int seconds, Runnable op) {
    for (int pass = 0; ; pass++) {
      long n = 0;
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        op.run();
        n++;
      }
      if (pass == 1) {
        return n / ((System.nanoTime() - start) / 1e9);
      }
    }
  }
}

package io.dareg.core.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.core.json.Json;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A write as its author signed it: the operation, its arguments, the ledger it is meant for, the
 * author's certificate, a time and a random request id, signed with the author's own key (issue 23).
 * The ledger's rules check it, so neither the gateway nor anyone else who carries it can change
 * what was asked or who asked it. The byte form is specified in docs/signed-requests.md.
 *
 * <p>The signature covers the RFC 8785 canonical UTF-8 form ({@link CanonicalJson}) of the JSON
 * object made of every member below except {@code signature}.
 *
 * <pre>{@code
 * SignedRequest r = SignedRequest.sign("dareg:RegistryMSP:dareg", "depositEvidence", args, cert, key,
 *     Instant.now(), SignedRequest.newRequestId(random), signatures);
 * r.verify(signatures, "dareg:RegistryMSP:dareg", roots, ledgerTime, Duration.ofMinutes(5));
 * }</pre>
 *
 * @param format always {@value #FORMAT}
 * @param ledger the identity of the ledger the write is for (a registry's settings name it), so
 *     that a request made for one ledger is refused by every other
 * @param operation the ledger transaction, e.g. {@code submit}
 * @param arguments the transaction's request object, exactly as the transaction takes it
 * @param certificate the author's X.509 certificate, base64 of its DER bytes
 * @param time when the author signed, UTC with milliseconds, e.g. {@code 2026-12-05T08:00:00.000Z}
 * @param requestId 128 random bits as 32 lowercase hex digits: the same id is the same request
 * @param algorithm the signature algorithm's wire name, {@code ECDSA-P256-SHA256} or {@code SM2-SM3}
 * @param signature the DER signature, base64
 */
public record SignedRequest(
    String format,
    String ledger,
    String operation,
    JsonNode arguments,
    String certificate,
    String time,
    String requestId,
    String algorithm,
    String signature) {

  /** The format this class reads and writes. */
  public static final String FORMAT = "dareg-signed-request/1";

  // Bouncy Castle reads certificates with SM2 keys as well as P-256 ones.
  private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,199}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Checks the form of every member; the signature is checked by {@link #verify}. */
  public SignedRequest {
    require(FORMAT.equals(format), "format", "must be " + FORMAT + ", not " + format);
    require(ledger != null && IDENTIFIER.matcher(ledger).matches(), "ledger", "must name a ledger (letters, digits, : . _ -)");
    require(operation != null && IDENTIFIER.matcher(operation).matches(), "operation", "must name a ledger transaction");
    require(arguments != null && arguments.isObject(), "arguments", "must be a JSON object (the transaction's request)");
    require(certificate != null && !certificate.isEmpty(), "certificate", "must carry the author's certificate (base64 DER)");
    require(time != null && parseTime(time) != null, "time", "must be UTC with milliseconds, e.g. 2026-12-05T08:00:00.000Z");
    require(requestId != null && REQUEST_ID.matcher(requestId).matches(), "requestId", "must be 32 lowercase hex digits (128 random bits)");
    require(algorithm != null && algorithmOf(algorithm) != null, "algorithm", "must be ECDSA-P256-SHA256 or SM2-SM3");
    require(signature != null && !signature.isEmpty(), "signature", "must carry the author's signature (base64 DER)");
  }

  /**
   * Signs {@code operation} with {@code arguments} for {@code ledger} as the holder of {@code key},
   * whose certificate is {@code certificate}; the algorithm follows from the key's curve.
   */
  public static SignedRequest sign(
      String ledger, String operation, JsonNode arguments, X509Certificate certificate, PrivateKey key, Instant time,
      String requestId, Signatures signatures) {
    SignatureAlgorithm alg = signatures.algorithmOf(certificate.getPublicKey());
    String cert;
    try {
      cert = Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
    }
    String at = TIME.format(time);
    byte[] input = signingInput(ledger, operation, arguments, cert, at, requestId, alg.wireName());
    String sig = Base64.getEncoder().encodeToString(signatures.sign(alg, key, input));
    return new SignedRequest(FORMAT, ledger, operation, arguments, cert, at, requestId, alg.wireName(), sig);
  }

  /** A fresh request id: 128 bits from {@code random}. */
  public static String newRequestId(SecureRandom random) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /** Reads a signed request from its JSON; {@link SignedRequestException} (MALFORMED) says what is wrong. */
  public static SignedRequest parse(byte[] json) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new SignedRequestException(SignedRequestException.Reason.MALFORMED, "a signed request is one JSON object: " + e.getMessage());
    }
    return of(tree);
  }

  /** Reads a signed request from its parsed JSON; {@link SignedRequestException} (MALFORMED) says what is wrong. */
  public static SignedRequest of(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new SignedRequestException(SignedRequestException.Reason.MALFORMED, "a signed request is one JSON object");
    }
    java.util.Set<String> known = java.util.Set.of(
        "format", "ledger", "operation", "arguments", "certificate", "time", "requestId", "algorithm", "signature");
    for (java.util.Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      require(known.contains(name), name, "is not a member of " + FORMAT);
    }
    return new SignedRequest(text(tree, "format"), text(tree, "ledger"), text(tree, "operation"), tree.get("arguments"),
        text(tree, "certificate"), text(tree, "time"), text(tree, "requestId"), text(tree, "algorithm"), text(tree, "signature"));
  }

  /** The transaction whose signed request is its author's authorisation, completed by the gateway beside it. */
  public static final String COMPLETED_TRANSACTION = "recordCertificate";
  /** The operation its author signs for that transaction. */
  public static final String COMPLETED_OPERATION = "issueCertificate";
  /** The member of that transaction's arguments that holds the signed request. */
  public static final String AUTHORISATION = "authorisation";

  /**
   * Where a ledger transaction's arguments hold its author's signed request: the arguments
   * themselves, or for {@value #COMPLETED_TRANSACTION} their member {@value #AUTHORISATION}. Null
   * when they hold none (a ledger without trusted roots, a service transaction).
   */
  public static JsonNode carriedBy(String transaction, JsonNode arguments) {
    JsonNode signed = arguments == null ? null
        : transaction.equals(COMPLETED_TRANSACTION) ? arguments.get(AUTHORISATION) : arguments;
    return signed != null && signed.isObject() && FORMAT.equals(signed.path("format").asText()) ? signed : null;
  }

  /** The operation a signed request carried by {@code transaction} names: {@value #COMPLETED_OPERATION} for the completed one. */
  public static String signedOperationOf(String transaction) {
    return transaction.equals(COMPLETED_TRANSACTION) ? COMPLETED_OPERATION : transaction;
  }

  /** This request as JSON (the form {@link #parse} reads). */
  public ObjectNode toJson() {
    ObjectNode o = unsigned(ledger, operation, arguments, certificate, time, requestId, algorithm);
    o.put("signature", signature);
    return o;
  }

  /** The bytes the signature covers: the canonical form of every member but {@code signature}. */
  public byte[] signingInput() {
    return signingInput(ledger, operation, arguments, certificate, time, requestId, algorithm);
  }

  /**
   * {@link #signingInput()} from {@code canonicalArguments}, the canonical bytes of {@link #arguments()}
   * (which a verifier that keeps them, as the ledger's rules do, then serialises once): the members
   * written in their canonical order around them.
   */
  public byte[] signingInput(byte[] canonicalArguments) {
    // RFC 8785 orders members by their names' UTF-16 code units; these are ASCII, so as written here.
    return new CanonicalWriter(canonicalArguments.length + certificate.length() + 256).beginObject()
        .name("algorithm").value(algorithm)
        .name("arguments").canonicalValue(canonicalArguments)
        .name("certificate").value(certificate)
        .name("format").value(FORMAT)
        .name("ledger").value(ledger)
        .name("operation").value(operation)
        .name("requestId").value(requestId)
        .name("time").value(time)
        .endObject().toByteArray();
  }

  /** The signing time. */
  public Instant signedAt() {
    return parseTime(time);
  }

  /** The author's certificate. */
  public X509Certificate signer() {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509", BC)
          .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certificate)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new SignedRequestException(SignedRequestException.Reason.MALFORMED, "the certificate is not base64 DER of an X.509 certificate");
    }
  }

  /**
   * Checks that this request was signed by the holder of its certificate's key, over exactly these
   * members; that it is meant for {@code ledger}; that the certificate was issued by one of {@code
   * roots} and was valid at {@code ledgerTime}; and that it was signed within {@code skew} of
   * {@code ledgerTime}. Throws {@link SignedRequestException} naming the first failure.
   */
  public X509Certificate verify(Signatures signatures, String ledger, List<X509Certificate> roots, Instant ledgerTime, Duration skew) {
    return verify(signatures, ledger, roots, ledgerTime, skew, Steps.plain(signatures));
  }

  /**
   * How {@link #verify} does its costly steps. A verifier that sees the same certificates and
   * requests again (a ledger's rules) may remember what it found; the checks and their order stay
   * the same.
   */
  public interface Steps {
    /** The author's certificate, read from {@code request}. */
    X509Certificate certificate(SignedRequest request);

    /** Whether {@code signature} by {@code alg} over {@code input} verifies with {@code cert}'s key. */
    boolean signatureHolds(SignatureAlgorithm alg, X509Certificate cert, byte[] input, byte[] signature);

    /** Whether one of {@code roots} issued {@code cert}. */
    boolean issuedByOneOf(X509Certificate cert, List<X509Certificate> roots);

    /** The bytes {@code request}'s signature covers ({@link SignedRequest#signingInput()}, unless the verifier has them). */
    default byte[] signingInput(SignedRequest request) {
      return request.signingInput();
    }

    /** The steps done each time, with {@code signatures}. */
    static Steps plain(Signatures signatures) {
      return new Steps() {
        @Override public X509Certificate certificate(SignedRequest request) {
          return request.signer();
        }

        @Override public boolean signatureHolds(SignatureAlgorithm alg, X509Certificate cert, byte[] input, byte[] signature) {
          return signatures.verify(alg, cert.getPublicKey(), input, signature);
        }

        @Override public boolean issuedByOneOf(X509Certificate cert, List<X509Certificate> roots) {
          return SignedRequest.issuedByOneOf(cert, roots, signatures);
        }
      };
    }
  }

  /** {@link #verify(Signatures, String, List, Instant, Duration)}, its costly steps done by {@code steps}. */
  public X509Certificate verify(Signatures signatures, String ledger, List<X509Certificate> roots, Instant ledgerTime, Duration skew,
      Steps steps) {
    if (!this.ledger.equals(ledger)) {
      throw new SignedRequestException(SignedRequestException.Reason.WRONG_LEDGER,
          "the request was signed for ledger " + this.ledger + ", and this is " + ledger);
    }
    X509Certificate cert = steps.certificate(this);
    SignatureAlgorithm alg = algorithmOf(algorithm);
    SignatureAlgorithm keyAlg;
    try {
      keyAlg = signatures.algorithmOf(cert.getPublicKey());
    } catch (IllegalArgumentException e) {
      throw new SignedRequestException(SignedRequestException.Reason.MALFORMED, "the certificate's key is neither P-256 nor SM2");
    }
    if (keyAlg != alg) {
      throw new SignedRequestException(SignedRequestException.Reason.BAD_SIGNATURE,
          "the request names " + algorithm + " but the certificate's key is for " + keyAlg.wireName());
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw new SignedRequestException(SignedRequestException.Reason.MALFORMED, "the signature is not base64");
    }
    if (!steps.signatureHolds(alg, cert, steps.signingInput(this), sig)) {
      throw new SignedRequestException(SignedRequestException.Reason.BAD_SIGNATURE,
          "the signature does not match the request and the key of its certificate: it was changed after signing or signed by another key");
    }
    if (!steps.issuedByOneOf(cert, roots)) {
      throw new SignedRequestException(SignedRequestException.Reason.UNTRUSTED_CERTIFICATE,
          "the certificate " + cert.getSubjectX500Principal() + " is not issued by a CA this ledger trusts");
    }
    try {
      cert.checkValidity(Date.from(ledgerTime));
    } catch (GeneralSecurityException e) {
      throw new SignedRequestException(SignedRequestException.Reason.CERTIFICATE_NOT_VALID,
          "the certificate is valid from " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant()
              + ", not at the ledger's time " + ledgerTime);
    }
    Duration off = Duration.between(ledgerTime, signedAt()).abs();
    if (off.compareTo(skew) > 0) {
      throw new SignedRequestException(SignedRequestException.Reason.TIME_SKEW,
          "the request was signed at " + time + ", " + off.toSeconds() + " s from the ledger's time " + ledgerTime
              + "; at most " + skew.toSeconds() + " s is allowed: check the signer's clock and sign again");
    }
    return cert;
  }

  private static boolean issuedByOneOf(X509Certificate cert, List<X509Certificate> roots, Signatures signatures) {
    for (X509Certificate root : roots) {
      if (!root.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        continue;
      }
      try {
        cert.verify(root.getPublicKey(), signatures.provider());
        return true;
      } catch (GeneralSecurityException e) {
        // another root may share the name
      }
    }
    return false;
  }

  private static byte[] signingInput(
      String ledger, String operation, JsonNode arguments, String certificate, String time, String requestId, String algorithm) {
    return CanonicalJson.serialize(unsigned(ledger, operation, arguments, certificate, time, requestId, algorithm));
  }

  private static ObjectNode unsigned(
      String ledger, String operation, JsonNode arguments, String certificate, String time, String requestId, String algorithm) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("format", FORMAT);
    o.put("ledger", ledger);
    o.put("operation", operation);
    o.set("arguments", arguments);
    o.put("certificate", certificate);
    o.put("time", time);
    o.put("requestId", requestId);
    o.put("algorithm", algorithm);
    return o;
  }

  private static SignatureAlgorithm algorithmOf(String wireName) {
    try {
      return SignatureAlgorithm.fromWireName(wireName);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The instant {@code time} names in exactly the form {@link #TIME} writes ({@code 2026-12-05T08:00:00.000Z}), or null:
   * read digit by digit (every request is read twice on its way into a ledger, and a formatter's parse and format were a
   * visible share of the rules' time), a date or time that does not exist refused as the formatter's round trip refused it.
   */
  static Instant parseTime(String time) {
    if (time.length() != 24 || time.charAt(4) != '-' || time.charAt(7) != '-' || time.charAt(10) != 'T' || time.charAt(13) != ':'
        || time.charAt(16) != ':' || time.charAt(19) != '.' || time.charAt(23) != 'Z') {
      return null;
    }
    int year = digits(time, 0, 4);
    int month = digits(time, 5, 7);
    int day = digits(time, 8, 10);
    int hour = digits(time, 11, 13);
    int minute = digits(time, 14, 16);
    int second = digits(time, 17, 19);
    int millis = digits(time, 20, 23);
    if ((year | month | day | hour | minute | second | millis) < 0) {
      return null;
    }
    try {
      return java.time.LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000).toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The number the decimal digits {@code from} to {@code to} of {@code s} write, or -1 when one is not a digit. */
  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static String text(JsonNode tree, String name) {
    JsonNode v = tree.get(name);
    if (v != null && !v.isTextual()) {
      throw new SignedRequestException(SignedRequestException.Reason.MALFORMED, name + " must be a string");
    }
    return v == null ? null : v.asText();
  }

  private static void require(boolean ok, String field, String message) {
    if (!ok) {
      throw new SignedRequestException(SignedRequestException.Reason.MALFORMED, field + " " + message);
    }
  }
}

package io.dareg.core.cert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.core.json.Json;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import java.io.IOException;

/**
 * A signed registration certificate (登记证书): the payload of REQUIREMENTS.md §6, signed by the
 * registry's issuing key over the RFC 8785 bytes of the payload, with the signer's X.509 chain.
 * The format is specified in docs/certificate-format.md.
 *
 * <pre>{@code
 * Certificate cert = Certificate.parse(bytes);
 * String onLedger = cert.certificateHash();   // what recordCertificate put on the ledger
 * }</pre>
 *
 * @param mediaType always {@link #MEDIA_TYPE}
 * @param payload what is certified
 * @param signature the registry's signature and chain
 */
public record Certificate(String mediaType, CertificatePayload payload, CertificateSignature signature) {
  /** The versioned media type of this format. */
  public static final String MEDIA_TYPE = "application/vnd.dareg.certificate+json;version=1";

  /** Checks the envelope. */
  public Certificate {
    Require.present("mediaType", mediaType);
    if (!MEDIA_TYPE.equals(mediaType)) {
      throw new InvalidInputException("mediaType", "'" + mediaType + "' is not " + MEDIA_TYPE);
    }
    Require.present("payload", payload);
    Require.present("signature", signature);
  }

  /** Reads a certificate document; malformed input names the field at fault. */
  public static Certificate parse(byte[] json) {
    return read(() -> Json.mapper().readValue(json, Certificate.class));
  }

  /**
   * Reads the certificate document {@code parser} stands at (its opening brace) and leaves the
   * parser after it, for a document inside a larger one; errors as {@link #parse}.
   */
  public static Certificate read(JsonParser parser) {
    return read(() -> MEMBER_READER.readValue(parser));
  }

  /** Reads a certificate and leaves what follows it in the input to the caller. */
  private static final ObjectReader MEMBER_READER =
      Json.mapper().readerFor(Certificate.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Reading a certificate, by {@link #parse} or {@link #read(JsonParser)}. */
  private interface Reading {
    Certificate read() throws IOException;
  }

  private static Certificate read(Reading reading) {
    try {
      return reading.read();
    } catch (JacksonException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidInputException) {
        throw (InvalidInputException) cause;
      }
      throw new InvalidInputException("certificate", "is not a dareg certificate: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidInputException("certificate", "cannot be read: " + e.getMessage());
    }
  }

  /** The RFC 8785 bytes of the whole document. */
  public byte[] canonicalBytes() {
    return encoded().canonicalBytes();
  }

  /** The RFC 8785 bytes of the payload: the bytes the signature covers. */
  public byte[] signedBytes() {
    return Json.canonical(payload);
  }

  /**
   * The certificate's hash as the ledger records it: SHA-256 (ECDSA) or SM3 (SM2) of {@link
   * #canonicalBytes()}, lower-case hex.
   */
  @JsonIgnore
  public String certificateHash() {
    return encoded().certificateHash();
  }

  /**
   * The certificate with its signed bytes, its whole canonical bytes and its hash, the payload
   * serialised once: what a verifier needs, which would otherwise serialise the payload for the
   * signature and again for the hash.
   */
  @JsonIgnore
  public Encoded encoded() {
    byte[] signed = signedBytes();
    // The payload's own canonical bytes are the middle member as they stand.
    byte[] whole = new CanonicalWriter(signed.length + 2048).beginObject()
        .name("mediaType").value(mediaType)
        .name("payload").canonicalValue(signed)
        .name("signature").canonicalValue(Json.canonical(signature))
        .endObject().toByteArray();
    SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(signature.algorithm());
    return new Encoded(this, signed, whole, Hashes.hex(alg.hash(), whole));
  }

  /**
   * A certificate and its encodings, computed together by {@link Certificate#encoded()}.
   *
   * @param certificate the certificate
   * @param signedBytes the RFC 8785 bytes of its payload, which the signature covers
   * @param canonicalBytes the RFC 8785 bytes of the whole document
   * @param certificateHash the hash of {@code canonicalBytes} as the ledger records it
   */
  public record Encoded(Certificate certificate, byte[] signedBytes, byte[] canonicalBytes, String certificateHash) {}
}

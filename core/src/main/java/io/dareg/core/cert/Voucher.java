package io.dareg.core.cert;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record of the ledger signed by the registry's issuing key, for a party to keep as evidence of
 * what the ledger said and when: an exchange's listing check (挂牌审核) or a trade voucher (交易凭证).
 * Signed like a certificate (same key, same chain, RFC 8785 bytes) and verified offline with
 * {@link CertificateVerifier#verify(Voucher)}.
 *
 * @param mediaType {@link #MEDIA_TYPE}
 * @param kind {@code listing-check} or {@code trade}
 * @param signedAt when the gateway signed it
 * @param record the ledger's record, as the ledger answered it
 * @param signature the signature over {@link #signedBytes()} and the signer's chain
 */
public record Voucher(String mediaType, String kind, Instant signedAt, JsonNode record, CertificateSignature signature) {
  /** The media type of a voucher document. */
  public static final String MEDIA_TYPE = "application/vnd.dareg.voucher+json;version=1";

  /** Validates every field. */
  public Voucher {
    if (!MEDIA_TYPE.equals(mediaType)) {
      throw new InvalidInputException("mediaType", "must be " + MEDIA_TYPE);
    }
    kind = Require.identifier("kind", kind);
    Require.present("signedAt", signedAt);
    Require.present("record", record);
    if (!record.isObject()) {
      throw new InvalidInputException("record", "must be a JSON object");
    }
    Require.present("signature", signature);
  }

  /** The bytes the signature covers: RFC 8785 of the media type, kind, time and record. */
  public byte[] signedBytes() {
    return signedBytes(kind, signedAt, record);
  }

  /** The bytes a voucher of {@code kind} for {@code record} signed at {@code signedAt} covers. */
  public static byte[] signedBytes(String kind, Instant signedAt, JsonNode record) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("mediaType", MEDIA_TYPE);
    content.put("kind", kind);
    content.put("signedAt", signedAt);
    content.put("record", record);
    return Json.canonical(content);
  }

  /** Reads a voucher document; InvalidInputException naming what is wrong. */
  public static Voucher parse(byte[] json) {
    try {
      return Json.mapper().readValue(json, Voucher.class);
    } catch (IOException e) {
      Throwable c = e.getCause();
      if (c instanceof InvalidInputException i) {
        throw i;
      }
      throw new InvalidInputException("voucher", "not a voucher document: " + e.getMessage());
    }
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.cert.Certificate;
import io.dareg.core.json.Json;
import io.dareg.gateway.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The signed certificates this gateway issued, one file each, named by certificate number, and beside each the id of
 * the transaction that recorded it on the ledger (kept since issue 22; a certificate issued before has none until it
 * is looked up once).
 */
final class CertificateFiles {
  private final Path dir;

  CertificateFiles(Path dir) throws IOException {
    this.dir = dir;
    OwnerOnlyFiles.directory(dir);
  }

  /** Keeps a signed certificate and the transaction that recorded it ({@code txId}, null when not known). */
  void write(String certNo, byte[] canonical, String txId) throws IOException {
    OwnerOnlyFiles.write(file(certNo), canonical);
    if (txId != null) {
      keepRecordedBy(certNo, txId);
    }
  }

  /** Keeps {@code txId} as the transaction that recorded the certificate. */
  void keepRecordedBy(String certNo, String txId) throws IOException {
    OwnerOnlyFiles.write(txFile(certNo), txId);
  }

  /**
   * The transaction that recorded the certificate, as kept beside it, or null when none is kept (a certificate issued
   * before the gateway kept them, or none held by that number).
   */
  String recordedBy(String certNo) throws IOException {
    if (!wellFormed(certNo) || !Files.exists(txFile(certNo))) {
      return null;
    }
    String txId = Files.readString(txFile(certNo), java.nio.charset.StandardCharsets.UTF_8).strip();
    return txId.isEmpty() ? null : txId;
  }

  /** The signed certificate's bytes; a 404 when this gateway holds none by that number. */
  byte[] bytes(String certNo) throws IOException {
    // Check the name before it touches the file system: it comes straight from the URL.
    if (!wellFormed(certNo)) {
      throw Problem.notFound("this gateway holds no certificate " + certNo.replaceAll("[^\\p{Print}]", "?"));
    }
    Path file = file(certNo);
    if (!Files.exists(file)) {
      throw Problem.notFound("this gateway holds no certificate " + certNo);
    }
    return Files.readAllBytes(file);
  }

  /** The signed certificate as JSON; a 404 when this gateway holds none by that number. */
  JsonNode json(String certNo) throws IOException {
    return Json.mapper().readTree(bytes(certNo));
  }

  /** The certificate, when this gateway holds it. */
  Optional<Certificate> find(String certNo) throws IOException {
    if (!wellFormed(certNo) || !Files.exists(file(certNo))) {
      return Optional.empty();
    }
    return Optional.of(Certificate.parse(Files.readAllBytes(file(certNo))));
  }

  private static boolean wellFormed(String certNo) {
    return certNo.matches("[A-Za-z0-9-]{1,80}");
  }

  private Path file(String certNo) {
    return dir.resolve(certNo + ".json");
  }

  private Path txFile(String certNo) {
    return dir.resolve(certNo + ".txid");
  }
}

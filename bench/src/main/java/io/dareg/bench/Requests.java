package io.dareg.bench;

import io.dareg.core.crypto.Hashes;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataSource;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.UpdateFrequency;
import io.dareg.gateway.ledger.Committed;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** What the load programs send (canonical JSON arguments, the hashes and assets inside them) and read back. */
final class Requests {
  private Requests() {}

  /** The canonical JSON text of a request record. */
  static String json(Object request) {
    return new String(Json.canonical(request), StandardCharsets.UTF_8);
  }

  /** Lower-case hex SHA-256 of a text. */
  static String hash(String text) {
    return Hashes.hex(HashAlgorithm.SHA256, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The undertakings TJ-DIP (合规承诺) and DL (责任承诺书) require of the {@code i}-th applicant, by hash. */
  static List<io.dareg.core.model.Attachment> undertakings(long i) {
    String hash = io.dareg.core.crypto.Hashes.hex(io.dareg.core.model.HashAlgorithm.SM3,
        ("undertaking " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return List.of(
        new io.dareg.core.model.Attachment(io.dareg.core.model.AttachmentKind.COMPLIANCE_UNDERTAKING, "bench", io.dareg.core.model.HashAlgorithm.SM3,
            hash, LocalDate.of(2026, 3, 1)),
        new io.dareg.core.model.Attachment(io.dareg.core.model.AttachmentKind.RESPONSIBILITY_UNDERTAKING, "bench", io.dareg.core.model.HashAlgorithm.SM3,
            hash, LocalDate.of(2026, 3, 1)));
  }

  /** The {@code i}-th bench registration's evidence deposit (SM3, a recognised channel). */
  static io.dareg.core.api.DepositEvidenceRequest deposit(long i) {
    return new io.dareg.core.api.DepositEvidenceRequest(HashAlgorithm.SM3, hash("data-" + i), null, i, "dareg", null);
  }

  /** The {@code i}-th bench registration's application on evidence {@code evidenceNo}, with the undertakings it needs. */
  static io.dareg.core.api.SubmitRequest application(String evidenceNo, long i) {
    return new io.dareg.core.api.SubmitRequest(null, io.dareg.core.model.RightType.HOLDING, asset((int) i), List.of(),
        List.of(evidenceNo), null, false, undertakings(i));
  }

  /** The {@code i}-th bench registration as one transaction (issue 26): its deposit and its application. */
  static io.dareg.core.api.RegisterRequest registration(long i) {
    return registration(deposit(i), i);
  }

  /** The {@code i}-th bench registration as one transaction, depositing {@code deposit} with its application. */
  static io.dareg.core.api.RegisterRequest registration(io.dareg.core.api.DepositEvidenceRequest deposit, long i) {
    return new io.dareg.core.api.RegisterRequest(List.of(deposit), new io.dareg.core.api.SubmitRequest(null,
        io.dareg.core.model.RightType.HOLDING, asset((int) i), List.of(), List.of(), null, false, undertakings(i)));
  }

  /** The asset of the {@code i}-th bench registration. */
  static AssetDescription asset(int i) {
    return new AssetDescription("数据集 " + i, "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "天津市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL,
        List.of(), new Scale(1, 1), UpdateFrequency.MONTHLY, null, List.of("信用评估"), "授信", "汇总", ClassificationLevel.GENERAL);
  }

  /** {@link #field(Committed, String)} of a submitted transaction, once it is committed. */
  static String field(CompletableFuture<Committed> submitted, String name) {
    return field(submitted.join(), name);
  }

  /** A text field of a committed transaction's result, such as the number of the record it made. */
  static String field(Committed committed, String name) {
    try {
      return Json.mapper().readTree(committed.resultJson()).path(name).asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

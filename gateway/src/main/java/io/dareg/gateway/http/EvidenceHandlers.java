package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.Evidence;
import io.dareg.gateway.documents.EvidenceReportPdf;
import java.io.IOException;
import java.util.Map;

/** Evidence the gateway serves itself: the evidence report (存证报告书). Deposits and reads are ledger transactions. */
final class EvidenceHandlers {
  private final Reads reads;
  private final Pdfs pdfs;

  EvidenceHandlers(Reads reads, Pdfs pdfs) {
    this.reads = reads;
    this.pdfs = pdfs;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("getEvidenceReport", this::report);
  }

  /** getEvidenceReport: the report as PDF, with the ledger's record attached. */
  void report(Call call) {
    String evidenceNo = call.param("id");
    pdfs.send(call.ctx(), evidenceNo + "-report.pdf", () -> report(call.caller(), evidenceNo));
  }

  private byte[] report(Caller caller, String evidenceNo) throws IOException {
    // Read as the caller: whoever may read the evidence may have its report, nobody else.
    JsonNode record = reads.query(caller, "getEvidence", Map.of("id", evidenceNo));
    Evidence evidence = Json.mapper().convertValue(record, Evidence.class);
    String registryName = reads.registryName();
    String depositor;
    try {
      depositor = reads.query(ApiServer.SERVICE_CALLER, "getAccount", Map.of("id", evidence.declaredBy())).path("name")
          .asText(evidence.declaredBy());
    } catch (Problem p) {
      depositor = evidence.declaredBy();
    }
    return new EvidenceReportPdf(pdfs.font()).render(evidence, registryName, depositor, CanonicalJson.serialize(record));
  }
}

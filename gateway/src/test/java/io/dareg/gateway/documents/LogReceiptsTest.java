package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.cert.Certificate;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.SignedNote;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Receipts (issue 24 item 4) on an embedded ledger with the dev witness: a certificate's transaction gets a receipt
 * from the receipt route, the certificate and its act carry it once witnessed, and it verifies with the log's and the
 * witness's keys after the gateway has stopped.
 */
class LogReceiptsTest {

  @Test
  void a_certificate_receipt_from_the_route_verifies_offline_after_the_gateway_stopped() throws Exception {
    String txId;
    byte[] receiptJson;
    byte[] certificateDocument;
    byte[] act;
    String logKey;
    String witnessKey;
    try (RunningGateway g = new RunningGateway(true)) {
      JsonNode issued = g.issueCertificate();
      String regNo = issued.path("payload").path("regNo").asText();
      String certNo = issued.path("payload").path("certNo").asText();
      txId = null;
      for (JsonNode p : Json.mapper().readTree(g.get("regulator", "/api/v1/registrations/" + regNo + "/provenance").body())) {
        if (p.path("record").asText().equals("certificate") && p.path("number").asText().equals(certNo)) {
          txId = p.path("txId").asText();
        }
      }
      assertThat(txId).isNotNull();
      HttpResponse<byte[]> r = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        r = g.get("/api/v1/log/receipts/" + txId);
        if (r.statusCode() == 200) {
          break;
        }
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(409);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("not yet witnessed; retry");
        Thread.sleep(100);
      }
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      receiptJson = r.body();
      certificateDocument = g.get("/api/v1/certificates/" + certNo).body();
      act = g.get("regulator", "/api/v1/acts/" + txId).body();

      HttpResponse<byte[]> unknown = g.get("/api/v1/log/receipts/" + "0".repeat(64));
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("holds no committed transaction " + "0".repeat(64));
      logKey = Files.readString(g.dir().resolve("log/log-key.pub")).trim();
      witnessKey = Files.readString(g.dir().resolve("dev/witness/witness.vkey")).trim();
    }
    // The gateway is gone: only the keys and the files are left.
    SignedNote.Verifier log = SignedNote.Verifier.parse(logKey);
    List<SignedNote.Verifier> witnesses = List.of(SignedNote.Verifier.parse(witnessKey));
    LogReceipt receipt = LogReceipt.fromJson(Json.mapper().readTree(receiptJson));
    assertThat(receipt.txId()).isEqualTo(txId);
    assertThat(receipt.entryTxId()).isEqualTo(txId);
    LogReceipt.Result checked = receipt.verify(log, witnesses, 1, null);
    assertThat(checked.valid()).as(checked.detail()).isTrue();
    assertThat(checked.summary()).isEqualTo("recorded in the log at " + receipt.index() + ", witnessed by 1 of 1");

    // The certificate carries the receipt; taken off, the rest is the signed document, and it names this certificate.
    LogReceipt.Detached cert = LogReceipt.detach(certificateDocument);
    Certificate signed = Certificate.parse(cert.signed());
    assertThat(cert.signed()).isEqualTo(signed.canonicalBytes());
    assertThat(cert.receipt()).isNotNull();
    assertThat(cert.receipt().verify(log, witnesses, 1, null).valid()).isTrue();
    assertThat(cert.receipt().entryMentions(signed.signature().value())).isTrue();

    // The act's own transaction is the leaf.
    LogReceipt.Detached a = LogReceipt.detach(act);
    ActProof proof = ActProof.parse(a.signed());
    assertThat(a.receipt().verify(log, witnesses, 1, proof.transaction().getBytes(StandardCharsets.UTF_8)).valid()).isTrue();
    // another leaf's bytes do not pass for it
    assertThat(a.receipt().verify(log, witnesses, 1, "{}".getBytes(StandardCharsets.UTF_8)).failure())
        .isEqualTo(LogReceipt.Failure.WRONG_LEAF);
  }

  @Test
  void a_certificate_gets_its_receipt_from_the_transaction_kept_beside_it_and_one_issued_before_from_its_provenance()
      throws Exception {
    try (RunningGateway g = new RunningGateway(true)) {
      JsonNode issued = g.issueCertificate();
      String regNo = issued.path("payload").path("regNo").asText();
      String certNo = issued.path("payload").path("certNo").asText();
      String txId = null;
      for (JsonNode p : Json.mapper().readTree(g.get("regulator", "/api/v1/registrations/" + regNo + "/provenance").body())) {
        if (p.path("record").asText().equals("certificate") && p.path("number").asText().equals(certNo)) {
          txId = p.path("txId").asText();
        }
      }
      // Issuing kept the recording transaction beside the certificate.
      Path kept = g.dir().resolve("certificates").resolve(certNo + ".txid");
      assertThat(Files.readString(kept).strip()).isEqualTo(txId);
      assertThat(receiptOfCertificate(g, certNo).txId()).isEqualTo(txId);

      // What is kept is what the route uses: it does not look the transaction up again.
      String first = LogReceipt.topLevelText(g.get("/api/v1/log/entries/0").body(), "txId");
      Files.writeString(kept, first);
      assertThat(receiptOfCertificate(g, certNo).txId()).isEqualTo(first);

      // A certificate issued before the gateway kept them: its transaction is found in the provenance, and kept.
      Files.delete(kept);
      assertThat(receiptOfCertificate(g, certNo).txId()).isEqualTo(txId);
      assertThat(Files.readString(kept).strip()).isEqualTo(txId);
    }
  }

  /** The receipt the certificate carries, once a witnessed checkpoint covers its transaction. */
  private static LogReceipt receiptOfCertificate(RunningGateway g, String certNo) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      HttpResponse<byte[]> r = g.get("/api/v1/certificates/" + certNo);
      assertThat(r.statusCode()).isEqualTo(200);
      LogReceipt receipt = LogReceipt.detach(r.body()).receipt();
      if (receipt != null || System.nanoTime() > deadline) {
        assertThat(receipt).as("the certificate's receipt").isNotNull();
        return receipt;
      }
      Thread.sleep(100);
    }
  }
}

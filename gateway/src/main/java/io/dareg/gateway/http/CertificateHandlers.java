package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.gateway.cert.CertificateIssuer;
import io.dareg.gateway.documents.CertificatePdf;
import io.dareg.gateway.documents.CjkFont;
import io.dareg.gateway.ledger.Committed;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Certificates: issuing one (signed here, its hash recorded on the ledger), the signed document and
 * its paper form (PDF). Verification is {@link VerifyHandler}; the ledger's record is a transaction.
 */
final class CertificateHandlers {
  private final Vertx vertx;
  private final Reads reads;
  private final CertificateIssuer issuer;
  private final CertificateFiles files;
  private final Pdfs pdfs;
  private final Replies replies;
  private final Metrics metrics;
  /** Rendered PDFs by certificate and verify address: a signed certificate never changes, and rendering is costly. */
  private final BoundedCache<String, byte[]> rendered = new BoundedCache<>(64);

  CertificateHandlers(Vertx vertx, Reads reads, CertificateIssuer issuer, CertificateFiles files, Pdfs pdfs, Replies replies,
      Metrics metrics) {
    this.vertx = vertx;
    this.reads = reads;
    this.issuer = issuer;
    this.files = files;
    this.pdfs = pdfs;
    this.replies = replies;
    this.metrics = metrics;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("issueCertificate", this::issue).bind("getCertificate", this::get).bind("getCertificatePdf", this::pdf);
  }

  /** issueCertificate: 201 with the signed certificate, the recording transaction named in the headers and the audit log. */
  void issue(Call call) {
    RoutingContext ctx = call.ctx();
    AtomicReference<Committed> recorded = new AtomicReference<>();
    vertx.<JsonNode>executeBlocking(() -> issue(call.caller(), call.param("regNo"), recorded::set), false)
        .onSuccess(result -> {
          Replies.transactionHeaders(ctx, recorded.get());
          Replies.json(ctx, 201, result);
        })
        .onFailure(e -> Failures.fail(ctx, e));
  }

  /** getCertificate: the signed certificate document (public). */
  void get(Call call) {
    replies.blocking(call.ctx(), 200, () -> files.json(call.param("certNo")));
  }

  /** getCertificatePdf: the certificate's paper form, with a QR code to the verify page of the gateway asked (public). */
  void pdf(Call call) {
    String certNo = call.param("certNo");
    String verifyUrl = Replies.origin(call.ctx()) + "/verify.html?cert=" + certNo;
    pdfs.send(call.ctx(), certNo + ".pdf", () -> {
      // Read first: an unknown or malformed number is a 404 whether or not fonts are installed.
      byte[] signed = files.bytes(certNo);
      CjkFont font = pdfs.font();
      String key = certNo + "\n" + verifyUrl;
      byte[] cached = rendered.get(key);
      if (cached != null) {
        return cached;
      }
      byte[] pdf = new CertificatePdf(font).render(Certificate.parse(signed), signed, verifyUrl);
      rendered.put(key, pdf);
      return pdf;
    });
  }

  // issue 22: one read (the rules compose the payload from the state), the signature, one write (the rules check it against the state).
  private JsonNode issue(Caller caller, String regNo, Consumer<Committed> committed) throws IOException {
    CertificatePayload payload = reads.query(caller, "prepareCertificate", Map.of("regNo", regNo), CertificatePayload.class);
    Certificate cert = issuer.sign(payload);
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("regNo", regNo).set("certificate", Json.mapper().valueToTree(cert));
    Committed c = Reads.join(reads.ledger().submit(caller, "recordCertificate", CanonicalJson.toString(record)));
    metrics.commit();
    committed.accept(c);
    files.write(payload.certNo(), cert.canonicalBytes());
    return Json.mapper().valueToTree(cert);
  }
}

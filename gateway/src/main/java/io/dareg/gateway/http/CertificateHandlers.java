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

  private final LedgerTransactions transactions;
  private final ArtifactReceipts receipts;
  private final java.time.Clock clock;
  private static final io.dareg.core.crypto.Signatures SIGNATURES =
      new io.dareg.core.crypto.Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider());

  CertificateHandlers(Vertx vertx, Reads reads, CertificateIssuer issuer, CertificateFiles files, Pdfs pdfs, Replies replies,
      Metrics metrics, LedgerTransactions transactions, java.time.Clock clock, ArtifactReceipts receipts) {
    this.receipts = receipts;
    this.transactions = transactions;
    this.clock = clock;
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
    io.dareg.core.act.SignedRequest request = call.caller() == null ? transactions.signedRequest(call.op(), ctx) : null;
    vertx.<JsonNode>executeBlocking(() -> request != null ? issue(request, call.param("regNo"), recorded::set)
        : issue(call.caller(), call.param("regNo"), recorded::set), false)
        .onSuccess(result -> {
          Replies.transactionHeaders(ctx, recorded.get());
          Replies.json(ctx, 201, result);
        })
        .onFailure(e -> Failures.fail(ctx, e));
  }

  /**
   * getCertificate: the signed certificate document (public), exactly as signed, with its log receipt as a last member
   * {@code logReceipt} once a witnessed checkpoint covers the transaction that recorded it (issue 24).
   */
  void get(Call call) {
    String certNo = call.param("certNo");
    replies.bytes(call.ctx(), "application/json", "inline", () -> {
      byte[] signed = files.bytes(certNo);
      return receipts.attach(signed, recordedBy(certNo, signed));
    });
  }

  /**
   * The transaction that recorded the certificate: kept beside it when this gateway issued it; for one issued before
   * the gateway kept them, found once in its registration's provenance and kept from then on.
   */
  private String recordedBy(String certNo, byte[] signed) throws IOException {
    String txId = files.recordedBy(certNo);
    if (txId == null) {
      CertificatePayload p = Certificate.parse(signed).payload();
      txId = receipts.writtenBy(p.regNo(), "certificate", p.certNo());
      if (txId != null) {
        files.keepRecordedBy(certNo, txId);
      }
    }
    return txId;
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
    return recorded(payload, cert, Reads.join(reads.ledger().submit(caller, "recordCertificate", CanonicalJson.toString(record))),
        committed);
  }

  private JsonNode recorded(CertificatePayload payload, Certificate cert, Committed c, Consumer<Committed> committed) throws IOException {
    metrics.commit();
    committed.accept(c);
    files.write(payload.certNo(), cert.canonicalBytes(), c.txId());
    // issue 24: witnesses cosign a checkpoint within seconds, rarely before this answer: then the receipt comes with it
    return receipts.attach((ObjectNode) Json.mapper().valueToTree(cert), c.txId());
  }

  //
  // issue 23: the registry's key signs only for a registrar's signed issueCertificate, checked here against the ledger's trust
  // before the key is used; the rules check it again when they record the certificate under that authorisation.
  private JsonNode issue(io.dareg.core.act.SignedRequest request, String regNo, Consumer<Committed> committed) throws IOException {
    io.dareg.core.model.RegistrySettings settings = reads.query(ApiServer.SERVICE_CALLER, "getSettings", Map.of(),
        io.dareg.core.model.RegistrySettings.class);
    java.security.cert.X509Certificate author;
    try {
      if (settings.ledgerId() == null) {
        throw Problem.conflict("this ledger was initialised before writes were signed by their authors; it issues no certificates");
      }
      author = request.verify(SIGNATURES, settings.ledgerId(),
          settings.trustedRoots().stream().map(io.dareg.core.model.TrustedRoot::x509).toList(), clock.instant(), settings.requestSkew());
    } catch (io.dareg.core.act.SignedRequestException e) {
      throw switch (e.reason()) {
        case BAD_SIGNATURE, UNTRUSTED_CERTIFICATE, CERTIFICATE_NOT_VALID -> Problem.forbidden(e.getMessage());
        default -> Problem.invalid("request", e.getMessage());
      };
    }
    Caller caller = io.dareg.gateway.auth.Tokens.caller(author);
    CertificatePayload payload = reads.query(caller, "prepareCertificate", Map.of("regNo", regNo), CertificatePayload.class);
    Certificate cert = issuer.sign(payload);
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("regNo", regNo).set("certificate", Json.mapper().valueToTree(cert));
    record.set("authorisation", request.toJson());
    record.remove("regNo"); // the rules take it from the registrar's signed arguments
    return recorded(payload, cert,
        Reads.join(reads.ledger().submit(ApiServer.SERVICE_CALLER, "recordCertificate", CanonicalJson.toString(record))), committed);
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.cert.Certificate;
import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.Account;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.gateway.cert.CertificateIssuer;
import io.dareg.gateway.documents.CertificatePdf;
import io.dareg.gateway.documents.CjkFont;
import io.dareg.gateway.ledger.Committed;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
  private final Clock clock;
  /** Rendered PDFs by certificate and verify address: a signed certificate never changes, and rendering is costly. */
  private final BoundedCache<String, byte[]> rendered = new BoundedCache<>(64);

  CertificateHandlers(Vertx vertx, Reads reads, CertificateIssuer issuer, CertificateFiles files, Pdfs pdfs, Replies replies,
      Metrics metrics, Clock clock) {
    this.vertx = vertx;
    this.reads = reads;
    this.issuer = issuer;
    this.files = files;
    this.pdfs = pdfs;
    this.replies = replies;
    this.metrics = metrics;
    this.clock = clock;
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

  private JsonNode issue(Caller caller, String regNo, Consumer<Committed> committed) throws IOException {
    RegistrationView view = reads.query(caller, "getRegistration", Map.of("regNo", regNo), RegistrationView.class);
    if (view.effectiveStatus() != RegistrationStatus.ISSUED) {
      throw Problem.conflict(regNo + " is " + view.effectiveStatus() + "; certificates are issued for ISSUED registrations");
    }
    Registration r = view.registration();
    Map<String, Account> accounts = new HashMap<>();
    for (String id : r.holders()) {
      accounts.put(id, reads.query(caller, "getAccount", Map.of("id", id), Account.class));
    }
    List<Evidence> evidence = new ArrayList<>();
    for (String no : r.evidenceNos()) {
      evidence.add(reads.query(caller, "getEvidence", Map.of("id", no), Evidence.class));
    }
    int version = 1;
    while (exists(caller, regNo + "-C" + two(version))) {
      version++;
    }
    String certNo = regNo + "-C" + two(version);
    String registryName = reads.query(caller, "getSettings", "{}").path("registryName").asText();
    Certificate cert = issuer.issue(view, accounts, evidence, registryName, certNo, version, clock.instant());
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("regNo", regNo).put("certificateHash", cert.certificateHash()).put("signerKeyId", cert.signature().keyId());
    Committed c = Reads.join(reads.ledger().submit(caller, "recordCertificate", CanonicalJson.toString(record)));
    metrics.commit();
    committed.accept(c);
    String recorded = Json.mapper().readTree(c.resultJson()).path("certNo").asText();
    if (!recorded.equals(certNo)) {
      throw Problem.conflict("another certificate was recorded at the same time (" + recorded + "); try again");
    }
    files.write(certNo, cert.canonicalBytes());
    return Json.mapper().valueToTree(cert);
  }

  private boolean exists(Caller caller, String certNo) {
    try {
      reads.query(caller, "getCertificate", Map.of("id", certNo));
      return true;
    } catch (Problem p) {
      if (p.status() == 404) {
        return false;
      }
      throw p;
    }
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : String.valueOf(n);
  }
}

package io.dareg.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.CalendarView;
import io.dareg.core.api.CalendarYearRequest;
import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.SweepResult;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.HashMatches;
import io.dareg.core.api.DeliveryPage;
import io.dareg.core.api.TradePage;
import io.dareg.core.api.TradeQuery;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.SetProhibitedListRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.api.TradeView;
import io.dareg.core.api.CallerInfo;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.CorrectRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.HistoryEntry;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.RecordTransferRequest;
import io.dareg.core.api.AttachDocumentRequest;
import io.dareg.core.api.PublicTerms;
import io.dareg.core.api.PublicTermsRequest;
import io.dareg.core.api.RegistrationPage;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.auth.BearerTokens;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.json.Json;
import io.dareg.core.model.CalendarYear;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.Account;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Trade;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Objection;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Review;
import io.dareg.core.model.RoleGrant;
import io.dareg.core.model.Transfer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** {@link DaregClient} over {@link HttpClient}. */
final class HttpDaregClient implements DaregClient {
  private final DaregClient.Builder config;
  private final HttpClient http;
  private final CertificateVerifier verifier;

  HttpDaregClient(DaregClient.Builder config) {
    this.config = config;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.timeout);
    if (!config.tlsRoots.isEmpty() || config.certificate != null) {
      http.sslContext(ClientTls.context(config.tlsRoots, config.certificate, config.key));
    }
    this.http = http.build();
    this.verifier = new CertificateVerifier(new BouncyCastleProvider(), config.roots);
  }

  // --- set-up and accounts

  @Override
  public RegistrySettings initLedger(InitLedgerRequest request) {
    return post("/ledger/init", body(request), RegistrySettings.class);
  }

  @Override
  public RoleGrant grantRole(GrantRoleRequest request) {
    return post("/roles", body(request), RoleGrant.class);
  }

  @Override
  public RoleGrant removeRole(IdentityRef identity) {
    ObjectNode b = Json.mapper().createObjectNode();
    b.set("identity", Json.mapper().valueToTree(identity));
    return post("/roles/removal", b, RoleGrant.class);
  }

  @Override
  public Account openAccount(OpenAccountRequest request) {
    return post("/accounts", body(request), Account.class);
  }

  @Override
  public Account account(String accountId) {
    return get("/accounts/" + seg(accountId), Account.class);
  }

  @Override
  public Account closeAccount(String accountId) {
    return post("/accounts/" + seg(accountId) + "/closure", empty(), Account.class);
  }

  @Override
  public CallerInfo whoAmI() {
    return get("/whoami", CallerInfo.class);
  }

  @Override
  public RegistrySettings settings() {
    return get("/settings", RegistrySettings.class);
  }

  @Override
  public CalendarView calendar() {
    return get("/calendar", CalendarView.class);
  }

  @Override
  public CalendarYear recordCalendarYear(CalendarYearRequest request) {
    return post("/calendar/years", body(request), CalendarYear.class);
  }

  @Override
  public JsonNode profiles() {
    return get("/profiles", JsonNode.class);
  }

  // --- evidence and registrations

  @Override
  public Evidence depositEvidence(DepositEvidenceRequest request) {
    return post("/evidence", body(request), Evidence.class);
  }

  @Override
  public Evidence evidence(String evidenceNo) {
    return get("/evidence/" + seg(evidenceNo), Evidence.class);
  }

  @Override
  public Registration submit(SubmitRequest request, JsonNode confidential) {
    ObjectNode b = body(request);
    if (confidential != null) {
      b.set("confidential", confidential);
    }
    return post("/registrations", b, Registration.class);
  }

  @Override
  public RegistrationView registration(String regNo) {
    return get(reg(regNo), RegistrationView.class);
  }

  @Override
  public List<HistoryEntry> history(String regNo) {
    return convert(send("GET", reg(regNo) + "/history", null, true), new TypeReference<List<HistoryEntry>>() {});
  }

  @Override
  public List<Review> reviews(String regNo) {
    return convert(send("GET", reg(regNo) + "/reviews", null, true), new TypeReference<List<Review>>() {});
  }

  @Override
  public RegistrationPage registrationsOfHolder(String accountId, int pageSize, String bookmark) {
    return get("/registrations?holder=" + query(accountId) + page(pageSize, bookmark), RegistrationPage.class);
  }

  @Override
  public RegistrationPage registrationsInStatus(RegistrationStatus status, int pageSize, String bookmark) {
    return get("/registrations?status=" + status.name() + page(pageSize, bookmark), RegistrationPage.class);
  }

  @Override
  public JsonNode confidential(String regNo) {
    return get(reg(regNo) + "/confidential", JsonNode.class);
  }

  @Override
  public Registration confirmJointApplication(String regNo) {
    return post(reg(regNo) + "/confirmation", empty(), Registration.class);
  }

  @Override
  public Registration withdraw(String regNo, String reason) {
    return post(reg(regNo) + "/withdrawal", empty().put("reason", reason), Registration.class);
  }

  @Override
  public Registration startFormalReview(String regNo) {
    return post(reg(regNo) + "/formal-review/start", empty(), Registration.class);
  }

  @Override
  public Registration formalReview(FormalReviewRequest request) {
    return post(reg(request.regNo()) + "/formal-review", body(request, "regNo"), Registration.class);
  }

  @Override
  public Registration correct(CorrectRequest request) {
    return post(reg(request.regNo()) + "/correction", body(request, "regNo"), Registration.class);
  }

  @Override
  public Review substantiveReview(SubstantiveReviewRequest request) {
    return post(reg(request.regNo()) + "/substantive-review", body(request, "regNo"), Review.class);
  }

  @Override
  public Registration reject(DecisionRequest request) {
    return post(reg(request.regNo()) + "/rejection", body(request, "regNo"), Registration.class);
  }

  @Override
  public Registration publishNotice(String regNo) {
    return post(reg(regNo) + "/notice", empty(), Registration.class);
  }

  @Override
  public Registration issue(String regNo) {
    return post(reg(regNo) + "/issue", empty(), Registration.class);
  }

  @Override
  public Certificate issueCertificate(String regNo) {
    return post(reg(regNo) + "/certificates", empty(), Certificate.class);
  }

  @Override
  public Registration renew(String regNo) {
    return post(reg(regNo) + "/renewal", empty(), Registration.class);
  }

  @Override
  public Registration suspend(DecisionRequest request) {
    return post(reg(request.regNo()) + "/suspension", body(request, "regNo"), Registration.class);
  }

  @Override
  public Registration resume(DecisionRequest request) {
    return post(reg(request.regNo()) + "/resumption", body(request, "regNo"), Registration.class);
  }

  @Override
  public Registration revoke(RevokeRequest request) {
    return post(reg(request.regNo()) + "/revocation", body(request, "regNo"), Registration.class);
  }

  @Override
  public Registration abandon(DecisionRequest request) {
    return post(reg(request.regNo()) + "/abandonment", body(request, "regNo"), Registration.class);
  }

  @Override
  public Registration cancel(CancelRequest request) {
    return post(reg(request.regNo()) + "/cancellation", body(request, "regNo"), Registration.class);
  }

  // --- objections

  @Override
  public Objection raiseObjection(RaiseObjectionRequest request) {
    return post(reg(request.regNo()) + "/objections", body(request, "regNo"), Objection.class);
  }

  @Override
  public Objection objection(String objectionNo) {
    return get("/objections/" + seg(objectionNo), Objection.class);
  }

  @Override
  public Objection answerObjection(ObjectionActionRequest request) {
    return objectionStep(request, "answer");
  }

  @Override
  public Objection referObjectionToCourt(ObjectionActionRequest request) {
    return objectionStep(request, "referral");
  }

  @Override
  public Objection recordCourtFiling(ObjectionActionRequest request) {
    return objectionStep(request, "court-filing");
  }

  @Override
  public Objection resolveObjection(ResolveObjectionRequest request) {
    return post("/objections/" + seg(request.objectionNo()) + "/resolution", body(request, "objectionNo"), Objection.class);
  }

  private Objection objectionStep(ObjectionActionRequest request, String step) {
    return post("/objections/" + seg(request.objectionNo()) + "/" + step, body(request, "objectionNo"), Objection.class);
  }

  // --- issue 20: after issue

  @Override
  public ChangeApplication applyForChange(ChangeRequest request) {
    return post(reg(request.regNo()) + "/changes", body(request, "regNo"), ChangeApplication.class);
  }

  @Override
  public ChangeApplication change(String changeNo) {
    return get("/changes/" + seg(changeNo), ChangeApplication.class);
  }

  @Override
  public ChangeApplication approveChange(ChangeDecisionRequest request) {
    return post("/changes/" + seg(request.changeNo()) + "/approval", body(request, "changeNo"), ChangeApplication.class);
  }

  @Override
  public ChangeApplication refuseChange(ChangeDecisionRequest request) {
    return post("/changes/" + seg(request.changeNo()) + "/refusal", body(request, "changeNo"), ChangeApplication.class);
  }

  @Override
  public Objection forwardObjection(ObjectionActionRequest request) {
    return objectionStep(request, "forwarding");
  }

  @Override
  public SweepResult sweep() {
    return post("/ledger/sweep", empty(), SweepResult.class);
  }

  // --- rights

  @Override
  public Transfer proposeTransfer(ProposeTransferRequest request) {
    return post(reg(request.regNo()) + "/transfers", body(request, "regNo"), Transfer.class);
  }

  @Override
  public Transfer recordTransfer(RecordTransferRequest request) {
    return post(reg(request.regNo()) + "/transfers/unilateral", body(request, "regNo"), Transfer.class);
  }

  @Override
  public Transfer transfer(String transferNo) {
    return get("/transfers/" + seg(transferNo), Transfer.class);
  }

  @Override
  public Transfer acceptTransfer(String transferNo) {
    return post("/transfers/" + seg(transferNo) + "/acceptance", empty(), Transfer.class);
  }

  @Override
  public Transfer declineTransfer(String transferNo) {
    return post("/transfers/" + seg(transferNo) + "/declination", empty(), Transfer.class);
  }

  @Override
  public Encumbrance addEncumbrance(AddEncumbranceRequest request) {
    return post(reg(request.regNo()) + "/encumbrances", body(request, "regNo"), Encumbrance.class);
  }

  @Override
  public Encumbrance encumbrance(String encumbranceNo) {
    return get("/encumbrances/" + seg(encumbranceNo), Encumbrance.class);
  }

  @Override
  public Encumbrance releaseEncumbrance(ReleaseEncumbranceRequest request) {
    return post("/encumbrances/" + seg(request.encumbranceNo()) + "/release", body(request, "encumbranceNo"), Encumbrance.class);
  }

  // --- issue 20: co-holders' consent and the prohibited list

  @Override
  public Transfer consentToTransfer(String transferNo) {
    return post("/transfers/" + seg(transferNo) + "/consent", empty(), Transfer.class);
  }

  @Override
  public Encumbrance consentToEncumbrance(String encumbranceNo) {
    return post("/encumbrances/" + seg(encumbranceNo) + "/consent", empty(), Encumbrance.class);
  }

  @Override
  public RegistrySettings setProhibitedList(SetProhibitedListRequest request) {
    return post("/settings/prohibited-list", body(request), RegistrySettings.class);
  }

  // --- exchanges: listing checks, trades, deliveries, provenance

  @Override
  public ListingCheck recordListingCheck(String regNo) {
    return post(reg(regNo) + "/listing-checks", empty(), ListingCheck.class);
  }

  @Override
  public ListingCheck listingCheck(String checkNo) {
    return get("/listing-checks/" + seg(checkNo), ListingCheck.class);
  }

  @Override
  public Trade recordTrade(RecordTradeRequest request) {
    return post(reg(request.regNo()) + "/trades", body(request, "regNo"), Trade.class);
  }

  @Override
  public TradeView trade(String tradeNo) {
    return get("/trades/" + seg(tradeNo), TradeView.class);
  }

  @Override
  public io.dareg.core.cert.Voucher tradeVoucher(String tradeNo) {
    return get("/trades/" + seg(tradeNo) + "/voucher", io.dareg.core.cert.Voucher.class);
  }

  @Override
  public io.dareg.core.cert.Voucher listingCheckVoucher(String checkNo) {
    return get("/listing-checks/" + seg(checkNo) + "/voucher", io.dareg.core.cert.Voucher.class);
  }

  @Override
  public VerificationReport verifyVoucher(io.dareg.core.cert.Voucher voucher) {
    return verifier.verify(voucher);
  }

  @Override
  public Trade recordSettlement(SettleTradeRequest request) {
    return post("/trades/" + seg(request.tradeNo()) + "/settlement", body(request, "tradeNo"), Trade.class);
  }

  @Override
  public Trade recordDispute(TradeDisputeRequest request) {
    return post("/trades/" + seg(request.tradeNo()) + "/dispute", body(request, "tradeNo"), Trade.class);
  }

  @Override
  public Delivery recordDelivery(RecordDeliveryRequest request) {
    return post("/trades/" + seg(request.tradeNo()) + "/deliveries", body(request, "tradeNo"), Delivery.class);
  }

  @Override
  public Delivery delivery(String deliveryNo) {
    return get("/deliveries/" + seg(deliveryNo), Delivery.class);
  }

  @Override
  public Delivery answerDelivery(AnswerDeliveryRequest request) {
    return post("/deliveries/" + seg(request.deliveryNo()) + "/answer", body(request, "deliveryNo"), Delivery.class);
  }

  @Override
  public Delivery completeDelivery(String deliveryNo) {
    return post("/deliveries/" + seg(deliveryNo) + "/completion", empty(), Delivery.class);
  }

  @Override
  public Delivery recordDeletion(String deliveryNo) {
    return post("/deliveries/" + seg(deliveryNo) + "/deletion", empty(), Delivery.class);
  }

  @Override
  public List<ProvenanceEntry> provenance(String regNo) {
    return convert(send("GET", reg(regNo) + "/provenance", null, true), new TypeReference<List<ProvenanceEntry>>() {});
  }

  @Override
  public TradePage trades(TradeQuery query) {
    return get("/trades" + indexQuery(query), TradePage.class);
  }

  @Override
  public DeliveryPage deliveries(TradeQuery query) {
    return get("/deliveries" + indexQuery(query), DeliveryPage.class);
  }

  private static String indexQuery(TradeQuery q) {
    StringBuilder b = new StringBuilder("?pageSize=").append(q.pageSize());
    java.util.function.BiConsumer<String, Object> add = (name, value) -> {
      if (value != null) {
        b.append('&').append(name).append('=').append(query(value.toString()));
      }
    };
    add.accept("exchange", q.exchange());
    add.accept("party", q.party());
    add.accept("regNo", q.regNo());
    add.accept("status", q.status());
    add.accept("from", q.from());
    add.accept("to", q.to());
    add.accept("bookmark", q.bookmark());
    return b.toString();
  }

  @Override
  public HashMatches findByHash(String hash) {
    return get("/hashes/" + seg(hash), HashMatches.class);
  }

  // --- certificates and public views

  @Override
  public Certificate certificate(String certNo) {
    return convert(send("GET", "/certificates/" + seg(certNo), null, false), Certificate.class);
  }

  @Override
  public byte[] certificatePdf(String certNo) {
    HttpResponse<byte[]> r = exchange(HttpRequest.newBuilder(url("/certificates/" + seg(certNo) + "/pdf"))
        .timeout(config.timeout).header("Accept", "application/pdf, application/problem+json").GET());
    if (r.statusCode() >= 400) {
      throw problem(r);
    }
    return r.body();
  }

  @Override
  public byte[] evidenceReport(String evidenceNo) {
    HttpResponse<byte[]> r = exchange(HttpRequest.newBuilder(url("/evidence/" + seg(evidenceNo) + "/report"))
        .timeout(config.timeout).header("Accept", "application/pdf, application/problem+json")
        .header("Authorization", "Bearer " + token()).GET());
    if (r.statusCode() >= 400) {
      throw problem(r);
    }
    return r.body();
  }

  @Override
  public byte[] periodReport(String period, String format) {
    return document("/reports/period?period=" + query(period) + "&format=" + query(format),
        "text/csv, application/pdf, application/problem+json");
  }

  @Override
  public byte[] judicialExtract(String regNo) {
    return document("/registrations/" + seg(regNo) + "/extract", "application/pdf, application/problem+json");
  }

  /** A document the caller must be signed in to fetch. */
  private byte[] document(String path, String accept) {
    HttpResponse<byte[]> r = exchange(HttpRequest.newBuilder(url(path))
        .timeout(config.timeout).header("Accept", accept).header("Authorization", "Bearer " + token()).GET());
    if (r.statusCode() >= 400) {
      throw problem(r);
    }
    return r.body();
  }

  @Override
  public CertificateRecord certificateRecord(String certNo) {
    return get("/certificates/" + seg(certNo) + "/record", CertificateRecord.class);
  }

  @Override
  public JsonNode verifyAtGateway(Certificate certificate, CertificateVerifier.EvidenceClaim data) {
    ObjectNode b = empty();
    b.set("certificate", Json.mapper().valueToTree(certificate));
    if (data != null) {
      b.putObject("data").put("algorithm", data.algorithm().name()).put("hash", data.hash());
    }
    return send("POST", "/certificates/verify", b, false);
  }

  @Override
  public VerificationReport verifyOffline(Certificate certificate, CertificateVerifier.EvidenceClaim data, Instant at) {
    return verifier.verify(certificate, at, null, data);
  }

  @Override
  public VerificationReport verifyOnline(Certificate certificate, CertificateVerifier.EvidenceClaim data, Instant at) {
    CertificateVerifier.LedgerLookup lookup = new CertificateVerifier.LedgerLookup() {
      @Override
      public Optional<CertificateRecord> certificate(String certNo) {
        try {
          return Optional.of(certificateRecord(certNo));
        } catch (ProblemException.NotFound | ProblemException.Invalid e) {
          return Optional.empty();
        }
      }

      @Override
      public Optional<RegistrationStatus> registrationStatus(String regNo) {
        try {
          return Optional.of(registration(regNo).effectiveStatus());
        } catch (ProblemException.NotFound | ProblemException.Invalid e) {
          return Optional.empty();
        }
      }

      @Override
      public List<String> objectionsRegistered(String regNo) {
        // issue 20: objections registered after issue are marked on the certificate
        return registration(regNo).objections().stream().filter(Objection::afterIssue).map(Objection::objectionNo).toList();
      }
    };
    return verifier.verify(certificate, at, lookup, data);
  }

  @Override
  public JsonNode publicNotices() {
    return send("GET", "/public/notices", null, false);
  }

  @Override
  public JsonNode publicAnnouncements() {
    return send("GET", "/public/announcements", null, false);
  }

  // issue 20: review, profiles and disclosure

  @Override
  public Registration attachDocument(AttachDocumentRequest request) {
    return post(reg(request.regNo()) + "/attachments", body(request, "regNo"), Registration.class);
  }

  @Override
  public RegistrationPage overdueFormalReviews() {
    return get("/registrations?overdue=true", RegistrationPage.class);
  }

  @Override
  public RegistrySettings setPublicTerms(PublicTermsRequest request) {
    return post("/settings/public-terms", body(request), RegistrySettings.class);
  }

  @Override
  public PublicTerms publicTerms() {
    return Json.mapper().convertValue(send("GET", "/public/fees", null, false), PublicTerms.class);
  }

  @Override
  public JsonNode publicValidity(String number) {
    return send("GET", "/public/validity/" + seg(number), null, false);
  }

  @Override
  public JsonNode auditLedger() {
    return send("GET", "/ledger/audit", null, true);
  }

  @Override
  public LedgerBackup backupLedger(Path blockFile) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(config.baseUrl.toString().replaceAll("/+$", "") + "/api/v1/ledger/backup"))
        .header("Authorization", "Bearer " + token()).GET().build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new GatewayUnreachableException("cannot reach the gateway at " + config.baseUrl + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayUnreachableException("interrupted while calling the gateway", e);
    }
    try (InputStream in = r.body()) {
      if (r.statusCode() >= 400) {
        JsonNode answer = Json.mapper().readTree(in.readAllBytes());
        throw ProblemException.of(r.statusCode(), answer.path("type").asText(null), answer.path("detail").asText("HTTP " + r.statusCode()), null);
      }
      Files.copy(in, blockFile, StandardCopyOption.REPLACE_EXISTING);
      PublicKey nodeKey = KeyFactory.getInstance("EC", new BouncyCastleProvider()).generatePublic(new X509EncodedKeySpec(
          Base64.getDecoder().decode(r.headers().firstValue("Dareg-Node-Key").orElseThrow(() -> new IOException("no Dareg-Node-Key header")))));
      return new LedgerBackup(blockFile, Long.parseLong(r.headers().firstValue("Dareg-Blocks").orElse("-1")),
          r.headers().firstValue("Dareg-Head-Hash").orElse(""), nodeKey);
    } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw new GatewayUnreachableException("the backup from " + config.baseUrl + " could not be written to " + blockFile + ": " + e.getMessage(), e);
    }
  }

  // issue 27: the README runs as written
  @Override
  public Instant devClock() {
    return Instant.parse(send("GET", "/dev/clock", null, false).path("now").asText());
  }

  // --- plumbing

  private <T> T get(String path, Class<T> type) {
    return convert(send("GET", path, null, true), type);
  }

  private <T> T post(String path, JsonNode body, Class<T> type) {
    return convert(send("POST", path, body, true), type);
  }

  private URI url(String path) {
    return URI.create(config.baseUrl.toString().replaceAll("/+$", "") + "/api/v1" + path);
  }

  private HttpResponse<byte[]> exchange(HttpRequest.Builder b) {
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new GatewayUnreachableException("cannot reach the gateway at " + config.baseUrl + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayUnreachableException("interrupted while calling the gateway", e);
    }
  }

  private static ProblemException problem(HttpResponse<byte[]> r) {
    JsonNode answer;
    try {
      answer = Json.mapper().readTree(r.body());
    } catch (IOException e) {
      answer = Json.mapper().createObjectNode();
    }
    return ProblemException.of(r.statusCode(), answer.path("type").asText(null), answer.path("detail").asText("HTTP " + r.statusCode()),
        answer.hasNonNull("field") ? answer.get("field").asText() : null);
  }

  private JsonNode send(String method, String path, JsonNode body, boolean authenticated) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(path))
        .timeout(config.timeout)
        .header("Accept", "application/json");
    if (authenticated) {
      b.header("Authorization", "Bearer " + token());
    }
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.canonical(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new GatewayUnreachableException("cannot reach the gateway at " + config.baseUrl + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayUnreachableException("interrupted while calling the gateway", e);
    }
    JsonNode answer;
    try {
      answer = r.body().length == 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(r.body());
    } catch (IOException e) {
      throw ProblemException.of(r.statusCode(), "https://dareg.io/problems/unreadable", "the gateway answered with something that is not JSON", null);
    }
    if (r.statusCode() >= 400) {
      throw ProblemException.of(r.statusCode(), answer.path("type").asText(null), answer.path("detail").asText("HTTP " + r.statusCode()),
          answer.hasNonNull("field") ? answer.get("field").asText() : null);
    }
    return answer;
  }

  /** A fresh token for every request: outside dev mode a gateway accepts each token id once. */
  private String token() {
    if (config.certificate == null || config.key == null) {
      throw new IllegalStateException("this client has no identity: set one with DaregClient.builder().identity(certificate, key)");
    }
    return BearerTokens.sign(config.certificate, config.key, Instant.now(), config.tokenLifetime);
  }

  private static <T> T convert(JsonNode node, Class<T> type) {
    return type == JsonNode.class ? type.cast(node) : Json.mapper().convertValue(node, type);
  }

  private static <T> T convert(JsonNode node, TypeReference<T> type) {
    return Json.mapper().convertValue(node, type);
  }

  private static ObjectNode body(Object request, String... pathFields) {
    ObjectNode b = Json.mapper().valueToTree(request);
    for (String f : pathFields) {
      b.remove(f);
    }
    return b;
  }

  private static ObjectNode empty() {
    return Json.mapper().createObjectNode();
  }

  private static String reg(String regNo) {
    return "/registrations/" + seg(regNo);
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String page(int pageSize, String bookmark) {
    return (pageSize > 0 ? "&pageSize=" + pageSize : "") + (bookmark == null || bookmark.isEmpty() ? "" : "&bookmark=" + query(bookmark));
  }
}

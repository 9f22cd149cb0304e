package io.dareg.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.AttachDocumentRequest;
import io.dareg.core.api.CalendarView;
import io.dareg.core.api.CalendarYearRequest;
import io.dareg.core.api.CallerInfo;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.CorrectRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.HistoryEntry;
import io.dareg.core.api.IdentityRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.PublicTerms;
import io.dareg.core.api.PublicTermsRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.RecordTransferRequest;
import io.dareg.core.api.RegisterRequest;
import io.dareg.core.api.Registered;
import io.dareg.core.api.RegistrationPage;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SetProhibitedListRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.api.SweepResult;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.model.Account;
import io.dareg.core.model.CalendarYear;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
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
import java.net.http.HttpClient;
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
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * {@link DaregClient} over {@link HttpClient}: each method is one call of an operation, named by the gateway's
 * operation id, through {@link GatewayCalls}. The exchanges' operations ({@link ExchangeClient}) are implemented in
 * {@link HttpExchangeClient}, which this class extends.
 */
final class HttpDaregClient extends HttpRegistriesClient implements DaregClient {
  private static final String PDF = "application/pdf, application/problem+json";

  private final DaregClient.Builder config;

  HttpDaregClient(DaregClient.Builder config) {
    super(new GatewayCalls(config), new CertificateVerifier(new BouncyCastleProvider(), config.roots));
    this.config = config;
  }

  // --- set-up and accounts

  @Override public RegistrySettings initLedger(InitLedgerRequest request) {
    return calls.send("initLedger", RegistrySettings.class, request);
  }
  @Override public RoleGrant grantRole(GrantRoleRequest request) {
    return calls.send("grantRole", RoleGrant.class, request);
  }
  @Override public RoleGrant removeRole(IdentityRef identity) {
    return calls.send("removeRole", RoleGrant.class, new IdentityRequest(identity));
  }
  @Override public Account openAccount(OpenAccountRequest request) {
    return calls.send("openAccount", Account.class, request);
  }
  @Override public Account account(String accountId) {
    return calls.call("getAccount", Account.class, accountId);
  }
  @Override public Account closeAccount(String accountId) {
    return calls.call("closeAccount", Account.class, accountId);
  }
  @Override public List<Account> accounts() {
    return List.of(calls.call("listAccounts", Account[].class));
  }
  @Override public CallerInfo whoAmI() {
    return calls.call("whoAmI", CallerInfo.class);
  }
  @Override public RegistrySettings settings() {
    return calls.call("getSettings", RegistrySettings.class);
  }
  @Override public CalendarView calendar() {
    return calls.call("getCalendar", CalendarView.class);
  }
  @Override public CalendarYear recordCalendarYear(CalendarYearRequest request) {
    return calls.send("recordCalendarYear", CalendarYear.class, request);
  }
  @Override public JsonNode profiles() {
    return calls.call("listProfiles", JsonNode.class);
  }

  // --- evidence and registrations

  @Override public Evidence depositEvidence(DepositEvidenceRequest request) {
    return calls.send("depositEvidence", Evidence.class, request);
  }
  @Override public Evidence evidence(String evidenceNo) {
    return calls.call("getEvidence", Evidence.class, evidenceNo);
  }
  /**
   * The confidential material travels beside the signed request, never inside it: what the author signs is its hash
   * (SHA-256 of its RFC 8785 form, as the gateway's store names it), which the gateway checks the material against.
   */
  @Override
  public Registration submit(SubmitRequest request, JsonNode confidential) {
    if (confidential == null) {
      return calls.send("submit", Registration.class, request);
    }
    ObjectNode arguments = Json.mapper().valueToTree(request);
    arguments.put("confidentialHash", confidentialHash(request, confidential));
    return calls.sendWith("submit", Registration.class, arguments, "confidential", confidential);
  }

  @Override
  public Registered register(RegisterRequest request, JsonNode confidential) {
    if (confidential == null) {
      return calls.send("register", Registered.class, request);
    }
    ObjectNode arguments = Json.mapper().valueToTree(request);
    arguments.with("application").put("confidentialHash", confidentialHash(request.application(), confidential));
    return calls.sendWith("register", Registered.class, arguments, "confidential", confidential);
  }

  /** The hash an application signs for its {@code confidential} material, which must be an object it names no hash for. */
  private static String confidentialHash(SubmitRequest application, JsonNode confidential) {
    if (!confidential.isObject()) {
      throw new IllegalArgumentException("the confidential material must be a JSON object, not " + confidential.getNodeType());
    }
    if (application.confidentialHash() != null) {
      throw new IllegalArgumentException("the application already names a confidentialHash and confidential material is given too:"
          + " give the material and leave confidentialHash out (the client computes it), or give only the hash of material"
          + " the gateway already holds");
    }
    return Hashes.hex(HashAlgorithm.SHA256, CanonicalJson.serialize(confidential));
  }


  @Override public RegistrationView registration(String regNo) {
    return calls.call("getRegistration", RegistrationView.class, regNo);
  }
  @Override public List<HistoryEntry> history(String regNo) {
    return calls.call("getHistory", new TypeReference<List<HistoryEntry>>() {}, regNo);
  }
  @Override public List<Review> reviews(String regNo) {
    return calls.call("listReviews", new TypeReference<List<Review>>() {}, regNo);
  }
  @Override public RegistrationPage registrationsOfHolder(String accountId, int pageSize, String bookmark) {
    return calls.find("listRegistrations", RegistrationPage.class, "?holder=" + query(accountId) + page(pageSize, bookmark));
  }
  @Override public RegistrationPage registrationsInStatus(RegistrationStatus status, int pageSize, String bookmark) {
    return calls.find("listRegistrations", RegistrationPage.class, "?status=" + status.name() + page(pageSize, bookmark));
  }
  @Override public RegistrationPage overdueFormalReviews() {
    return calls.find("listRegistrations", RegistrationPage.class, "?overdue=true");
  }
  @Override public JsonNode confidential(String regNo) {
    return calls.call("getConfidential", JsonNode.class, regNo);
  }
  @Override public Registration confirmJointApplication(String regNo) {
    return calls.call("confirmJointApplication", Registration.class, regNo);
  }
  @Override public Registration withdraw(String regNo, String reason) {
    return calls.send("withdraw", Registration.class, Json.mapper().createObjectNode().put("reason", reason), regNo);
  }
  @Override public Registration startFormalReview(String regNo) {
    return calls.call("startFormalReview", Registration.class, regNo);
  }
  @Override public Registration formalReview(FormalReviewRequest request) {
    return calls.send("formalReview", Registration.class, request);
  }
  @Override public Registration correct(CorrectRequest request) {
    return calls.send("correct", Registration.class, request);
  }
  @Override public Review substantiveReview(SubstantiveReviewRequest request) {
    return calls.send("substantiveReview", Review.class, request);
  }
  @Override public Registration reject(DecisionRequest request) {
    return calls.send("reject", Registration.class, request);
  }
  @Override public Registration publishNotice(String regNo) {
    return calls.call("publishNotice", Registration.class, regNo);
  }
  @Override public Registration issue(String regNo) {
    return calls.call("issue", Registration.class, regNo);
  }
  @Override public Certificate issueCertificate(String regNo) {
    return calls.call("issueCertificate", Certificate.class, regNo);
  }
  @Override public Registration renew(String regNo) {
    return calls.call("renew", Registration.class, regNo);
  }
  @Override public Registration suspend(DecisionRequest request) {
    return calls.send("suspend", Registration.class, request);
  }
  @Override public Registration resume(DecisionRequest request) {
    return calls.send("resume", Registration.class, request);
  }
  @Override public Registration revoke(RevokeRequest request) {
    return calls.send("revoke", Registration.class, request);
  }
  @Override public Registration abandon(DecisionRequest request) {
    return calls.send("abandon", Registration.class, request);
  }
  @Override public Registration cancel(CancelRequest request) {
    return calls.send("cancel", Registration.class, request);
  }
  @Override public Registration attachDocument(AttachDocumentRequest request) {
    return calls.send("attachDocument", Registration.class, request);
  }

  // --- objections

  @Override public Objection raiseObjection(RaiseObjectionRequest request) {
    return calls.send("raiseObjection", Objection.class, request);
  }
  @Override public Objection objection(String objectionNo) {
    return calls.call("getObjection", Objection.class, objectionNo);
  }
  @Override public Objection answerObjection(ObjectionActionRequest request) {
    return calls.send("answerObjection", Objection.class, request);
  }
  @Override public Objection referObjectionToCourt(ObjectionActionRequest request) {
    return calls.send("referObjectionToCourt", Objection.class, request);
  }
  @Override public Objection recordCourtFiling(ObjectionActionRequest request) {
    return calls.send("recordCourtFiling", Objection.class, request);
  }
  @Override public Objection resolveObjection(ResolveObjectionRequest request) {
    return calls.send("resolveObjection", Objection.class, request);
  }
  @Override public Objection forwardObjection(ObjectionActionRequest request) {
    return calls.send("forwardObjection", Objection.class, request);
  }

  // --- after issue

  @Override public ChangeApplication applyForChange(ChangeRequest request) {
    return calls.send("applyForChange", ChangeApplication.class, request);
  }
  @Override public ChangeApplication change(String changeNo) {
    return calls.call("getChange", ChangeApplication.class, changeNo);
  }
  @Override public ChangeApplication approveChange(ChangeDecisionRequest request) {
    return calls.send("approveChange", ChangeApplication.class, request);
  }
  @Override public ChangeApplication refuseChange(ChangeDecisionRequest request) {
    return calls.send("refuseChange", ChangeApplication.class, request);
  }
  @Override public SweepResult sweep() {
    return calls.call("sweep", SweepResult.class);
  }

  // --- rights

  @Override public Transfer proposeTransfer(ProposeTransferRequest request) {
    return calls.send("proposeTransfer", Transfer.class, request);
  }
  @Override public Transfer recordTransfer(RecordTransferRequest request) {
    return calls.send("recordTransfer", Transfer.class, request);
  }
  @Override public Transfer transfer(String transferNo) {
    return calls.call("getTransfer", Transfer.class, transferNo);
  }
  @Override public Transfer acceptTransfer(String transferNo) {
    return calls.call("acceptTransfer", Transfer.class, transferNo);
  }
  @Override public Transfer declineTransfer(String transferNo) {
    return calls.call("declineTransfer", Transfer.class, transferNo);
  }
  @Override public Transfer consentToTransfer(String transferNo) {
    return calls.call("consentToTransfer", Transfer.class, transferNo);
  }
  @Override public Encumbrance addEncumbrance(AddEncumbranceRequest request) {
    return calls.send("addEncumbrance", Encumbrance.class, request);
  }
  @Override public Encumbrance encumbrance(String encumbranceNo) {
    return calls.call("getEncumbrance", Encumbrance.class, encumbranceNo);
  }
  @Override public Encumbrance releaseEncumbrance(ReleaseEncumbranceRequest request) {
    return calls.send("releaseEncumbrance", Encumbrance.class, request);
  }
  @Override public Encumbrance consentToEncumbrance(String encumbranceNo) {
    return calls.call("consentToEncumbrance", Encumbrance.class, encumbranceNo);
  }
  @Override public RegistrySettings setProhibitedList(SetProhibitedListRequest request) {
    return calls.send("setProhibitedList", RegistrySettings.class, request);
  }
  @Override public RegistrySettings setPublicTerms(PublicTermsRequest request) {
    return calls.send("setPublicTerms", RegistrySettings.class, request);
  }

  // --- certificates, documents and public views

  @Override public Certificate certificate(String certNo) {
    return Certificate.parse(LogReceipt.detach(certificateDocument(certNo)).signed());
  }
  @Override public byte[] certificateDocument(String certNo) {
    return calls.document("getCertificate", "application/json", "", certNo);
  }
  @Override public LogReceipt logReceipt(String txId) {
    try {
      return LogReceipt.fromJson(Json.mapper().readTree(calls.document("getLogReceipt", "application/json", "", txId)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
  @Override public String logCheckpoint() {
    return new String(calls.document("getLogCheckpoint", "text/plain", ""), StandardCharsets.UTF_8);
  }
  @Override public List<byte[]> logConsistencyProof(long from, long to) {
    try {
      JsonNode proof = Json.mapper().readTree(calls.document("getLogConsistencyProof", "application/json", "?from=" + from + "&to=" + to));
      List<byte[]> out = new java.util.ArrayList<>();
      proof.path("hashes").forEach(h -> out.add(java.util.HexFormat.of().parseHex(h.asText())));
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("the gateway's consistency proof cannot be read: " + e.getMessage(), e);
    }
  }
  @Override public CertificateRecord certificateRecord(String certNo) {
    return calls.call("getCertificateRecord", CertificateRecord.class, certNo);
  }
  @Override public byte[] certificatePdf(String certNo) {
    return calls.document("getCertificatePdf", PDF, "", certNo);
  }
  @Override public byte[] evidenceReport(String evidenceNo) {
    return calls.document("getEvidenceReport", PDF, "", evidenceNo);
  }
  @Override public byte[] periodReport(String period, String format) {
    return periodReport(period, format, null);
  }
  @Override public byte[] periodReport(String period, String format, String registry) {
    return calls.document("getPeriodReport", "text/csv, " + PDF, "?period=" + query(period) + "&format=" + query(format)
        + (registry == null ? "" : "&registry=" + query(registry)));
  }
  @Override public byte[] judicialExtract(String regNo) {
    return calls.document("getJudicialExtract", PDF, "", regNo);
  }
  @Override public byte[] exportAct(String txId) {
    return calls.document("exportAct", "application/json", "", txId);
  }
  @Override
  public JsonNode verifyAtGateway(Certificate certificate, CertificateVerifier.EvidenceClaim data) {
    ObjectNode b = Json.mapper().createObjectNode().set("certificate", Json.mapper().valueToTree(certificate));
    if (data != null) {
      b.putObject("data").put("algorithm", data.algorithm().name()).put("hash", data.hash());
    }
    return calls.send("verifyCertificate", JsonNode.class, b);
  }

  @Override public VerificationReport verifyOffline(Certificate certificate, CertificateVerifier.EvidenceClaim data, Instant at) {
    return verifier.verify(certificate, at, null, data);
  }
  @Override
  public VerificationReport verifyOnline(Certificate certificate, CertificateVerifier.EvidenceClaim data, Instant at, String venue) {
    return verifier.verify(certificate, at, new OnlineLookup(this, config, certificate.payload().regNo(), venue), data);
  }

  @Override public JsonNode publicNotices() {
    return calls.call("publicNotices", JsonNode.class);
  }
  @Override public JsonNode publicAnnouncements() {
    return calls.call("publicAnnouncements", JsonNode.class);
  }
  @Override public PublicTerms publicTerms() {
    return calls.call("publicFees", PublicTerms.class);
  }
  @Override public JsonNode publicValidity(String number) {
    return calls.call("publicValidity", JsonNode.class, number);
  }

  // --- supervision (issue 25)

  @Override public String readSupervisionFeed(String after, long from, boolean follow, java.util.function.Predicate<SupervisionEvent> listener) {
    return EventStreamReader.supervisionFeed(calls, config.baseUrl, after, from, follow, listener);
  }

  // --- operating the ledger

  @Override public JsonNode auditLedger() {
    return calls.call("auditLedger", JsonNode.class);
  }
  @Override
  public LedgerBackup backupLedger(Path blockFile) {
    HttpResponse<InputStream> r = calls.stream("backupLedger");
    try (InputStream in = r.body()) {
      Files.copy(in, blockFile, StandardCopyOption.REPLACE_EXISTING);
      PublicKey nodeKey = KeyFactory.getInstance("EC", new BouncyCastleProvider()).generatePublic(new X509EncodedKeySpec(
          Base64.getDecoder().decode(r.headers().firstValue("Dareg-Node-Key").orElseThrow(() -> new IOException("no Dareg-Node-Key header")))));
      return new LedgerBackup(blockFile, Long.parseLong(r.headers().firstValue("Dareg-Blocks").orElse("-1")),
          r.headers().firstValue("Dareg-Head-Hash").orElse(""), nodeKey);
    } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw new GatewayUnreachableException("the backup from " + config.baseUrl + " could not be written to " + blockFile + ": " + e.getMessage(), e);
    }
  }

  // --- signed requests

  @Override public SignedRequest sign(String operation, JsonNode arguments) {
    return calls.sign(operation, arguments);
  }

  // --- dev mode

  @Override public Instant devClock() {
    return Instant.parse(calls.call("getDevClock", JsonNode.class).path("now").asText());
  }

  private static String page(int pageSize, String bookmark) {
    return (pageSize > 0 ? "&pageSize=" + pageSize : "") + (bookmark == null || bookmark.isEmpty() ? "" : "&bookmark=" + query(bookmark));
  }
}

package io.dareg.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.api.CalendarView;
import io.dareg.core.api.CalendarYearRequest;
import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.SweepResult;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.SetProhibitedListRequest;
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
import io.dareg.core.api.RegisterRequest;
import io.dareg.core.api.Registered;
import io.dareg.core.api.RegistrationPage;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.cert.Certificate;
import io.dareg.core.model.CalendarYear;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.Account;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Objection;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Review;
import io.dareg.core.model.RoleGrant;
import io.dareg.core.model.Transfer;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A typed client of the dareg HTTP API: one method per operation, problems turned into {@link ProblemException}s, and
 * certificates verified offline against roots the caller trusts, without trusting the gateway. The exchanges'
 * operations (listing checks, trades, deliveries, provenance) are declared in {@link ExchangeClient}.
 *
 * <p>Who calls: every write is a request the caller signs with their own key ({@link SignedRequest}, issue 23), for
 * the gateway's ledger and at the ledger's time, so that the ledger's rules, not the gateway, know who asked; reads
 * carry a fresh token signed with the same key. The builder's {@link Builder#ledgerId ledgerId} and
 * {@link Builder#clock clock} say how the ledger and its time are found.
 *
 * <pre>{@code
 * DaregClient client = DaregClient.builder()
 *     .baseUrl(URI.create("http://127.0.0.1:8080"))
 *     .identity(certificate, privateKey)            // issued by the registry's CA
 *     .trustedRoots(List.of(registryRoot))
 *     .build();
 * Evidence ev = client.depositEvidence(new DepositEvidenceRequest(HashAlgorithm.SM3, hash, root, size, "dareg", null));
 * Registration r = client.submit(new SubmitRequest(null, RightType.HOLDING, asset, List.of(), List.of(ev.evidenceNo()), null), null);
 * VerificationReport report = client.verifyOffline(client.certificate(certNo), null);
 * }</pre>
 */
public interface DaregClient extends ExchangeClient, LogClient, RegistriesClient, SupervisionClient, VerifyClient {

  /**
   * A builder with the defaults: no identity (public calls only), 30 s timeouts, 5 min tokens, writes signed for the
   * ledger the gateway names and at this machine's time (aligned to a dev-mode gateway's dev clock).
   */
  static Builder builder() {
    return new Builder();
  }

  // --- set-up and accounts

  /** Initialises the ledger (an admin of the registry organisation, once). */
  RegistrySettings initLedger(InitLedgerRequest request);

  /** Enters an identity in the role table (registry admin). */
  RoleGrant grantRole(GrantRoleRequest request);

  /** Removes an identity from the role table (registry admin). */
  RoleGrant removeRole(IdentityRef identity);

  /** Opens a holder account (registrar). */
  Account openAccount(OpenAccountRequest request);

  /** Reads an account. */
  Account account(String accountId);

  /** Closes an account (registrar). */
  Account closeAccount(String accountId);

  /** Every account, open and closed, in number order (registrar, regulators). */
  List<Account> accounts();

  /** Who the ledger takes the caller to be. */
  CallerInfo whoAmI();

  /** The registry's settings. */
  RegistrySettings settings();

  /** The working-day calendar the ledger counts deadlines with, and the years recorded on it. */
  CalendarView calendar();

  /** Records the next year's official holidays and swapped working days (registry admin). */
  CalendarYear recordCalendarYear(CalendarYearRequest request);

  /** The rule profiles, as the ledger describes them. */
  JsonNode profiles();

  // --- evidence and registrations

  /** Deposits the hash of data (holder). */
  Evidence depositEvidence(DepositEvidenceRequest request);

  /** Reads an evidence deposit. */
  Evidence evidence(String evidenceNo);

  /**
   * Applies for registration (holder); {@code confidential} (a JSON object, or null) stays off the ledger: the
   * application signed carries its hash as {@code confidentialHash}, which the request must leave null when material is
   * given ({@link IllegalArgumentException} otherwise).
   */
  Registration submit(SubmitRequest request, JsonNode confidential);

  /**
   * Deposits the data's evidence and applies for registration in one transaction, signed once (holder): what {@link
   * #depositEvidence} for each deposit and then {@link #submit} do, and a refusal deposits nothing. {@code confidential}
   * as for {@link #submit}, its hash carried by the application.
   */
  Registered register(RegisterRequest request, JsonNode confidential);

  /** A registration with its certificate, encumbrances, objections and open transfer. */
  RegistrationView registration(String regNo);

  /** Every change of a registration. */
  List<HistoryEntry> history(String regNo);

  /** The review opinions of a registration. */
  List<Review> reviews(String regNo);

  /** One page of a holder's registrations; {@code bookmark} null for the first page. */
  RegistrationPage registrationsOfHolder(String accountId, int pageSize, String bookmark);

  /** One page of the registrations in a status. */
  RegistrationPage registrationsInStatus(RegistrationStatus status, int pageSize, String bookmark);

  /** The confidential material of a registration (its holders, registry, regulators, exchanges). */
  JsonNode confidential(String regNo);

  /** A co-holder confirms a joint application. */
  Registration confirmJointApplication(String regNo);

  /** The applicant withdraws. */
  Registration withdraw(String regNo, String reason);

  /** The registrar accepts an application for formal review. */
  Registration startFormalReview(String regNo);

  /** The registrar's formal review decision. */
  Registration formalReview(FormalReviewRequest request);

  /** The holder corrects an application. */
  Registration correct(CorrectRequest request);

  /** A reviewer's substantive opinion. */
  Review substantiveReview(SubstantiveReviewRequest request);

  /** The registrar rejects with grounds. */
  Registration reject(DecisionRequest request);

  /** The registrar publishes the public notice. */
  Registration publishNotice(String regNo);

  /** The registrar issues after the notice. */
  Registration issue(String regNo);

  /** The registrar signs a certificate and records its hash. */
  Certificate issueCertificate(String regNo);

  /** The registrar renews inside the window. */
  Registration renew(String regNo);

  /** Suspends (registrar, regulator). */
  Registration suspend(DecisionRequest request);

  /** Resumes (registrar, regulator). */
  Registration resume(DecisionRequest request);

  /** Revokes (registrar; regulator on an order). */
  Registration revoke(RevokeRequest request);

  /** The holder abandons the right. */
  Registration abandon(DecisionRequest request);

  /** Cancels; records are kept (registrar). */
  Registration cancel(CancelRequest request);

  // --- objections

  /** Objects to a registration in notice. */
  Objection raiseObjection(RaiseObjectionRequest request);

  /** Reads an objection. */
  Objection objection(String objectionNo);

  /** The holder answers an objection. */
  Objection answerObjection(ObjectionActionRequest request);

  /** The registrar refers an ownership dispute to court. */
  Objection referObjectionToCourt(ObjectionActionRequest request);

  /** The objector shows a court filing. */
  Objection recordCourtFiling(ObjectionActionRequest request);

  /** The registrar decides an objection. */
  Objection resolveObjection(ResolveObjectionRequest request);

  // --- issue 20: after issue (change and correction registration, objection registration, the sweep)

  /** The holder applies to change or correct an issued registration's data (变更登记 / 更正登记). */
  ChangeApplication applyForChange(ChangeRequest request);

  /** Reads a change or correction application. */
  ChangeApplication change(String changeNo);

  /** The registrar approves a change: the data changes and the certificate is superseded; record a new one. */
  ChangeApplication approveChange(ChangeDecisionRequest request);

  /** The registrar refuses a change with grounds. */
  ChangeApplication refuseChange(ChangeDecisionRequest request);

  /** The registrar records forwarding an objection registered after issue to the holder. */
  Objection forwardObjection(ObjectionActionRequest request);

  /** The registry records expiries, cancellations and lapsed objections; the result lists what changed. */
  SweepResult sweep();

  // --- rights, co-holders' consent (issue 20), the prohibited list

  /** The holder proposes a transfer. */
  Transfer proposeTransfer(ProposeTransferRequest request);

  /** The registrar records an inheritance, judgment or name change. */
  Transfer recordTransfer(RecordTransferRequest request);

  /** Reads a transfer. */
  Transfer transfer(String transferNo);

  /** The recipient accepts a transfer. */
  Transfer acceptTransfer(String transferNo);

  /** A party declines a transfer. */
  Transfer declineTransfer(String transferNo);

  /** The holder files a pledge, licence or trust. */
  Encumbrance addEncumbrance(AddEncumbranceRequest request);

  /** Reads an encumbrance. */
  Encumbrance encumbrance(String encumbranceNo);

  /** The counterparty or the registry releases an encumbrance. */
  Encumbrance releaseEncumbrance(ReleaseEncumbranceRequest request);

  /** A co-holder of a jointly held asset consents to a transfer; the last consent (after the recipient's acceptance) completes it. */
  Transfer consentToTransfer(String transferNo);

  /** A co-holder consents to a pledge, licence or trust; the last consent puts it in force. */
  Encumbrance consentToEncumbrance(String encumbranceNo);

  /** The registry admin sets the prohibited list (禁止交易清单) that listing checks and trades obey. */
  RegistrySettings setProhibitedList(SetProhibitedListRequest request);

  // --- certificates and public views

  /** The signed certificate document (public); a log receipt it carries is taken off ({@link #certificateDocument}). */
  Certificate certificate(String certNo);

  /**
   * The certificate document as the gateway serves it: the signed certificate and, once a checkpoint cosigned per the
   * registry's policy covers the transaction that recorded it, its {@code logReceipt} member (issue 24; {@code
   * io.dareg.core.log.LogReceipt#detach} takes it off).
   */
  byte[] certificateDocument(String certNo);

  /** The evidence report (存证报告书) of a deposit, as PDF, for those who may read the evidence. */
  byte[] evidenceReport(String evidenceNo);

  /**
   * The certificate's paper form (public): a PDF with every field, a QR code to the registry's
   * verify page and the signed certificate attached, so the PDF alone verifies offline.
   */
  byte[] certificatePdf(String certNo);

  /** The ledger's record of a certificate. */
  CertificateRecord certificateRecord(String certNo);

  // --- reports

  /**
   * The regulator's report of a period (regulators and the registry admin): registrations,
   * evidence, certificates, objections, trades and deliveries counted from the ledger's committed
   * events, with period bounds in China time.
   *
   * @param period a month {@code 2026-09}, a quarter {@code 2026-Q3} or a year {@code 2026}
   * @param format {@code csv} (UTF-8 text) or {@code pdf} (with a bar chart)
   * @return the report's bytes
   */
  byte[] periodReport(String period, String format);

  /**
   * The judicial extract (司法存证摘录) of an asset's evidence chain, as a PDF signed by the
   * registry's issuing key with the extract's JSON attached (registry staff, regulators and the
   * asset's holders); check it offline with {@link ExtractVerifier}.
   */
  byte[] judicialExtract(String regNo);

  /**
   * One act (transaction {@code txId}) with its author's signed request and the ledger's proof that it was committed, as
   * JSON: {@code dareg-act/1} on the embedded ledger, {@code dareg-fabric-act/1} on Fabric (registry staff, regulators
   * and the act's author); check it offline with {@code ActProof} or {@code FabricActProof} ({@code dareg verify-act}).
   */
  byte[] exportAct(String txId);

  /** Registrations in public notice, public fields only (public). */
  JsonNode publicNotices();

  /** Issued registrations, announcement fields only (public). */
  JsonNode publicAnnouncements();

  // issue 20: review, profiles and disclosure

  /** The holder attaches a document by its hash (undertaking, report, notarial certificate, power of attorney) before issue. */
  Registration attachDocument(AttachDocumentRequest request);

  /** The registrar's queue: formal reviews past the due date their profile sets. */
  RegistrationPage overdueFormalReviews();

  /** The registry admin sets the fee schedule and operating rules the registry publishes. */
  RegistrySettings setPublicTerms(PublicTermsRequest request);

  /** The registry's fee schedule, operating rules and each profile's retention period (public). */
  PublicTerms publicTerms();

  /**
   * Whether a registration (by registration number) or a certificate (by certificate number) is in
   * force, and which certificate (public).
   */
  JsonNode publicValidity(String number);

  /**
   * Has the gateway audit every block of its embedded ledger; a report signed by the node key
   * (registry admin, regulators). Check it with {@code SignedAuditReport.check}.
   */
  JsonNode auditLedger();

  /**
   * Downloads the committed chain of the gateway's embedded ledger into {@code blockFile}
   * (registry admin); the gateway audits it before sending, the caller audits it again after.
   */
  LedgerBackup backupLedger(java.nio.file.Path blockFile);

  // issue 27: the README runs as written

  /**
   * The ledger's time on a gateway started with {@code serve --dev}, whose dev clock may run days
   * ahead of this machine's (public): the instant to judge a certificate the ledger just issued at.
   * A gateway not in dev mode has no dev clock and answers {@link ProblemException.NotFound}.
   */
  java.time.Instant devClock();

  // issue 23: every write signed by its author

  /**
   * Signs a write as this client signs the ones it sends, without sending it: for another channel, or to send with
   * curl ({@code dareg sign}). {@code operation} is the transaction the request names (e.g. {@code submit},
   * {@code issueCertificate}); {@code arguments} its whole request: the body fields and the path parameters. Signed
   * for the gateway's ledger ({@code initLedger}: for the ledger its arguments name) at the ledger's time, as the
   * writes this client sends; anything but a write is refused with an {@link IllegalArgumentException}.
   */
  SignedRequest sign(String operation, JsonNode arguments);

  /** Configures a {@link DaregClient}. */
  final class Builder {
    private static final java.util.regex.Pattern LEDGER_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,199}");
    URI baseUrl = URI.create("http://127.0.0.1:8080");
    X509Certificate certificate;
    PrivateKey key;
    List<X509Certificate> roots = List.of();
    List<X509Certificate> tlsRoots = List.of();
    Duration timeout = Duration.ofSeconds(30);
    Duration tokenLifetime = Duration.ofMinutes(5);
    String ledgerId;
    Clock clock;

    Builder() {}

    /** The gateway, e.g. {@code http://127.0.0.1:8080}. */
    public Builder baseUrl(URI url) {
      this.baseUrl = url;
      return this;
    }

    /** The caller's certificate (from a CA the ledger trusts) and private key; writes and tokens are signed with it. */
    public Builder identity(X509Certificate certificate, PrivateKey key) {
      this.certificate = certificate;
      this.key = key;
      return this;
    }

    /** The registry roots certificates must chain to. */
    public Builder trustedRoots(List<X509Certificate> roots) {
      this.roots = List.copyOf(roots);
      return this;
    }

    /**
     * For an {@code https} gateway whose certificate is not issued by a CA the JVM trusts: the
     * roots it must chain to. When the gateway asks for a client certificate (mutual TLS), the
     * {@linkplain #identity identity} is presented (ECDSA P-256 only: TLS has no SM2 here).
     */
    public Builder tlsRoots(List<X509Certificate> roots) {
      this.tlsRoots = List.copyOf(roots);
      return this;
    }

    /** Connect and request timeout. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** How long each token lives (the gateway allows at most 5 minutes outside dev mode). */
    public Builder tokenLifetime(Duration lifetime) {
      this.tokenLifetime = lifetime;
      return this;
    }

    /**
     * The identity of the ledger writes are signed for (its settings' {@code ledgerId}), so that the client never asks
     * the gateway; by default it asks once ({@code GET /api/v1/ledger/identity}) and keeps the answer. A request for
     * another ledger is refused by this one.
     */
    public Builder ledgerId(String ledgerId) {
      if (ledgerId == null || !LEDGER_ID.matcher(ledgerId).matches()) {
        throw new IllegalArgumentException("'" + ledgerId + "' is not a ledger identity: 1 to 200 letters, digits and : . _ -,"
            + " starting with a letter or digit (the ledgerId of the registry's settings)");
      }
      this.ledgerId = ledgerId;
      return this;
    }

    /**
     * The clock writes are signed by, in place of the default: this machine's clock, moved to the dev clock of a
     * gateway in dev mode (asked before each write; a gateway without one keeps this machine's time). The ledger refuses
     * a request signed further than its skew (5 minutes by default) from its own time: set this for a ledger whose time
     * the caller knows better (tests on a ledger with a clock of their own).
     */
    public Builder clock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The client. */
    public DaregClient build() {
      return new HttpDaregClient(this);
    }
  }
}

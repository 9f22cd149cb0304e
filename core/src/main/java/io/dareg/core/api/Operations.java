package io.dareg.core.api;

import static io.dareg.core.api.Operation.evaluate;
import static io.dareg.core.api.Operation.gateway;
import static io.dareg.core.api.Operation.submit;

import io.dareg.core.api.Operation.Kind;
import io.dareg.core.api.Operation.Who;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.Voucher;
import io.dareg.core.model.Account;
import io.dareg.core.model.CalendarYear;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DuplicateFlag;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Objection;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Review;
import io.dareg.core.model.RoleGrant;
import io.dareg.core.model.Trade;
import io.dareg.core.model.Transfer;
import java.util.ArrayList;
import java.util.List;

/**
 * The operation table of the dareg HTTP API, in the order the OpenAPI document lists them: every
 * route the gateway serves under /api/v1, with its ledger transaction, request and result types
 * and who may call it. The gateway's router, its door and its OpenAPI document read this table,
 * and a client may build its requests from it (see {@link Operation}).
 *
 * <p>A new operation is added here once (with its callers where the rules restrict them); the
 * gateway refuses to start while an operation it implements itself has no handler.
 */
public final class Operations {
  private Operations() {}

  /** Every operation, in the document's order. */
  public static List<Operation> all() {
    List<Operation> o = new ArrayList<>();
    // Set-up and accounts
    o.add(submit("initLedger", "/ledger/init", "initLedger", InitLedgerRequest.class, "Initialise the ledger (registry organisation admin, once)")
        .returns(RegistrySettings.class).by(Who.REGISTRY_ADMIN));
    o.add(submit("grantRole", "/roles", "grantRole", GrantRoleRequest.class, "Enter an identity in the role table (registry admin)")
        .returns(RoleGrant.class).by(Who.REGISTRY_ADMIN));
    o.add(submit("removeRole", "/roles/removal", "removeRole", IdentityRequest.class, "Remove an identity from the role table (registry admin)")
        .returns(RoleGrant.class).by(Who.REGISTRY_ADMIN));
    o.add(evaluate("listRoles", "/roles", "listRoles", Empty.class, "The role table: every identity entered, with its role (registry admin)")
        .returns(RoleGrant[].class).by(Who.REGISTRY_ADMIN));
    o.add(submit("openAccount", "/accounts", "openAccount", OpenAccountRequest.class, "Open a holder account (registrar)")
        .returns(Account.class).by(Who.REGISTRAR).creating());
    o.add(evaluate("listAccounts", "/accounts", "listAccounts", Empty.class, "Every account, open and closed, in number order (registrar, regulators)")
        .returns(Account[].class).by(Who.REGISTRAR, Who.REGULATOR));
    o.add(evaluate("getAccount", "/accounts/{id}", "getAccount", IdRequest.class, "Read an account").returns(Account.class));
    o.add(submit("closeAccount", "/accounts/{id}/closure", "closeAccount", IdRequest.class, "Close an account (registrar)")
        .returns(Account.class).by(Who.REGISTRAR));
    o.add(submit("depositEvidence", "/evidence", "depositEvidence", DepositEvidenceRequest.class, "Deposit the hash of data as evidence (holder)")
        .returns(Evidence.class).by(Who.HOLDER).creating());
    o.add(evaluate("getEvidence", "/evidence/{id}", "getEvidence", IdRequest.class, "Read an evidence deposit")
        .returns(Evidence.class));
    o.add(gateway("getEvidenceReport", "GET", "/evidence/{id}/report", Kind.GATEWAY, "The evidence report (存证报告书) as PDF, with the ledger's record attached"));
    // Registrations
    o.add(submit("submit", "/registrations", "submit", SubmitRequest.class, "Apply for registration (holder); may carry confidential material")
        .returns(Registration.class).by(Who.HOLDER).creating());
    o.add(submit("register", "/registrations/with-evidence", "register", RegisterRequest.class, "Deposit the data's evidence and apply for registration in one transaction (holder); may carry confidential material")
        .returns(Registered.class).by(Who.HOLDER).creating());
    o.add(gateway("listRegistrations", "GET", "/registrations", Kind.GATEWAY, "List registrations by holder or status, paged")
        .returns(RegistrationPage.class));
    o.add(evaluate("getRegistration", "/registrations/{regNo}", "getRegistration", RegNoRequest.class, "Read a registration with its certificate, encumbrances and objections")
        .returns(RegistrationView.class));
    o.add(evaluate("getHistory", "/registrations/{regNo}/history", "getHistory", RegNoRequest.class, "Every change of a registration")
        .returns(HistoryEntry[].class));
    o.add(evaluate("listReviews", "/registrations/{regNo}/reviews", "listReviews", RegNoRequest.class, "The review opinions of a registration")
        .returns(Review[].class));
    o.add(gateway("getConfidential", "GET", "/registrations/{regNo}/confidential", Kind.GATEWAY, "The confidential material (holders, registry, regulators; an exchange while it has an open listing check or trade of the asset)")
        .by(Who.REGISTRAR, Who.REGULATOR, Who.EXCHANGE, Who.HOLDER));
    o.add(submit("confirmJointApplication", "/registrations/{regNo}/confirmation", "confirmJointApplication", RegNoRequest.class, "A co-holder confirms the joint application")
        .returns(Registration.class).by(Who.HOLDER));
    o.add(submit("withdraw", "/registrations/{regNo}/withdrawal", "withdraw", DecisionRequest.class, "The applicant withdraws")
        .returns(Registration.class).by(Who.HOLDER));
    o.add(submit("startFormalReview", "/registrations/{regNo}/formal-review/start", "startFormalReview", RegNoRequest.class, "Accept for formal review (registrar)")
        .returns(Registration.class).by(Who.REGISTRAR));
    o.add(submit("formalReview", "/registrations/{regNo}/formal-review", "formalReview", FormalReviewRequest.class, "Formal review decision (registrar)")
        .returns(Registration.class).by(Who.REGISTRAR));
    o.add(submit("correct", "/registrations/{regNo}/correction", "correct", CorrectRequest.class, "Correct an application (holder)")
        .returns(Registration.class).by(Who.HOLDER));
    o.add(submit("substantiveReview", "/registrations/{regNo}/substantive-review", "substantiveReview", SubstantiveReviewRequest.class, "Substantive review opinion (reviewer)")
        .returns(Review.class).by(Who.REVIEWER));
    o.add(submit("reject", "/registrations/{regNo}/rejection", "reject", DecisionRequest.class, "Reject with grounds (registrar)")
        .returns(Registration.class).by(Who.REGISTRAR));
    o.add(submit("publishNotice", "/registrations/{regNo}/notice", "publishNotice", RegNoRequest.class, "Publish the public notice (registrar)")
        .returns(Registration.class).by(Who.REGISTRAR));
    o.add(submit("issue", "/registrations/{regNo}/issue", "issue", RegNoRequest.class, "Issue after the notice (registrar)")
        .returns(Registration.class).by(Who.REGISTRAR));
    o.add(gateway("issueCertificate", "POST", "/registrations/{regNo}/certificates", Kind.GATEWAY, "Sign a certificate and record its hash (registrar)")
        .returns(Certificate.class).by(Who.REGISTRAR));
    o.add(submit("renew", "/registrations/{regNo}/renewal", "renew", RegNoRequest.class, "Renew inside the window (registrar)")
        .returns(Registration.class).by(Who.REGISTRAR));
    o.add(submit("suspend", "/registrations/{regNo}/suspension", "suspend", DecisionRequest.class, "Suspend (registrar, regulator)")
        .returns(Registration.class).by(Who.REGISTRAR, Who.REGULATOR));
    o.add(submit("resume", "/registrations/{regNo}/resumption", "resume", DecisionRequest.class, "Resume (registrar, regulator)")
        .returns(Registration.class).by(Who.REGISTRAR, Who.REGULATOR));
    o.add(submit("revoke", "/registrations/{regNo}/revocation", "revoke", RevokeRequest.class, "Revoke (registrar; regulator on an order)")
        .returns(Registration.class).by(Who.REGISTRAR, Who.REGULATOR));
    o.add(submit("abandon", "/registrations/{regNo}/abandonment", "abandon", DecisionRequest.class, "Abandon the right (holder)")
        .returns(Registration.class).by(Who.HOLDER));
    o.add(submit("cancel", "/registrations/{regNo}/cancellation", "cancel", CancelRequest.class, "Cancel; records are kept (registrar)")
        .returns(Registration.class).by(Who.REGISTRAR));
    // Objections
    o.add(submit("raiseObjection", "/registrations/{regNo}/objections", "raiseObjection", RaiseObjectionRequest.class, "Object during the notice")
        .returns(Objection.class).creating());
    o.add(evaluate("getObjection", "/objections/{id}", "getObjection", IdRequest.class, "Read an objection")
        .returns(Objection.class));
    o.add(submit("answerObjection", "/objections/{objectionNo}/answer", "answerObjection", ObjectionActionRequest.class, "The holder answers")
        .returns(Objection.class).by(Who.HOLDER));
    o.add(submit("referObjectionToCourt", "/objections/{objectionNo}/referral", "referObjectionToCourt", ObjectionActionRequest.class, "Refer an ownership dispute to court (registrar)")
        .returns(Objection.class).by(Who.REGISTRAR));
    o.add(submit("recordCourtFiling", "/objections/{objectionNo}/court-filing", "recordCourtFiling", ObjectionActionRequest.class, "The objector shows a court filing")
        .returns(Objection.class));
    o.add(submit("resolveObjection", "/objections/{objectionNo}/resolution", "resolveObjection", ResolveObjectionRequest.class, "Decide an objection (registrar)")
        .returns(Objection.class).by(Who.REGISTRAR));
    // Rights
    o.add(submit("proposeTransfer", "/registrations/{regNo}/transfers", "proposeTransfer", ProposeTransferRequest.class, "Propose a transfer (holder)")
        .returns(Transfer.class).by(Who.HOLDER).creating());
    o.add(submit("recordTransfer", "/registrations/{regNo}/transfers/unilateral", "recordTransfer", RecordTransferRequest.class, "Record an inheritance, judgment or name change (registrar)")
        .returns(Transfer.class).by(Who.REGISTRAR));
    o.add(evaluate("getTransfer", "/transfers/{id}", "getTransfer", IdRequest.class, "Read a transfer")
        .returns(Transfer.class));
    o.add(submit("acceptTransfer", "/transfers/{id}/acceptance", "acceptTransfer", IdRequest.class, "The recipient accepts")
        .returns(Transfer.class).by(Who.HOLDER));
    o.add(submit("declineTransfer", "/transfers/{id}/declination", "declineTransfer", IdRequest.class, "A party declines")
        .returns(Transfer.class).by(Who.HOLDER));
    o.add(submit("addEncumbrance", "/registrations/{regNo}/encumbrances", "addEncumbrance", AddEncumbranceRequest.class, "File a pledge, licence or trust (holder)")
        .returns(Encumbrance.class).by(Who.HOLDER).creating());
    o.add(evaluate("getEncumbrance", "/encumbrances/{id}", "getEncumbrance", IdRequest.class, "Read an encumbrance")
        .returns(Encumbrance.class));
    o.add(submit("releaseEncumbrance", "/encumbrances/{encumbranceNo}/release", "releaseEncumbrance", ReleaseEncumbranceRequest.class, "Release (counterparty, registrar)")
        .returns(Encumbrance.class).by(Who.REGISTRAR, Who.HOLDER));
    // issue 20: co-holders' consent and the prohibited list (禁止交易清单)
    o.add(submit("consentToTransfer", "/transfers/{id}/consent", "consentToTransfer", IdRequest.class, "A co-holder consents to a transfer of a jointly held asset (holder)")
        .returns(Transfer.class).by(Who.HOLDER));
    o.add(submit("consentToEncumbrance", "/encumbrances/{id}/consent", "consentToEncumbrance", IdRequest.class, "A co-holder consents to a pledge, licence or trust of a jointly held asset (holder)")
        .returns(Encumbrance.class).by(Who.HOLDER));
    o.add(submit("setProhibitedList", "/settings/prohibited-list", "setProhibitedList", SetProhibitedListRequest.class, "Set the prohibited list that listing checks and trades obey (registry admin)")
        .returns(RegistrySettings.class).by(Who.REGISTRY_ADMIN));
    // Exchanges: listing checks, trades, deliveries, provenance
    o.add(submit("recordListingCheck", "/registrations/{regNo}/listing-checks", "recordListingCheck", ListingCheckRequest.class,
        "Record what the ledger says of an asset before listing (exchange, regulator); with a venue registry other than the asset's,"
            + " it passes only under a recognition agreement, which the check names")
        .returns(ListingCheck.class).by(Who.EXCHANGE, Who.REGULATOR).creating());
    o.add(gateway("getListingCheckVoucher", "GET", "/listing-checks/{id}/voucher", Kind.GATEWAY,
        "The listing check signed by the registry's issuing key, verifiable offline like a certificate")
        .returns(Voucher.class));
    o.add(gateway("getTradeVoucher", "GET", "/trades/{id}/voucher", Kind.GATEWAY,
        "The trade voucher (交易凭证): the trade and its deliveries signed by the registry's issuing key (an exchange: only its own trades)")
        .returns(Voucher.class));
    o.add(evaluate("getListingCheck", "/listing-checks/{id}", "getListingCheck", IdRequest.class, "Read a listing check")
        .returns(ListingCheck.class));
    o.add(submit("recordTrade", "/registrations/{regNo}/trades", "recordTrade", RecordTradeRequest.class, "Record a transfer or licence trade (exchange)")
        .returns(Trade.class).by(Who.EXCHANGE).creating());
    o.add(evaluate("getTrade", "/trades/{id}", "getTrade", IdRequest.class, "Read a trade with its deliveries (an exchange: only those its organisation recorded)")
        .returns(TradeView.class));
    o.add(submit("recordSettlement", "/trades/{tradeNo}/settlement", "recordSettlement", SettleTradeRequest.class, "Record a trade's settlement (its exchange)")
        .returns(Trade.class).by(Who.EXCHANGE));
    o.add(submit("recordDispute", "/trades/{tradeNo}/dispute", "recordDispute", TradeDisputeRequest.class, "Mark a trade disputed, or record the outcome (its exchange)")
        .returns(Trade.class).by(Who.EXCHANGE));
    o.add(submit("recordDelivery", "/trades/{tradeNo}/deliveries", "recordDelivery", RecordDeliveryRequest.class, "Record a delivery under a trade (seller)")
        .returns(Delivery.class).by(Who.HOLDER).creating());
    o.add(evaluate("getDelivery", "/deliveries/{id}", "getDelivery", IdRequest.class, "Read a delivery")
        .returns(Delivery.class));
    o.add(submit("completeDelivery", "/deliveries/{id}/completion", "completeDelivery", IdRequest.class, "Record a delivery complete (seller)")
        .returns(Delivery.class).by(Who.HOLDER));
    o.add(submit("recordDeletion", "/deliveries/{id}/deletion", "recordDeletion", IdRequest.class, "Record the deletion of the data after delivery (seller)")
        .returns(Delivery.class).by(Who.HOLDER));
    o.add(submit("answerDelivery", "/deliveries/{deliveryNo}/answer", "answerDelivery", AnswerDeliveryRequest.class, "Accept or reject a delivery (buyer)")
        .returns(Delivery.class).by(Who.HOLDER));
    o.add(gateway("listTrades", "GET", "/trades", Kind.GATEWAY,
        "Trades by exchange, party, asset, status and time, paged, from the gateway's query index"
            + " (regulators: all; exchanges: those they recorded; parties: those they sell or buy in)")
        .returns(TradePage.class).by(Who.REGULATOR, Who.EXCHANGE, Who.HOLDER));
    o.add(gateway("listDeliveries", "GET", "/deliveries", Kind.GATEWAY,
        "Deliveries by their trade's exchange, party and asset, by status and time, paged, from the gateway's query index"
            + " (regulators: all; exchanges: under the trades they recorded; parties: under their trades)")
        .returns(DeliveryPage.class).by(Who.REGULATOR, Who.EXCHANGE, Who.HOLDER));
    o.add(evaluate("getProvenance", "/registrations/{regNo}/provenance", "getProvenance", RegNoRequest.class, "The provenance timeline of an asset")
        .returns(ProvenanceEntry[].class));
    o.add(gateway("getJudicialExtract", "GET", "/registrations/{regNo}/extract", Kind.GATEWAY,
        "The judicial extract (司法存证摘录) of an asset's evidence chain: a PDF signed by the registry's issuing key with the"
            + " extract's JSON attached (registry, regulators, the asset's holders)")
        .by(Who.REGISTRY_ADMIN, Who.REGISTRAR, Who.REVIEWER, Who.REGULATOR, Who.HOLDER));
    o.add(evaluate("findByHash", "/hashes/{hash}", "findByHash", HashRequest.class, "The evidence and deliveries that carry a whole-file hash or Merkle root")
        .returns(HashMatches.class));
    // Certificates, reference data, identity
    o.add(evaluate("getCertificateRecord", "/certificates/{id}/record", "getCertificate", IdRequest.class, "The ledger's record of a certificate")
        .returns(CertificateRecord.class));
    o.add(gateway("getCertificate", "GET", "/certificates/{certNo}", Kind.PUBLIC, "The signed certificate document")
        .returns(Certificate.class));
    o.add(gateway("getCertificatePdf", "GET", "/certificates/{certNo}/pdf", Kind.PUBLIC, "The certificate's paper form: PDF with a QR code to the verify page and the signed JSON attached"));
    o.add(gateway("verifyCertificate", "POST", "/certificates/verify", Kind.PUBLIC, "Verify a certificate, each check on its own"));
    o.add(gateway("publicNotices", "GET", "/public/notices", Kind.PUBLIC, "Registrations in public notice, public fields only"));
    o.add(gateway("publicAnnouncements", "GET", "/public/announcements", Kind.PUBLIC, "Issued registrations, announcement fields only"));
    o.add(evaluate("listProfiles", "/profiles", "listProfiles", Empty.class, "The rule profiles"));
    o.add(evaluate("getSettings", "/settings", "getSettings", Empty.class, "The registry's settings")
        .returns(RegistrySettings.class));
    o.add(evaluate("whoAmI", "/whoami", "whoAmI", Empty.class, "Who the ledger takes the caller to be")
        .returns(CallerInfo.class));
    o.add(evaluate("getCalendar", "/calendar", "getCalendar", Empty.class, "The working-day calendar deadlines are counted with")
        .returns(CalendarView.class));
    o.add(submit("recordCalendarYear", "/calendar/years", "recordCalendarYear", CalendarYearRequest.class,
        "Record next year's official holidays and swapped working days (registry admin)")
        .returns(CalendarYear.class).by(Who.REGISTRY_ADMIN));
    // issue 20: after issue (change and correction registration, objection registration, the sweep)
    o.add(submit("applyForChange", "/registrations/{regNo}/changes", "applyForChange", ChangeRequest.class,
        "Apply to change or correct an issued registration's data (holder; 变更登记 / 更正登记)")
        .returns(ChangeApplication.class).by(Who.HOLDER));
    o.add(evaluate("getChange", "/changes/{id}", "getChange", IdRequest.class, "Read a change or correction application")
        .returns(ChangeApplication.class));
    o.add(submit("approveChange", "/changes/{changeNo}/approval", "approveChange", ChangeDecisionRequest.class,
        "Approve a change: the data is changed and the certificate superseded; record a new one (registrar)")
        .returns(ChangeApplication.class).by(Who.REGISTRAR));
    o.add(submit("refuseChange", "/changes/{changeNo}/refusal", "refuseChange", ChangeDecisionRequest.class,
        "Refuse a change with grounds (registrar)").returns(ChangeApplication.class).by(Who.REGISTRAR));
    o.add(submit("forwardObjection", "/objections/{objectionNo}/forwarding", "forwardObjection", ObjectionActionRequest.class,
        "Record forwarding an objection registered after issue to the holder (registrar)")
        .returns(Objection.class).by(Who.REGISTRAR));
    o.add(submit("sweep", "/ledger/sweep", "sweep", Empty.class,
        "Record expiries (cancelling where the profile says so) and lapsed objections; lists what it changed (registry)")
        .returns(SweepResult.class).by(Who.REGISTRAR, Who.REGISTRY_ADMIN));
    // Operating the ledger
    o.add(gateway("auditLedger", "GET", "/ledger/audit", Kind.GATEWAY,
        "Audit every block of the embedded ledger's file; a report signed by the node key (registry admin, regulator)")
        .by(Who.REGISTRY_ADMIN, Who.REGULATOR));
    o.add(gateway("backupLedger", "GET", "/ledger/backup", Kind.GATEWAY,
        "The block file up to its last committed block, audited before it is sent (registry admin)").by(Who.REGISTRY_ADMIN));
    o.add(gateway("getPeriodReport", "GET", "/reports/period", Kind.GATEWAY,
        "Registrations, certificates, objections, trades and deliveries of a period, ?period=2026-Q3&format=csv|pdf"
            + " (regulators, registry admin)").by(Who.REGISTRY_ADMIN, Who.REGULATOR));
    o.add(gateway("readAuditLog", "GET", "/audit", Kind.GATEWAY,
        "The gateway's hash-chained audit log, ?after=SEQ&limit=N, with a check of its chain (registry admin, regulators)")
        .by(Who.REGISTRY_ADMIN, Who.REGULATOR));
    // issue 20: review, profiles and disclosure
    o.add(submit("attachDocument", "/registrations/{regNo}/attachments", "attachDocument", AttachDocumentRequest.class,
        "Attach a document by its hash before issue: undertaking, assessment report, notarial certificate, power of attorney (holder)")
        .returns(Registration.class).by(Who.HOLDER));
    o.add(submit("setPublicTerms", "/settings/public-terms", "setPublicTerms", PublicTermsRequest.class,
        "Set the fee schedule and operating rules the registry publishes (registry admin)")
        .returns(RegistrySettings.class).by(Who.REGISTRY_ADMIN));
    o.add(gateway("publicFees", "GET", "/public/fees", Kind.PUBLIC,
        "The registry's fee schedule, operating rules and each profile's retention period").returns(PublicTerms.class));
    o.add(gateway("publicValidity", "GET", "/public/validity/{number}", Kind.PUBLIC,
        "Whether a registration (by registration number) or a certificate (by certificate number) is in force, and which certificate"));

    // issue 23: what every signed request names
    o.add(gateway("getLedgerIdentity", "GET", "/ledger/identity", Kind.PUBLIC,
        "The ledger's identity, which every signed request for it names (docs/signed-requests.md): {\"ledgerId\": ...}"));
    o.add(gateway("exportAct", "GET", "/acts/{txId}", Kind.GATEWAY,
        "One act with its author's signed request and the ledger's proof that it was committed, to check offline with dareg"
            + " verify-act: dareg-act/1 on the embedded ledger, dareg-fabric-act/1 (the whole block) on Fabric (the registry's"
            + " staff, regulators and the act's author)"));

    // issue 24: the transparency log (embedded ledger), C2SP checkpoint and RFC 9162 proofs
    o.add(gateway("getLogCheckpoint", "GET", "/log/checkpoint", Kind.PUBLIC,
        "The transparency log's newest checkpoint: a C2SP tlog-checkpoint signed note (text/plain) over one leaf per committed transaction"));
    o.add(gateway("getLogKey", "GET", "/log/key", Kind.PUBLIC,
        "The key that verifies the log's checkpoints, as a signed-note verifier key (text/plain): name+id+base64 key"));
    o.add(gateway("getLogInclusionProof", "GET", "/log/proofs/inclusion", Kind.PUBLIC,
        "The RFC 9162 inclusion proof of entry ?index= in the tree of ?size= entries (default the log's size), with the entry's block"));
    o.add(gateway("getLogConsistencyProof", "GET", "/log/proofs/consistency", Kind.PUBLIC,
        "The RFC 9162 consistency proof from the tree of ?from= entries to the tree of ?to= entries (default the log's size)"));
    // issue 24: the same log as a C2SP tlog-tiles log, prefix /log/tiles (docs/transparency-log.md, "Tiles and monitor")
    o.add(gateway("getLogTilesCheckpoint", "GET", "/log/tiles/checkpoint", Kind.PUBLIC,
        "C2SP tlog-tiles: the log's checkpoint (the same signed note as /log/checkpoint), cached a few seconds"));
    o.add(gateway("getLogEntryBundle", "GET", "/log/tiles/tile/entries/{bundle*}", Kind.PUBLIC,
        "C2SP tlog-tiles: the entry bundle <N>[.p/<W>] (each entry a big-endian uint16 length and its bytes); full bundles immutable;"
            + " 501 for a bundle holding an entry over 65535 bytes (read those at /log/entries/{index})"));
    o.add(gateway("getLogTile", "GET", "/log/tiles/tile/{tile*}", Kind.PUBLIC,
        "C2SP tlog-tiles: the hash tile <L>/<N>[.p/<W>] (32-byte hashes of tree level 8L, concatenated); full tiles immutable"));
    o.add(gateway("getLogEntry", "GET", "/log/entries/{index}", Kind.PUBLIC,
        "One entry of the log by its index (0 first): the transaction's canonical bytes as the block file holds them"));

    // issue 24 item 3: witnesses cosign the log's checkpoints; the registry names them and the quorum
    o.add(submit("setLogWitnesses", "/settings/log-witnesses", "setLogWitnesses", SetLogWitnessesRequest.class,
        "Name the witnesses of the transparency log (tlog-cosignature/v1 verifier keys) and how many must cosign a checkpoint, k of n (registry admin)")
        .returns(RegistrySettings.class).by(Who.REGISTRY_ADMIN));
    o.add(gateway("addLogCosignature", "POST", "/log/cosignatures", Kind.PUBLIC,
        "A witness hands in its cosignature: {\"checkpoint\": the checkpoint's note with the witness's tlog-cosignature/v1 line(s)};"
            + " each line must be a witness the registry's settings name, over a checkpoint this log signed"));
    o.add(gateway("getWitnessedLogCheckpoint", "GET", "/log/checkpoint/witnessed", Kind.PUBLIC,
        "The newest checkpoint cosigned by as many witnesses as the registry's settings require (text/plain signed note), 404 while none is"));
    // issue 24 item 4: a transaction's receipt, its inclusion proof to the newest witnessed checkpoint
    o.add(gateway("getLogReceipt", "GET", "/log/receipts/{txId}", Kind.PUBLIC,
        "The receipt of a committed transaction (dareg-log-receipt/1: leaf index, leaf hash and entry, inclusion path, and the newest"
            + " checkpoint cosigned per the registry's witness policy); 404 for a transaction the log does not hold, 409 while no"
            + " witnessed checkpoint covers it yet (retry)"));

    // issue 25: several registries on one ledger, recognition agreements (互认), duplicates across registries (一数多登)
    o.add(submit("openRegistry", "/registries", "openRegistry", OpenRegistryRequest.class,
        "Open the caller's organisation's registry, numbering its registrations with its code (an admin of an organisation the ledger trusts)")
        .returns(RegistryRecord.class).creating());
    o.add(evaluate("listRegistries", "/registries", "listRegistries", Empty.class, "The registries on the ledger, the first one first")
        .returns(RegistryRecord[].class));
    o.add(evaluate("listDuplicates", "/registries/{id}/duplicates", "listDuplicates", IdRequest.class,
        "The duplicate flags a registry sees: its applications resting on data another registry registered, and theirs on its own")
        .returns(DuplicateFlag[].class));
    o.add(submit("proposeRecognition", "/recognitions", "proposeRecognition", ProposeRecognitionRequest.class,
        "Propose a mutual recognition agreement to another registry (registry admin)")
        .returns(Recognition.class).by(Who.REGISTRY_ADMIN).creating());
    o.add(evaluate("listRecognitions", "/recognitions", "listRecognitions", Empty.class, "Every recognition agreement on the ledger")
        .returns(Recognition[].class));
    o.add(evaluate("getRecognition", "/recognitions/{id}", "getRecognition", IdRequest.class, "Read a recognition agreement")
        .returns(Recognition.class));
    o.add(submit("acceptRecognition", "/recognitions/{id}/acceptance", "acceptRecognition", IdRequest.class,
        "Accept a recognition agreement proposed to the caller's registry, putting it in force (registry admin)")
        .returns(Recognition.class).by(Who.REGISTRY_ADMIN));
    o.add(submit("withdrawRecognition", "/recognitions/{id}/withdrawal", "withdrawRecognition", IdRequest.class,
        "Withdraw a recognition agreement the caller's registry is party to (registry admin)")
        .returns(Recognition.class).by(Who.REGISTRY_ADMIN));
    o.add(submit("addPeerRegistry", "/peer-registries", "addPeerRegistry", AddPeerRegistryRequest.class,
        "Enter a registry of another ledger: its CA root, gateway URL, log key and witnesses, so its vouchers are checked here offline"
            + " and its admin can sign its part of a recognition agreement here (registry admin)")
        .returns(PeerRegistry.class).by(Who.REGISTRY_ADMIN).creating());
    o.add(evaluate("listPeerRegistries", "/peer-registries", "listPeerRegistries", Empty.class,
        "The registries of other ledgers this ledger's registry admin entered, with the roots and log keys it attributes to them")
        .returns(PeerRegistry[].class));
    o.add(evaluate("findRegisteredHash", "/registered-hashes/{hash}", "findRegisteredHash", HashRequest.class,
        "The live registrations of this ledger resting on a hash, in any registry")
        .returns(RegisteredHash.class));
    o.add(gateway("getRegisteredHashVoucher", "GET", "/public/hashes/{hash}/voucher", Kind.PUBLIC,
        "The live registrations resting on a hash as a registered-hash voucher signed by the registry's issuing key: what this registry"
            + " answers another registry's duplicate check (一数多登); numbers and the hash only")
        .returns(Voucher.class));
    o.add(submit("recordPeerDuplicate", "/registrations/{regNo}/peer-duplicates", "recordPeerDuplicate", PeerDuplicateRequest.class,
        "Flag a registration as resting on data a peer registry already registered, with the peer's registered-hash voucher (registrar)")
        .returns(Registration.class).by(Who.REGISTRAR));

    // issue 25 item 5: the regulator's supervision feed (docs/supervision.md)
    o.add(gateway("readSupervisionFeed", "GET", "/supervision/feed", Kind.GATEWAY,
        "Every committed act with its signed request and events, and the alerts derived from them, as server-sent events"
            + " (text/event-stream) from a position in the transparency log; resume with Last-Event-ID or ?from=N (regulators)")
        .by(Who.REGULATOR));

    return o;
  }

  /**
   * The operations a gateway serves only in dev mode ({@code dareg serve --dev}): the dev clock, moved
   * forward by the registry admin and read by anyone (so {@code dareg verify --at ledger} can judge a
   * certificate at the ledger's time). A production gateway answers 404 for them.
   */
  public static List<Operation> dev() {
    return List.of(
        new Operation("advanceDevClock", "POST", "/dev/clock", null, AdvanceDevClockRequest.class, List.of(), Kind.GATEWAY,
            "Dev mode only: move the ledger's clock forward, body {\"days\": n}, n a whole number of days from 1 to 3650")
            .by(Who.REGISTRY_ADMIN),
        new Operation("getDevClock", "GET", "/dev/clock", null, null, List.of(), Kind.PUBLIC,
            "Dev mode only: the ledger's time, {\"now\": instant, \"offsetDays\": n} (n days ahead of this machine's clock)"));
  }

  /** Every operation a gateway may serve: {@link #all()}, then the dev-mode ones ({@link #dev()}). */
  public static List<Operation> allWithDev() {
    List<Operation> o = all();
    o.addAll(dev());
    return o;
  }

  /**
   * An operation found by where it is served, with its path parameters' values.
   *
   * @param operation the operation
   * @param params each path parameter's value, by name, in the path's order
   */
  public record Match(Operation operation, java.util.Map<String, String> params) {}

  /**
   * The operation of {@link #allWithDev()} that {@code method} {@code path} (under /api/v1, e.g.
   * {@code /registrations/DR-1/issue}) calls, or null when none does.
   */
  public static Match at(String method, String path) {
    for (Operation op : allWithDev()) {
      if (!op.method().equals(method)) {
        continue;
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(op.path().replaceAll("\\{[^}]+\\*}$", "(.+)").replaceAll("\\{[^}*]+}", "([^/]+)")).matcher(path);
      if (m.matches()) {
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < op.pathParams().size(); i++) {
          params.put(op.pathParams().get(i), java.net.URLDecoder.decode(m.group(i + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Match(op, java.util.Collections.unmodifiableMap(params));
      }
    }
    return null;
  }

  /** The operation named {@code id}, in {@link #allWithDev()}; throws when the table has none. */
  public static Operation byId(String id) {
    return allWithDev().stream().filter(o -> o.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no operation " + id + " in the table"));
  }
}

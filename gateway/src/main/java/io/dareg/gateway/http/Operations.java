package io.dareg.gateway.http;

import io.dareg.core.api.CalendarYearRequest;
import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.AttachDocumentRequest;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.CorrectRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.Empty;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.HashRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.IdentityRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.PublicTermsRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.RecordTransferRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SetProhibitedListRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.gateway.http.Operation.Kind;
import java.util.ArrayList;
import java.util.List;

/** The API's operations, in the order the document lists them. */
public final class Operations {
  private Operations() {}

  /** Every operation. */
  public static List<Operation> all() {
    List<Operation> o = new ArrayList<>();
    // Set-up and accounts
    o.add(submit("initLedger", "/ledger/init", "initLedger", InitLedgerRequest.class, "Initialise the ledger (registry organisation admin, once)"));
    o.add(submit("grantRole", "/roles", "grantRole", GrantRoleRequest.class, "Enter an identity in the role table (registry admin)"));
    o.add(submit("removeRole", "/roles/removal", "removeRole", IdentityRequest.class, "Remove an identity from the role table (registry admin)"));
    o.add(submit("openAccount", "/accounts", "openAccount", OpenAccountRequest.class, "Open a holder account (registrar)"));
    o.add(evaluate("getAccount", "/accounts/{id}", "getAccount", IdRequest.class, "Read an account"));
    o.add(submit("closeAccount", "/accounts/{id}/closure", "closeAccount", IdRequest.class, "Close an account (registrar)"));
    o.add(submit("depositEvidence", "/evidence", "depositEvidence", DepositEvidenceRequest.class, "Deposit the hash of data as evidence (holder)"));
    o.add(evaluate("getEvidence", "/evidence/{id}", "getEvidence", IdRequest.class, "Read an evidence deposit"));
    o.add(new Operation("getEvidenceReport", "GET", "/evidence/{id}/report", null, null, List.of("id"), Kind.GATEWAY, "The evidence report (存证报告书) as PDF, with the ledger's record attached"));
    // Registrations
    o.add(submit("submit", "/registrations", "submit", SubmitRequest.class, "Apply for registration (holder); may carry confidential material"));
    o.add(new Operation("listRegistrations", "GET", "/registrations", null, null, List.of(), Kind.GATEWAY, "List registrations by holder or status, paged"));
    o.add(evaluate("getRegistration", "/registrations/{regNo}", "getRegistration", RegNoRequest.class, "Read a registration with its certificate, encumbrances and objections"));
    o.add(evaluate("getHistory", "/registrations/{regNo}/history", "getHistory", RegNoRequest.class, "Every change of a registration"));
    o.add(evaluate("listReviews", "/registrations/{regNo}/reviews", "listReviews", RegNoRequest.class, "The review opinions of a registration"));
    o.add(new Operation("getConfidential", "GET", "/registrations/{regNo}/confidential", null, null, List.of("regNo"), Kind.GATEWAY, "The confidential material (holders, registry, regulators; an exchange while it has an open listing check or trade of the asset)"));
    o.add(submit("confirmJointApplication", "/registrations/{regNo}/confirmation", "confirmJointApplication", RegNoRequest.class, "A co-holder confirms the joint application"));
    o.add(submit("withdraw", "/registrations/{regNo}/withdrawal", "withdraw", DecisionRequest.class, "The applicant withdraws"));
    o.add(submit("startFormalReview", "/registrations/{regNo}/formal-review/start", "startFormalReview", RegNoRequest.class, "Accept for formal review (registrar)"));
    o.add(submit("formalReview", "/registrations/{regNo}/formal-review", "formalReview", FormalReviewRequest.class, "Formal review decision (registrar)"));
    o.add(submit("correct", "/registrations/{regNo}/correction", "correct", CorrectRequest.class, "Correct an application (holder)"));
    o.add(submit("substantiveReview", "/registrations/{regNo}/substantive-review", "substantiveReview", SubstantiveReviewRequest.class, "Substantive review opinion (reviewer)"));
    o.add(submit("reject", "/registrations/{regNo}/rejection", "reject", DecisionRequest.class, "Reject with grounds (registrar)"));
    o.add(submit("publishNotice", "/registrations/{regNo}/notice", "publishNotice", RegNoRequest.class, "Publish the public notice (registrar)"));
    o.add(submit("issue", "/registrations/{regNo}/issue", "issue", RegNoRequest.class, "Issue after the notice (registrar)"));
    o.add(new Operation("issueCertificate", "POST", "/registrations/{regNo}/certificates", null, null, List.of("regNo"), Kind.GATEWAY, "Sign a certificate and record its hash (registrar)"));
    o.add(submit("renew", "/registrations/{regNo}/renewal", "renew", RegNoRequest.class, "Renew inside the window (registrar)"));
    o.add(submit("suspend", "/registrations/{regNo}/suspension", "suspend", DecisionRequest.class, "Suspend (registrar, regulator)"));
    o.add(submit("resume", "/registrations/{regNo}/resumption", "resume", DecisionRequest.class, "Resume (registrar, regulator)"));
    o.add(submit("revoke", "/registrations/{regNo}/revocation", "revoke", RevokeRequest.class, "Revoke (registrar; regulator on an order)"));
    o.add(submit("abandon", "/registrations/{regNo}/abandonment", "abandon", DecisionRequest.class, "Abandon the right (holder)"));
    o.add(submit("cancel", "/registrations/{regNo}/cancellation", "cancel", CancelRequest.class, "Cancel; records are kept (registrar)"));
    // Objections
    o.add(submit("raiseObjection", "/registrations/{regNo}/objections", "raiseObjection", RaiseObjectionRequest.class, "Object during the notice"));
    o.add(evaluate("getObjection", "/objections/{id}", "getObjection", IdRequest.class, "Read an objection"));
    o.add(submit("answerObjection", "/objections/{objectionNo}/answer", "answerObjection", ObjectionActionRequest.class, "The holder answers"));
    o.add(submit("referObjectionToCourt", "/objections/{objectionNo}/referral", "referObjectionToCourt", ObjectionActionRequest.class, "Refer an ownership dispute to court (registrar)"));
    o.add(submit("recordCourtFiling", "/objections/{objectionNo}/court-filing", "recordCourtFiling", ObjectionActionRequest.class, "The objector shows a court filing"));
    o.add(submit("resolveObjection", "/objections/{objectionNo}/resolution", "resolveObjection", ResolveObjectionRequest.class, "Decide an objection (registrar)"));
    // Rights
    o.add(submit("proposeTransfer", "/registrations/{regNo}/transfers", "proposeTransfer", ProposeTransferRequest.class, "Propose a transfer (holder)"));
    o.add(submit("recordTransfer", "/registrations/{regNo}/transfers/unilateral", "recordTransfer", RecordTransferRequest.class, "Record an inheritance, judgment or name change (registrar)"));
    o.add(evaluate("getTransfer", "/transfers/{id}", "getTransfer", IdRequest.class, "Read a transfer"));
    o.add(submit("acceptTransfer", "/transfers/{id}/acceptance", "acceptTransfer", IdRequest.class, "The recipient accepts"));
    o.add(submit("declineTransfer", "/transfers/{id}/declination", "declineTransfer", IdRequest.class, "A party declines"));
    o.add(submit("addEncumbrance", "/registrations/{regNo}/encumbrances", "addEncumbrance", AddEncumbranceRequest.class, "File a pledge, licence or trust (holder)"));
    o.add(evaluate("getEncumbrance", "/encumbrances/{id}", "getEncumbrance", IdRequest.class, "Read an encumbrance"));
    o.add(submit("releaseEncumbrance", "/encumbrances/{encumbranceNo}/release", "releaseEncumbrance", ReleaseEncumbranceRequest.class, "Release (counterparty, registrar)"));
    // issue 20: co-holders' consent and the prohibited list (禁止交易清单)
    o.add(submit("consentToTransfer", "/transfers/{id}/consent", "consentToTransfer", IdRequest.class, "A co-holder consents to a transfer of a jointly held asset (holder)"));
    o.add(submit("consentToEncumbrance", "/encumbrances/{id}/consent", "consentToEncumbrance", IdRequest.class, "A co-holder consents to a pledge, licence or trust of a jointly held asset (holder)"));
    o.add(submit("setProhibitedList", "/settings/prohibited-list", "setProhibitedList", SetProhibitedListRequest.class, "Set the prohibited list that listing checks and trades obey (registry admin)"));
    // Exchanges: listing checks, trades, deliveries, provenance
    o.add(submit("recordListingCheck", "/registrations/{regNo}/listing-checks", "recordListingCheck", RegNoRequest.class, "Record what the ledger says of an asset before listing (exchange, regulator)"));
    o.add(new Operation("getListingCheckVoucher", "GET", "/listing-checks/{id}/voucher", null, null, List.of("id"), Kind.GATEWAY,
        "The listing check signed by the registry's issuing key, verifiable offline like a certificate"));
    o.add(new Operation("getTradeVoucher", "GET", "/trades/{id}/voucher", null, null, List.of("id"), Kind.GATEWAY,
        "The trade voucher (交易凭证): the trade and its deliveries signed by the registry's issuing key (an exchange: only its own trades)"));
    o.add(evaluate("getListingCheck", "/listing-checks/{id}", "getListingCheck", IdRequest.class, "Read a listing check"));
    o.add(submit("recordTrade", "/registrations/{regNo}/trades", "recordTrade", RecordTradeRequest.class, "Record a transfer or licence trade (exchange)"));
    o.add(evaluate("getTrade", "/trades/{id}", "getTrade", IdRequest.class, "Read a trade with its deliveries (an exchange: only those its organisation recorded)"));
    o.add(submit("recordSettlement", "/trades/{tradeNo}/settlement", "recordSettlement", SettleTradeRequest.class, "Record a trade's settlement (its exchange)"));
    o.add(submit("recordDispute", "/trades/{tradeNo}/dispute", "recordDispute", TradeDisputeRequest.class, "Mark a trade disputed, or record the outcome (its exchange)"));
    o.add(submit("recordDelivery", "/trades/{tradeNo}/deliveries", "recordDelivery", RecordDeliveryRequest.class, "Record a delivery under a trade (seller)"));
    o.add(evaluate("getDelivery", "/deliveries/{id}", "getDelivery", IdRequest.class, "Read a delivery"));
    o.add(submit("completeDelivery", "/deliveries/{id}/completion", "completeDelivery", IdRequest.class, "Record a delivery complete (seller)"));
    o.add(submit("recordDeletion", "/deliveries/{id}/deletion", "recordDeletion", IdRequest.class, "Record the deletion of the data after delivery (seller)"));
    o.add(submit("answerDelivery", "/deliveries/{deliveryNo}/answer", "answerDelivery", AnswerDeliveryRequest.class, "Accept or reject a delivery (buyer)"));
    o.add(new Operation("listTrades", "GET", "/trades", null, null, List.of(), Kind.GATEWAY,
        "Trades by exchange, party, asset, status and time, paged, from the gateway's query index"
            + " (regulators: all; exchanges: those they recorded; parties: those they sell or buy in)"));
    o.add(new Operation("listDeliveries", "GET", "/deliveries", null, null, List.of(), Kind.GATEWAY,
        "Deliveries by their trade's exchange, party and asset, by status and time, paged, from the gateway's query index"
            + " (regulators: all; exchanges: under the trades they recorded; parties: under their trades)"));
    o.add(evaluate("getProvenance", "/registrations/{regNo}/provenance", "getProvenance", RegNoRequest.class, "The provenance timeline of an asset"));
    o.add(new Operation("getJudicialExtract", "GET", "/registrations/{regNo}/extract", null, null, List.of("regNo"), Kind.GATEWAY,
        "The judicial extract (司法存证摘录) of an asset's evidence chain: a PDF signed by the registry's issuing key with the"
            + " extract's JSON attached (registry, regulators, the asset's holders)"));
    o.add(evaluate("findByHash", "/hashes/{hash}", "findByHash", HashRequest.class, "The evidence and deliveries that carry a whole-file hash or Merkle root"));
    // Certificates, reference data, identity
    o.add(evaluate("getCertificateRecord", "/certificates/{id}/record", "getCertificate", IdRequest.class, "The ledger's record of a certificate"));
    o.add(new Operation("getCertificate", "GET", "/certificates/{certNo}", null, null, List.of("certNo"), Kind.PUBLIC, "The signed certificate document"));
    o.add(new Operation("getCertificatePdf", "GET", "/certificates/{certNo}/pdf", null, null, List.of("certNo"), Kind.PUBLIC, "The certificate's paper form: PDF with a QR code to the verify page and the signed JSON attached"));
    o.add(new Operation("verifyCertificate", "POST", "/certificates/verify", null, null, List.of(), Kind.PUBLIC, "Verify a certificate, each check on its own"));
    o.add(new Operation("publicNotices", "GET", "/public/notices", null, null, List.of(), Kind.PUBLIC, "Registrations in public notice, public fields only"));
    o.add(new Operation("publicAnnouncements", "GET", "/public/announcements", null, null, List.of(), Kind.PUBLIC, "Issued registrations, announcement fields only"));
    o.add(evaluate("listProfiles", "/profiles", "listProfiles", Empty.class, "The rule profiles"));
    o.add(evaluate("getSettings", "/settings", "getSettings", Empty.class, "The registry's settings"));
    o.add(evaluate("whoAmI", "/whoami", "whoAmI", Empty.class, "Who the ledger takes the caller to be"));
    o.add(evaluate("getCalendar", "/calendar", "getCalendar", Empty.class, "The working-day calendar deadlines are counted with"));
    o.add(submit("recordCalendarYear", "/calendar/years", "recordCalendarYear", CalendarYearRequest.class,
        "Record next year's official holidays and swapped working days (registry admin)"));
    // issue 20: after issue (change and correction registration, objection registration, the sweep)
    o.add(submit("applyForChange", "/registrations/{regNo}/changes", "applyForChange", ChangeRequest.class,
        "Apply to change or correct an issued registration's data (holder; 变更登记 / 更正登记)"));
    o.add(evaluate("getChange", "/changes/{id}", "getChange", IdRequest.class, "Read a change or correction application"));
    o.add(submit("approveChange", "/changes/{changeNo}/approval", "approveChange", ChangeDecisionRequest.class,
        "Approve a change: the data is changed and the certificate superseded; record a new one (registrar)"));
    o.add(submit("refuseChange", "/changes/{changeNo}/refusal", "refuseChange", ChangeDecisionRequest.class,
        "Refuse a change with grounds (registrar)"));
    o.add(submit("forwardObjection", "/objections/{objectionNo}/forwarding", "forwardObjection", ObjectionActionRequest.class,
        "Record forwarding an objection registered after issue to the holder (registrar)"));
    o.add(submit("sweep", "/ledger/sweep", "sweep", Empty.class,
        "Record expiries (cancelling where the profile says so) and lapsed objections; lists what it changed (registry)"));
    // Operating the ledger
    o.add(new Operation("auditLedger", "GET", "/ledger/audit", null, null, List.of(), Kind.GATEWAY,
        "Audit every block of the embedded ledger's file; a report signed by the node key (registry admin, regulator)"));
    o.add(new Operation("backupLedger", "GET", "/ledger/backup", null, null, List.of(), Kind.GATEWAY,
        "The block file up to its last committed block, audited before it is sent (registry admin)"));
    o.add(new Operation("getPeriodReport", "GET", "/reports/period", null, null, List.of(), Kind.GATEWAY,
        "Registrations, certificates, objections, trades and deliveries of a period, ?period=2026-Q3&format=csv|pdf"
            + " (regulators, registry admin)"));
    o.add(new Operation("readAuditLog", "GET", "/audit", null, null, List.of(), Kind.GATEWAY,
        "The gateway's hash-chained audit log, ?after=SEQ&limit=N, with a check of its chain (registry admin, regulators)"));
    // issue 20: review, profiles and disclosure
    o.add(submit("attachDocument", "/registrations/{regNo}/attachments", "attachDocument", AttachDocumentRequest.class,
        "Attach a document by its hash before issue: undertaking, assessment report, notarial certificate, power of attorney (holder)"));
    o.add(submit("setPublicTerms", "/settings/public-terms", "setPublicTerms", PublicTermsRequest.class,
        "Set the fee schedule and operating rules the registry publishes (registry admin)"));
    o.add(new Operation("publicFees", "GET", "/public/fees", null, null, List.of(), Kind.PUBLIC,
        "The registry's fee schedule, operating rules and each profile's retention period"));
    o.add(new Operation("publicValidity", "GET", "/public/validity/{number}", null, null, List.of("number"), Kind.PUBLIC,
        "Whether a registration (by registration number) or a certificate (by certificate number) is in force, and which certificate"));
    return o;
  }

  private static Operation submit(String id, String path, String tx, Class<?> request, String summary) {
    return new Operation(id, "POST", path, tx, request, params(path), Kind.SUBMIT, summary);
  }

  private static Operation evaluate(String id, String path, String tx, Class<?> request, String summary) {
    return new Operation(id, "GET", path, tx, request, params(path), Kind.EVALUATE, summary);
  }

  private static List<String> params(String path) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}

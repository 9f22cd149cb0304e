package io.dareg.chaincode.fabric;

import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.chaincode.registry.RuleException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The registry as a Fabric contract: one transaction per rule, JSON in and JSON out, nothing else.
 * Every method hands its argument to {@link RegistryTransactions}, the same entry point the
 * embedded ledger uses, and turns a refusal into a {@link ChaincodeException} whose message starts
 * with the rule's code ({@code NOT_FOUND:}, {@code CONFLICT:}, {@code FORBIDDEN:}, {@code INVALID:})
 * because Fabric hands clients only the message. The list of transactions is docs/transactions.md.
 */
@Contract(
    name = "dareg",
    info =
        @Info(
            title = "dareg registry",
            description = "Data asset registration: accounts, evidence, the registration lifecycle, certificates and rights",
            version = "0.1.0",
            license = @License(name = "Apache-2.0"),
            contact = @Contact(name = "dareg")))
@Default
public final class DaregContract implements ContractInterface {
  private static final Logger LOG = Logger.getLogger(DaregContract.class.getName());
  private static final RegistryTransactions RULES = RegistryTransactions.standard();

  /** Fabric calls this for a transaction name no method carries. */
  @Override
  public void unknownTransaction(Context ctx) {
    String fn = ctx.getStub().getFunction();
    throw new ChaincodeException(
        "NOT_FOUND: no transaction '" + fn + "'; known transactions: " + String.join(", ", RULES.names()), "NOT_FOUND");
  }

  private static String run(Context ctx, String transaction, String request) {
    try {
      return RULES.invoke(new StubWorldState(ctx.getStub(), ctx.getClientIdentity()), transaction, request);
    } catch (RuleException e) {
      throw new ChaincodeException(e.wireMessage(), e.code().name().getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      // Log the cause on the peer; the client gets a stable code without internals.
      LOG.log(Level.SEVERE, "transaction " + transaction + " failed", e);
      throw new ChaincodeException(
          "INTERNAL: transaction " + transaction + " failed on the peer (" + e.getClass().getSimpleName() + ")",
          "INTERNAL".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** initLedger: InitLedgerRequest in, RegistrySettings out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String initLedger(Context ctx, String request) {
    return run(ctx, "initLedger", request);
  }

  /** grantRole: GrantRoleRequest in, RoleGrant out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String grantRole(Context ctx, String request) {
    return run(ctx, "grantRole", request);
  }

  /** removeRole: IdentityRequest in, RoleGrant out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String removeRole(Context ctx, String request) {
    return run(ctx, "removeRole", request);
  }

  /** openAccount: OpenAccountRequest in, Account out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String openAccount(Context ctx, String request) {
    return run(ctx, "openAccount", request);
  }

  /** closeAccount: IdRequest (account id) in, Account out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String closeAccount(Context ctx, String request) {
    return run(ctx, "closeAccount", request);
  }

  /** depositEvidence: DepositEvidenceRequest in, Evidence out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String depositEvidence(Context ctx, String request) {
    return run(ctx, "depositEvidence", request);
  }

  /** submit: SubmitRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String submit(Context ctx, String request) {
    return run(ctx, "submit", request);
  }

  /** confirmJointApplication: RegNoRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String confirmJointApplication(Context ctx, String request) {
    return run(ctx, "confirmJointApplication", request);
  }

  /** withdraw: DecisionRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String withdraw(Context ctx, String request) {
    return run(ctx, "withdraw", request);
  }

  /** startFormalReview: RegNoRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String startFormalReview(Context ctx, String request) {
    return run(ctx, "startFormalReview", request);
  }

  /** formalReview: FormalReviewRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String formalReview(Context ctx, String request) {
    return run(ctx, "formalReview", request);
  }

  /** correct: CorrectRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String correct(Context ctx, String request) {
    return run(ctx, "correct", request);
  }

  /** substantiveReview: SubstantiveReviewRequest in, Review out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String substantiveReview(Context ctx, String request) {
    return run(ctx, "substantiveReview", request);
  }

  /** reject: DecisionRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String reject(Context ctx, String request) {
    return run(ctx, "reject", request);
  }

  /** publishNotice: RegNoRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String publishNotice(Context ctx, String request) {
    return run(ctx, "publishNotice", request);
  }

  /** raiseObjection: RaiseObjectionRequest in, Objection out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String raiseObjection(Context ctx, String request) {
    return run(ctx, "raiseObjection", request);
  }

  /** answerObjection: ObjectionActionRequest in, Objection out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String answerObjection(Context ctx, String request) {
    return run(ctx, "answerObjection", request);
  }

  /** referObjectionToCourt: ObjectionActionRequest in, Objection out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String referObjectionToCourt(Context ctx, String request) {
    return run(ctx, "referObjectionToCourt", request);
  }

  /** recordCourtFiling: ObjectionActionRequest in, Objection out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordCourtFiling(Context ctx, String request) {
    return run(ctx, "recordCourtFiling", request);
  }

  /** resolveObjection: ResolveObjectionRequest in, Objection out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String resolveObjection(Context ctx, String request) {
    return run(ctx, "resolveObjection", request);
  }

  /** issue: RegNoRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String issue(Context ctx, String request) {
    return run(ctx, "issue", request);
  }

  /** recordCertificate: RecordCertificateRequest in, CertificateRecord out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordCertificate(Context ctx, String request) {
    return run(ctx, "recordCertificate", request);
  }

  /** renew: RegNoRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String renew(Context ctx, String request) {
    return run(ctx, "renew", request);
  }

  /** suspend: DecisionRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String suspend(Context ctx, String request) {
    return run(ctx, "suspend", request);
  }

  /** resume: DecisionRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String resume(Context ctx, String request) {
    return run(ctx, "resume", request);
  }

  /** revoke: RevokeRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String revoke(Context ctx, String request) {
    return run(ctx, "revoke", request);
  }

  /** abandon: DecisionRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String abandon(Context ctx, String request) {
    return run(ctx, "abandon", request);
  }

  /** cancel: CancelRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String cancel(Context ctx, String request) {
    return run(ctx, "cancel", request);
  }

  /** proposeTransfer: ProposeTransferRequest in, Transfer out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String proposeTransfer(Context ctx, String request) {
    return run(ctx, "proposeTransfer", request);
  }

  /** acceptTransfer: IdRequest (transfer no) in, Transfer out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String acceptTransfer(Context ctx, String request) {
    return run(ctx, "acceptTransfer", request);
  }

  /** declineTransfer: IdRequest (transfer no) in, Transfer out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String declineTransfer(Context ctx, String request) {
    return run(ctx, "declineTransfer", request);
  }

  /** recordTransfer: RecordTransferRequest in, Transfer out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordTransfer(Context ctx, String request) {
    return run(ctx, "recordTransfer", request);
  }

  /** addEncumbrance: AddEncumbranceRequest in, Encumbrance out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String addEncumbrance(Context ctx, String request) {
    return run(ctx, "addEncumbrance", request);
  }

  /** releaseEncumbrance: ReleaseEncumbranceRequest in, Encumbrance out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String releaseEncumbrance(Context ctx, String request) {
    return run(ctx, "releaseEncumbrance", request);
  }

  // issue 20: co-holders and trading controls

  /** consentToTransfer: IdRequest in, Transfer out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String consentToTransfer(Context ctx, String request) {
    return run(ctx, "consentToTransfer", request);
  }

  /** consentToEncumbrance: IdRequest in, Encumbrance out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String consentToEncumbrance(Context ctx, String request) {
    return run(ctx, "consentToEncumbrance", request);
  }

  /** setProhibitedList: SetProhibitedListRequest in, RegistrySettings out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String setProhibitedList(Context ctx, String request) {
    return run(ctx, "setProhibitedList", request);
  }

  /** recordListingCheck: RegNoRequest in, ListingCheck out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordListingCheck(Context ctx, String request) {
    return run(ctx, "recordListingCheck", request);
  }

  /** recordTrade: RecordTradeRequest in, Trade out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordTrade(Context ctx, String request) {
    return run(ctx, "recordTrade", request);
  }

  /** recordSettlement: SettleTradeRequest in, Trade out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordSettlement(Context ctx, String request) {
    return run(ctx, "recordSettlement", request);
  }

  /** recordDispute: TradeDisputeRequest in, Trade out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordDispute(Context ctx, String request) {
    return run(ctx, "recordDispute", request);
  }

  /** recordDelivery: RecordDeliveryRequest in, Delivery out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordDelivery(Context ctx, String request) {
    return run(ctx, "recordDelivery", request);
  }

  /** answerDelivery: AnswerDeliveryRequest in, Delivery out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String answerDelivery(Context ctx, String request) {
    return run(ctx, "answerDelivery", request);
  }

  /** completeDelivery: IdRequest (delivery no) in, Delivery out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String completeDelivery(Context ctx, String request) {
    return run(ctx, "completeDelivery", request);
  }

  /** recordDeletion: IdRequest (delivery no) in, Delivery out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordDeletion(Context ctx, String request) {
    return run(ctx, "recordDeletion", request);
  }

  /** getTrade: IdRequest in, TradeView out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getTrade(Context ctx, String request) {
    return run(ctx, "getTrade", request);
  }

  /** getListingCheck: IdRequest in, ListingCheck out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getListingCheck(Context ctx, String request) {
    return run(ctx, "getListingCheck", request);
  }

  /** getDelivery: IdRequest in, Delivery out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getDelivery(Context ctx, String request) {
    return run(ctx, "getDelivery", request);
  }

  /** getRegistration: RegNoRequest in, RegistrationView out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getRegistration(Context ctx, String request) {
    return run(ctx, "getRegistration", request);
  }

  /** getHistory: RegNoRequest in, HistoryEntry[] out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getHistory(Context ctx, String request) {
    return run(ctx, "getHistory", request);
  }

  /** getProvenance: RegNoRequest in, ProvenanceEntry[] out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getProvenance(Context ctx, String request) {
    return run(ctx, "getProvenance", request);
  }

  /** findByHash: HashRequest in, HashMatches out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String findByHash(Context ctx, String request) {
    return run(ctx, "findByHash", request);
  }

  /** listByHolder: ListRequest (key = account id) in, RegistrationPage out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listByHolder(Context ctx, String request) {
    return run(ctx, "listByHolder", request);
  }

  /** listByStatus: ListRequest (key = status) in, RegistrationPage out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listByStatus(Context ctx, String request) {
    return run(ctx, "listByStatus", request);
  }

  /** listReviews: RegNoRequest in, Review[] out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listReviews(Context ctx, String request) {
    return run(ctx, "listReviews", request);
  }

  /** getAccount: IdRequest in, Account out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getAccount(Context ctx, String request) {
    return run(ctx, "getAccount", request);
  }

  /** getEvidence: IdRequest in, Evidence out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getEvidence(Context ctx, String request) {
    return run(ctx, "getEvidence", request);
  }

  /** getCertificate: IdRequest in, CertificateRecord out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getCertificate(Context ctx, String request) {
    return run(ctx, "getCertificate", request);
  }

  /** getCertificateStanding: IdRequest in, CertificateStanding out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getCertificateStanding(Context ctx, String request) {
    return run(ctx, "getCertificateStanding", request);
  }

  /** getObjection: IdRequest in, Objection out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getObjection(Context ctx, String request) {
    return run(ctx, "getObjection", request);
  }

  /** getTransfer: IdRequest in, Transfer out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getTransfer(Context ctx, String request) {
    return run(ctx, "getTransfer", request);
  }

  /** getEncumbrance: IdRequest in, Encumbrance out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getEncumbrance(Context ctx, String request) {
    return run(ctx, "getEncumbrance", request);
  }

  /** listProfiles: Empty in, Profile[] out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listProfiles(Context ctx, String request) {
    return run(ctx, "listProfiles", request);
  }

  /** getSettings: Empty in, RegistrySettings out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getSettings(Context ctx, String request) {
    return run(ctx, "getSettings", request);
  }

  /** whoAmI: Empty in, CallerInfo out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String whoAmI(Context ctx, String request) {
    return run(ctx, "whoAmI", request);
  }

  /** recordCalendarYear: CalendarYearRequest in, CalendarYear out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordCalendarYear(Context ctx, String request) {
    return run(ctx, "recordCalendarYear", request);
  }

  /** getCalendar: Empty in, CalendarView out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getCalendar(Context ctx, String request) {
    return run(ctx, "getCalendar", request);
  }

  // What an exchange may read (issue 21 item 9).
  /** getConfidentialAccess: RegNoRequest in, ConfidentialAccess out (FORBIDDEN when the caller may not read it). */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getConfidentialAccess(Context ctx, String request) {
    return run(ctx, "getConfidentialAccess", request);
  }

  // issue 20: review, profiles and disclosure

  /** attachDocument: AttachDocumentRequest in, Registration out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String attachDocument(Context ctx, String request) {
    return run(ctx, "attachDocument", request);
  }

  /** setPublicTerms: PublicTermsRequest in, RegistrySettings out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String setPublicTerms(Context ctx, String request) {
    return run(ctx, "setPublicTerms", request);
  }

  /** getPublicTerms: Empty in, PublicTerms out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getPublicTerms(Context ctx, String request) {
    return run(ctx, "getPublicTerms", request);
  }

  // --- issue 20: after issue (change registration, objection registration, the sweep) ---

  /** applyForChange: ChangeRequest in, ChangeApplication out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String applyForChange(Context ctx, String request) {
    return run(ctx, "applyForChange", request);
  }

  /** approveChange: ChangeDecisionRequest in, ChangeApplication out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String approveChange(Context ctx, String request) {
    return run(ctx, "approveChange", request);
  }

  /** refuseChange: ChangeDecisionRequest in, ChangeApplication out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String refuseChange(Context ctx, String request) {
    return run(ctx, "refuseChange", request);
  }

  /** getChange: IdRequest in, ChangeApplication out. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getChange(Context ctx, String request) {
    return run(ctx, "getChange", request);
  }

  /** forwardObjection: ObjectionActionRequest in, Objection out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String forwardObjection(Context ctx, String request) {
    return run(ctx, "forwardObjection", request);
  }

  /** sweep: Empty in, SweepResult out. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String sweep(Context ctx, String request) {
    return run(ctx, "sweep", request);
  }
}

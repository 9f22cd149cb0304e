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
 * embedded ledger uses, under the method's own name, and turns a refusal into a {@link
 * ChaincodeException} whose message starts with the rule's code ({@code NOT_FOUND:}, {@code
 * CONFLICT:}, {@code FORBIDDEN:}, {@code INVALID:}) because Fabric hands clients only the message.
 *
 * <p>Fabric needs an annotated method per transaction; the methods below are grouped by the rule
 * class that declares them, in declaration order. What each takes and returns is in
 * docs/transactions.md; DaregContractTest holds the methods and the declared transactions equal.
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
  /** The peer's own clock, which a proposal's timestamp must be near (issue 23: a proposal cannot be backdated). */
  private final java.time.Clock endorserClock;

  /** The contract as Fabric makes it: on the peer's clock ({@link PeerClock}). */
  public DaregContract() {
    this(PeerClock.fromEnvironment());
  }

  /** The contract with the endorser's clock {@code endorserClock} (tests). */
  DaregContract(java.time.Clock endorserClock) {
    this.endorserClock = endorserClock;
  }

  /** Fabric calls this for a transaction name no method carries. */
  @Override
  public void unknownTransaction(Context ctx) {
    String fn = ctx.getStub().getFunction();
    throw new ChaincodeException(
        "NOT_FOUND: no transaction '" + fn + "'; known transactions: " + String.join(", ", RULES.names()), "NOT_FOUND");
  }

  /** Runs the transaction named after the contract method that calls this, so each name is written once. */
  private String run(Context ctx, String request) {
    String transaction = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getMethodName();
    try {
      return RULES.invoke(new StubWorldState(ctx.getStub(), ReaderClaim.of(ctx, transaction, RULES.isReadOnly(transaction)), endorserClock),
          transaction, request);
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

  // AccountRules (the ledger, roles, accounts and evidence)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String initLedger(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String grantRole(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String removeRole(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listRoles(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String openAccount(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String closeAccount(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listAccounts(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String depositEvidence(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String setPublicTerms(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String setLogWitnesses(Context ctx, String request) { return run(ctx, request); }

  // ApplicationRules (applications)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String submit(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String register(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String confirmJointApplication(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String withdraw(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String correct(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String attachDocument(Context ctx, String request) { return run(ctx, request); }

  // ReviewRules (review and public notice)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String startFormalReview(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String formalReview(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String substantiveReview(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String reject(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String publishNotice(Context ctx, String request) { return run(ctx, request); }

  // IssueRules (issue and renewal)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String issue(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String renew(Context ctx, String request) { return run(ctx, request); }

  // CancellationRules (suspension, revocation, abandonment and cancellation)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String suspend(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String resume(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String revoke(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String abandon(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String cancel(Context ctx, String request) { return run(ctx, request); }

  // ObjectionRules (objections)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String raiseObjection(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String answerObjection(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String referObjectionToCourt(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordCourtFiling(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String resolveObjection(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String forwardObjection(Context ctx, String request) { return run(ctx, request); }

  // CertificateRules (certificates)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordCertificate(Context ctx, String request) { return run(ctx, request); }

  // issue 22: the certificate payload to sign, composed by the rules in one read
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String prepareCertificate(Context ctx, String request) { return run(ctx, request); }

  // RightsRules (transfers and encumbrances)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String proposeTransfer(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String acceptTransfer(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String declineTransfer(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordTransfer(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String addEncumbrance(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String releaseEncumbrance(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String consentToTransfer(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String consentToEncumbrance(Context ctx, String request) { return run(ctx, request); }

  // TradeRules (listing checks, trades and deliveries)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordListingCheck(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordTrade(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordSettlement(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordDispute(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordDelivery(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String answerDelivery(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String completeDelivery(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordDeletion(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getTrade(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getListingCheck(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getDelivery(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String setProhibitedList(Context ctx, String request) { return run(ctx, request); }

  // ProvenanceQueries (provenance)
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getProvenance(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String findByHash(Context ctx, String request) { return run(ctx, request); }

  // RegistryQueries (reads)
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getRegistration(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getHistory(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listByHolder(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listByStatus(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listReviews(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getAccount(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getEvidence(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getCertificate(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getCertificateStanding(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getObjection(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getTransfer(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getEncumbrance(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listProfiles(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getSettings(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String whoAmI(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getPublicTerms(Context ctx, String request) { return run(ctx, request); }

  // CalendarRules (the working-day calendar)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordCalendarYear(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getCalendar(Context ctx, String request) { return run(ctx, request); }

  // ExchangeScope (what an exchange may read)
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getConfidentialAccess(Context ctx, String request) { return run(ctx, request); }

  // ChangeRules (change and correction after issue)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String applyForChange(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String approveChange(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String refuseChange(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getChange(Context ctx, String request) { return run(ctx, request); }

  // SweepRules (the sweep)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String sweep(Context ctx, String request) { return run(ctx, request); }

  // RegistriesRules (issue 25: several registries, recognition agreements, duplicate flags)
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String openRegistry(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listRegistries(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String proposeRecognition(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String acceptRecognition(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String withdrawRecognition(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getRecognition(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listRecognitions(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listDuplicates(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String addPeerRegistry(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listPeerRegistries(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String findRegisteredHash(Context ctx, String request) { return run(ctx, request); }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String recordPeerDuplicate(Context ctx, String request) { return run(ctx, request); }
}

package io.dareg.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.RecordCertificateRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.ChangeKind;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataField;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Role;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.UpdateFrequency;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Ledger} must do, whatever runs it: the lifecycle scenarios of the rules through
 * the port, refusals that write nothing, history and events. Run against the embedded ledger by
 * {@code EmbeddedLedgerTest}; a Fabric run must pass the same suite.
 */
public abstract class LedgerContractTest {
  protected Caller ADMIN = caller("RegistryMSP", "admin", null, true);
  protected Caller REGISTRAR = caller("RegistryMSP", "registrar", "registrar", false);
  protected Caller REVIEWER = caller("ReviewMSP", "reviewer", null, false);
  protected Caller HOLDER = caller("EnterpriseMSP", "alice", null, false);
  protected Caller BUYER = caller("EnterpriseMSP", "bob", null, false);
  protected Caller OBJECTOR = caller("EnterpriseMSP", "carol", null, false);

  protected Ledger ledger;
  protected MutableClock clock;
  private String holderAccount;
  private String buyerAccount;

  /** A fresh, empty ledger whose time follows {@code clock}. */
  protected abstract Ledger open(MutableClock clock) throws Exception;

  protected static Caller caller(String msp, String id, String role, boolean admin) {
    return new Caller(new IdentityRef(msp, "CN=" + id), role, admin);
  }

  /**
   * Sets the ledger up for the scenarios: initialised, the reviewer's role granted, an account for
   * the holder and one for the buyer. A ledger that outlives one test (a Fabric network is started
   * once per run) keeps what an earlier test set up.
   */
  @BeforeEach
  void setUp() throws Exception {
    clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    ledger = open(clock);
    try {
      evaluate(ADMIN, "getSettings", "{}");
    } catch (CompletionException notYet) {
      submit(ADMIN, "initLedger", new InitLedgerRequest("RegistryMSP", "天津数据资产登记中心", "TJ-DIP"));
    }
    if (!"REVIEWER".equals(evaluate(REVIEWER, "whoAmI", "{}").path("role").asText())) {
      submit(ADMIN, "grantRole", new GrantRoleRequest(REVIEWER.identity(), Role.REVIEWER));
    }
    holderAccount = account(HOLDER, "holder", "甲公司");
    clock.advance(Duration.ofSeconds(1));
    buyerAccount = account(BUYER, "buyer", "乙公司");
  }

  private String account(Caller who, String credit, String name) {
    JsonNode me = evaluate(who, "whoAmI", "{}");
    if (me.hasNonNull("accountId")) {
      return me.get("accountId").asText();
    }
    return submit(REGISTRAR, "openAccount", new OpenAccountRequest(hash(credit), name, AccountKind.ENTERPRISE, List.of(who.identity()))).get("accountId").asText();
  }

  @AfterEach
  void tearDown() {
    if (ledger != null) {
      ledger.close();
    }
  }

  protected JsonNode submit(Caller who, String tx, Object request) {
    clock.advance(Duration.ofMillis(10));
    Committed c = ledger.submit(who, tx, args(request)).orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(c.txId()).matches("[0-9a-f]{64}");
    assertThat(c.blockNumber()).isNotNegative();
    return tree(c.resultJson());
  }

  protected JsonNode evaluate(Caller who, String tx, Object request) {
    return tree(ledger.evaluate(who, tx, args(request)).orTimeout(30, TimeUnit.SECONDS).join());
  }

  protected RefusedException refusedSubmit(RuleException.Code code, Caller who, String tx, Object request) {
    try {
      ledger.submit(who, tx, args(request)).orTimeout(30, TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(RefusedException.class);
      RefusedException r = (RefusedException) e.getCause();
      assertThat(r.code()).as(r.getMessage()).isEqualTo(code);
      return r;
    }
    throw new AssertionError(tx + " should have been refused");
  }

  private String issuedRegistration(String data) {
    String ev = submit(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash(data), null, 10, "dareg", null)).get("evidenceNo").asText();
    String regNo = submit(HOLDER, "submit", new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null)).get("regNo").asText();
    submit(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    submit(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("f"), null));
    submit(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("s")));
    JsonNode notice = submit(REGISTRAR, "publishNotice", new RegNoRequest(regNo));
    clock.set(Instant.parse(notice.get("noticeEnd").asText()));
    submit(REGISTRAR, "issue", new RegNoRequest(regNo));
    submit(REGISTRAR, "recordCertificate", new RecordCertificateRequest(regNo, hash("cert " + data), "key-1"));
    return regNo;
  }

  @Test
  void an_asset_goes_from_submission_to_an_issued_certificate() {
    String regNo = issuedRegistration("dataset-1");
    JsonNode view = evaluate(BUYER, "getRegistration", new RegNoRequest(regNo));
    assertThat(view.get("effectiveStatus").asText()).isEqualTo("ISSUED");
    assertThat(view.get("certificate").get("status").asText()).isEqualTo("ACTIVE");
    assertThat(view.get("registration").get("holders").get(0).asText()).isEqualTo(holderAccount);
  }

  @Test
  void history_lists_every_change_with_its_transaction_in_order() {
    String regNo = issuedRegistration("dataset-2");
    JsonNode history = evaluate(REGISTRAR, "getHistory", new RegNoRequest(regNo));
    assertThat(history).extracting(h -> h.get("registration").get("status").asText())
        .containsSubsequence("SUBMITTED", "FORMAL_REVIEW", "SUBSTANTIVE_REVIEW", "PUBLIC_NOTICE", "ISSUED");
    assertThat(history).extracting(h -> h.get("txId").asText()).doesNotHaveDuplicates().allMatch(t -> !t.isEmpty());
    assertThat(history).extracting(h -> h.get("registration").get("version").asInt()).isSorted();
  }

  @Test
  void a_refused_transaction_writes_nothing_and_keeps_its_code() {
    String regNo = issuedRegistration("dataset-3");
    JsonNode before = evaluate(REGISTRAR, "getHistory", new RegNoRequest(regNo));
    refusedSubmit(RuleException.Code.FORBIDDEN, HOLDER, "issue", new RegNoRequest(regNo));
    refusedSubmit(RuleException.Code.CONFLICT, REGISTRAR, "issue", new RegNoRequest(regNo));
    refusedSubmit(RuleException.Code.NOT_FOUND, REGISTRAR, "issue", new RegNoRequest("DR-20260101-000000000000"));
    RefusedException bad = refusedSubmit(RuleException.Code.INVALID, REGISTRAR, "issue", "{\"regNo\":1}");
    assertThat(bad.field()).isEqualTo("regNo");
    assertThat(evaluate(REGISTRAR, "getHistory", new RegNoRequest(regNo))).isEqualTo(before);
  }

  @Test
  void an_objection_holds_the_issue_until_it_is_dismissed() {
    String ev = submit(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SHA256, hash("obj"), null, 1, "dareg", null)).get("evidenceNo").asText();
    String regNo = submit(HOLDER, "submit", new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null)).get("regNo").asText();
    submit(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    submit(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("f"), null));
    submit(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("s")));
    JsonNode notice = submit(REGISTRAR, "publishNotice", new RegNoRequest(regNo));
    String objectionNo = submit(OBJECTOR, "raiseObjection", new RaiseObjectionRequest(regNo, ObjectionKind.GENERAL, hash("g"), hash("e"))).get("objectionNo").asText();
    clock.set(Instant.parse(notice.get("noticeEnd").asText()).plusSeconds(1));
    refusedSubmit(RuleException.Code.CONFLICT, REGISTRAR, "issue", new RegNoRequest(regNo));
    submit(HOLDER, "answerObjection", new ObjectionActionRequest(objectionNo, hash("a")));
    submit(REGISTRAR, "resolveObjection", new ResolveObjectionRequest(objectionNo, ObjectionStatus.DISMISSED, hash("d")));
    assertThat(submit(REGISTRAR, "issue", new RegNoRequest(regNo)).get("status").asText()).isEqualTo("ISSUED");
  }

  @Test
  void a_transfer_and_a_pledge_change_who_holds_what() {
    String regNo = issuedRegistration("dataset-4");
    String transferNo = submit(HOLDER, "proposeTransfer", new ProposeTransferRequest(regNo, buyerAccount, hash("contract"))).get("transferNo").asText();
    submit(BUYER, "acceptTransfer", new IdRequest(transferNo));
    assertThat(evaluate(HOLDER, "getRegistration", new RegNoRequest(regNo)).get("registration").get("holders").get(0).asText()).isEqualTo(buyerAccount);
    LocalDate today = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate();
    submit(BUYER, "addEncumbrance", new AddEncumbranceRequest(regNo, EncumbranceKind.PLEDGE, holderAccount, "whole asset", List.of(), false,
        new TimeSpan(today, today.plusYears(1)), hash("pledge"), today));
    assertThat(evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo)).get("encumbrances")).hasSize(1);
  }

  @Test
  void events_are_delivered_from_a_checkpoint_in_order() throws Exception {
    List<LedgerEvent> seen = new CopyOnWriteArrayList<>();
    try (Subscription s = ledger.events(0, seen::add)) {
      awaitEvent(seen, "openAccount");
      assertThat(seen).extracting(LedgerEvent::name).contains("initLedger", "openAccount");
      String txId = ledger.submit(HOLDER, "depositEvidence", args(new DepositEvidenceRequest(HashAlgorithm.SM3, hash("event " + System.nanoTime()), null, 1, "dareg", null)))
          .orTimeout(30, TimeUnit.SECONDS).join().txId();
      LedgerEvent mine = awaitTx(seen, txId);
      assertThat(mine.name()).isEqualTo("depositEvidence");
      assertThat(mine.payloadJson()).contains("\"evidenceNo\"");
      assertThat(seen.get(seen.size() - 1)).isEqualTo(mine);
      assertThat(seen).extracting(LedgerEvent::blockNumber).isSorted();
      assertThat(seen).extracting(LedgerEvent::txId).doesNotHaveDuplicates();
      List<LedgerEvent> later = new CopyOnWriteArrayList<>();
      try (Subscription t = ledger.events(mine.blockNumber(), later::add)) {
        awaitTx(later, txId);
        assertThat(later).extracting(LedgerEvent::txId).containsExactly(txId);
      }
    }
  }

  @Test
  void a_replay_delivers_every_event_below_the_height_it_started_at() {
    Committed c = ledger.submit(HOLDER, "depositEvidence", args(new DepositEvidenceRequest(HashAlgorithm.SM3,
        hash("replay " + System.nanoTime()), null, 1, "dareg", null))).orTimeout(30, TimeUnit.SECONDS).join();
    long height = ledger.height();
    assertThat(c.blockNumber()).isLessThan(height);
    List<LedgerEvent> replayed = new java.util.ArrayList<>();
    long replayedTo = io.dareg.gateway.report.CommittedEvents.replay(ledger, replayed::add, Duration.ofSeconds(60));
    assertThat(replayedTo).isGreaterThanOrEqualTo(height);
    assertThat(replayed).extracting(LedgerEvent::name).contains("initLedger", "openAccount", "depositEvidence");
    assertThat(replayed).extracting(LedgerEvent::txId).contains(c.txId()).doesNotHaveDuplicates();
    assertThat(replayed).allMatch(e -> e.blockNumber() < replayedTo);
  }

  private static void awaitEvent(List<LedgerEvent> seen, String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (seen.stream().noneMatch(e -> e.name().equals(name)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static LedgerEvent awaitTx(List<LedgerEvent> seen, String txId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (LedgerEvent e : seen) {
        if (e.txId().equals(txId)) {
          return e;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no event for transaction " + txId + " within 30 s; seen " + seen.size());
  }

  @Test
  void queries_are_refused_as_submissions_and_vice_versa() {
    refusedSubmit(RuleException.Code.INVALID, REGISTRAR, "getSettings", "{}");
    try {
      ledger.evaluate(REGISTRAR, "issue", "{\"regNo\":\"DR-1\"}").join();
      throw new AssertionError("evaluate of a submit transaction must fail");
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(RefusedException.class);
    }
    assertThat(evaluate(HOLDER, "whoAmI", "{}").get("accountId").asText()).isEqualTo(holderAccount);
  }

  // --- issue 20: after issue ---------------------------------------------------------------------
  // Validity caps, the sweep (expiry recorded, TJ-DIP cancels), objection registration after issue,
  // change registration superseding the certificate, and deadlines past the working-day calendar.

  private String issuedWithCaps(String data, LocalDate authorisationEnds) {
    String ev = submit(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash(data), null, 10, "dareg", null)).get("evidenceNo").asText();
    String regNo = submit(HOLDER, "submit", new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null, authorisationEnds, null))
        .get("regNo").asText();
    submit(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    submit(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("f"), null));
    submit(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("s")));
    JsonNode notice = submit(REGISTRAR, "publishNotice", new RegNoRequest(regNo));
    clock.set(Instant.parse(notice.get("noticeEnd").asText()));
    submit(REGISTRAR, "issue", new RegNoRequest(regNo));
    submit(REGISTRAR, "recordCertificate", new RecordCertificateRequest(regNo, hash("cert " + data), "key-1"));
    return regNo;
  }

  @Test
  void issue_caps_the_validity_at_the_end_of_the_authorisation_agreement() {
    String regNo = issuedWithCaps("after-issue-cap", LocalDate.of(2027, 6, 30));
    JsonNode r = evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo)).get("registration");
    assertThat(Instant.parse(r.get("validUntil").asText())).isEqualTo(Instant.parse("2027-06-30T16:00:00Z"));
    assertThat(r.get("validityBasis").asText()).contains("authorisation agreement");
  }

  @Test
  void the_sweep_records_what_expiry_made_true_and_tj_dip_cancels() {
    String regNo = issuedRegistration("after-issue-expiry");
    JsonNode before = evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo));
    clock.set(Instant.parse(before.get("registration").get("validUntil").asText()).plusSeconds(1));
    JsonNode unswept = evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo));
    assertThat(unswept.get("effectiveStatus").asText()).isEqualTo("ISSUED");
    assertThat(unswept.get("validityEnded").asBoolean()).isTrue();
    refusedSubmit(RuleException.Code.FORBIDDEN, HOLDER, "sweep", "{}");
    JsonNode swept = submit(REGISTRAR, "sweep", "{}");
    assertThat(swept.get("cancelled")).extracting(JsonNode::asText).contains(regNo);
    JsonNode after = evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo));
    assertThat(after.get("effectiveStatus").asText()).isEqualTo("CANCELLED");
    assertThat(after.get("registration").get("reason").asText()).contains("announced");
  }

  @Test
  void an_objection_after_issue_is_marked_on_the_certificate_and_lapses_without_a_filing() {
    String regNo = issuedRegistration("after-issue-objection");
    String certNo = evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo)).get("registration").get("certificateNo").asText();
    JsonNode o = submit(OBJECTOR, "raiseObjection", new RaiseObjectionRequest(regNo, ObjectionKind.OWNERSHIP, hash("g"), hash("e")));
    String objectionNo = o.get("objectionNo").asText();
    assertThat(evaluate(BUYER, "getCertificateStanding", new IdRequest(certNo)).get("objections")).extracting(JsonNode::asText)
        .containsExactly(objectionNo);
    assertThat(submit(REGISTRAR, "forwardObjection", new ObjectionActionRequest(objectionNo, hash("letter"))).hasNonNull("answerDue")).isTrue();
    clock.set(Instant.parse(o.get("filingDeadline").asText()).plusSeconds(1));
    assertThat(submit(REGISTRAR, "sweep", "{}").get("lapsedObjections")).extracting(JsonNode::asText).contains(objectionNo);
    assertThat(evaluate(BUYER, "getCertificateStanding", new IdRequest(certNo)).get("objections")).isEmpty();
    assertThat(evaluate(BUYER, "getCertificateStanding", new IdRequest(certNo)).get("registrationStatus").asText()).isEqualTo("ISSUED");
  }

  @Test
  void an_approved_change_supersedes_the_certificate_and_names_its_successor() {
    String regNo = issuedRegistration("after-issue-change");
    String oldCert = evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo)).get("registration").get("certificateNo").asText();
    String changeNo = submit(HOLDER, "applyForChange", new ChangeRequest(regNo, ChangeKind.CORRECTION, null, LocalDate.of(2027, 12, 31), null, null,
        "授权协议期限更正", null)).get("changeNo").asText();
    refusedSubmit(RuleException.Code.FORBIDDEN, HOLDER, "approveChange", new ChangeDecisionRequest(changeNo, null, null));
    assertThat(submit(REGISTRAR, "approveChange", new ChangeDecisionRequest(changeNo, hash("decision"), null)).get("status").asText())
        .isEqualTo("APPROVED");
    String newCert = submit(REGISTRAR, "recordCertificate", new RecordCertificateRequest(regNo, hash("cert after change " + regNo), "key-1"))
        .get("certNo").asText();
    JsonNode old = evaluate(BUYER, "getCertificateStanding", new IdRequest(oldCert)).get("certificate");
    assertThat(old.get("status").asText()).isEqualTo("SUPERSEDED");
    assertThat(old.get("supersededBy").asText()).isEqualTo(newCert);
    assertThat(evaluate(REGISTRAR, "getProvenance", new RegNoRequest(regNo))).extracting(p -> p.get("state").asText())
        .contains("SUPERSEDED by " + newCert);
    assertThat(evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo)).get("registration").get("authorisationEnds").asText())
        .isEqualTo("2027-12-31");
  }

  @Test
  void a_deadline_past_the_calendar_is_refused_naming_the_missing_year() {
    String regNo = issuedRegistration("after-issue-calendar");
    clock.set(Instant.parse("2026-12-30T02:00:00Z"));
    RefusedException e = refusedSubmit(RuleException.Code.CONFLICT, OBJECTOR, "raiseObjection",
        new RaiseObjectionRequest(regNo, ObjectionKind.OWNERSHIP, hash("g"), hash("e")));
    assertThat(e.getMessage()).contains("2027, which is missing").contains("dareg calendar set 2027 FILE");
  }

  protected static String hash(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  protected static AssetDescription asset() {
    return new AssetDescription(
        "企业信用评估+工商登记数据", "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "天津市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL,
        List.of(new DataField("credit_code", "string(18)")), new Scale(1000, 1 << 20), UpdateFrequency.DAILY, null,
        List.of("信用评估"), "授信参考", "去标识化", ClassificationLevel.GENERAL);
  }

  private static String args(Object request) {
    return request instanceof String ? (String) request : new String(Json.canonical(request), StandardCharsets.UTF_8);
  }

  private static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

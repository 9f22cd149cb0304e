package io.dareg.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.SetProhibitedListRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.HolderShare;
import io.dareg.core.model.TradeKind;
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
  /** Who hands writes in: the gateway's own identity; the authors sign the requests inside (issue 23). */
  protected static final Caller SUBMITTER = new Caller(new IdentityRef("RegistryMSP", "CN=dareg-gateway"), null, false);
  protected MutableClock clock;
  private String holderAccount;
  private String buyerAccount;

  /** A fresh, empty ledger whose time follows {@code clock}. */
  protected abstract Ledger open(MutableClock clock) throws Exception;

  protected static Caller caller(String msp, String id, String role, boolean admin) {
    return new Caller(new IdentityRef(msp, "CN=" + id + (admin ? ",OU=admin" : "")), role, admin);
  }

  /** The throw-away CA of each organisation whose roots the ledger trusts, where the ledger under test makes none of its own. */
  protected static final io.dareg.core.act.ThrowawayAuthority AUTHORITY = new io.dareg.core.act.ThrowawayAuthority(
      List.of("RegistryMSP", "ReviewMSP", "RegulatorMSP", "ExchangeMSP", "EnterpriseMSP", "OtherExchangeMSP"));
  /** The ledger's identity, which every signed request names (issue 23). */
  public static final String LEDGER_ID = "dareg-test:contract";

  /** The key and certificate {@code who} signs with: on Fabric, the network's identity of that name. */
  protected io.dareg.core.act.ThrowawayAuthority.Author authorOf(Caller who) {
    String id = who.identity().id();
    int comma = id.indexOf(',');
    return AUTHORITY.author(who.msp(), id.substring(3, comma < 0 ? id.length() : comma), who.roleAttribute(), who.orgAdmin());
  }

  /** The CA roots the ledger is initialised to trust. */
  protected List<io.dareg.core.model.TrustedRoot> trustedRoots() throws Exception {
    return AUTHORITY.roots();
  }

  /**
   * {@code request} of write {@code tx} as {@code who} signs it now; recordCertificate as the
   * registrar's signed issueCertificate with the certificate's fields beside it, as the gateway sends it.
   */
  protected String signed(Caller who, String tx, Object request) {
    String args = args(request);
    if (tx.equals("recordCertificate")) {
      com.fasterxml.jackson.databind.node.ObjectNode outer = (com.fasterxml.jackson.databind.node.ObjectNode) tree(args);
      String issue = "{\"regNo\":" + outer.remove("regNo").toString() + "}";
      outer.set("authorisation", tree(authorOf(who).sign(LEDGER_ID, "issueCertificate", issue, clock.instant())));
      return io.dareg.core.json.CanonicalJson.toString(outer);
    }
    return authorOf(who).sign(LEDGER_ID, tx, args, clock.instant());
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
      submit(ADMIN, "initLedger", new InitLedgerRequest("RegistryMSP", "天津数据资产登记中心", "TJ-DIP", LEDGER_ID, trustedRoots()));
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
    Committed c = ledgerOf(who).submit(SUBMITTER, tx, signed(who, tx, request)).orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(c.txId()).matches("[0-9a-f]{64}");
    assertThat(c.blockNumber()).isNotNegative();
    return tree(c.resultJson());
  }

  protected JsonNode evaluate(Caller who, String tx, Object request) {
    return tree(ledgerOf(who).evaluate(who, tx, args(request)).orTimeout(30, TimeUnit.SECONDS).join());
  }

  protected RefusedException refusedSubmit(RuleException.Code code, Caller who, String tx, Object request) {
    return refusedOn(ledgerOf(who), code, tx, signed(who, tx, request));
  }

  /** Submits {@code argsJson} as it is through {@code through}, which the rules must refuse with {@code code}. */
  private static RefusedException refusedOn(Ledger through, RuleException.Code code, String tx, String argsJson) {
    try {
      through.submit(SUBMITTER, tx, argsJson).orTimeout(30, TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(RefusedException.class);
      RefusedException r = (RefusedException) e.getCause();
      assertThat(r.code()).as(r.getMessage()).isEqualTo(code);
      return r;
    }
    throw new AssertionError(tx + " should have been refused");
  }

  protected String issuedRegistration(String data) {
    String ev = submit(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash(data), null, 10, "dareg", null)).get("evidenceNo").asText();
    String regNo = submit(HOLDER, "submit", new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null, false, undertaking(ev))).get("regNo").asText();
    return certified(regNo, data);
  }

  /** Takes a submitted application through both reviews and the notice to ISSUED, without a certificate. */
  private String issued(String regNo) {
    submit(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    submit(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("f"), null));
    submit(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("s")));
    JsonNode notice = submit(REGISTRAR, "publishNotice", new RegNoRequest(regNo));
    clock.set(Instant.parse(notice.get("noticeEnd").asText()));
    submit(REGISTRAR, "issue", new RegNoRequest(regNo));
    return regNo;
  }

  /** As {@link #issued(String)}, and the registrar records its certificate. */
  private String certified(String regNo, String data) {
    issued(regNo);
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
    String regNo = submit(HOLDER, "submit", new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null, false, undertaking(ev))).get("regNo").asText();
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
      String txId = ledger.submit(SUBMITTER, "depositEvidence", signed(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash("event " + System.nanoTime()), null, 1, "dareg", null)))
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
  void every_block_from_the_first_asked_for_ends_after_its_events_whether_or_not_it_has_any() throws Exception {
    Committed c = ledger.submit(SUBMITTER, "depositEvidence", signed(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3,
        hash("block end " + System.nanoTime()), null, 1, "dareg", null))).orTimeout(30, TimeUnit.SECONDS).join();
    long height = ledger.height();
    long from = Math.max(0, c.blockNumber() - 3);
    List<long[]> seen = new CopyOnWriteArrayList<>(); // {block, 1 for an event or 0 for the block's end}
    try (Subscription s = ledger.events(from, new EventListener() {
      @Override
      public void event(LedgerEvent event) {
        seen.add(new long[] {event.blockNumber(), 1});
      }

      @Override
      public void blockEnd(long number) {
        seen.add(new long[] {number, 0});
      }
    })) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (seen.stream().noneMatch(x -> x[0] == height - 1 && x[1] == 0) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    long expected = from;
    for (long[] x : seen) {
      if (expected == height) {
        break; // blocks committed meanwhile
      }
      assertThat(x[0]).as("an event or end of the next block not yet ended").isEqualTo(expected);
      if (x[1] == 0) {
        expected++;
      }
    }
    assertThat(expected).as("blocks ended, from %d", from).isEqualTo(height);
  }

  @Test
  void a_replay_delivers_every_event_below_the_height_it_started_at() {
    Committed c = ledger.submit(SUBMITTER, "depositEvidence", signed(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3,
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

  // issue 23: the rules take a write only as its author's signed request, whoever hands it to the ledger

  private String deposit(String data) {
    return args(new DepositEvidenceRequest(HashAlgorithm.SM3, hash(data + System.nanoTime()), null, 1, "dareg", null));
  }

  private RefusedException refusedRaw(RuleException.Code code, String tx, String argsJson) {
    return refusedOn(ledger, code, tx, argsJson);
  }

  @Test
  void a_write_through_the_port_without_its_authors_signature_is_refused_by_the_rules() {
    clock.advance(Duration.ofMillis(10));
    assertThat(refusedRaw(RuleException.Code.INVALID, "depositEvidence", deposit("unsigned")).getMessage())
        .contains("signed request");
  }

  @Test
  void a_request_changed_after_signing_signed_by_another_key_or_for_another_ledger_is_refused() {
    clock.advance(Duration.ofMillis(10));
    com.fasterxml.jackson.databind.node.ObjectNode changed =
        (com.fasterxml.jackson.databind.node.ObjectNode) tree(signed(HOLDER, "depositEvidence", deposit("a")));
    ((com.fasterxml.jackson.databind.node.ObjectNode) changed.get("arguments")).put("size", 2);
    assertThat(refusedRaw(RuleException.Code.FORBIDDEN, "depositEvidence", changed.toString()).getMessage())
        .contains("changed after signing");
    com.fasterxml.jackson.databind.node.ObjectNode otherKey =
        (com.fasterxml.jackson.databind.node.ObjectNode) tree(signed(BUYER, "depositEvidence", deposit("b")));
    otherKey.put("certificate", tree(signed(HOLDER, "depositEvidence", deposit("c"))).get("certificate").asText());
    assertThat(refusedRaw(RuleException.Code.FORBIDDEN, "depositEvidence", otherKey.toString()).getMessage())
        .contains("another key");
    String elsewhere = authorOf(HOLDER).sign("another-ledger", "depositEvidence", deposit("d"), clock.instant());
    assertThat(refusedRaw(RuleException.Code.INVALID, "depositEvidence", elsewhere).getMessage()).contains("another-ledger");
  }

  @Test
  void a_certificate_no_trusted_root_issued_is_refused() {
    clock.advance(Duration.ofMillis(10));
    String stranger = new io.dareg.core.act.ThrowawayAuthority(List.of("EnterpriseMSP")).author("EnterpriseMSP", "alice", null, false)
        .sign(LEDGER_ID, "depositEvidence", deposit("e"), clock.instant());
    assertThat(refusedRaw(RuleException.Code.FORBIDDEN, "depositEvidence", stranger).getMessage()).contains("not issued by a CA");
  }

  @Test
  void the_same_signed_request_twice_commits_once_and_a_used_id_with_other_arguments_is_refused() throws Exception {
    clock.advance(Duration.ofMillis(10));
    String once = signed(HOLDER, "depositEvidence", deposit("once"));
    Committed first = ledger.submit(SUBMITTER, "depositEvidence", once).orTimeout(30, TimeUnit.SECONDS).join();
    clock.advance(Duration.ofMillis(10));
    Committed again = ledger.submit(SUBMITTER, "depositEvidence", once).orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(again.resultJson()).isEqualTo(first.resultJson());
    String evidenceNo = tree(first.resultJson()).get("evidenceNo").asText();
    assertThat(evidence(evidenceNo).get("evidenceNo").asText()).isEqualTo(evidenceNo);
    // Another request under the used id, signed honestly by its author: refused, naming the id.
    com.fasterxml.jackson.databind.node.ObjectNode used = (com.fasterxml.jackson.databind.node.ObjectNode) tree(once);
    io.dareg.core.act.ThrowawayAuthority.Author holder = authorOf(HOLDER);
    String reused = io.dareg.core.json.CanonicalJson.toString(io.dareg.core.act.SignedRequest.sign(LEDGER_ID, "depositEvidence",
        tree(deposit("other")), holder.certificate(), holder.key(), clock.instant(), used.get("requestId").asText(),
        new io.dareg.core.crypto.Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider())).toJson());
    assertThat(refusedRaw(RuleException.Code.CONFLICT, "depositEvidence", reused).getMessage())
        .contains("request id " + used.get("requestId").asText());
  }

  private JsonNode evidence(String evidenceNo) {
    return evaluate(HOLDER, "getEvidence", new IdRequest(evidenceNo));
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

  // issue 20: review, profiles and disclosure

  /** The applicant's compliance undertaking, which TJ-DIP (the suite's default profile) requires. */
  protected static List<io.dareg.core.model.Attachment> undertaking(String about) {
    return List.of(new io.dareg.core.model.Attachment(io.dareg.core.model.AttachmentKind.COMPLIANCE_UNDERTAKING, "甲公司",
        HashAlgorithm.SM3, hash("合规承诺 " + about), LocalDate.of(2026, 3, 1)));
  }

  private String evidence(String data, String channel, String notary) {
    return submit(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash(data), null, 10, channel, notary))
        .get("evidenceNo").asText();
  }

  private String apply(String profile, AssetDescription asset, boolean crossBorder, String ev, List<io.dareg.core.model.Attachment> attachments) {
    return submit(HOLDER, "submit", new SubmitRequest(profile, RightType.HOLDING, asset, List.of(), List.of(ev), null, crossBorder, attachments))
        .get("regNo").asText();
  }

  private static List<io.dareg.core.model.Attachment> responsibility(String about) {
    return List.of(new io.dareg.core.model.Attachment(io.dareg.core.model.AttachmentKind.RESPONSIBILITY_UNDERTAKING, "甲公司",
        HashAlgorithm.SHA256, hash("责任承诺书 " + about), LocalDate.of(2026, 3, 1)));
  }

  private static AssetDescription assetFrom(DataSource source, ClassificationLevel level) {
    AssetDescription a = asset();
    return new AssetDescription(a.name(), a.version(), a.assetClass(), a.form(), a.industry(), a.coverageArea(), a.timeSpan(),
        Set.of(source), a.acquisition(), a.structure(), a.scale(), a.updateFrequency(), null, a.scenarios(), a.scope(),
        a.algorithmSummary(), level);
  }

  @Test
  void gd_simplified_track_sends_important_personal_public_and_cross_border_data_to_the_ordinary_track() {
    String ev = evidence("gd simple " + clock.instant(), "dareg", null);
    for (SubmitRequest req : List.of(
        new SubmitRequest("GD-SIMPLE", RightType.HOLDING, assetFrom(DataSource.PERSONAL, ClassificationLevel.GENERAL), List.of(), List.of(ev), null),
        new SubmitRequest("GD-SIMPLE", RightType.HOLDING, assetFrom(DataSource.ENTERPRISE, ClassificationLevel.IMPORTANT), List.of(), List.of(ev), null),
        new SubmitRequest("GD-SIMPLE", RightType.HOLDING, assetFrom(DataSource.GOVERNMENT, ClassificationLevel.GENERAL), List.of(), List.of(ev), null),
        new SubmitRequest("GD-SIMPLE", RightType.HOLDING, assetFrom(DataSource.ENTERPRISE, ClassificationLevel.GENERAL), List.of(), List.of(ev), null, true, List.of()))) {
      RefusedException e = refusedSubmit(RuleException.Code.INVALID, HOLDER, "submit", req);
      assertThat(e.field()).isEqualTo("profile");
      assertThat(e.getMessage()).contains("普通程序").contains("profile GD");
    }
    assertThat(apply("GD", assetFrom(DataSource.PERSONAL, ClassificationLevel.IMPORTANT), true, ev, List.of())).startsWith("DR-");
  }

  @Test
  void tj_dip_needs_recognised_or_notarised_evidence_and_the_compliance_undertaking_dl_the_responsibility_undertaking() {
    String own = evidence("own chain " + clock.instant(), "own-chain", null);
    RefusedException unrecognised = refusedSubmit(RuleException.Code.INVALID, HOLDER, "submit",
        new SubmitRequest("TJ-DIP", RightType.HOLDING, asset(), List.of(), List.of(own), null, false, undertaking("x")));
    assertThat(unrecognised.getMessage()).contains("notarised").contains("own-chain");
    String notarised = evidence("notarised " + clock.instant(), "own-chain", "天津市和平公证处 (2026)津和证字第 7 号");
    RefusedException noUndertaking = refusedSubmit(RuleException.Code.INVALID, HOLDER, "submit",
        new SubmitRequest("TJ-DIP", RightType.HOLDING, asset(), List.of(), List.of(notarised), null));
    assertThat(noUndertaking.field()).isEqualTo("attachments");
    assertThat(noUndertaking.getMessage()).contains("COMPLIANCE_UNDERTAKING");
    assertThat(refusedSubmit(RuleException.Code.INVALID, HOLDER, "submit",
        new SubmitRequest("DL", RightType.HOLDING, asset(), List.of(), List.of(notarised), null, false, undertaking("dl"))).getMessage())
        .contains("RESPONSIBILITY_UNDERTAKING");
    String regNo = apply("TJ-DIP", asset(), false, notarised, undertaking("tj"));
    assertThat(evaluate(HOLDER, "getRegistration", new RegNoRequest(regNo)).get("registration").get("attachments").get(0).get("kind").asText())
        .isEqualTo("COMPLIANCE_UNDERTAKING");
  }

  @Test
  void the_holder_attaches_a_document_by_hash_before_issue_only() {
    String regNo = apply(null, asset(), false, evidence("attach " + clock.instant(), "dareg", null), undertaking("attach"));
    io.dareg.core.model.Attachment report = new io.dareg.core.model.Attachment(io.dareg.core.model.AttachmentKind.ASSESSMENT_REPORT,
        "某合规评估机构", HashAlgorithm.SHA256, hash("report " + regNo), LocalDate.of(2026, 3, 2));
    refusedSubmit(RuleException.Code.FORBIDDEN, BUYER, "attachDocument", new io.dareg.core.api.AttachDocumentRequest(regNo, report));
    JsonNode after = submit(HOLDER, "attachDocument", new io.dareg.core.api.AttachDocumentRequest(regNo, report));
    assertThat(after.get("attachments")).hasSize(2);
    assertThat(after.get("attachments").get(1).get("issuer").asText()).isEqualTo("某合规评估机构");
    String issued = issuedRegistration("attach issued " + clock.instant());
    refusedSubmit(RuleException.Code.CONFLICT, HOLDER, "attachDocument", new io.dareg.core.api.AttachDocumentRequest(issued, report));
  }

  @Test
  void dl_formal_review_is_due_in_5_working_days_and_an_uncorrected_application_is_refused_not_withdrawn() {
    String regNo = apply("DL", asset(), false, evidence("dl review " + clock.instant(), "dareg", null), responsibility("dl"));
    JsonNode started = submit(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    Instant due = Instant.parse(started.get("formalReviewDue").asText());
    assertThat(Duration.between(clock.instant(), due)).isLessThan(Duration.ofDays(10)).isGreaterThan(Duration.ofDays(4));
    JsonNode asked = submit(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.NEEDS_CORRECTION, hash("fix"), "add the structure"));
    clock.set(Instant.parse(asked.get("correctionDeadline").asText()).plusSeconds(1));
    assertThat(evaluate(HOLDER, "getRegistration", new RegNoRequest(regNo)).get("effectiveStatus").asText()).isEqualTo("REJECTED");
    assertThat(refusedSubmit(RuleException.Code.CONFLICT, HOLDER, "correct", new io.dareg.core.api.CorrectRequest(regNo, null, null, hash("late")))
        .getMessage()).contains("correction not made in time");
    assertThat(submit(REGISTRAR, "reject", new io.dareg.core.api.DecisionRequest(regNo, null, "correction not made in time")).get("reason").asText())
        .isEqualTo("correction not made in time");
  }

  @Test
  void a_formal_review_past_its_due_date_is_overdue_and_the_applicant_is_not_refused() {
    String regNo = apply("DL", asset(), false, evidence("late review " + clock.instant(), "dareg", null), responsibility("late"));
    Instant due = Instant.parse(submit(REGISTRAR, "startFormalReview", new RegNoRequest(regNo)).get("formalReviewDue").asText());
    clock.set(due.plus(Duration.ofDays(2)));
    io.dareg.core.model.Registration r = Json.mapper().convertValue(
        evaluate(REGISTRAR, "getRegistration", new RegNoRequest(regNo)).get("registration"), io.dareg.core.model.Registration.class);
    assertThat(r.formalReviewOverdue(clock.instant())).isTrue();
    assertThat(submit(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("late but fine"), null))
        .get("status").asText()).isEqualTo("SUBSTANTIVE_REVIEW");
  }

  @Test
  void dl_annual_review_renews_after_expiry_and_cancellation_shows_the_retention() {
    String regNo = apply("DL", asset(), false, evidence("annual " + clock.instant(), "dareg", null), responsibility("annual"));
    submit(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    submit(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("f"), null));
    submit(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("s")));
    clock.set(Instant.parse(submit(REGISTRAR, "publishNotice", new RegNoRequest(regNo)).get("noticeEnd").asText()));
    Instant until = Instant.parse(submit(REGISTRAR, "issue", new RegNoRequest(regNo)).get("validUntil").asText());
    clock.set(until.plus(Duration.ofDays(30)));
    submit(REGISTRAR, "sweep", "{}"); // the sweep records the expiry; DL does not cancel
    assertThat(evaluate(HOLDER, "getRegistration", new RegNoRequest(regNo)).get("effectiveStatus").asText()).isEqualTo("EXPIRED");
    JsonNode renewed = submit(REGISTRAR, "renew", new RegNoRequest(regNo));
    assertThat(renewed.get("status").asText()).isEqualTo("ISSUED");
    assertThat(Instant.parse(renewed.get("validUntil").asText())).isAfter(clock.instant().plus(Duration.ofDays(360)));
    JsonNode cancelled = submit(REGISTRAR, "cancel", new io.dareg.core.api.CancelRequest(regNo,
        io.dareg.core.model.CancellationBasis.HOLDER_REQUEST, hash("request"), "the holder asked"));
    assertThat(Instant.parse(cancelled.get("retainUntil").asText()))
        .isEqualTo(Instant.parse(cancelled.get("updatedAt").asText()).atOffset(java.time.ZoneOffset.UTC).plusYears(15).toInstant());
  }

  @Test
  void the_registry_admin_publishes_the_fee_schedule_and_anyone_reads_it_with_the_retention_periods() {
    io.dareg.core.api.PublicTermsRequest terms = new io.dareg.core.api.PublicTermsRequest(
        List.of(new io.dareg.core.model.FeeItem("登记申请", "免费", "收费公示 2026")), "登记业务规则 2026");
    refusedSubmit(RuleException.Code.FORBIDDEN, REGISTRAR, "setPublicTerms", terms);
    submit(ADMIN, "setPublicTerms", terms);
    JsonNode published = evaluate(BUYER, "getPublicTerms", "{}");
    assertThat(published.get("fees").get(0).get("amount").asText()).isEqualTo("免费");
    assertThat(published.get("operatingRules").asText()).isEqualTo("登记业务规则 2026");
    assertThat(published.get("retention").toString()).contains("\"DL\"").contains("P15Y").contains("P20Y");
  }

  // issue 20: co-holders and trading controls

  protected Caller EXCHANGE = caller("ExchangeMSP", "exchange", "exchange", false);

  /** The ledger the exchange submits through: the same one here; on Fabric, the exchange organisation's gateway. */
  protected Ledger exchangeLedger() {
    return ledger;
  }

  /** The ledger {@code who} acts through: the exchange's own for the exchange organisation's identities. */
  private Ledger ledgerOf(Caller who) {
    return who.msp().equals(EXCHANGE.msp()) ? exchangeLedger() : ledger;
  }

  private JsonNode exchangeSubmit(String tx, Object request) {
    clock.advance(Duration.ofMillis(10));
    return tree(exchangeLedger().submit(SUBMITTER, tx, signed(EXCHANGE, tx, request)).orTimeout(30, TimeUnit.SECONDS).join().resultJson());
  }

  private RefusedException exchangeRefused(RuleException.Code code, String tx, Object request) {
    return refusedOn(exchangeLedger(), code, tx, signed(EXCHANGE, tx, request));
  }


  /** An issued registration held by the holder and the co-holder (the objector's identity), with {@code shares} or none. */
  private String jointRegistration(String data, String coHolder, List<HolderShare> shares) {
    String ev = submit(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash(data + System.nanoTime()), null, 10, "dareg", null)).get("evidenceNo").asText();
    String regNo = submit(HOLDER, "submit", new SubmitRequest(null, RightType.HOLDING, asset(), List.of(coHolder), List.of(ev), null, false, undertaking(data), shares, null, null)).get("regNo").asText();
    submit(OBJECTOR, "confirmJointApplication", new RegNoRequest(regNo));
    return certified(regNo, regNo);
  }

  private LocalDate today() {
    return clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate();
  }

  private RecordTradeRequest licenceTrade(String regNo, List<String> scenarios) {
    return new RecordTradeRequest(regNo, holderAccount, buyerAccount, TradeKind.LICENCE, "monthly scores", scenarios,
        new TimeSpan(today(), today().plusYears(1)), hash("licence " + regNo), hash("amount"), null, "negotiated");
  }

  @Test
  void every_co_holder_consents_before_a_jointly_held_asset_is_transferred_or_pledged() {
    String coHolder = account(OBJECTOR, "co-holder", "丙公司");
    String sold = jointRegistration("joint sale", coHolder, List.of(new HolderShare(holderAccount, 6000), new HolderShare(coHolder, 4000)));
    JsonNode registration = evaluate(BUYER, "getRegistration", new RegNoRequest(sold)).get("registration");
    assertThat(registration.get("shares")).extracting(s -> s.get("basisPoints").asInt()).containsExactly(6000, 4000);

    String transferNo = submit(HOLDER, "proposeTransfer", new ProposeTransferRequest(sold, buyerAccount, hash("sale"))).get("transferNo").asText();
    assertThat(submit(BUYER, "acceptTransfer", new IdRequest(transferNo)).get("status").asText()).isEqualTo("PROPOSED");
    assertThat(evaluate(HOLDER, "getRegistration", new RegNoRequest(sold)).get("registration").get("holders"))
        .extracting(JsonNode::asText).containsExactly(holderAccount, coHolder);
    JsonNode done = submit(OBJECTOR, "consentToTransfer", new IdRequest(transferNo));
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.get("consents")).extracting(c -> c.get("account").asText()).containsExactly(holderAccount, coHolder);
    assertThat(evaluate(HOLDER, "getRegistration", new RegNoRequest(sold)).get("registration").get("holders"))
        .extracting(JsonNode::asText).containsExactly(buyerAccount);

    String pledged = jointRegistration("joint pledge", coHolder, List.of());
    JsonNode pledge = submit(HOLDER, "addEncumbrance", new AddEncumbranceRequest(pledged, EncumbranceKind.PLEDGE, buyerAccount, "whole asset",
        List.of(), false, new TimeSpan(today(), today().plusYears(1)), hash("pledge"), today()));
    assertThat(pledge.get("status").asText()).isEqualTo("PENDING_CONSENT");
    JsonNode view = evaluate(REGISTRAR, "getRegistration", new RegNoRequest(pledged));
    assertThat(view.get("encumbrances")).as("not in force before every co-holder consents").isEmpty();
    assertThat(view.get("pendingEncumbrances")).hasSize(1);
    refusedSubmit(RuleException.Code.FORBIDDEN, BUYER, "consentToEncumbrance", new IdRequest(pledge.get("encumbranceNo").asText()));
    assertThat(submit(OBJECTOR, "consentToEncumbrance", new IdRequest(pledge.get("encumbranceNo").asText())).get("status").asText())
        .isEqualTo("IN_FORCE");
    assertThat(evaluate(REGISTRAR, "getRegistration", new RegNoRequest(pledged)).get("encumbrances")).hasSize(1);
  }

  @Test
  void a_trade_needs_a_passed_listing_check_a_certificate_in_force_and_permitted_scenarios_and_a_dispute_freezes_deliveries() {
    String regNo = issuedRegistration("trading controls " + System.nanoTime());
    RefusedException unchecked = exchangeRefused(RuleException.Code.CONFLICT, "recordTrade", licenceTrade(regNo, List.of("信用评估")));
    assertThat(unchecked.getMessage()).contains("no listing check");
    assertThat(exchangeSubmit("recordListingCheck", new RegNoRequest(regNo)).get("listable").asBoolean()).isTrue();
    RefusedException outside = exchangeRefused(RuleException.Code.INVALID, "recordTrade", licenceTrade(regNo, List.of("精准营销")));
    assertThat(outside.getMessage()).contains("精准营销");
    String tradeNo = exchangeSubmit("recordTrade", licenceTrade(regNo, List.of("信用评估"))).get("tradeNo").asText();

    RecordDeliveryRequest delivery = new RecordDeliveryRequest(tradeNo, DeliveryMode.FILE, "信用评估", HashAlgorithm.SHA256, hash("d1"), 10, 1);
    String deliveryNo = submit(HOLDER, "recordDelivery", delivery).get("deliveryNo").asText();
    exchangeSubmit("recordDispute", new TradeDisputeRequest(tradeNo, DisputeStatus.DISPUTED, hash("complaint")));
    refusedSubmit(RuleException.Code.CONFLICT, HOLDER, "recordDelivery", delivery);
    refusedSubmit(RuleException.Code.CONFLICT, BUYER, "answerDelivery", new AnswerDeliveryRequest(deliveryNo, true, hash("ok")));
    refusedSubmit(RuleException.Code.CONFLICT, HOLDER, "completeDelivery", new IdRequest(deliveryNo));
    exchangeSubmit("recordDispute", new TradeDisputeRequest(tradeNo, DisputeStatus.RESOLVED, hash("outcome")));
    assertThat(submit(BUYER, "answerDelivery", new AnswerDeliveryRequest(deliveryNo, true, hash("ok"))).get("accepted").asBoolean()).isTrue();

    String ev = submit(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash("uncertified " + System.nanoTime()), null, 10, "dareg", null)).get("evidenceNo").asText();
    String uncertified = submit(HOLDER, "submit", new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null, false,
        undertaking("uncertified"))).get("regNo").asText();
    issued(uncertified);
    assertThat(exchangeSubmit("recordListingCheck", new RegNoRequest(uncertified)).get("listable").asBoolean()).isFalse();
    RefusedException noCertificate = exchangeRefused(RuleException.Code.CONFLICT, "recordTrade", licenceTrade(uncertified, List.of()));
    assertThat(noCertificate.getMessage()).contains("no certificate is in force");
  }

  @Test
  void the_prohibited_list_is_set_by_the_registry_admin_and_refuses_listing_and_trade() {
    String regNo = issuedRegistration("prohibited " + System.nanoTime());
    SetProhibitedListRequest list = new SetProhibitedListRequest(Set.of(), Set.of(), List.of(), Set.of(), List.of(regNo), hash("notice"));
    refusedSubmit(RuleException.Code.FORBIDDEN, REGISTRAR, "setProhibitedList", list);
    submit(ADMIN, "setProhibitedList", list);
    try {
      assertThat(evaluate(BUYER, "getSettings", "{}").get("prohibited").get("regNos")).extracting(JsonNode::asText).containsExactly(regNo);
      JsonNode check = exchangeSubmit("recordListingCheck", new RegNoRequest(regNo));
      assertThat(check.get("listable").asBoolean()).isFalse();
      assertThat(check.get("obstacles").get(0).asText()).contains(regNo).contains("禁止交易清单");
      assertThat(exchangeRefused(RuleException.Code.CONFLICT, "recordTrade", licenceTrade(regNo, List.of())).getMessage()).contains("prohibited");
    } finally {
      // A Fabric ledger outlives the test: lift the list again.
      submit(ADMIN, "setProhibitedList", new SetProhibitedListRequest(Set.of(), Set.of(), List.of(), Set.of(), List.of(), hash("lifted")));
    }
    exchangeSubmit("recordListingCheck", new RegNoRequest(regNo));
    exchangeSubmit("recordTrade", licenceTrade(regNo, List.of()));
  }

  // --- issue 20: after issue ---------------------------------------------------------------------
  // Validity caps, the sweep (expiry recorded, TJ-DIP cancels), objection registration after issue,
  // change registration superseding the certificate, and deadlines past the working-day calendar.

  private String issuedWithCaps(String data, LocalDate authorisationEnds) {
    String ev = submit(HOLDER, "depositEvidence", new DepositEvidenceRequest(HashAlgorithm.SM3, hash(data), null, 10, "dareg", null)).get("evidenceNo").asText();
    String regNo = submit(HOLDER, "submit", new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null, false,
        undertaking(data), List.of(), authorisationEnds, null))
        .get("regNo").asText();
    return certified(regNo, data);
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

  // --- What an exchange may read (issue 21 item 9, issue 20 item 7) ------------------------------

  protected Caller OTHER_EXCHANGE = caller("OtherExchangeMSP", "exchange-2", "exchange", false);

  protected RefusedException refusedEvaluate(RuleException.Code code, Caller who, String tx, Object request) {
    try {
      ledgerOf(who).evaluate(who, tx, args(request)).orTimeout(30, TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(RefusedException.class);
      RefusedException r = (RefusedException) e.getCause();
      assertThat(r.code()).as(r.getMessage()).isEqualTo(code);
      return r;
    }
    throw new AssertionError(tx + " should have been refused");
  }

  /** A licence trade of {@code regNo} recorded by the exchange after its listing check, with one delivery. */
  private String[] tradeWithDelivery(String regNo, String data) {
    String checkNo = exchangeSubmit("recordListingCheck", new RegNoRequest(regNo)).get("checkNo").asText();
    String tradeNo = exchangeSubmit("recordTrade", licenceTrade(regNo, List.of("信用评估"))).get("tradeNo").asText();
    String deliveryNo = submit(HOLDER, "recordDelivery", new io.dareg.core.api.RecordDeliveryRequest(tradeNo, io.dareg.core.model.DeliveryMode.FILE,
        "信用评估", HashAlgorithm.SM3, hash("payload " + data), 4096, 1)).get("deliveryNo").asText();
    return new String[] {checkNo, tradeNo, deliveryNo};
  }

  @Test
  void an_exchange_reads_the_trades_deliveries_and_listing_checks_of_its_own_organisation_only() {
    String regNo = issuedRegistration("exchange-scope-own");
    String[] recorded = tradeWithDelivery(regNo, "own");
    assertThat(evaluate(EXCHANGE, "getTrade", new IdRequest(recorded[1])).get("trade").get("tradeNo").asText()).isEqualTo(recorded[1]);
    assertThat(evaluate(EXCHANGE, "getDelivery", new IdRequest(recorded[2])).get("tradeNo").asText()).isEqualTo(recorded[1]);
    assertThat(evaluate(EXCHANGE, "getListingCheck", new IdRequest(recorded[0])).get("regNo").asText()).isEqualTo(regNo);
    assertThat(refusedEvaluate(RuleException.Code.FORBIDDEN, OTHER_EXCHANGE, "getTrade", new IdRequest(recorded[1])).getMessage())
        .contains("recorded by ExchangeMSP");
    refusedEvaluate(RuleException.Code.FORBIDDEN, OTHER_EXCHANGE, "getDelivery", new IdRequest(recorded[2]));
    refusedEvaluate(RuleException.Code.FORBIDDEN, OTHER_EXCHANGE, "getListingCheck", new IdRequest(recorded[0]));
    // The parties and the registry read the trade as before.
    assertThat(evaluate(BUYER, "getTrade", new IdRequest(recorded[1])).get("deliveries")).hasSize(1);
    assertThat(evaluate(REGISTRAR, "getTrade", new IdRequest(recorded[1])).get("deliveries")).hasSize(1);
  }

  @Test
  void an_exchange_reads_confidential_material_only_while_it_has_an_open_listing_check_or_trade() {
    String regNo = issuedRegistration("exchange-scope-confidential");
    assertThat(evaluate(HOLDER, "getConfidentialAccess", new RegNoRequest(regNo)).get("basis").asText()).startsWith("holder");
    assertThat(evaluate(REGISTRAR, "getConfidentialAccess", new RegNoRequest(regNo)).get("basis").asText()).isEqualTo("registrar");
    refusedEvaluate(RuleException.Code.FORBIDDEN, BUYER, "getConfidentialAccess", new RegNoRequest(regNo));
    refusedEvaluate(RuleException.Code.FORBIDDEN, REVIEWER, "getConfidentialAccess", new RegNoRequest(regNo));
    assertThat(refusedEvaluate(RuleException.Code.FORBIDDEN, EXCHANGE, "getConfidentialAccess", new RegNoRequest(regNo)).getMessage())
        .contains("open listing check");
    // A listing check opens the material to its exchange for 30 days, and to no other exchange.
    String checkNo = exchangeSubmit("recordListingCheck", new RegNoRequest(regNo)).get("checkNo").asText();
    assertThat(evaluate(EXCHANGE, "getConfidentialAccess", new RegNoRequest(regNo)).get("basis").asText()).contains(checkNo);
    refusedEvaluate(RuleException.Code.FORBIDDEN, OTHER_EXCHANGE, "getConfidentialAccess", new RegNoRequest(regNo));
    clock.advance(Duration.ofDays(31));
    refusedEvaluate(RuleException.Code.FORBIDDEN, EXCHANGE, "getConfidentialAccess", new RegNoRequest(regNo));
    // A trade keeps it open until it is settled and delivered.
    String[] recorded = tradeWithDelivery(regNo, "confidential");
    clock.advance(Duration.ofDays(31));
    assertThat(evaluate(EXCHANGE, "getConfidentialAccess", new RegNoRequest(regNo)).get("basis").asText()).isEqualTo("trade " + recorded[1]);
    exchangeSubmit("recordSettlement", new io.dareg.core.api.SettleTradeRequest(recorded[1], hash("paid")));
    assertThat(evaluate(EXCHANGE, "getConfidentialAccess", new RegNoRequest(regNo)).get("basis").asText()).isEqualTo("trade " + recorded[1]);
    submit(HOLDER, "completeDelivery", new IdRequest(recorded[2]));
    refusedEvaluate(RuleException.Code.FORBIDDEN, EXCHANGE, "getConfidentialAccess", new RegNoRequest(regNo));
  }
}

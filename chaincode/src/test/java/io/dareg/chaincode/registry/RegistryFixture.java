package io.dareg.chaincode.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.Attachment;
import io.dareg.core.model.AttachmentKind;
import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataField;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Registration;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Role;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.UpdateFrequency;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A registry in memory with one identity per role, a movable clock and helpers that drive an asset
 * through the lifecycle. Every call goes through {@link RegistryTransactions#invoke}, as on Fabric.
 */
final class RegistryFixture {
  static final String REGISTRY = "RegistryMSP";
  static final Caller ADMIN = caller(REGISTRY, "admin", null, true);
  static final Caller REGISTRAR = caller(REGISTRY, "registrar", "registrar", false);
  static final Caller REVIEWER = caller("ReviewMSP", "reviewer", null, false);
  static final Caller REGULATOR = caller("RegulatorMSP", "regulator", null, false);
  static final Caller EXCHANGE = caller("ExchangeMSP", "exchange", "exchange", false);
  static final Caller HOLDER_A = caller("EnterpriseMSP", "alice", null, false);
  static final Caller HOLDER_B = caller("EnterpriseMSP", "bob", null, false);
  static final Caller HOLDER_C = caller("EnterpriseMSP", "carol", null, false);
  static final Caller FOREIGN_REGISTRAR = caller("ExchangeMSP", "mallory", "registrar", false);
  static final Caller STRANGER = caller("EnterpriseMSP", "stranger", null, false);

  final InMemoryWorldState ws = new InMemoryWorldState();
  /** Every committed transaction, in order, so that a test can replay them elsewhere. */
  final List<Op> log = new java.util.ArrayList<>();
  final RegistryTransactions tx = RegistryTransactions.standard();
  Instant now = Instant.parse("2026-03-02T02:00:00Z"); // Monday 10:00 in Beijing
  private long sequence;
  String accountA;
  String accountB;
  String accountC;

  /** A committed transaction. */
  record Op(String txId, Instant time, Caller caller, String name, String args) {}

  /** The throw-away CA of each organisation, whose roots the fixture's ledger trusts. */
  static final io.dareg.core.act.ThrowawayAuthority AUTHORITY = new io.dareg.core.act.ThrowawayAuthority(
      List.of("RegistryMSP", "ReviewMSP", "RegulatorMSP", "ExchangeMSP", "EnterpriseMSP", "OtherExchangeMSP", "Registry2MSP"));
  /** The fixture ledger's identity, which every signed request names. */
  static final String LEDGER = "dareg-test:registry";

  /** The caller whose certificate {@link #AUTHORITY} issues: {@code CN=id} ({@code CN=id,OU=admin} for an admin). */
  static Caller caller(String msp, String id, String role, boolean admin) {
    return new Caller(new IdentityRef(msp, "CN=" + id + (admin ? ",OU=admin" : "")), role, admin);
  }

  /** The initLedger request of a fixture ledger: trusting {@link #AUTHORITY}'s roots. */
  static InitLedgerRequest init(String msp, String name, String defaultProfile) {
    return new InitLedgerRequest(msp, name, defaultProfile, LEDGER, AUTHORITY.roots());
  }

  /** {@code args} of write {@code name} as {@code who} signs them at {@code time}; anything else unchanged. */
  String signed(Caller who, String name, String args, Instant time) {
    boolean write;
    try {
      write = !tx.isReadOnly(name) && !name.equals("sweep");
    } catch (RuleException unknown) {
      return args;
    }
    com.fasterxml.jackson.databind.JsonNode tree;
    try {
      tree = Json.mapper().readTree(args);
    } catch (java.io.IOException | RuntimeException e) {
      return args; // not JSON: cannot be signed, the rules say why
    }
    if (!write || tree == null || !tree.isObject()) {
      return args;
    }
    var author = AUTHORITY.author(who.msp(), user(who), who.roleAttribute(), who.orgAdmin());
    if (name.equals("recordCertificate")) {
      // The registrar signs issueCertificate for the registration; the gateway adds what it computed.
      com.fasterxml.jackson.databind.node.ObjectNode outer = ((com.fasterxml.jackson.databind.node.ObjectNode) tree).deepCopy();
      com.fasterxml.jackson.databind.node.ObjectNode issue = Json.mapper().createObjectNode();
      issue.set("regNo", outer.remove("regNo"));
      try {
        outer.set("authorisation", Json.mapper().readTree(
            author.sign(LEDGER, "issueCertificate", io.dareg.core.json.CanonicalJson.toString(issue), time)));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return io.dareg.core.json.CanonicalJson.toString(outer);
    }
    return author.sign(LEDGER, name, args, time);
  }

  private static String user(Caller who) {
    String id = who.identity().id();
    int comma = id.indexOf(',');
    return id.substring(3, comma < 0 ? id.length() : comma);
  }

  /** A ledger initialised with the given default profile, roles granted and three holder accounts. */
  static RegistryFixture initialised(String defaultProfile) {
    RegistryFixture f = new RegistryFixture();
    f.call(ADMIN, "initLedger", init(REGISTRY, "天津数据资产登记中心", defaultProfile));
    f.call(ADMIN, "grantRole", new GrantRoleRequest(REVIEWER.identity(), Role.REVIEWER));
    f.call(ADMIN, "grantRole", new GrantRoleRequest(REGULATOR.identity(), Role.REGULATOR));
    f.accountA = f.openAccount("甲数据科技有限公司", HOLDER_A);
    f.accountB = f.openAccount("乙数据服务有限公司", HOLDER_B);
    f.accountC = f.openAccount("丙交易服务有限公司", HOLDER_C);
    return f;
  }

  String openAccount(String name, Caller member) {
    return call(
            REGISTRAR,
            "openAccount",
            new OpenAccountRequest(hash("credit:" + name), name, AccountKind.ENTERPRISE, List.of(member.identity())))
        .get("accountId")
        .asText();
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  void advanceTo(Instant t) {
    assertThat(t).isAfterOrEqualTo(now);
    now = t;
  }

  /** Runs a transaction that must succeed; returns its result as a tree. */
  com.fasterxml.jackson.databind.JsonNode call(Caller who, String name, Object request) {
    String args = new String(Json.canonical(request), StandardCharsets.UTF_8);
    return callJson(who, name, args);
  }

  com.fasterxml.jackson.databind.JsonNode callJson(Caller who, String name, String unsigned) {
    return commit(who, name, signed(who, name, unsigned, now), true);
  }

  /** Runs {@code args} as they are (no signing), handed in by a caller who is none of the fixture's authors. */
  com.fasterxml.jackson.databind.JsonNode callJsonAsIs(String name, String args) {
    return commit(caller("EnterpriseMSP", "gateway", null, false), name, args, false);
  }

  /** Runs one transaction handed in by {@code submitter} and commits it (logged when {@code logged}), or rolls it back. */
  private com.fasterxml.jackson.databind.JsonNode commit(Caller submitter, String name, String args, boolean logged) {
    String txId = nextTxId();
    ws.begin(txId, now, submitter);
    try {
      String out = tx.invoke(ws, name, args);
      ws.commit();
      if (logged) {
        log.add(new Op(txId, now, submitter, name, args));
      }
      return Json.mapper().readTree(out);
    } catch (RuntimeException e) {
      ws.rollback();
      throw e;
    } catch (java.io.IOException e) {
      ws.rollback();
      throw new java.io.UncheckedIOException(e);
    } finally {
      now = now.plusMillis(1);
    }
  }

  <T> T call(Caller who, String name, Object request, Class<T> type) {
    return Json.mapper().convertValue(call(who, name, request), type);
  }

  /** Runs a transaction that the rules must refuse with {@code code}; returns the refusal. */
  RuleException refused(RuleException.Code code, Caller who, String name, Object request) {
    String args = request instanceof String ? (String) request : new String(Json.canonical(request), StandardCharsets.UTF_8);
    int before = ws.size();
    RuleException e = catchThrowableOfType(RuleException.class, () -> callJson(who, name, args));
    assertThat(e).as("%s by %s must be refused", name, who.identity()).isNotNull();
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    assertThat(ws.size()).as("nothing is written on a refusal").isEqualTo(before);
    return e;
  }

  Registration registration(String regNo) {
    return Json.mapper().convertValue(call(REGISTRAR, "getRegistration", new RegNoRequest(regNo)).get("registration"), Registration.class);
  }

  String effectiveStatus(String regNo) {
    return call(REGISTRAR, "getRegistration", new RegNoRequest(regNo)).get("effectiveStatus").asText();
  }

  Evidence deposit(Caller holder, String data) {
    return call(
        holder,
        "depositEvidence",
        new DepositEvidenceRequest(HashAlgorithm.SHA256, hash(data), null, data.length(), "dareg", null),
        Evidence.class);
  }

  /** Submits an application for {@code data} by {@code holder} under {@code profile}. */
  Registration submit(Caller holder, String profile, String data) {
    Evidence e = deposit(holder, data);
    return call(
        holder,
        "submit",
        new SubmitRequest(profile, RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(e.evidenceNo()), hash("confidential:" + data),
            false, undertakings(data)),
        Registration.class);
  }

  /** The undertakings TJ-DIP (合规承诺) and DL (责任承诺书) require, signed by the applicant. */
  static List<Attachment> undertakings(String data) {
    LocalDate signed = LocalDate.of(2026, 3, 1);
    return List.of(
        new Attachment(AttachmentKind.COMPLIANCE_UNDERTAKING, "甲数据科技有限公司", HashAlgorithm.SM3, hash("合规承诺 " + data), signed),
        new Attachment(AttachmentKind.RESPONSIBILITY_UNDERTAKING, "甲数据科技有限公司", HashAlgorithm.SHA256, hash("责任承诺书 " + data), signed));
  }

  /** Drives an application from submission through reviews into public notice. */
  Registration toNotice(Caller holder, String profile, String data) {
    String regNo = submit(holder, profile, data).regNo();
    call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    call(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("formal"), null));
    call(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("substantive")));
    return call(REGISTRAR, "publishNotice", new RegNoRequest(regNo), Registration.class);
  }

  /** Drives an application to ISSUED with a recorded certificate. */
  Registration issued(Caller holder, String profile, String data) {
    Registration r = toNotice(holder, profile, data);
    advanceTo(r.noticeEnd());
    call(REGISTRAR, "issue", new RegNoRequest(r.regNo()));
    call(REGISTRAR, "recordCertificate", new io.dareg.core.api.RecordCertificateRequest(r.regNo(), hash("cert:" + data + now), "registry-key-1"));
    return registration(r.regNo());
  }

  /**
   * Drives a joint application to ISSUED: {@code holder} applies with {@code coHolders} (their
   * accounts, with {@code shares} or none), each co-holder confirms, and the certificate is recorded.
   */
  Registration issuedJointly(Caller holder, List<Caller> coHolders, List<String> coAccounts,
      List<io.dareg.core.model.HolderShare> shares, String data) {
    Evidence e = deposit(holder, data);
    String regNo = call(holder, "submit", new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL),
        coAccounts, List.of(e.evidenceNo()), hash("confidential:" + data), false, undertakings(data), shares, null, null),
        Registration.class).regNo();
    for (Caller co : coHolders) {
      call(co, "confirmJointApplication", new RegNoRequest(regNo));
    }
    call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    call(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("formal"), null));
    call(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("substantive")));
    Registration r = call(REGISTRAR, "publishNotice", new RegNoRequest(regNo), Registration.class);
    advanceTo(r.noticeEnd());
    call(REGISTRAR, "issue", new RegNoRequest(regNo));
    call(REGISTRAR, "recordCertificate", new io.dareg.core.api.RecordCertificateRequest(regNo, hash("cert:" + data + now), "registry-key-1"));
    return registration(regNo);
  }

  /** Records a listing check of {@code regNo} by the exchange, which a trade needs that day. */
  void listingCheck(String regNo) {
    call(EXCHANGE, "recordListingCheck", new RegNoRequest(regNo));
  }

  AddEncumbranceRequest pledge(String regNo, String to) {
    return new AddEncumbranceRequest(
        regNo, io.dareg.core.model.EncumbranceKind.PLEDGE, to, "the whole data asset", List.of(), false,
        new TimeSpan(date(), date().plusYears(1)), hash("pledge contract " + regNo), date());
  }

  LocalDate date() {
    return now.atZone(ChinaTime.ZONE).toLocalDate();
  }

  static AssetDescription asset(ClassificationLevel level) {
    return new AssetDescription(
        "企业信用评估+工商登记数据", "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "天津市",
        new TimeSpan(LocalDate.of(2020, 1, 1), LocalDate.of(2025, 12, 31)), Set.of(DataSource.ENTERPRISE),
        AcquisitionMethod.ORIGINAL, List.of(new DataField("credit_code", "string(18)")), new Scale(1_000_000, 512L << 20),
        UpdateFrequency.MONTHLY, null, List.of("信用评估"), "金融机构授信参考", "去标识化后按月汇总", level);
  }

  static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String nextTxId() {
    return hash("tx-" + (++sequence));
  }
}

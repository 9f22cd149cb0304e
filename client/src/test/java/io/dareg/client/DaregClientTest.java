package io.dareg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.HashMatches;
import io.dareg.core.api.ProvenanceEntry;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.api.CalendarYearRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.Operation;
import io.dareg.core.api.RecordTransferRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.model.ChangeKind;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.TransferBasis;
import io.dareg.core.api.Operations;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeKind;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.cert.VerificationReport.CheckName;
import io.dareg.core.cert.VerificationReport.Outcome;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.evidence.EvidenceTree;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Role;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.TrustedRoot;
import io.dareg.core.model.UpdateFrequency;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real gateway on the embedded ledger: the whole story, and verification without the gateway. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaregClientTest {
  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private static final String LEDGER_ID = "dareg:client-test";
  @TempDir Path tmp;
  // Ledger time, fixed inside the working-day calendar's years and moved by the test.
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private CertificateAuthority ca;
  private URI base;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("dareg-client-test");
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.SM2_SM3, clock);
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20, List.of(), Map.of());
    base = URI.create("http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join());
  }

  @AfterAll
  void stop() {
    api.close();
    vertx.close();
    ledger.close();
  }

  /** A client of the test gateway; its writes are signed at the ledger's time, the test's clock. */
  private DaregClient as(String msp, String role, String user) {
    return builder(msp, role, user).build();
  }

  private DaregClient.Builder builder(String msp, String role, String user) {
    KeyPair keys = SIGNATURES.generate(SignatureAlgorithm.SM2_SM3);
    return DaregClient.builder().baseUrl(base)
        .identity(ca.issueClient(msp, role, user, keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate())
        .trustedRoots(List.of(ca.root())).clock(clock);
  }

  /** The ledger's trusted roots: the test's one CA, for each organisation of the test. */
  private List<TrustedRoot> roots() {
    return java.util.stream.Stream.of("RegistryMSP", "ReviewMSP", "EnterpriseMSP", "ExchangeMSP").map(msp -> TrustedRoot.of(msp, ca.root())).toList();
  }

  @Test
  void a_holder_registers_hashed_data_and_anyone_verifies_the_certificate_without_the_gateway() throws Exception {
    DaregClient admin = as("RegistryMSP", "admin", "admin");
    DaregClient registrar = as("RegistryMSP", "registrar", "registrar");
    DaregClient reviewer = as("ReviewMSP", "reviewer", "reviewer");
    DaregClient holder = as("EnterpriseMSP", "holder", "alice");
    DaregClient buyer = as("EnterpriseMSP", "holder", "bob");
    DaregClient anyone = DaregClient.builder().baseUrl(base).trustedRoots(List.of(ca.root())).build();

    assertThat(admin.initLedger(new InitLedgerRequest("RegistryMSP", "测试登记中心", "TJ-DIP", LEDGER_ID, roots())).ledgerId())
        .isEqualTo(LEDGER_ID);
    admin.grantRole(new GrantRoleRequest(new IdentityRef("ReviewMSP", "CN=reviewer,OU=reviewer"), Role.REVIEWER));
    String a = registrar.openAccount(new OpenAccountRequest("aa".repeat(32), "甲公司", AccountKind.ENTERPRISE,
        List.of(new IdentityRef("EnterpriseMSP", "CN=alice,OU=holder")))).accountId();
    String b = registrar.openAccount(new OpenAccountRequest("bb".repeat(32), "乙公司", AccountKind.ENTERPRISE,
        List.of(new IdentityRef("EnterpriseMSP", "CN=bob,OU=holder")))).accountId();
    assertThat(holder.whoAmI().accountId()).isEqualTo(a);
    assertThat(holder.settings().registryName()).isEqualTo("测试登记中心");
    assertThat(holder.profiles()).hasSize(8);
    int next = holder.calendar().lastYear() + 1;
    assertThat(admin.recordCalendarYear(new io.dareg.core.api.CalendarYearRequest(next, List.of(java.time.LocalDate.of(next, 1, 1)),
        List.of(), "test arrangement")).year()).isEqualTo(next);
    assertThat(holder.calendar().recorded()).extracting(io.dareg.core.model.CalendarYear::year).containsExactly(next);
    assertThatThrownBy(() -> registrar.recordCalendarYear(new io.dareg.core.api.CalendarYearRequest(next + 1, List.of(), List.of(), "x")))
        .isInstanceOf(ProblemException.Forbidden.class);

    // The data never leaves: only its evidence tree's figures do.
    Path data = tmp.resolve("dataset.csv");
    Files.writeString(data, "credit_code,score\n91120116MA000001,87\n", StandardCharsets.UTF_8);
    EvidenceTree tree = EvidenceTree.of(data, HashAlgorithm.SM3, null);
    String ev = holder.depositEvidence(new DepositEvidenceRequest(HashAlgorithm.SM3, tree.hash(), tree.root(), tree.size(), "dareg", null)).evidenceNo();
    assertThat(holder.evidence(ev).merkleRoot()).isEqualTo(tree.root());
    ObjectNode secret = Json.mapper().createObjectNode().put("contact", "+86 22 0000 0000");
    // TJ-DIP asks for the applicant's compliance undertaking, by hash (issue 20).
    io.dareg.core.model.Attachment undertaking = new io.dareg.core.model.Attachment(io.dareg.core.model.AttachmentKind.COMPLIANCE_UNDERTAKING,
        "甲公司", HashAlgorithm.SM3, "ab".repeat(32), java.time.LocalDate.of(2026, 3, 1));
    Registration r = holder.submit(new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null, false, List.of(undertaking)), secret);
    io.dareg.core.model.Attachment poa = new io.dareg.core.model.Attachment(io.dareg.core.model.AttachmentKind.POWER_OF_ATTORNEY,
        "甲公司", HashAlgorithm.SHA256, "ac".repeat(32), java.time.LocalDate.of(2026, 3, 2));
    assertThat(holder.attachDocument(new io.dareg.core.api.AttachDocumentRequest(r.regNo(), poa)).attachments()).containsExactly(undertaking, poa);
    assertThat(holder.confidential(r.regNo())).isEqualTo(secret);

    assertThat(registrar.startFormalReview(r.regNo()).formalReviewDue()).isNotNull();
    assertThat(registrar.overdueFormalReviews().items()).extracting(Registration::regNo).doesNotContain(r.regNo());
    registrar.formalReview(new FormalReviewRequest(r.regNo(), ReviewOutcome.PASS, "cc".repeat(32), null));
    reviewer.substantiveReview(new SubstantiveReviewRequest(r.regNo(), ReviewOutcome.PASS, "dd".repeat(32)));
    assertThat(holder.reviews(r.regNo())).hasSize(2);
    Registration notice = registrar.publishNotice(r.regNo());
    assertThat(anyone.publicNotices().toString()).contains(r.regNo());
    assertThatThrownBy(() -> registrar.issue(r.regNo())).isInstanceOf(ProblemException.Conflict.class);
    clock.set(notice.noticeEnd().plusSeconds(60));
    registrar.issue(r.regNo());
    Certificate cert = registrar.issueCertificate(r.regNo());
    assertThat(anyone.certificate(cert.payload().certNo()).certificateHash()).isEqualTo(cert.certificateHash());

    CertificateVerifier.EvidenceClaim mine = new CertificateVerifier.EvidenceClaim(HashAlgorithm.SM3, tree.root());
    // Validity is judged at the ledger's time, so the test does not depend on the wall clock.
    VerificationReport offline = anyone.verifyOffline(cert, mine, clock.instant());
    assertThat(offline.check(CheckName.SIGNATURE).outcome()).isEqualTo(Outcome.PASS);
    assertThat(offline.check(CheckName.CHAIN).outcome()).isEqualTo(Outcome.PASS);
    assertThat(offline.check(CheckName.EVIDENCE).outcome()).isEqualTo(Outcome.PASS);
    VerificationReport online = buyer.verifyOnline(cert, mine, clock.instant());
    assertThat(online.check(CheckName.LEDGER_RECORDED).outcome()).isEqualTo(Outcome.PASS);
    assertThat(online.check(CheckName.LEDGER_STATUS).outcome()).isEqualTo(Outcome.PASS);
    assertThat(anyone.verifyAtGateway(cert, mine).path("valid").asBoolean()).isTrue();
    assertThat(anyone.publicValidity(r.regNo()).path("certificate").path("certNo").asText()).isEqualTo(cert.payload().certNo());
    admin.setPublicTerms(new io.dareg.core.api.PublicTermsRequest(List.of(new io.dareg.core.model.FeeItem("登记申请", "免费", "收费公示")), "业务规则"));
    assertThat(anyone.publicTerms().fees()).extracting(io.dareg.core.model.FeeItem::amount).containsExactly("免费");

    // An exchange checks the asset, licenses it to the buyer; the holder delivers the file, the buyer accepts.
    DaregClient exchange = as("ExchangeMSP", "exchange", "exchange-1");
    ListingCheck check = exchange.recordListingCheck(r.regNo());
    assertThat(check.listable()).as(check.obstacles().toString()).isTrue();
    assertThat(buyer.listingCheck(check.checkNo())).isEqualTo(check);
    java.time.LocalDate today = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate();
    Trade trade = exchange.recordTrade(new RecordTradeRequest(r.regNo(), a, b, TradeKind.LICENCE, "monthly scores",
        List.of("信用评估"), new io.dareg.core.model.TimeSpan(today, today.plusYears(1)), "12".repeat(32), "34".repeat(32), null, "negotiated"));
    Delivery d = holder.recordDelivery(new RecordDeliveryRequest(trade.tradeNo(), DeliveryMode.FILE, "信用评估", HashAlgorithm.SM3,
        tree.root(), tree.size(), 1));
    assertThat(buyer.answerDelivery(new AnswerDeliveryRequest(d.deliveryNo(), true, "56".repeat(32))).accepted()).isTrue();
    assertThat(exchange.recordSettlement(new SettleTradeRequest(trade.tradeNo(), "78".repeat(32))).settledAt()).isNotNull();
    assertThat(exchange.recordDispute(new TradeDisputeRequest(trade.tradeNo(), DisputeStatus.DISPUTED, "9a".repeat(32))).dispute())
        .isEqualTo(DisputeStatus.DISPUTED);
    assertThat(exchange.trade(trade.tradeNo()).deliveries()).extracting(Delivery::deliveryNo).containsExactly(d.deliveryNo());
    // A dispute freezes the deliveries until the exchange records it resolved.
    assertThatThrownBy(() -> holder.completeDelivery(d.deliveryNo())).isInstanceOf(ProblemException.Conflict.class).hasMessageContaining("frozen");
    exchange.recordDispute(new TradeDisputeRequest(trade.tradeNo(), DisputeStatus.RESOLVED, "9b".repeat(32)));
    assertThat(holder.completeDelivery(d.deliveryNo()).completedAt()).isNotNull();
    assertThat(holder.recordDeletion(d.deliveryNo()).deletedAt()).isNotNull();
    assertThat(buyer.delivery(d.deliveryNo()).payloadRoot()).isEqualTo(tree.root());
    assertThat(exchange.provenance(r.regNo())).extracting(ProvenanceEntry::number).contains(check.checkNo(), trade.tradeNo(), d.deliveryNo());
    // issue 23: provenance and the judicial extract show who signed each act, as the rules verified it
    assertThat(exchange.provenance(r.regNo())).filteredOn(p -> p.record().equals("evidence"))
        .extracting(p -> p.signedBy().id()).containsExactly("CN=alice,OU=holder");
    // The holder exports her own act with the ledger's proof and anyone checks it offline; another holder may not export it.
    String deposit = exchange.provenance(r.regNo()).stream().filter(p -> p.record().equals("evidence")).findFirst().orElseThrow().txId();
    io.dareg.core.ledger.ActProof.Check act = io.dareg.core.ledger.ActProof.parse(holder.exportAct(deposit))
        .verify(SIGNATURES, roots(), Duration.ofMinutes(5));
    assertThat(act.valid()).as(String.join("\n", act.lines())).isTrue();
    assertThat(act.organisation()).isEqualTo("EnterpriseMSP");
    assertThat(act.operation()).isEqualTo("depositEvidence");
    assertThatThrownBy(() -> buyer.exportAct(deposit)).isInstanceOf(ProblemException.Forbidden.class);
    if (io.dareg.gateway.documents.CjkFont.find().isPresent()) {
      ExtractVerifier.Result extract = new ExtractVerifier(List.of(ca.root())).verify(holder.judicialExtract(r.regNo()));
      assertThat(extract.valid()).as(extract.checks().toString()).isTrue();
      Map<String, String> signers = new java.util.HashMap<>();
      extract.extract().path("records").forEach(rec -> signers.merge(rec.path("record").asText(), rec.path("signedBy").path("id").asText(), (x, y) -> x));
      assertThat(signers).containsEntry("evidence", "CN=alice,OU=holder").containsEntry("certificate", "CN=registrar,OU=registrar")
          .containsEntry("trade", "CN=exchange-1,OU=exchange").containsEntry("listingCheck", "CN=exchange-1,OU=exchange");
    }
    HashMatches carriers = buyer.findByHash(tree.root());
    assertThat(carriers.evidence()).extracting(e -> e.evidenceNo()).containsExactly(ev);
    assertThat(carriers.deliveries()).extracting(Delivery::deliveryNo).containsExactly(d.deliveryNo());

    // Someone else's data does not match; a transfer supersedes the certificate.
    VerificationReport other = anyone.verifyOffline(cert, new CertificateVerifier.EvidenceClaim(HashAlgorithm.SM3, "ee".repeat(32)), clock.instant());
    assertThat(anyone.verifyOffline(cert, null, cert.payload().validUntil().plusSeconds(1)).check(CheckName.VALIDITY).outcome())
        .isEqualTo(Outcome.FAIL);
    assertThat(other.check(CheckName.EVIDENCE).outcome()).isEqualTo(Outcome.FAIL);
    String t = holder.proposeTransfer(new ProposeTransferRequest(r.regNo(), b, "ff".repeat(32))).transferNo();
    buyer.acceptTransfer(t);
    assertThat(buyer.registration(r.regNo()).registration().holders()).containsExactly(b);
    assertThat(buyer.verifyOnline(cert, null, clock.instant()).check(CheckName.LEDGER_STATUS).detail()).contains("SUPERSEDED");
    assertThat(holder.history(r.regNo())).extracting(h -> h.registration().status()).contains(RegistrationStatus.ISSUED);
    assertThat(holder.registrationsOfHolder(b, 10, null).items()).extracting(Registration::regNo).contains(r.regNo());
    assertThat(holder.registrationsInStatus(RegistrationStatus.ISSUED, 10, null).items()).isNotEmpty();
  }

  @Test
  void problems_become_typed_exceptions_with_their_field() {
    DaregClient nobody = DaregClient.builder().baseUrl(base).build();
    assertThatThrownBy(nobody::whoAmI).isInstanceOf(IllegalStateException.class).hasMessageContaining("no identity");
    // Pinned to the ledger, so that its write is judged by the rules whether or not the ledger is initialised yet.
    DaregClient stranger = builder("EnterpriseMSP", "holder", "nobody").ledgerId(LEDGER_ID).build();
    assertThatThrownBy(() -> stranger.registration("DR-20260101-000000000000"))
        .isInstanceOfAny(ProblemException.NotFound.class);
    assertThatThrownBy(() -> stranger.startFormalReview("DR-20260101-000000000000"))
        .isInstanceOfAny(ProblemException.Forbidden.class, ProblemException.Conflict.class);
    // Bad input is refused by the request record before any call...
    assertThatThrownBy(() -> new DepositEvidenceRequest(HashAlgorithm.SM3, "ab".repeat(32), null, 1, "x".repeat(101), null))
        .isInstanceOf(io.dareg.core.model.InvalidInputException.class).hasMessageContaining("channel");
    // ...and what only the ledger can judge comes back as a typed problem naming the field.
    ProblemException.Invalid invalid = org.assertj.core.api.Assertions.catchThrowableOfType(ProblemException.Invalid.class,
        () -> stranger.registrationsInStatus(RegistrationStatus.ISSUED, 10, "not-a-bookmark!"));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.field()).isEqualTo("bookmark");
    assertThat(invalid.type()).isEqualTo("https://dareg.io/problems/invalid");
    DaregClient unreachable = DaregClient.builder().baseUrl(URI.create("http://127.0.0.1:1")).timeout(Duration.ofSeconds(2)).build();
    assertThatThrownBy(unreachable::publicNotices).isInstanceOf(GatewayUnreachableException.class);
  }

  /**
   * A gateway that records every request and answers 404, but for the ledger's identity ({@value #RECORDED_LEDGER})
   * and, once {@link #devNow} is set, the dev clock.
   */
  static final class Recorder implements AutoCloseable {
    static final String RECORDED_LEDGER = "dareg:recorded";

    /** One request as the gateway saw it. */
    record Asked(String method, String path, String authorization, byte[] body) {
      String line() {
        return method + " " + path;
      }

      ObjectNode json() throws Exception {
        return (ObjectNode) Json.mapper().readTree(body);
      }
    }

    final List<Asked> asked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** The dev clock's time; null: the gateway is not in dev mode. */
    volatile Instant devNow;
    /** How many writes (POSTs) to answer 503 before answering as usual, as a gateway that gave up would. */
    final java.util.concurrent.atomic.AtomicInteger unavailable = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpServer server;

    Recorder() throws java.io.IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getRawPath();
        asked.add(new Asked(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestBody().readAllBytes()));
        int status = 404;
        String answer = "{\"type\":\"https://dareg.io/problems/not-found\",\"status\":404,\"detail\":\"recorded\"}";
        if (exchange.getRequestMethod().equals("POST") && unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          status = 503;
          answer = "{\"type\":\"https://dareg.io/problems/unavailable\",\"status\":503,\"detail\":\"the gateway gave up\"}";
        } else if (path.equals("/api/v1/ledger/identity")) {
          status = 200;
          answer = "{\"ledgerId\":\"" + RECORDED_LEDGER + "\"}";
        } else if (path.equals("/api/v1/dev/clock") && devNow != null) {
          status = 200;
          answer = "{\"now\":\"" + devNow + "\",\"offsetDays\":8}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
      });
      server.start();
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> lines() {
      synchronized (asked) {
        return asked.stream().map(Asked::line).toList();
      }
    }

    Asked last() {
      return asked.get(asked.size() - 1);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** A client of {@code gateway} as a registrar whose certificate the test's CA issued; {@code pin}: ledger and clock pinned. */
  private DaregClient recorded(Recorder gateway, boolean pin) {
    KeyPair keys = SIGNATURES.generate(SignatureAlgorithm.SM2_SM3);
    DaregClient.Builder b = DaregClient.builder().baseUrl(gateway.base())
        .identity(ca.issueClient("RegistryMSP", "registrar", "registrar", keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate());
    return (pin ? b.ledgerId(Recorder.RECORDED_LEDGER).clock(java.time.Clock.systemUTC()) : b).build();
  }

  private static Throwable call(ThrowingCallable call) {
    return org.assertj.core.api.Assertions.catchThrowable(call);
  }

  private interface ThrowingCallable extends org.assertj.core.api.ThrowableAssert.ThrowingCallable {}

  /** The signed request of a recorded write, checked to be signed by its certificate for the recorded ledger at about {@code at}. */
  private SignedRequest signedRequest(Recorder.Asked write, Instant at) throws Exception {
    return signedRequest(write, Recorder.RECORDED_LEDGER, at);
  }

  private SignedRequest signedRequest(Recorder.Asked write, String ledger, Instant at) throws Exception {
    ObjectNode body = write.json();
    body.remove("confidential");
    SignedRequest r = SignedRequest.parse(Json.canonical(body));
    r.verify(SIGNATURES, ledger, List.of(ca.root()), at, Duration.ofMinutes(1));
    return r;
  }

  // issue 22: the client looks every operation up in the one operation table, by id
  // issue 23: every write is the request its author signed, its arguments the transaction's whole request, and no token
  @Test
  void every_method_of_the_client_calls_an_operation_of_the_table_and_signs_every_write() throws Exception {
    try (Recorder gateway = new Recorder()) {
      DaregClient client = recorded(gateway, true);
      // Answered here, without an operation of their own: verifyOnline asks certificateRecord and registration, tested below.
      Set<String> local = Set.of("verifyOffline", "verifyOnline", "verifyVoucher", "sign");
      List<Operation> table = Operations.allWithDev();
      List<Method> remote = java.util.Arrays.stream(DaregClient.class.getMethods())
          .filter(m -> !java.lang.reflect.Modifier.isStatic(m.getModifiers()) && !local.contains(m.getName())).toList();

      assertThat(remote).hasSizeGreaterThan(80);
      int writes = 0;
      for (Method m : remote) {
        gateway.asked.clear();
        Object[] args = new Object[m.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
          args[i] = example(m.getParameterTypes()[i]);
        }
        Throwable thrown = call(() -> {
          try {
            m.invoke(client, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
        // An id the table does not hold fails before the request is sent; here every call reaches the gateway.
        assertThat(thrown).as("%s", m).isInstanceOf(ProblemException.NotFound.class);
        assertThat(gateway.asked).as("%s", m).hasSize(1);
        Recorder.Asked request = gateway.last();
        // The most literal match: POST /certificates/verify is verifyCertificate, not a certificate numbered "verify".
        Operation op = table.stream().filter(o -> request.line().matches(o.method() + " /api/v1" + o.path().replaceAll("\\{[^}]+}", "[^/]+")))
            .min(java.util.Comparator.comparingInt(o -> o.pathParams().size()))
            .orElseThrow(() -> new AssertionError(m + " asked " + request.line() + ", which is no operation of the table"));
        if (!op.signed()) {
          assertThat(request.authorization() != null).as("%s: a token iff the operation is not public", m).isEqualTo(op.authenticated());
          continue;
        }
        writes++;
        assertThat(request.authorization()).as("%s: a write carries no token", m).isNull();
        // initLedger is signed for the ledger it creates.
        SignedRequest signed = signedRequest(request, op.id().equals("initLedger") ? "dareg:example" : Recorder.RECORDED_LEDGER, Instant.now());
        assertThat(signed.operation()).as("%s", m).isEqualTo(op.signedOperation());
        if (op.request() != null) {
          assertThat(call(() -> Json.mapper().treeToValue(signed.arguments(), op.request())))
              .as("%s: the arguments are the transaction's request %s: %s", m, op.request().getSimpleName(), signed.arguments()).isNull();
        }
        String[] template = op.path().split("/");
        String[] sent = request.path().substring("/api/v1".length()).split("/");
        for (int i = 0; i < template.length; i++) {
          if (template[i].startsWith("{")) {
            String name = template[i].substring(1, template[i].length() - 1);
            assertThat(signed.arguments().path(name).asText()).as("%s: path parameter %s is signed", m, name)
                .isEqualTo(java.net.URLDecoder.decode(sent[i], StandardCharsets.UTF_8));
          }
        }
      }
      assertThat(writes).as("the table's writes that the client makes").isGreaterThan(50);
    }
  }

  @Test
  void a_write_is_sent_as_the_request_its_author_signed_for_the_gateways_ledger_at_the_dev_clocks_time() throws Exception {
    try (Recorder gateway = new Recorder()) {
      gateway.devNow = Instant.now().plus(Duration.ofDays(8)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      DaregClient registrar = recorded(gateway, false);
      String regNo = "DR-20260302-000000000001";
      assertThat(call(() -> registrar.publishNotice(regNo))).isInstanceOf(ProblemException.NotFound.class);
      assertThat(gateway.lines()).containsExactly("GET /api/v1/ledger/identity", "GET /api/v1/dev/clock",
          "POST /api/v1/registrations/" + regNo + "/notice");
      assertThat(gateway.asked.get(0).authorization()).as("the ledger's identity is public").isNull();
      Recorder.Asked notice = gateway.last();
      assertThat(notice.authorization()).isNull();
      SignedRequest signed = signedRequest(notice, gateway.devNow);
      assertThat(signed.operation()).isEqualTo("publishNotice");
      assertThat(signed.arguments()).isEqualTo(Json.mapper().createObjectNode().put("regNo", regNo));
      assertThat(Json.canonical(notice.json())).as("the body is the signed request, canonical").isEqualTo(notice.body());

      // The ledger's identity is asked once; the dev clock before every write, for the admin may move it.
      gateway.asked.clear();
      gateway.devNow = gateway.devNow.plus(Duration.ofDays(1));
      call(() -> registrar.withdraw(regNo, "applied by mistake"));
      assertThat(gateway.lines()).containsExactly("GET /api/v1/dev/clock", "POST /api/v1/registrations/" + regNo + "/withdrawal");
      assertThat(signedRequest(gateway.last(), gateway.devNow).arguments())
          .isEqualTo(Json.mapper().createObjectNode().put("reason", "applied by mistake").put("regNo", regNo));

      // The registrar's authorisation of a certificate is signed too; reads keep their tokens.
      gateway.asked.clear();
      call(() -> registrar.issueCertificate(regNo));
      SignedRequest issue = signedRequest(gateway.last(), gateway.devNow);
      assertThat(issue.operation()).isEqualTo("issueCertificate");
      assertThat(issue.arguments()).isEqualTo(Json.mapper().createObjectNode().put("regNo", regNo));
      assertThat(gateway.last().authorization()).isNull();
      gateway.asked.clear();
      call(() -> registrar.registration(regNo));
      assertThat(gateway.lines()).containsExactly("GET /api/v1/registrations/" + regNo);
      assertThat(gateway.last().authorization()).startsWith("Bearer ");
    }
  }

  @Test
  void outside_dev_mode_a_write_is_signed_at_this_machines_time_and_the_dev_clock_is_asked_once() throws Exception {
    try (Recorder gateway = new Recorder()) {
      DaregClient registrar = recorded(gateway, false);
      call(() -> registrar.publishNotice("DR-1"));
      call(() -> registrar.issue("DR-1"));
      assertThat(gateway.lines()).containsExactly("GET /api/v1/ledger/identity", "GET /api/v1/dev/clock",
          "POST /api/v1/registrations/DR-1/notice", "POST /api/v1/registrations/DR-1/issue");
      assertThat(signedRequest(gateway.last(), Instant.now()).signedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());

      // Pinned: the client asks neither.
      gateway.asked.clear();
      DaregClient pinned = recorded(gateway, true);
      call(() -> pinned.issue("DR-1"));
      assertThat(gateway.lines()).containsExactly("POST /api/v1/registrations/DR-1/issue");
      assertThatThrownBy(() -> DaregClient.builder().ledgerId("two words")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a ledger identity");
      assertThatThrownBy(() -> DaregClient.builder().baseUrl(gateway.base()).build().issue("DR-1"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("no identity to sign");
    }
  }

  @Test
  void confidential_material_rides_beside_the_signed_request_which_carries_its_hash() throws Exception {
    try (Recorder gateway = new Recorder()) {
      DaregClient holder = recorded(gateway, true);
      ObjectNode secret = Json.mapper().createObjectNode().put("contact", "+86 22 0000 0000").put("bank", "甲银行");
      SubmitRequest application = new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of("EV-1"), null, false, List.of());
      call(() -> holder.submit(application, secret));
      ObjectNode body = gateway.last().json();
      assertThat(body.get("confidential")).isEqualTo(secret);
      // SHA-256 of the material's RFC 8785 form: members sorted, no spaces, UTF-8.
      String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest("{\"bank\":\"甲银行\",\"contact\":\"+86 22 0000 0000\"}".getBytes(StandardCharsets.UTF_8)));
      SignedRequest signed = signedRequest(gateway.last(), Instant.now());
      assertThat(signed.arguments().path("confidentialHash").asText()).isEqualTo(expected);
      assertThat(signed.arguments().has("confidential")).as("the material is not signed, its hash is").isFalse();

      gateway.asked.clear();
      SubmitRequest hashed = new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of("EV-1"), "cd".repeat(32), false, List.of());
      assertThatThrownBy(() -> holder.submit(hashed, secret)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already names a confidentialHash");
      assertThatThrownBy(() -> holder.submit(application, Json.mapper().createArrayNode())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("JSON object");
      assertThat(gateway.asked).as("refused before anything is sent").isEmpty();
    }
  }

  // issue 23, item 5: a write the gateway gave up on is sent again as it is (same request id), which the ledger commits once
  @Test
  void a_write_the_gateway_gave_up_on_is_sent_again_as_the_same_signed_request() throws Exception {
    try (Recorder gateway = new Recorder()) {
      DaregClient client = recorded(gateway, true);
      gateway.unavailable.set(2);
      assertThat(call(() -> client.depositEvidence(new DepositEvidenceRequest(HashAlgorithm.SM3, "cd".repeat(32), null, 1, "dareg", null))))
          .isInstanceOf(ProblemException.NotFound.class); // the recorder's answer once it answers
      List<Recorder.Asked> writes = gateway.asked.stream().filter(a -> a.method().equals("POST")).toList();
      assertThat(writes).hasSize(3);
      assertThat(writes).extracting(a -> new String(a.body(), StandardCharsets.UTF_8)).containsOnly(new String(writes.get(0).body(), StandardCharsets.UTF_8));

      gateway.asked.clear();
      gateway.unavailable.set(GatewayCalls.WRITE_RETRIES + 5);
      assertThat(call(() -> client.depositEvidence(new DepositEvidenceRequest(HashAlgorithm.SM3, "ce".repeat(32), null, 1, "dareg", null))))
          .isInstanceOf(ProblemException.Unavailable.class);
      assertThat(gateway.asked.stream().filter(a -> a.method().equals("POST"))).hasSize(GatewayCalls.WRITE_RETRIES + 1);
    }
  }

  @Test
  void sign_signs_a_write_as_the_client_would_send_it_and_refuses_what_is_not_a_write() throws Exception {
    try (Recorder gateway = new Recorder()) {
      DaregClient registrar = recorded(gateway, true);
      SignedRequest r = registrar.sign("publishNotice", Json.mapper().createObjectNode().put("regNo", "DR-1"));
      r.verify(SIGNATURES, Recorder.RECORDED_LEDGER, List.of(ca.root()), Instant.now(), Duration.ofMinutes(1));
      SignedRequest init = registrar.sign("initLedger", Json.mapper().valueToTree(
          new InitLedgerRequest("RegistryMSP", "登记中心", "TJ-DIP", "dareg:new-ledger", roots())));
      assertThat(init.ledger()).as("the ledger it creates").isEqualTo("dareg:new-ledger");
      assertThatThrownBy(() -> registrar.sign("getRegistration", Json.mapper().createObjectNode()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a write").hasMessageContaining("publishNotice");
      assertThat(gateway.asked).isEmpty();
    }
  }

  /**
   * A value of {@code type} the client can send: request records are made from such values of their components, but for
   * those whose rules such values break.
   */
  private Object example(Class<?> type) throws Exception {
    String hash = "ab".repeat(32);
    LocalDate day = LocalDate.of(2026, 3, 2);
    Map<Class<?>, Object> chosen = Map.ofEntries(
        Map.entry(AssetDescription.class, asset()),
        Map.entry(InitLedgerRequest.class, new InitLedgerRequest("RegistryMSP", "登记中心", "TJ-DIP", "dareg:example", roots())),
        Map.entry(CalendarYearRequest.class, new CalendarYearRequest(2027, List.of(LocalDate.of(2027, 1, 1)), List.of(), "arrangement")),
        Map.entry(OpenAccountRequest.class, new OpenAccountRequest(hash, "甲公司", AccountKind.ENTERPRISE,
            List.of(new IdentityRef("EnterpriseMSP", "CN=alice,OU=holder")))),
        Map.entry(SubmitRequest.class, new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of("EV-1"), null, false, List.of())),
        Map.entry(io.dareg.core.api.RegisterRequest.class, new io.dareg.core.api.RegisterRequest(
            List.of(new io.dareg.core.api.DepositEvidenceRequest(io.dareg.core.model.HashAlgorithm.SM3, "ab".repeat(32), null, 1, "dareg", null)),
            new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(), null, false, List.of()))),
        Map.entry(RecordTradeRequest.class, new RecordTradeRequest("DR-1", "AC-1", "AC-2", TradeKind.LICENCE, "monthly scores", List.of(),
            new TimeSpan(day, day.plusYears(1)), hash, hash, null, "negotiated")),
        Map.entry(RecordTransferRequest.class, new RecordTransferRequest("DR-1", TransferBasis.INHERITANCE, "AC-2", hash)),
        Map.entry(ResolveObjectionRequest.class, new ResolveObjectionRequest("OB-1", ObjectionStatus.DISMISSED, hash)),
        Map.entry(ChangeRequest.class, new ChangeRequest("DR-1", ChangeKind.CHANGE, asset(), null, null, null, "renamed", null)),
        // issue 25: several registries
        Map.entry(io.dareg.core.api.ListingCheckRequest.class, new io.dareg.core.api.ListingCheckRequest("DR-1", "DR")),
        Map.entry(io.dareg.core.api.OpenRegistryRequest.class, new io.dareg.core.api.OpenRegistryRequest("SZ", "深圳", "TJ-DIP")),
        Map.entry(io.dareg.core.api.ProposeRecognitionRequest.class,
            new io.dareg.core.api.ProposeRecognitionRequest("SZ", List.of(), List.of(), List.of(), null, null)),
        Map.entry(io.dareg.core.api.AddPeerRegistryRequest.class, new io.dareg.core.api.AddPeerRegistryRequest("SZ", "SzRegistryMSP", "深圳",
            roots().get(0).certificate(), "https://sz.example", null, null, null)),
        Map.entry(io.dareg.core.api.PeerDuplicateRequest.class, new io.dareg.core.api.PeerDuplicateRequest("DR-1",
            new io.dareg.core.cert.Voucher(io.dareg.core.cert.Voucher.MEDIA_TYPE, "registered-hash", Instant.parse("2026-03-02T02:00:00Z"),
                Json.mapper().createObjectNode().put("registry", "SZ"),
                new io.dareg.core.cert.CertificateSignature("ECDSA-P256-SHA256", "k", "AA==", List.of("AA=="))))));
    if (chosen.containsKey(type)) {
      return chosen.get(type);
    } else if (type == String.class) {
      return "ab".repeat(32);
    } else if (type == int.class || type == Integer.class) {
      return 10;
    } else if (type == long.class || type == Long.class) {
      return 10L;
    } else if (type == boolean.class || type == Boolean.class) {
      return false;
    } else if (type.isEnum()) {
      return type.getEnumConstants()[0];
    } else if (type == List.class) {
      return List.of();
    } else if (type == Set.class) {
      return Set.of();
    } else if (type == LocalDate.class) {
      return day;
    } else if (type == Path.class) {
      return tmp.resolve("backup.blocks");
    } else if (type.isRecord() && type.getPackageName().matches("io\\.dareg\\.core\\.(api|model)")) {
      java.lang.reflect.RecordComponent[] parts = type.getRecordComponents();
      Object[] values = new Object[parts.length];
      Class<?>[] types = new Class<?>[parts.length];
      for (int i = 0; i < parts.length; i++) {
        types[i] = parts[i].getType();
        values[i] = example(types[i]);
      }
      return type.getDeclaredConstructor(types).newInstance(values);
    }
    return null;
  }

  private static AssetDescription asset() {
    return new AssetDescription("企业信用评估+工商登记数据", "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "天津市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL, List.of(),
        new Scale(1, 1), UpdateFrequency.DAILY, null, List.of("信用评估"), "授信参考", "去标识化", ClassificationLevel.GENERAL);
  }
}

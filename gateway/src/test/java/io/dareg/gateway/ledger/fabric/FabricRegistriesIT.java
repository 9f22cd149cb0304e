package io.dareg.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.ledger.FabricActProof;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.Role;
import io.dareg.core.model.TrustedRoot;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.documents.FeedReader;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.RefusedException;
import io.grpc.Grpc;
import io.vertx.core.Vertx;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * issue 25, items 1-3, on a Fabric network of two registries ({@code network/fabric.sh up --registries 2}): RegistryMSP,
 * Registry2MSP, ExchangeMSP and RegulatorMSP, each with its own peer and chaincode service, under the endorsement policy
 * {@code OutOf(2, every organisation's peer)}. The ledger is initialised by the first registry's admin (registry TJ)
 * trusting every organisation's CA, so each organisation's users sign their own requests with the keys the network gave
 * them; a transaction endorsed by one organisation alone is invalidated at commit; the regulator's own peer holds the same
 * state as the registry's; every organisation's gateway identity can carry a signed write. The stories of several
 * registries: Registry2MSP opens registry SZ; neither registry's registrar acts on the other's registrations; a
 * recognition agreement proposed by SZ and accepted by TJ lets the exchange's listing check at venue TJ pass for an SZ
 * asset (and names the agreement), which it refuses without one; the same data applied for at both is flagged to both.
 *
 * <p>The users' certificates are the network's, valid from when it came up, so the test's clock starts at the real time
 * and only moves forward (the peers follow it); SZ's profile, TJ-STD, has a notice of 3 working days, which the shipped
 * calendar covers unless the test runs in the last days of a year whose successor it lacks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricRegistriesIT {
  static final String LEDGER_ID = "dareg-test:registries";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static final String SZ_PROFILE = "TJ-STD";

  private final MutableClock clock = new MutableClock(Instant.now());
  private FabricNetwork net;
  /** One gateway's ledger per organisation, each through its own peer. */
  private final Map<String, Ledger> ledgers = new LinkedHashMap<>();

  @BeforeAll
  void start() throws Exception {
    net = FabricNetwork.withRegistries(2);
    for (String org : net.organisations()) {
      ledgers.put(org, net.ledger(org, clock));
    }
    clock.set(Instant.now());
    Caller admin = net.caller("registry", "registry-admin");
    if (!initialised()) {
      submit("registry", "registry", "registry-admin", "initLedger", new InitLedgerRequest("RegistryMSP", "天津数据资产登记中心", "TJ-DIP",
          LEDGER_ID, net.organisationRoots(), null, null, null, "TJ"));
    }
    assertThat(initialised()).as("initialised by " + admin.identity()).isTrue();
    if (!read("registry", net.caller("registry", "holder-demo"), "whoAmI", "{}").hasNonNull("accountId")) {
      submit("registry", "registry", "registrar", "openAccount", new OpenAccountRequest(sha256("甲公司"), "甲公司", AccountKind.ENTERPRISE,
          List.of(net.caller("registry", "holder-demo").identity())));
    }
  }

  @AfterAll
  void stop() {
    ledgers.values().forEach(Ledger::close);
  }

  @Test
  void the_first_registrys_admin_initialises_the_ledger_trusting_every_organisations_root() throws Exception {
    assertThat(net.organisations()).containsExactly("registry", "registry2", "exchange", "regulator");
    // read through the second registry's own peer: the settings are the channel's, not one organisation's
    JsonNode settings = read("registry2", ApiServer.SERVICE_CALLER, "getSettings", "{}");
    assertThat(settings.path("registryMsp").asText()).isEqualTo("RegistryMSP");
    assertThat(settings.path("initialisedBy").path("msp").asText()).isEqualTo("RegistryMSP");
    assertThat(settings.path("ledgerId").asText()).isEqualTo(LEDGER_ID);
    assertThat(settings.path("registryCode").asText()).isEqualTo("TJ");
    assertThat(settings.path("trustedRoots")).extracting(r -> r.path("msp").asText())
        .containsExactlyInAnyOrder("RegistryMSP", "Registry2MSP", "ExchangeMSP", "RegulatorMSP");
    // the ledger has one first act: the second registry's admin cannot initialise it again
    now();
    Throwable again = catchThrowable(() -> submit("registry2", "registry2", "registry-admin", "initLedger",
        new InitLedgerRequest("Registry2MSP", "深圳数据交易所登记", "TJ-DIP", LEDGER_ID, net.organisationRoots())));
    assertThat(again).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RefusedException.class);
  }

  @Test
  void a_transaction_endorsed_by_one_organisation_alone_is_invalidated_and_by_two_is_committed() throws Exception {
    for (String alone : List.of("RegistryMSP", "Registry2MSP", "RegulatorMSP")) {
      Status status = endorsedOnlyBy("registry", alone);
      assertThat(status.isSuccessful()).as("endorsed by " + alone + " alone").isFalse();
      assertThat(status.getCode()).as("endorsed by " + alone + " alone").isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    }
    // two organisations, neither of them the registry: OutOf(2, ...) is met; the rules checked the holder's signed request
    Status two = endorsedOnlyBy("registry2", "Registry2MSP", "RegulatorMSP");
    assertThat(two.isSuccessful()).as(two.getCode().name()).isTrue();
  }

  @Test
  void a_read_through_the_regulators_own_peer_sees_what_the_registrys_peer_sees() throws Exception {
    Committed deposit = deposit("registry", "regulator read");
    String evidenceNo = Json.tree(deposit.resultJson()).path("evidenceNo").asText();
    Caller regulator = net.caller("regulator", "regulator");
    Caller holder = net.caller("registry", "holder-demo");
    // the regulator's peer commits the block on its own; it may be a moment behind the registry's
    JsonNode throughRegulator = eventually(() -> read("regulator", regulator, "getEvidence", "{\"id\":\"" + evidenceNo + "\"}"));
    JsonNode throughRegistry = read("registry", holder, "getEvidence", "{\"id\":\"" + evidenceNo + "\"}");
    assertThat(throughRegulator).isEqualTo(throughRegistry);
    assertThat(throughRegulator.path("txId").asText()).isEqualTo(deposit.txId());
    assertThat(read("regulator", regulator, "getSettings", "{}")).isEqualTo(read("registry", holder, "getSettings", "{}"));
    assertThat(eventually(() -> ledgers.get("regulator").height() >= ledgers.get("registry").height() ? true : null)).isTrue();
  }

  @Test
  void every_organisations_gateway_identity_carries_a_signed_write_endorsed_by_two_organisations() throws Exception {
    Signatures signatures = new Signatures(new BouncyCastleProvider());
    List<TrustedRoot> fabricRoots = net.fabricRoots();
    try (FabricLedger regulatorPeer = net.unsynchronisedLedger("regulator", clock)) {
      for (String org : net.organisations()) {
        Committed c = deposit(org, "through " + org);
        assertThat(c.txId()).matches("[0-9a-f]{64}");
        // the act, as the regulator's peer holds it, verifies offline: the orderer's block, two organisations'
        // endorsements, the holder's signed request; the proposer is the organisation's gateway identity
        byte[] json = eventually(() -> {
          try {
            return regulatorPeer.exportAct(c.txId());
          } catch (RefusedException notYet) {
            return null;
          }
        });
        ActProof.Check check = FabricActProof.parse(json).verify(signatures, net.organisationRoots(), fabricRoots, Duration.ofMinutes(5));
        assertThat(check.valid()).as(org + ":\n" + String.join("\n", check.lines())).isTrue();
        assertThat(check.lines()).as(org).anyMatch(l -> l.startsWith("ok: endorsed by 2 of 2"));
        assertThat(check.organisation()).isEqualTo("RegistryMSP");
      }
    }
  }

  @Test
  void with_the_regulators_chaincode_stopped_the_registries_still_write_and_it_restarts_by_name() throws Exception {
    Caller regulator = net.caller("regulator", "regulator");
    net.script("stop-chaincode", "regulator");
    try {
      // OutOf(2, ...) needs no one organisation in particular: the registry's gateway finds another second endorser
      Committed during = deposit("registry", "regulator's chaincode down");
      assertThat(during.txId()).matches("[0-9a-f]{64}");
      Throwable read = catchThrowable(() -> read("regulator", regulator, "getSettings", "{}"));
      assertThat(read).isInstanceOf(CompletionException.class).hasCauseInstanceOf(io.dareg.gateway.ledger.UnavailableException.class);
    } finally {
      net.script("restart-chaincode", "regulator");
    }
    assertThat(eventually(() -> read("regulator", regulator, "getSettings", "{}")).path("registryMsp").asText()).isEqualTo("RegistryMSP");
    assertThat(deposit("regulator", "regulator's chaincode back").txId()).matches("[0-9a-f]{64}");
    assertThat(catchThrowable(() -> net.script("stop-chaincode", "registry9"))).hasMessageContaining("no organisation 'registry9'");
  }

  // --- issue 25: the stories of two registries ---------------------------------------------------

  @Test
  void the_second_registry_opens_its_registry_and_numbers_its_own_registrations() throws Exception {
    openSz();
    JsonNode registries = read("regulator", net.caller("regulator", "regulator"), "listRegistries", "{}");
    assertThat(registries).extracting(r -> r.path("code").asText() + "=" + r.path("msp").asText())
        .containsExactly("TJ=RegistryMSP", "SZ=Registry2MSP");
    assertThat(refusal(() -> submit("registry2", "registry2", "registry-admin", "openRegistry",
        Map.of("code", "GZ", "name", "again", "defaultProfile", SZ_PROFILE)))).satisfies(r -> {
          assertThat(r.code()).isEqualTo(RuleException.Code.CONFLICT);
          assertThat(r).hasMessageContaining("already runs registry SZ");
        });
    assertThat(apply("registry2", "SZ", "numbered by SZ " + System.nanoTime()).path("regNo").asText()).startsWith("SZ-");
    assertThat(apply("registry", null, "numbered by TJ " + System.nanoTime()).path("regNo").asText()).startsWith("TJ-");
  }

  @Test
  void a_registrar_of_one_registry_cannot_act_on_the_other_registrys_registrations() throws Exception {
    openSz();
    String tj = apply("registry", null, "TJ's own " + System.nanoTime()).path("regNo").asText();
    String sz = apply("registry2", "SZ", "SZ's own " + System.nanoTime()).path("regNo").asText();
    RefusedException refused = refusal(() -> submit("registry2", "registry2", "registrar", "startFormalReview", Map.of("regNo", tj)));
    assertThat(refused.code()).isEqualTo(RuleException.Code.FORBIDDEN);
    assertThat(refused).hasMessageContaining("belongs to registry TJ");
    // through its own gateway or another's: the rules, not the door, say no
    assertThat(refusal(() -> submit("registry", "registry2", "registrar", "startFormalReview", Map.of("regNo", tj))).code())
        .isEqualTo(RuleException.Code.FORBIDDEN);
    assertThat(refusal(() -> submit("registry", "registry", "registrar", "startFormalReview", Map.of("regNo", sz))).code())
        .isEqualTo(RuleException.Code.FORBIDDEN);
    assertThat(Json.tree(submit("registry2", "registry2", "registrar", "startFormalReview", Map.of("regNo", sz)).resultJson())
        .path("status").asText()).isEqualTo("FORMAL_REVIEW");
  }

  @Test
  void the_exchanges_listing_check_at_venue_tj_takes_an_sz_asset_only_under_a_recognition_both_registries_signed() throws Exception {
    openSz();
    String regNo = issuedAtSz("recognised " + System.nanoTime());
    JsonNode without = listingCheck(regNo, "TJ");
    assertThat(without.path("listable").asBoolean()).isFalse();
    assertThat(without.path("obstacles").toString()).contains("registered at registry SZ, which registry TJ does not recognise");
    assertThat(without.path("venue").asText()).isEqualTo("TJ");

    JsonNode proposed = Json.tree(submit("registry2", "registry2", "registry-admin", "proposeRecognition",
        Map.of("counterparty", "TJ", "profiles", List.of(SZ_PROFILE), "rightTypes", List.of("HOLDING"))).resultJson());
    String agreementNo = proposed.path("agreementNo").asText();
    assertThat(proposed.path("status").asText()).isEqualTo("PROPOSED");
    assertThat(listingCheck(regNo, "TJ").path("listable").asBoolean()).as("proposed, not yet accepted").isFalse();
    // SZ cannot accept its own proposal; TJ's admin does
    assertThat(refusal(() -> submit("registry2", "registry2", "registry-admin", "acceptRecognition", Map.of("id", agreementNo))).code())
        .isEqualTo(RuleException.Code.FORBIDDEN);
    JsonNode accepted = Json.tree(submit("registry", "registry", "registry-admin", "acceptRecognition", Map.of("id", agreementNo)).resultJson());
    assertThat(accepted.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(accepted.path("acceptedBy").path("msp").asText()).isEqualTo("RegistryMSP");

    JsonNode under = listingCheck(regNo, "TJ");
    assertThat(under.path("listable").asBoolean()).as(under.path("obstacles").toString()).isTrue();
    assertThat(under.path("recognition").asText()).isEqualTo(agreementNo);
    // the regulator sees the agreement and the check that relied on it through its own peer
    Caller regulator = net.caller("regulator", "regulator");
    assertThat(eventually(() -> read("regulator", regulator, "getRecognition", "{\"id\":\"" + agreementNo + "\"}"))
        .path("status").asText()).isEqualTo("ACTIVE");

    // withdrawn by either party, the venue no longer takes the asset
    submit("registry", "registry", "registry-admin", "withdrawRecognition", Map.of("id", agreementNo));
    assertThat(listingCheck(regNo, "TJ").path("listable").asBoolean()).isFalse();
  }

  @Test
  void the_same_data_applied_for_at_both_registries_is_flagged_to_both() throws Exception {
    openSz();
    String data = "一数多登 " + System.nanoTime();
    String tj = apply("registry", null, data).path("regNo").asText();
    JsonNode sz = apply("registry2", "SZ", data);
    assertThat(sz.path("duplicateOf")).extracting(JsonNode::asText).containsExactly(tj);
    String szNo = sz.path("regNo").asText();
    // each registry's registrar sees the flag through its own gateway, and the regulator through its own peer
    for (String[] who : new String[][] {{"registry", "TJ"}, {"registry2", "SZ"}}) {
      JsonNode flags = read(who[0], net.caller(who[0], "registrar"), "listDuplicates", "{\"id\":\"" + who[1] + "\"}");
      assertThat(flags).as(who[1]).anySatisfy(f -> {
        assertThat(f.path("regNo").asText()).isEqualTo(szNo);
        assertThat(f.path("otherRegNo").asText()).isEqualTo(tj);
        assertThat(f.path("registry").asText()).isEqualTo("SZ");
        assertThat(f.path("otherRegistry").asText()).isEqualTo("TJ");
      });
    }
    JsonNode seen = eventually(() -> {
      JsonNode flags = read("regulator", net.caller("regulator", "regulator"), "listDuplicates", "{\"id\":\"TJ\"}");
      return flags.toString().contains(szNo) ? flags : null;
    });
    assertThat(seen.toString()).contains(tj);
  }

  /** Registry2MSP's admin opens registry SZ, and its registrar an account for its demo holder, unless done before. */
  @Test
  void the_regulators_feed_through_its_own_peer_resumes_after_a_disconnect_with_no_gap_and_no_repeat() throws Exception {
    now();
    // A regulator of another organisation than a registry's reads as one once a registry admin enters it in the role table.
    Caller regulator = net.caller("regulator", "regulator");
    if (!"REGULATOR".equals(read("regulator", regulator, "whoAmI", "{}").path("role").asText())) {
      submit("registry", "registry", "registry-admin", "grantRole", new GrantRoleRequest(regulator.identity(), Role.REGULATOR));
    }
    // the regulator's peer commits the grant's block on its own, a moment after the registry's
    eventually(() -> "REGULATOR".equals(read("regulator", regulator, "whoAmI", "{}").path("role").asText()) ? true : null);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dareg-fabric-feed");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    List<java.security.cert.X509Certificate> roots = new java.util.ArrayList<>(List.of(ca.root()));
    for (java.nio.file.Path root : net.settings("regulator").tokenRoots()) {
      roots.add(CertificateAuthority.readCertificate(root));
    }
    Vertx vertx = Vertx.vertx();
    // The regulator's own gateway, on the regulator organisation's own peer (a FabricLedger itself: its log follows the blocks).
    FabricLedger regulatorPeer = net.unsynchronisedLedger("regulator", clock);
    ApiServer api = new ApiServer(vertx, regulatorPeer, new Tokens(roots, Duration.ofMinutes(5), Tokens.Replay.ALLOWED), ca, dir,
        clock, 1 << 20, List.of(), Map.of());
    try {
      String feed = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join()
          + "/api/v1/supervision/feed";
      String token = net.token("regulator", "regulator");
      Committed before = deposit("registry", "feed before");
      List<FeedReader.Event> first;
      try (FeedReader r = FeedReader.open(feed + "?from=0", token, null)) {
        assertThat(r.response().statusCode()).isEqualTo(200);
        first = r.until(e -> e.name().equals("act") && e.data().path("txId").asText().equals(before.txId()), WAIT);
      }
      List<Long> seen = acts(first);
      assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.range(0, seen.size()).boxed().toList());
      String lastSeen = first.get(first.size() - 1).id();
      // While the regulator is away, through both registries' peers.
      Committed away1 = deposit("registry2", "feed while away");
      // the same data applied for at both registries: a Fabric entry carries no event, and the alert is still raised
      openSz();
      String data = "feed 一数多登 " + System.nanoTime();
      apply("registry", null, data);
      String copy = apply("registry2", "SZ", data).path("regNo").asText();
      Committed away2 = deposit("registry", "feed while away, again");
      List<FeedReader.Event> second;
      try (FeedReader r = FeedReader.open(feed, token, lastSeen)) {
        assertThat(r.response().statusCode()).isEqualTo(200);
        second = r.until(e -> e.name().equals("act") && e.data().path("txId").asText().equals(away2.txId()), WAIT);
      }
      List<Long> resumed = acts(second);
      long next = Long.parseLong(lastSeen) + 1;
      assertThat(resumed).containsExactlyElementsOf(java.util.stream.LongStream.range(next, next + resumed.size()).boxed().toList());
      assertThat(second.stream().filter(e -> e.name().equals("act")).map(e -> e.data().path("txId").asText()))
          .contains(away1.txId(), away2.txId()).doesNotContain(before.txId());
      // issue 25: the alerts are derived from what the acts left, read through the regulator's own peer
      assertThat(second.stream().filter(e -> e.name().equals("alert") && e.data().path("kind").asText().equals("duplicate-flagged"))
          .map(e -> e.data().path("subject").asText())).contains(copy);
      // Only a regulator reads it.
      java.net.http.HttpResponse<String> holder = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(feed + "?follow=false")).header("Authorization", "Bearer " + net.token("registry", "holder-demo")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(holder.statusCode()).isEqualTo(403);
    } finally {
      api.close();
      vertx.close();
      regulatorPeer.close();
    }
  }

  private static List<Long> acts(List<FeedReader.Event> events) {
    return events.stream().filter(e -> e.name().equals("act")).map(e -> Long.parseLong(e.id())).toList();
  }

  private void openSz() throws Exception {
    now();
    JsonNode registries = read("registry", ApiServer.SERVICE_CALLER, "listRegistries", "{}");
    if (!registries.toString().contains("\"SZ\"")) {
      JsonNode opened = Json.tree(submit("registry2", "registry2", "registry-admin", "openRegistry",
          Map.of("code", "SZ", "name", "深圳数据资产登记中心", "defaultProfile", SZ_PROFILE)).resultJson());
      assertThat(opened.path("msp").asText()).isEqualTo("Registry2MSP");
    }
    Caller holder = net.caller("registry2", "holder-demo");
    if (!read("registry2", holder, "whoAmI", "{}").hasNonNull("accountId")) {
      submit("registry2", "registry2", "registrar", "openAccount", new OpenAccountRequest(sha256("乙公司"), "乙公司", AccountKind.ENTERPRISE,
          List.of(holder.identity())));
    }
  }

  /** {@code org}'s demo holder deposits evidence of {@code data} and applies to {@code registry} (null: the first); the registration. */
  private JsonNode apply(String org, String registry, String data) throws Exception {
    now();
    String evidenceNo = Json.tree(submit(org, org, "holder-demo", "depositEvidence", Json.tree(evidence(data))).resultJson())
        .path("evidenceNo").asText();
    com.fasterxml.jackson.databind.node.ObjectNode a = Json.mapper().createObjectNode().put("rightType", "HOLDING");
    if (registry != null) {
      a.put("registry", registry);
    }
    a.putArray("evidenceNos").add(evidenceNo);
    // TJ-DIP, the first registry's profile, asks for the applicant's compliance undertaking (issue 20)
    a.putArray("attachments").addObject().put("kind", "COMPLIANCE_UNDERTAKING").put("issuer", "甲公司").put("algorithm", "SM3")
        .put("hash", sha256("undertaking " + evidenceNo)).put("date", "2026-03-01");
    a.set("asset", Json.tree("{\"name\":\"企业信用评估+工商登记数据\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
        + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
        + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[],\"scale\":{\"records\":1,\"bytes\":1},"
        + "\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\"],\"scope\":\"授信\",\"algorithmSummary\":\"汇总\",\"classification\":\"GENERAL\"}"));
    return Json.tree(submit(org, org, "holder-demo", "submit", a).resultJson());
  }

  /** An SZ registration of {@code data}, reviewed by SZ's registrar and reviewer, past its notice, issued, its certificate recorded. */
  private String issuedAtSz(String data) throws Exception {
    String regNo = apply("registry2", "SZ", data).path("regNo").asText();
    submit("registry2", "registry2", "registrar", "startFormalReview", Map.of("regNo", regNo));
    submit("registry2", "registry2", "registrar", "formalReview", Map.of("regNo", regNo, "outcome", "PASS", "opinionHash", sha256("formal")));
    submit("registry2", "registry2", "reviewer", "substantiveReview", Map.of("regNo", regNo, "outcome", "PASS", "opinionHash", sha256("real")));
    JsonNode notice = Json.tree(submit("registry2", "registry2", "registrar", "publishNotice", Map.of("regNo", regNo)).resultJson());
    clock.set(Instant.parse(notice.path("noticeEnd").asText()).plusSeconds(60));
    assertThat(Json.tree(submit("registry2", "registry2", "registrar", "issue", Map.of("regNo", regNo)).resultJson()).path("status").asText())
        .isEqualTo("ISSUED");
    // as a gateway records a certificate it signed: the registrar's signed issueCertificate, the certificate's fields beside it
    clock.advance(Duration.ofMillis(10));
    com.fasterxml.jackson.databind.node.ObjectNode record = Json.mapper().createObjectNode()
        .put("certificateHash", sha256("certificate " + regNo)).put("signerKeyId", "registry2-key-1");
    record.set("authorisation", Json.tree(net.author("registry2", "registrar").sign(LEDGER_ID, "issueCertificate",
        "{\"regNo\":\"" + regNo + "\"}", clock.instant())));
    ledgers.get("registry2").submit(ApiServer.SERVICE_CALLER, "recordCertificate", CanonicalJson.toString(record))
        .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    return regNo;
  }

  /** The exchange's listing check of {@code regNo} at a venue of registry {@code venue}, through the exchange's own gateway. */
  private JsonNode listingCheck(String regNo, String venue) throws Exception {
    now();
    return Json.tree(submit("exchange", "exchange", "exchange-demo", "recordListingCheck", Map.of("regNo", regNo, "venue", venue)).resultJson());
  }

  private interface Act {
    Object run() throws Exception;
  }

  /** The rules' refusal of {@code act}. */
  private static RefusedException refusal(Act act) {
    Throwable t = catchThrowable(act::run);
    assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RefusedException.class);
    return (RefusedException) t.getCause();
  }

  // --- helpers -----------------------------------------------------------------------------------

  /**
   * The registry's holder's signed deposit, proposed through {@code org}'s own Fabric Gateway client (not dareg's
   * ledger) with its gateway identity, endorsed only by {@code endorsers}; its commit status.
   */
  private Status endorsedOnlyBy(String org, String... endorsers) throws Exception {
    FabricSettings s = net.settings(org);
    ManagedChannel channel = Grpc.newChannelBuilder(s.peerEndpoint(),
        TlsChannelCredentials.newBuilder().trustManager(s.peerTlsRoot().toFile()).build())
        .overrideAuthority(s.peerHostOverride()).build();
    // the Fabric client stamps the proposal with the real time: the peers are told it, and the request is signed at it
    Instant now = Instant.now();
    net.setPeerTime(now);
    String request = net.author("registry", "holder-demo").sign(LEDGER_ID, "depositEvidence", evidence("alone " + String.join("+", endorsers)
        + " " + System.nanoTime()), now);
    try (Gateway g = Gateway.newInstance().identity(new X509Identity(s.mspId(), net.gatewayCertificate(org)))
        .signer(Signers.newPrivateKeySigner(net.gatewayKey(org))).hash(Hash.SHA256).connection(channel).connect()) {
      Contract contract = g.getNetwork(s.channel()).getContract(s.chaincode());
      SubmittedTransaction tx = contract.newProposal("depositEvidence").addArguments(request)
          .setEndorsingOrganizations(endorsers).build().endorse().submitAsync();
      return tx.getStatus();
    } finally {
      channel.shutdownNow();
    }
  }

  /** The registry's holder deposits evidence of {@code data} through {@code org}'s gateway. */
  private Committed deposit(String org, String data) throws Exception {
    now();
    return submit(org, "registry", "holder-demo", "depositEvidence", Json.tree(evidence(data + " " + System.nanoTime())));
  }

  /** The test's clock at the real time, unless a story moved it further (past a notice period): it never goes back. */
  private void now() {
    Instant real = Instant.now();
    if (real.isAfter(clock.instant())) {
      clock.set(real);
    }
  }

  private static String evidence(String data) {
    return "{\"algorithm\":\"SM3\",\"hash\":\"" + sha256(data) + "\",\"size\":" + data.length() + ",\"channel\":\"dareg\"}";
  }

  /** {@code user} of {@code userOrg} signs {@code request} for {@code tx}; {@code org}'s gateway carries it. */
  private Committed submit(String org, String userOrg, String user, String tx, Object request) throws Exception {
    clock.advance(Duration.ofMillis(10));
    String signed = net.author(userOrg, user).sign(LEDGER_ID, tx, CanonicalJson.toString(Json.mapper().valueToTree(request)), clock.instant());
    return ledgers.get(org).submit(ApiServer.SERVICE_CALLER, tx, signed).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  private JsonNode read(String org, Caller reader, String tx, String args) throws Exception {
    return Json.tree(ledgers.get(org).evaluate(reader, tx, args).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
  }

  private boolean initialised() throws Exception {
    try {
      read("registry", ApiServer.SERVICE_CALLER, "getSettings", "{}");
      return true;
    } catch (CompletionException notYet) {
      return false;
    }
  }

  private interface Attempt<T> {
    T get() throws Exception;
  }

  /** The first non-null answer of {@code attempt} within 30 s (a refusal counts as not yet). */
  private static <T> T eventually(Attempt<T> attempt) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        T t = attempt.get();
        if (t != null) {
          return t;
        }
      } catch (CompletionException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not so within 30 s", last);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

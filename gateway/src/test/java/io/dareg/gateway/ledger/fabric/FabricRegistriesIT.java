package io.dareg.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.ledger.FabricActProof;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.TrustedRoot;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.RefusedException;
import io.grpc.Grpc;
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
 * issue 25, item 1, on a Fabric network of two registries ({@code network/fabric.sh up --registries 2}): RegistryMSP,
 * Registry2MSP, ExchangeMSP and RegulatorMSP, each with its own peer and chaincode service, under the endorsement policy
 * {@code OutOf(2, every organisation's peer)}. The ledger is initialised by the first registry's admin trusting every
 * organisation's CA, so each organisation's users sign their own requests with the keys the network gave them; a
 * transaction endorsed by one organisation alone is invalidated at commit; the regulator's own peer holds the same state
 * as the registry's; and every organisation's gateway identity can carry a signed write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricRegistriesIT {
  static final String LEDGER_ID = "dareg-test:registries";
  private static final Duration WAIT = Duration.ofSeconds(90);

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
          LEDGER_ID, net.organisationRoots()));
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
    assertThat(settings.path("trustedRoots")).extracting(r -> r.path("msp").asText())
        .containsExactlyInAnyOrder("RegistryMSP", "Registry2MSP", "ExchangeMSP", "RegulatorMSP");
    // the ledger has one first act: the second registry's admin cannot initialise it again
    clock.set(Instant.now());
    Throwable again = catchThrowable(() -> submit("registry2", "registry2", "registry2-admin", "initLedger",
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
    clock.set(Instant.now());
    return submit(org, "registry", "holder-demo", "depositEvidence", Json.tree(evidence(data + " " + System.nanoTime())));
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

package io.dareg.chaincode.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.Key;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.chaincode.registry.WorldState;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/** The contract over a fake peer: arguments, identities, error codes and events reach the caller. */
class DaregContractTest {
  private static final String ADMIN = TestIdentities.certificate("Admin@registry", "admin", null);
  private static final String REGISTRAR = TestIdentities.certificate("registrar1", "client", "registrar");
  private static final String HOLDER = TestIdentities.certificate("alice", "client", null);

  /** The gateway's own identity, which signs proposals; the authors sign the requests inside (issue 23). */
  private static final String SERVICE = TestIdentities.certificate("gateway", "client", null);
  private static final String LEDGER = "dareg-test:fabric";
  private static final io.dareg.core.act.ThrowawayAuthority AUTHORITY = new io.dareg.core.act.ThrowawayAuthority();
  private static final io.dareg.core.act.ThrowawayAuthority.Author ADMIN_AUTHOR = AUTHORITY.author("RegistryMSP", "Admin@registry", null, true);
  private static final io.dareg.core.act.ThrowawayAuthority.Author REGISTRAR_AUTHOR =
      AUTHORITY.author("RegistryMSP", "registrar1", "registrar", false);
  private static final io.dareg.core.act.ThrowawayAuthority.Author HOLDER_AUTHOR = AUTHORITY.author("EnterpriseMSP", "alice", null, false);

  private final FakeStub peer = new FakeStub();
  private Instant now = Instant.parse("2026-03-02T02:00:00Z");
  /** The peer's clock: the test's time, as if the proposals were timed honestly. */
  private final java.time.Clock peerClock = new java.time.Clock() {
    @Override public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now;
    }
  };
  private final DaregContract contract = new DaregContract(peerClock);
  private int tx;

  /** {@code args} of {@code operation} as {@code author} signs them at the next transaction's time. */
  private String signed(io.dareg.core.act.ThrowawayAuthority.Author author, String operation, String args) {
    return author.sign(LEDGER, operation, args, now.plusSeconds(1));
  }

  private static String initArgs(String registryName) {
    return "{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"" + registryName + "\",\"defaultProfile\":\"TJ-DIP\",\"ledgerId\":\""
        + LEDGER + "\",\"trustedRoots\":" + new String(io.dareg.core.json.Json.canonical(AUTHORITY.roots()), StandardCharsets.UTF_8) + "}";
  }

  private String call(String msp, String cert, String name, Function<Context, String> method) {
    peer.begin("tx" + (++tx), now = now.plusSeconds(1), msp, cert, name);
    String out = method.apply(new Context(peer.stub()));
    peer.commit();
    return out;
  }

  private ChaincodeException refused(String msp, String cert, String name, Function<Context, String> method) {
    int before = peer.size();
    ChaincodeException e = catchThrowableOfType(ChaincodeException.class, () -> call(msp, cert, name, method));
    assertThat(e).isNotNull();
    assertThat(peer.size()).isEqualTo(before);
    return e;
  }

  private void initialise() {
    String args = signed(ADMIN_AUTHOR, "initLedger", initArgs("天津数据资产登记中心"));
    call("RegistryMSP", SERVICE, "initLedger", c -> contract.initLedger(c, args));
  }

  @Test
  void every_rule_transaction_is_a_contract_method_with_the_right_intent() {
    RegistryTransactions rules = RegistryTransactions.standard();
    Set<String> methods = Arrays.stream(DaregContract.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Transaction.class)).map(Method::getName).collect(Collectors.toSet());
    Set<String> evaluate = Arrays.stream(DaregContract.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Transaction.class))
        .filter(m -> m.getAnnotation(Transaction.class).intent() == Transaction.TYPE.EVALUATE)
        .map(Method::getName).collect(Collectors.toSet());
    assertThat(methods).isEqualTo(rules.names());
    assertThat(evaluate).isEqualTo(rules.readOnlyNames());
  }

  // issue 22: the contract names each transaction once, as its method; the table of what each takes is docs/transactions.md
  @Test
  void every_contract_method_runs_the_transaction_of_its_own_name() throws Exception {
    initialise();
    for (Method m : DaregContract.class.getDeclaredMethods()) {
      if (!m.isAnnotationPresent(Transaction.class)) {
        continue;
      }
      peer.begin("tx" + (++tx), now = now.plusSeconds(1), "RegistryMSP", ADMIN, m.getName());
      // Called as Fabric calls it, by reflection; an unknown name would be NOT_FOUND, not a request refused.
      Throwable thrown = catchThrowable(() -> m.invoke(contract, new Context(peer.stub()), "[]"));
      assertThat(thrown).as(m.getName()).isInstanceOf(InvocationTargetException.class);
      // issue 22: a transaction the operation table restricts admits its callers before it reads its request
      assertThat(thrown.getCause()).as(m.getName()).isInstanceOf(ChaincodeException.class)
          .hasMessageMatching("(INVALID: |FORBIDDEN: " + m.getName() + " is for )(?s).*");
    }
  }

  @Test
  void every_transaction_is_in_the_table_of_docs_transactions() throws Exception {
    String table = Files.readString(Path.of("../docs/transactions.md"));
    Set<String> undocumented = RegistryTransactions.standard().names().stream()
        .filter(name -> !table.contains("| " + name + " | "))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
    assertThat(undocumented).isEmpty();
  }

  @Test
  void initialises_the_ledger_and_reads_the_settings_back() {
    initialise();
    assertThat(peer.eventName).isEqualTo("initLedger");
    assertThat(new String(peer.eventPayload, StandardCharsets.UTF_8)).contains("\"registryMsp\":\"RegistryMSP\"");
    String settings = call("EnterpriseMSP", HOLDER, "getSettings", c -> contract.getSettings(c, "{}"));
    assertThat(settings).contains("\"defaultProfile\":\"TJ-DIP\"").contains("天津数据资产登记中心");
  }

  @Test
  void the_caller_is_read_from_the_certificate() {
    initialise();
    String admin = call("RegistryMSP", ADMIN, "whoAmI", c -> contract.whoAmI(c, "{}"));
    assertThat(admin).contains("\"orgAdmin\":true").contains("\"msp\":\"RegistryMSP\"").contains("CN=Admin@registry");
    String registrar = call("RegistryMSP", REGISTRAR, "whoAmI", c -> contract.whoAmI(c, "{}"));
    assertThat(registrar).contains("\"role\":\"REGISTRAR\"").contains("\"orgAdmin\":false");
    // A registrar attribute from another organisation's CA is not trusted.
    String foreign = call("ExchangeMSP", REGISTRAR, "whoAmI", c -> contract.whoAmI(c, "{}"));
    assertThat(foreign).doesNotContain("\"role\"");
  }

  // issue 23: the gateway holds no user's key; it proposes queries as itself and names the reader its token authenticated
  private static final String GATEWAY = TestIdentities.certificate("dareg-gateway", "client", ReaderClaim.GATEWAY_ROLE);

  private String readFor(String msp, String proposer, Caller reader, String name, Function<Context, String> method) {
    peer.begin("tx" + (++tx), now = now.plusSeconds(1), msp, proposer, name)
        .withTransient(java.util.Map.of(ReaderClaim.TRANSIENT_KEY, ReaderClaim.encode(reader)));
    String out = method.apply(new Context(peer.stub()));
    peer.commit();
    return out;
  }

  private ChaincodeException refusedRead(String msp, String proposer, Caller reader, String name, Function<Context, String> method) {
    ChaincodeException e = catchThrowableOfType(ChaincodeException.class, () -> readFor(msp, proposer, reader, name, method));
    assertThat(e).as(name + " should have been refused").isNotNull();
    return e;
  }

  @Test
  void a_gateway_identity_reads_as_the_member_its_claim_names_and_no_one_else_can_claim() {
    initialise();
    Caller registrar = new Caller(new io.dareg.core.model.IdentityRef("RegistryMSP", "CN=registrar1,OU=registrar"), "registrar", false);
    String who = readFor("RegistryMSP", GATEWAY, registrar, "whoAmI", c -> contract.whoAmI(c, "{}"));
    assertThat(who).contains("CN=registrar1,OU=registrar").contains("\"role\":\"REGISTRAR\"");
    // Without a claim the gateway is itself, with no role.
    String itself = call("RegistryMSP", GATEWAY, "whoAmI", c -> contract.whoAmI(c, "{}"));
    assertThat(itself).contains("\"CN=dareg-gateway\"").doesNotContain("\"role\"");

    // A member that is not the gateway cannot read as another (a holder claiming the registrar, say).
    assertThat(refusedRead("RegistryMSP", HOLDER, registrar, "whoAmI", c -> contract.whoAmI(c, "{}")))
        .hasMessageStartingWith("FORBIDDEN:").hasMessageContaining("is not a gateway identity");
    // A gateway reads for its own organisation's members only.
    Caller foreigner = new Caller(new io.dareg.core.model.IdentityRef("ExchangeMSP", "CN=exchange-demo,OU=exchange"), "exchange", false);
    assertThat(refusedRead("RegistryMSP", GATEWAY, foreigner, "whoAmI", c -> contract.whoAmI(c, "{}")))
        .hasMessageStartingWith("FORBIDDEN:").hasMessageContaining("should call the gateway of ExchangeMSP");
    // A claim never makes a write, whatever it carries.
    String deposit = signed(HOLDER_AUTHOR, "depositEvidence", "{\"algorithm\":\"SM3\",\"hash\":\"" + "a".repeat(64)
        + "\",\"size\":1,\"channel\":\"dareg\"}");
    int before = peer.size();
    assertThat(refusedRead("RegistryMSP", GATEWAY, registrar, "depositEvidence", c -> contract.depositEvidence(c, deposit)))
        .hasMessageStartingWith("INVALID:").hasMessageContaining("cannot be made on another's behalf");
    assertThat(peer.size()).isEqualTo(before);
  }

  @Test
  void bad_json_is_invalid_and_names_the_field() {
    String wrong = signed(ADMIN_AUTHOR, "initLedger", "{\"registryMsp\":1}");
    ChaincodeException wrongType = refused("RegistryMSP", SERVICE, "initLedger", c -> contract.initLedger(c, wrong));
    assertThat(wrongType.getMessage()).startsWith("INVALID: registryMsp: ");
    assertThat(new String(wrongType.getPayload(), StandardCharsets.UTF_8)).isEqualTo("INVALID");
    ChaincodeException unknown = refused("RegistryMSP", SERVICE, "initLedger", c -> contract.initLedger(c,
        signed(ADMIN_AUTHOR, "initLedger", initArgs("x").replaceFirst("}$", ",\"extra\":1}"))));
    assertThat(unknown.getMessage()).startsWith("INVALID: extra: ");
    ChaincodeException missing = refused("RegistryMSP", ADMIN, "initLedger", c -> contract.initLedger(c, ""));
    assertThat(missing.getMessage()).startsWith("INVALID: request: ");
    // issue 23: on a ledger that trusts its roots, a write that its author did not sign is refused, whoever signed the proposal
    initialise();
    ChaincodeException unsigned = refused("RegistryMSP", REGISTRAR, "openAccount", c -> contract.openAccount(c,
        "{\"creditCodeHash\":\"" + "a".repeat(64) + "\",\"name\":\"甲公司\",\"kind\":\"ENTERPRISE\",\"members\":[]}"));
    assertThat(unsigned.getMessage()).startsWith("INVALID: request: a write is a signed request");
  }

  @Test
  void refusals_carry_their_code_to_the_caller() {
    String byHolder = signed(HOLDER_AUTHOR, "initLedger", initArgs("x"));
    ChaincodeException forbidden = refused("EnterpriseMSP", SERVICE, "initLedger", c -> contract.initLedger(c, byHolder));
    assertThat(forbidden.getMessage()).startsWith("FORBIDDEN: ");
    assertThat(new String(forbidden.getPayload(), StandardCharsets.UTF_8)).isEqualTo("FORBIDDEN");
    initialise();
    ChaincodeException notFound = refused("EnterpriseMSP", HOLDER, "getRegistration",
        c -> contract.getRegistration(c, "{\"regNo\":\"DR-20260101-000000000000\"}"));
    assertThat(notFound.getMessage()).startsWith("NOT_FOUND: ");
    String again = signed(ADMIN_AUTHOR, "initLedger", initArgs("x"));
    ChaincodeException conflict = refused("RegistryMSP", SERVICE, "initLedger", c -> contract.initLedger(c, again));
    assertThat(conflict.getMessage()).startsWith("CONFLICT: ");
  }

  @Test
  void a_proposal_timed_away_from_the_peers_clock_is_refused() {
    initialise();
    // issue 23: a client that backdates its own proposal (e.g. to skip a notice period) is refused by the endorser
    Instant honest = now;
    String args = HOLDER_AUTHOR.sign(LEDGER, "depositEvidence",
        "{\"algorithm\":\"SM3\",\"hash\":\"" + "b".repeat(64) + "\",\"size\":42,\"channel\":\"dareg\"}", honest.minus(java.time.Duration.ofDays(30)));
    peer.begin("tx-backdated", honest.minus(java.time.Duration.ofDays(30)), "RegistryMSP", SERVICE, "depositEvidence");
    ChaincodeException e = catchThrowableOfType(ChaincodeException.class, () -> contract.depositEvidence(new Context(peer.stub()), args));
    assertThat(e.getMessage()).startsWith("INVALID: time: ").contains("from this endorser's clock");
  }

  @Test
  void a_holder_account_opened_by_the_registrar_lets_the_holder_deposit_evidence() {
    initialise();
    String aliceId = call("EnterpriseMSP", HOLDER, "whoAmI", c -> contract.whoAmI(c, "{}"));
    String id = aliceId.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
    String open = signed(REGISTRAR_AUTHOR, "openAccount",
        "{\"creditCodeHash\":\"" + "a".repeat(64) + "\",\"name\":\"甲公司\",\"kind\":\"ENTERPRISE\",\"members\":[{\"msp\":\"EnterpriseMSP\",\"id\":\"" + id + "\"}]}");
    call("RegistryMSP", SERVICE, "openAccount", c -> contract.openAccount(c, open));
    String deposit = signed(HOLDER_AUTHOR, "depositEvidence",
        "{\"algorithm\":\"SM3\",\"hash\":\"" + "b".repeat(64) + "\",\"size\":42,\"channel\":\"dareg\"}");
    String evidence = call("RegistryMSP", SERVICE, "depositEvidence", c -> contract.depositEvidence(c, deposit));
    assertThat(evidence).contains("\"evidenceNo\":\"EV-20260302-");
    assertThat(peer.eventName).isEqualTo("depositEvidence");
  }

  @Test
  void unknown_transactions_are_not_found() {
    peer.begin("tx-x", now, "EnterpriseMSP", HOLDER, "noSuchThing");
    ChaincodeException e = catchThrowableOfType(ChaincodeException.class, () -> contract.unknownTransaction(new Context(peer.stub())));
    assertThat(e.getMessage()).startsWith("NOT_FOUND: no transaction 'noSuchThing'");
  }

  @Test
  void the_stub_world_state_encodes_keys_as_fabric_and_overlays_its_own_writes() {
    peer.begin("tx-k", now, "EnterpriseMSP", HOLDER, "t");
    Context ctx = new Context(peer.stub());
    StubWorldState ws = new StubWorldState(ctx.getStub(), ctx.getClientIdentity(), peerClock);
    Key key = Key.of("reg", "DR-1");
    assertThat(ctx.getStub().createCompositeKey("reg", "DR-1").toString()).isEqualTo(key.encoded());
    ws.put(key, new byte[] {1});
    ws.put(Key.of("reg", "DR-2"), new byte[] {2});
    assertThat(ws.get(key)).containsExactly(1);
    assertThat(ws.scan(Key.of("reg"))).extracting(e -> e.key().last()).containsExactly("DR-1", "DR-2");
    peer.commit();
    peer.begin("tx-l", now.plusSeconds(1), "EnterpriseMSP", HOLDER, "t");
    ws = new StubWorldState(peer.stub(), new Context(peer.stub()).getClientIdentity(), peerClock);
    ws.delete(key);
    assertThat(ws.get(key)).isNull();
    assertThat(ws.scan(Key.of("reg"))).extracting(e -> e.key().last()).containsExactly("DR-2");
    WorldState.Page first = ws.page(Key.of("reg"), 1, "");
    assertThat(first.entries()).extracting(e -> e.key().last()).containsExactly("DR-1");
    assertThat(ws.page(Key.of("reg"), 1, first.bookmark()).entries()).extracting(e -> e.key().last()).containsExactly("DR-2");
    peer.commit();
    assertThat(ws.history(key)).extracting(WorldState.Modification::txId).containsExactly("tx-k", "tx-l");
    assertThat(ws.history(key).get(1).deleted()).isTrue();
    Caller caller = ws.caller();
    assertThat(caller.msp()).isEqualTo("EnterpriseMSP");
  }

  @Test
  void the_stub_world_state_asks_the_peer_once_for_a_key_however_often_the_rules_read_it() {
    peer.begin("tx-r", now, "EnterpriseMSP", HOLDER, "t");
    StubWorldState ws = new StubWorldState(peer.stub(), new Context(peer.stub()).getClientIdentity(), peerClock);
    ws.put(Key.of("reg", "DR-1"), new byte[] {1});
    peer.commit();
    peer.begin("tx-s", now.plusSeconds(1), "EnterpriseMSP", HOLDER, "t");
    ws = new StubWorldState(peer.stub(), new Context(peer.stub()).getClientIdentity(), peerClock);
    int before = peer.stateReads;
    byte[] first = ws.get(Key.of("reg", "DR-1"));
    first[0] = 9; // a caller that changes what it was given changes nothing the next read sees
    assertThat(ws.get(Key.of("reg", "DR-1"))).containsExactly(1);
    assertThat(ws.get(Key.of("reg", "DR-2"))).isNull();
    assertThat(ws.get(Key.of("reg", "DR-2"))).isNull();
    assertThat(peer.stateReads - before).as("one round trip per key, absent keys included").isEqualTo(2);
    ws.put(Key.of("reg", "DR-2"), new byte[] {2});
    ws.delete(Key.of("reg", "DR-1"));
    assertThat(ws.get(Key.of("reg", "DR-2"))).as("the transaction's own write, over what it read").containsExactly(2);
    assertThat(ws.get(Key.of("reg", "DR-1"))).as("its own deletion").isNull();
    assertThat(peer.stateReads - before).isEqualTo(2);
  }
}

package io.dareg.gateway.ledger.fabric;

import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerContractTest;
import io.dareg.gateway.ledger.MutableClock;

/**
 * The shared ledger suite on a real Fabric network: two organisations' peers endorse, the
 * orderer orders, and the gateway's {@link FabricLedger} signs as each acting user.
 */
class FabricLedgerIT extends LedgerContractTest {
  @Override
  protected Ledger open(MutableClock clock) throws Exception {
    FabricNetwork n = FabricNetwork.get();
    ADMIN = n.caller("registry", "registry-admin");
    REGISTRAR = n.caller("registry", "registrar");
    REVIEWER = n.caller("registry", "reviewer");
    HOLDER = n.caller("registry", "holder-demo");
    BUYER = n.caller("registry", "buyer-demo");
    OBJECTOR = n.caller("registry", "objector-demo");
    EXCHANGE = n.caller("exchange", "exchange-demo");
    OTHER_EXCHANGE = n.caller("registry", "exchange-other"); // an exchange of another organisation
    return n.ledger("registry", clock);
  }

  // issue 23: the authors' certificates come from the ledger's own trusted roots (a throw-away CA per organisation), not from
  // Fabric's MSP: Fabric authenticates the gateway that proposes, the rules authenticate who acted. Each author has the
  // identity of the network user the suite reads with (same O, CN and role OU), so the role table and accounts agree.
  @Override
  protected io.dareg.core.act.ThrowawayAuthority.Author authorOf(io.dareg.chaincode.registry.Caller who) {
    return FabricNetwork.author(who);
  }

  @Override
  protected java.util.List<io.dareg.core.model.TrustedRoot> trustedRoots() {
    return FabricNetwork.AUTHORITY.roots();
  }

  /**
   * issue 23, item 6: a client that builds its own backdated proposal (to skip a notice period, say) is refused by
   * the endorsing peers, whose own clock the proposal's time must be near; its signed request is honest about the time.
   */
  @org.junit.jupiter.api.Test
  void a_backdated_proposal_is_refused_by_the_endorsers() throws Exception {
    FabricNetwork n = FabricNetwork.get();
    java.time.Instant now = clock.instant();
    n.setPeerTime(now);
    java.time.Instant backdated = now.minus(java.time.Duration.ofDays(30));
    try (FabricLedger forger = n.unsynchronisedLedger("registry", java.time.Clock.fixed(backdated, java.time.ZoneOffset.UTC))) {
      String signed = authorOf(HOLDER).sign(LEDGER_ID, "depositEvidence",
          "{\"algorithm\":\"SM3\",\"hash\":\"" + "c".repeat(64) + "\",\"size\":1,\"channel\":\"dareg\"}", backdated);
      Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> forger.submit(SUBMITTER, "depositEvidence", signed)
          .orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join());
      org.assertj.core.api.Assertions.assertThat(e).isNotNull();
      org.assertj.core.api.Assertions.assertThat(e.getCause()).isInstanceOf(io.dareg.gateway.ledger.RefusedException.class)
          .hasMessageContaining("from this endorser's clock");
    }
  }

  // issue 20: the exchange's transactions go through the exchange organisation's own gateway
  private Ledger exchange;

  @Override
  protected Ledger exchangeLedger() {
    if (exchange == null) {
      try {
        exchange = FabricNetwork.get().ledger("exchange", clock);
      } catch (Exception e) {
        throw new IllegalStateException("cannot open the exchange organisation's ledger", e);
      }
    }
    return exchange;
  }

  @org.junit.jupiter.api.AfterEach
  void closeExchange() {
    if (exchange != null) {
      exchange.close();
      exchange = null;
    }
  }
}

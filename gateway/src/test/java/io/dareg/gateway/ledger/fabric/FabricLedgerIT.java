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

  /**
   * issue 23, item 4: an act exported from Fabric (the whole block, as the peer returns it) verifies offline against the
   * authors' roots and the network's CA roots: the orderer signed the block, both organisations' peers endorsed the
   * transaction, and its author signed the request; one changed byte fails it.
   */
  @org.junit.jupiter.api.Test
  void an_act_exported_from_fabric_verifies_offline_and_a_changed_block_does_not() throws Exception {
    FabricNetwork n = FabricNetwork.get();
    // The network's own certificates were issued when it came up: a verifier checks them at the transaction's time, so
    // this act is made now, not at the suite's time in March.
    clock.set(java.time.Instant.now());
    String signed = authorOf(HOLDER).sign(LEDGER_ID, "depositEvidence",
        "{\"algorithm\":\"SM3\",\"hash\":\"" + "d".repeat(64) + "\",\"size\":7,\"channel\":\"dareg\"}", clock.instant());
    io.dareg.gateway.ledger.Committed c = ledger.submit(SUBMITTER, "depositEvidence", signed).orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    byte[] json;
    try (FabricLedger peer = n.unsynchronisedLedger("exchange", clock)) {
      json = peer.exportAct(c.txId());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> peer.exportAct("0".repeat(64)))
          .isInstanceOf(io.dareg.gateway.ledger.RefusedException.class).hasMessageContaining("no transaction");
    }
    io.dareg.core.crypto.Signatures signatures = new io.dareg.core.crypto.Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    io.dareg.core.ledger.FabricActProof act = io.dareg.core.ledger.FabricActProof.parse(json);
    io.dareg.core.ledger.ActProof.Check check = act.verify(signatures, trustedRoots(), n.fabricRoots(), java.time.Duration.ofMinutes(5));
    org.assertj.core.api.Assertions.assertThat(check.valid()).as(String.join("\n", check.lines())).isTrue();
    org.assertj.core.api.Assertions.assertThat(check.lines())
        .anyMatch(l -> l.startsWith("ok: an orderer of a trusted organisation signed the header"))
        .anyMatch(l -> l.startsWith("ok: endorsed by 2 of 2") && l.contains("RegistryMSP") && l.contains("ExchangeMSP"));
    org.assertj.core.api.Assertions.assertThat(check.organisation()).isEqualTo(HOLDER.msp());

    byte[] block = java.util.Base64.getDecoder().decode(act.block());
    int at = new String(block, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"size\":7");
    block[at + 7] = '8';
    io.dareg.core.ledger.ActProof.Check changed = io.dareg.core.ledger.FabricActProof.of(act.channel(), act.txId(), block)
        .verify(signatures, trustedRoots(), n.fabricRoots(), java.time.Duration.ofMinutes(5));
    org.assertj.core.api.Assertions.assertThat(changed.valid()).isFalse();
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

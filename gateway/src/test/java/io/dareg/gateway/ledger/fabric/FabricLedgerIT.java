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

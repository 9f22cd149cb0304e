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
    return n.ledger("registry", clock);
  }
}

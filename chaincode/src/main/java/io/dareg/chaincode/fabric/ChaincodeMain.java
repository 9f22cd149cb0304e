package io.dareg.chaincode.fabric;

import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Starts the dareg chaincode. With {@code CHAINCODE_SERVER_ADDRESS} set (chaincode as a service),
 * it listens there for the peer, taking its package id from {@code CORE_CHAINCODE_ID_NAME} and TLS
 * settings from the shim's usual environment; otherwise it dials the peer as a peer-launched
 * chaincode does.
 */
public final class ChaincodeMain {
  private ChaincodeMain() {}

  /** Entry point of the shaded jar. */
  public static void main(String[] args) throws Exception {
    String address = System.getenv("CHAINCODE_SERVER_ADDRESS");
    if (address == null || address.isBlank()) {
      System.err.println("dareg chaincode: connecting to the peer (peer-launched mode)");
      ContractRouter.main(args);
      return;
    }
    String id = System.getenv("CORE_CHAINCODE_ID_NAME");
    if (id == null || id.isBlank()) {
      System.err.println("dareg chaincode: CORE_CHAINCODE_ID_NAME must name the chaincode package id (name:hash)");
      System.exit(2);
    }
    ContractRouter router = new ContractRouter(new String[] {"--id", id});
    ChaincodeServer server = new NettyChaincodeServer(router, router.getChaincodeServerConfig());
    System.err.println("dareg chaincode: serving " + id + " as a service on " + address);
    router.startRouterWithChaincodeServer(server);
  }
}

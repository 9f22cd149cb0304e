package io.dareg.bench.fabric;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * The smallest contract to set dareg's chaincode against on the same network (issue 26, item 3):
 * one transaction, {@code put(value)}, that writes {@code value} under the transaction id and does
 * nothing else: no parsing, no reads, no checks, no event. The load sends a registration's JSON as
 * the value, so the peers write as many bytes per transaction as dareg's {@code submit} does.
 *
 * <p>It runs as a service exactly as the dareg chaincode does ({@code ChaincodeMain}): the Fabric
 * contract runtime's {@link ContractRouter} behind a {@link NettyChaincodeServer} listening on
 * {@code CHAINCODE_SERVER_ADDRESS}, with the package id in {@code CORE_CHAINCODE_ID_NAME}, from a jar
 * of its own ({@code bench/target/dareg-bench-*-contract.jar}, which holds no other contract), started by
 * {@code network/fabric.sh up --bench-contract JAR}.
 */
@Contract(name = "benchput")
@Default
public final class PutContract implements ContractInterface {
  /** The runtime makes one instance. */
  public PutContract() {}

  /** Writes {@code value} under this transaction's id. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public void put(Context ctx, String value) {
    ctx.getStub().putStringState(ctx.getStub().getTxId(), value);
  }

  /**
   * dareg's {@code register} in shape only (issue 26, item 3): as many reads and writes as a registration makes on
   * Fabric, and nothing else, so that the peers' and the shim's price of that shape shows apart from what dareg's rules
   * cost. Reads {@code reads} keys no transaction writes ({@code shape-r0}, ...), one round trip to the peer each, then
   * writes {@code value} under this transaction's id and two more keys derived from it, and {@code "{}"} under
   * {@code writes} - 3 more (a registration writes two records of about that size, its request record, and small index
   * entries).
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public void shaped(Context ctx, String value, String reads, String writes) {
    int r = Integer.parseInt(reads);
    int w = Integer.parseInt(writes);
    if (r < 0 || w < 3) {
      throw new IllegalArgumentException("shaped needs reads >= 0 and writes >= 3, not " + reads + " and " + writes);
    }
    var stub = ctx.getStub();
    for (int i = 0; i < r; i++) {
      stub.getState("shape-r" + i);
    }
    String id = stub.getTxId();
    for (int i = 0; i < w; i++) {
      stub.putStringState(i == 0 ? id : id + "-" + i, i < 3 ? value : "{}");
    }
  }

  /** Serves the contract on {@code CHAINCODE_SERVER_ADDRESS} as package {@code CORE_CHAINCODE_ID_NAME}. */
  public static void main(String[] args) throws Exception {
    String address = System.getenv("CHAINCODE_SERVER_ADDRESS");
    String id = System.getenv("CORE_CHAINCODE_ID_NAME");
    if (address == null || address.isBlank() || id == null || id.isBlank()) {
      System.err.println("benchput: runs as a service only: set CHAINCODE_SERVER_ADDRESS (host:port to listen on) and"
          + " CORE_CHAINCODE_ID_NAME (the package id, name:hash)");
      System.exit(2);
    }
    ContractRouter router = new ContractRouter(new String[] {"--id", id});
    ChaincodeServer server = new NettyChaincodeServer(router, router.getChaincodeServerConfig());
    System.err.println("benchput: serving " + id + " as a service on " + address);
    router.startRouterWithChaincodeServer(server);
  }
}

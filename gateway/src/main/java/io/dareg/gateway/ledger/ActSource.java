package io.dareg.gateway.ledger;

/**
 * A ledger that exports one act with the proof that it was committed (issue 23), for anyone to check offline with
 * {@code dareg verify-act}: {@code dareg-act/1} on the embedded ledger (the block header, the node key's signature and
 * the path to the block's txRoot), {@code dareg-fabric-act/1} on Fabric (the whole block, as the peer holds it).
 */
public interface ActSource {
  /**
   * The act of transaction {@code txId} with its proof, as JSON; {@link RefusedException} NOT_FOUND when the ledger holds
   * no such transaction, {@link UnavailableException} when it cannot be read now.
   */
  byte[] exportAct(String txId);
}

package io.dareg.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;

/**
 * What an operator does to a ledger whose blocks this gateway keeps itself: audit its chain and
 * back it up. The embedded ledger implements it; a Fabric ledger does not (the peers' ledgers are
 * audited and backed up with Fabric's own tools), so the HTTP door asks for this port and answers
 * 404 where the ledger lacks it.
 */
public interface LedgerAdministration {

  /**
   * Where the committed chain ends now.
   *
   * @param blockFile the block file
   * @param bytes how many of its bytes hold the committed blocks; that prefix never changes
   * @param blocks how many blocks it holds
   * @param headHash hex SHA-256 of the last block's header (64 zeros when there is none)
   */
  record CommittedPrefix(Path blockFile, long bytes, long blocks, String headHash) {}

  /** Where the committed chain ends now: the prefix of the block file a backup copies. */
  CommittedPrefix committedPrefix();

  /** The node key's public half: what every block's signature verifies with. */
  PublicKey nodePublicKey();

  /** Audits the chain from the block file (not from memory) and signs the report with the node key. */
  JsonNode signedAudit(Instant at) throws IOException;
}

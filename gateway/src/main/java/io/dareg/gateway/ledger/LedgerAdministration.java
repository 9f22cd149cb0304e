package io.dareg.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

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

  /**
   * A committed block's transactions, as the block file holds them.
   *
   * @param number the block
   * @param headerHash hex SHA-256 of its header (what the next block links to)
   * @param transactions the canonical bytes of each transaction, in order (what the block's txRoot covers)
   * @param bodyOffset where the block's body, the JSON array {@code [tx,tx,...]} of those bytes, starts in the block
   *     file ({@link CommittedPrefix#blockFile()}): transaction i's bytes follow the {@code [} and each earlier one
   *     and its comma, so the transparency log can read an entry back without scanning
   */
  record CommittedBlock(long number, String headerHash, List<byte[]> transactions, long bodyOffset) {}

  /**
   * Serves {@code listener} every committed block from {@code fromBlock} on, once each and in order, on a thread of
   * the ledger's (it must not block for long); what the transparency log is built from.
   */
  Subscription blocks(long fromBlock, Consumer<CommittedBlock> listener);
}

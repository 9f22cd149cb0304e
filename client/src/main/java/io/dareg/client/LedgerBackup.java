package io.dareg.client;

import java.nio.file.Path;
import java.security.PublicKey;

/**
 * What {@link DaregClient#backupLedger(Path)} downloaded: the committed chain as the gateway
 * announced it. The caller audits the file with the node key before trusting it.
 *
 * <pre>{@code
 * LedgerBackup b = client.backupLedger(Path.of("backup/blocks.dat.partial"));
 * new ChainAudit(signatures, b.nodeKey()).audit(b.blockFile()).blocks() == b.blocks();
 * }</pre>
 *
 * @param blockFile where the bytes were written
 * @param blocks how many blocks the gateway says it sent
 * @param headHash hex SHA-256 of the last block's header, as the gateway says
 * @param nodeKey the node's public key the blocks are signed with
 */
public record LedgerBackup(Path blockFile, long blocks, String headHash, PublicKey nodeKey) {}

package io.dareg.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A holder's account with the registry (登记主体账户). Only the hash of the holder's unified social
 * credit code (or ID number) is kept on the ledger.
 *
 * @param accountId the registry's account number
 * @param creditCodeHash SHA-256 or SM3 of the credit code or ID number, 64 hex characters
 * @param name the holder's name as it appears on notices and certificates
 * @param kind enterprise, person or public body
 * @param open false once the account is closed
 * @param members the identities that act for this holder
 * @param openedAt when the account was opened (transaction time)
 * @param closedAt when it was closed, or null
 */
public record Account(
    String accountId,
    String creditCodeHash,
    String name,
    AccountKind kind,
    boolean open,
    List<IdentityRef> members,
    Instant openedAt,
    Instant closedAt) {
  /** Validates every field. */
  public Account {
    accountId = Require.identifier("accountId", accountId);
    creditCodeHash = Require.hash("creditCodeHash", creditCodeHash);
    name = Require.text("name", name, 200);
    Require.present("kind", kind);
    members = Require.list("members", members, 100);
    Require.present("openedAt", openedAt);
  }
}

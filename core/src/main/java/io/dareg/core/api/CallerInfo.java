package io.dareg.core.api;

import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Role;

/**
 * Who the ledger takes the caller to be.
 *
 * @param identity organisation and identity id
 * @param role the role the rules grant, or null when none
 * @param accountId the holder account the identity acts for, or null
 * @param orgAdmin whether the identity is an admin of its organisation
 */
public record CallerInfo(IdentityRef identity, Role role, String accountId, boolean orgAdmin) {}

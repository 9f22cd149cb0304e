package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.ADMIN;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.InitLedgerRequest;
import org.junit.jupiter.api.Test;

/** Whether the ledger is initialised is the registry admin's to learn, nobody else's (issue 21 item 6). */
class InitLedgerTest {
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");

  @Test
  void only_the_registry_admin_is_told_that_the_ledger_is_already_initialised() {
    Caller otherAdmin = RegistryFixture.caller("EnterpriseMSP", "enterprise-admin", null, true);
    for (Caller who : new Caller[] {REGISTRAR, HOLDER_A, otherAdmin}) {
      RuleException refused = f.refused(Code.FORBIDDEN, who, "initLedger", RegistryFixture.init(who.msp(), "x", "TJ-DIP"));
      assertThat(refused.getMessage()).as(who.identity().toString()).doesNotContain("initialised by");
    }
    assertThat(f.refused(Code.CONFLICT, ADMIN, "initLedger", RegistryFixture.init("RegistryMSP", "x", "TJ-DIP")).getMessage())
        .contains("initialised by");
  }
}

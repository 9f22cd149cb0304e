package io.dareg.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve --dev on Fabric plays the roles of the demo users the organisation has (issue 25: a gateway per registry and one
 * for the regulator): an organisation without a registry admin among them leaves the ledger's set-up to a registry's.
 */
class DevIdentitiesTest {
  @TempDir Path data;

  @Test
  void a_dev_gateway_of_an_organisation_with_no_registry_admin_starts_and_leaves_the_ledger_uninitialised() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(data.resolve("ledger"), clock, EmbeddedLedger.Options.defaults())) {
      assertThat(DevIdentities.ensure(data, ca, clock.instant(), Set.of("regulator"))).containsOnlyKeys("regulator");
      DevIdentities.initialise(ledger, data, List.of(ca.root()), clock); // the regulator's gateway: nothing to set up
      assertThatThrownBy(() -> ledger.evaluate(DevIdentities.caller(data, "regulator"), "getSettings", "{}").join())
          .hasMessageContaining("initLedger");
    }
  }
}

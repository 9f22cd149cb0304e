package io.dareg.chaincode.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.CertificateNames;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class CertificateNamesTest {
  private static CertificateNames names(String cn, String ou) throws Exception {
    String pem = TestIdentities.certificate(cn, ou, null);
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    return CertificateNames.of(cert);
  }

  @Test
  void a_role_unit_is_part_of_the_identity_id() throws Exception {
    CertificateNames n = names("registrar-1", "registrar");
    assertThat(n.identityId()).isEqualTo("CN=registrar-1,OU=registrar");
    assertThat(n.roleUnit()).isEqualTo("registrar");
    assertThat(n.organisation()).isEqualTo("Test Org");
    assertThat(n.admin()).isFalse();
  }

  @Test
  void fabric_node_type_units_are_not_roles_but_admin_is() throws Exception {
    assertThat(names("User1", "client").identityId()).isEqualTo("CN=User1");
    assertThat(names("peer0", "peer").roleUnit()).isNull();
    CertificateNames admin = names("Admin@registry", "admin");
    assertThat(admin.identityId()).isEqualTo("CN=Admin@registry,OU=admin");
    assertThat(admin.admin()).isTrue();
  }
}

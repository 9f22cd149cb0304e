package io.dareg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.Json;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.documents.CjkFont;
import io.dareg.gateway.documents.JudicialExtractPdf;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A judicial extract signed with either algorithm verifies offline against its root, and only that root. */
class ExtractVerifierTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void an_extract_signed_by_the_registry_verifies_against_its_root_only(SignatureAlgorithm algorithm) throws Exception {
    assumeTrue(CjkFont.find().isPresent(), "no CJK font: install the Debian package " + CjkFont.PACKAGE);
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), algorithm);
    ObjectNode extract = Json.mapper().createObjectNode()
        .put("mediaType", ExtractVerifier.MEDIA_TYPE).put("regNo", "DR-20260706-000000000001").put("registryName", "测试登记中心")
        .put("extractedAt", java.time.Instant.now().toString()).put("ledgerHeight", 3);
    extract.putObject("extractedBy").put("msp", "RegulatorMSP").put("id", "CN=regulator-1");
    extract.putObject("asset").put("name", "企业信用评估数据集").put("version", "1.0").put("status", "ISSUED").put("profile", "DL")
        .putArray("holders").add("AC-1");
    extract.putArray("records").addObject().put("seq", 1).put("time", "2026-07-06T02:00:00Z").put("record", "registration")
        .put("number", "DR-20260706-000000000001").put("state", "SUBMITTED").put("txId", "ab".repeat(32)).put("block", 2)
        .put("transaction", "submit").put("resultHash", "cd".repeat(32)).putNull("sentBy").putObject("parties");
    extract.putArray("signatures");
    extract.putObject("results");
    byte[] pdf = new JudicialExtractPdf(CjkFont.require()).render(extract, ca.issuingKey(), ca.algorithm(), List.of(ca.issuing(), ca.root()));

    ExtractVerifier.Result ok = new ExtractVerifier(List.of(ca.root())).verify(pdf);
    assertThat(ok.checks()).as(ok.checks().toString()).extracting(ExtractVerifier.Check::name)
        .containsExactly("COVERAGE", "SIGNATURE", "CHAIN", "ATTACHMENT");
    assertThat(ok.valid()).as(ok.checks().toString()).isTrue();
    assertThat(ok.extract()).isEqualTo(extract);

    CertificateAuthority other = CertificateAuthority.loadOrCreate(tmp.resolve("other"), algorithm);
    ExtractVerifier.Result foreign = new ExtractVerifier(List.of(other.root())).verify(pdf);
    assertThat(foreign.valid()).isFalse();
    assertThat(foreign.checks()).filteredOn(c -> !c.passed()).extracting(ExtractVerifier.Check::name).containsExactly("CHAIN");

    // Each byte of the signed part is covered: change one in the page text's stream area.
    byte[] changed = pdf.clone();
    int at = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"registryName\"") + 3;
    changed[at] ^= 0x20;
    ExtractVerifier.Result forged = new ExtractVerifier(List.of(ca.root())).verify(changed);
    assertThat(forged.valid()).isFalse();
    assertThat(forged.checks()).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("SIGNATURE");
      assertThat(c.passed()).isFalse();
    });
  }
}

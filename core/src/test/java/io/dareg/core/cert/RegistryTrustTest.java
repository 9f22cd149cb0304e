package io.dareg.core.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.RecognitionStatus;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RightType;
import io.dareg.core.model.TrustedRoot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 25: which root a venue vouches for, for a certificate of another registry, and under which agreement. */
class RegistryTrustTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final IdentityRef ADMIN = new IdentityRef("RegistryMSP", "CN=admin");
  private final ThrowawayAuthority ca = new ThrowawayAuthority(List.of("RegistryMSP", "SzRegistryMSP", "GzRegistryMSP"));
  private final List<RegistryRecord> registries = List.of(
      new RegistryRecord("DR", "RegistryMSP", "天津", "TJ-DIP", ADMIN, NOW.minusSeconds(1000)),
      new RegistryRecord("SZ", "SzRegistryMSP", "深圳", "TJ-DIP", ADMIN, NOW.minusSeconds(900)));
  private final TrustedRoot gzRoot = ca.roots().stream().filter(r -> r.msp().equals("GzRegistryMSP")).findFirst().orElseThrow();
  private final PeerRegistry gz = new PeerRegistry("GZ", "GzRegistryMSP", "广州", gzRoot.certificate(), "https://gz.example", null, List.of(),
      null, ADMIN, NOW.minusSeconds(800));

  private RegistryTrust venue(String code, Recognition... agreements) {
    List<TrustedRoot> roots = ca.roots().stream().filter(r -> !r.msp().equals("GzRegistryMSP")).toList();
    return new RegistryTrust(code, registries, roots, List.of(gz), List.of(agreements));
  }

  private static Recognition agreement(String no, String other, List<AssetClass> classes, RecognitionStatus status, Instant until) {
    Recognition proposed = new Recognition(no, "DR", other, List.of(), classes, List.of(RightType.HOLDING), NOW.minusSeconds(500), until,
        RecognitionStatus.PROPOSED, ADMIN, NOW.minusSeconds(500), null, null, null, null);
    return switch (status) {
      case PROPOSED -> proposed;
      case ACTIVE -> proposed.accepted(new IdentityRef(other + "MSP", "CN=admin"), NOW.minusSeconds(400));
      case WITHDRAWN -> proposed.accepted(new IdentityRef(other + "MSP", "CN=admin"), NOW.minusSeconds(400)).withdrawn(ADMIN, NOW.minusSeconds(10));
    };
  }

  private static CertificatePayload payload(String regNo) {
    return new CertificatePayload(CertificatePayload.TITLE, regNo + "-C01", 1, regNo, "registry", "TJ-DIP", NOW.minusSeconds(300), "asset",
        "1.0", new CertificatePayload.Label("DATASET", "数据集"), List.of(new CertificatePayload.Holder("AC-1", "甲公司", null)),
        new CertificatePayload.Label("HOLDING", "持有权"), new CertificatePayload.Label("ORIGINAL", "原始取得"),
        new CertificatePayload.Label("DAILY", "每日"), List.of(), null, NOW.minusSeconds(300), null, List.of(), List.of());
  }

  @Test
  void a_registry_of_the_same_ledger_is_vouched_for_with_its_organisations_root_under_an_agreement_covering_the_registration() {
    Recognition ra = agreement("RA-1", "SZ", List.of(AssetClass.DATA_PRODUCT), RecognitionStatus.ACTIVE, null);
    RegistryTrust.Answer answer = venue("DR", ra).recognise(payload("SZ-20260601-0001"), AssetClass.DATA_PRODUCT, NOW);
    assertThat(answer.recognised()).as(answer.refusal()).isTrue();
    assertThat(answer.agreement().agreementNo()).isEqualTo("RA-1");
    assertThat(answer.roots()).containsExactly(ca.roots().stream().filter(r -> r.msp().equals("SzRegistryMSP")).findFirst().orElseThrow().x509());
    assertThat(answer.describe(answer.roots().get(0))).contains("signed by registry SZ").contains("root of SzRegistryMSP on the ledger")
        .contains("recognised by DR under RA-1");
  }

  @Test
  void a_peer_registry_is_vouched_for_with_the_root_entered_for_it() {
    Recognition ra = agreement("RA-2", "GZ", List.of(), RecognitionStatus.ACTIVE, null);
    RegistryTrust.Answer answer = venue("DR", ra).recognise(payload("GZ-20260601-0001"), null, NOW);
    assertThat(answer.recognised()).as(answer.refusal()).isTrue();
    assertThat(answer.roots()).containsExactly(gzRoot.x509());
    assertThat(answer.basis()).contains("peer registry, https://gz.example");
  }

  @Test
  void nothing_is_vouched_for_outside_an_agreement_in_force_covering_the_registration() {
    CertificatePayload sz = payload("SZ-20260601-0001");
    assertThat(venue("DR").recognise(sz, AssetClass.DATA_PRODUCT, NOW).refusal()).contains("no recognition agreement between them");
    assertThat(venue("DR", agreement("RA-3", "SZ", List.of(), RecognitionStatus.PROPOSED, null)).recognise(sz, AssetClass.DATA_PRODUCT, NOW)
        .refusal()).contains("RA-3 is PROPOSED");
    assertThat(venue("DR", agreement("RA-4", "SZ", List.of(), RecognitionStatus.WITHDRAWN, null)).recognise(sz, AssetClass.DATA_PRODUCT, NOW)
        .refusal()).contains("RA-4 was withdrawn at " + NOW.minusSeconds(10));
    assertThat(venue("DR", agreement("RA-5", "SZ", List.of(), RecognitionStatus.ACTIVE, NOW.minusSeconds(1))).recognise(sz, AssetClass.DATA_PRODUCT,
        NOW).refusal()).contains("RA-5 is in force from").contains("until " + NOW.minusSeconds(1));
    Recognition elements = agreement("RA-6", "SZ", List.of(AssetClass.DATA_ELEMENT), RecognitionStatus.ACTIVE, null);
    assertThat(venue("DR", elements).recognise(sz, AssetClass.DATA_PRODUCT, NOW).refusal()).contains("RA-6 covers profiles (all), classes [DATA_ELEMENT]");
    assertThat(venue("DR", elements).recognise(sz, null, NOW).refusal()).contains("the registration's class is not known");
    // an agreement between two other registries says nothing of this venue
    assertThat(venue("GZ", agreement("RA-7", "SZ", List.of(), RecognitionStatus.ACTIVE, null)).recognise(sz, AssetClass.DATA_PRODUCT, NOW)
        .refusal()).contains("registry GZ is not a registry of this ledger");
  }

  @Test
  void a_venue_never_vouches_for_its_own_root_nor_for_a_registry_it_holds_no_root_of() {
    Recognition ra = agreement("RA-8", "SZ", List.of(), RecognitionStatus.ACTIVE, null);
    assertThat(venue("DR", ra).recognise(payload("DR-20260601-0001"), AssetClass.DATA_PRODUCT, NOW).refusal())
        .contains("registry DR's own");
    assertThat(venue("DR", ra).recognise(payload("HZ-20260601-0001"), AssetClass.DATA_PRODUCT, NOW).refusal())
        .contains("registry HZ is neither a registry of this ledger nor a peer registry");
  }
}

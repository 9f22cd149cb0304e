package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.ADMIN;
import static io.dareg.chaincode.registry.RegistryFixture.EXCHANGE;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.REVIEWER;
import static io.dareg.chaincode.registry.RegistryFixture.asset;
import static io.dareg.chaincode.registry.RegistryFixture.caller;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static io.dareg.chaincode.registry.RegistryFixture.undertakings;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.Empty;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.IdentityRequest;
import io.dareg.core.api.ListingCheckRequest;
import io.dareg.core.api.OpenRegistryRequest;
import io.dareg.core.api.ProposeRecognitionRequest;
import io.dareg.core.api.RecordCertificateRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DuplicateFlag;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.RecognitionStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Role;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: two registries on one ledger. Each acts only on its own registrations; a venue of one takes the
 * other's registrations only under a recognition agreement both signed; the same data applied for at both is
 * flagged to both.
 */
class RegistriesTest {
  private static final String PROFILE = "TJ-DIP";
  static final Caller ADMIN_2 = caller("Registry2MSP", "admin", null, true);
  static final Caller REGISTRAR_2 = caller("Registry2MSP", "registrar", "registrar", false);
  static final Caller REVIEWER_2 = caller("ReviewMSP", "reviewer2", null, false);

  private RegistryFixture f;

  @BeforeEach
  void twoRegistries() {
    f = RegistryFixture.initialised(PROFILE);
    RegistryRecord sz = f.call(ADMIN_2, "openRegistry", new OpenRegistryRequest("SZ", "深圳数据资产登记中心", PROFILE), RegistryRecord.class);
    assertThat(sz.msp()).isEqualTo("Registry2MSP");
    f.call(ADMIN_2, "grantRole", new GrantRoleRequest(REVIEWER_2.identity(), Role.REVIEWER));
  }

  @Test
  void aRegistryIsOpenedOnceByItsOwnAdminUnderAFreeCode() {
    List<RegistryRecord> all = List.of(f.call(ADMIN, "listRegistries", new Empty(), RegistryRecord[].class));
    assertThat(all).extracting(RegistryRecord::code).containsExactly("DR", "SZ");
    assertThat(all.get(0).msp()).isEqualTo("RegistryMSP");
    assertThat(f.refused(Code.CONFLICT, ADMIN_2, "openRegistry", new OpenRegistryRequest("GZ", "again", PROFILE)).getMessage())
        .contains("already runs registry SZ");
    assertThat(f.refused(Code.CONFLICT, caller("ExchangeMSP", "admin", null, true), "openRegistry",
        new OpenRegistryRequest("SZ", "taken", PROFILE)).getMessage()).contains("taken by Registry2MSP");
    f.refused(Code.FORBIDDEN, caller("ExchangeMSP", "exchange", null, false), "openRegistry", new OpenRegistryRequest("EX", "x", PROFILE));
  }

  @Test
  void eachRegistryNumbersAndActsOnItsOwnRegistrationsOnly() {
    Registration sz = submit(HOLDER_A, "SZ", "深圳的数据");
    assertThat(sz.regNo()).startsWith("SZ-");
    Registration dr = submit(HOLDER_B, null, "天津的数据");
    assertThat(dr.regNo()).startsWith("DR-");

    assertThat(f.refused(Code.FORBIDDEN, REGISTRAR, "startFormalReview", new RegNoRequest(sz.regNo())).getMessage())
        .contains("belongs to registry SZ").contains("acts only on its own registry's registrations");
    f.refused(Code.FORBIDDEN, REGISTRAR_2, "startFormalReview", new RegNoRequest(dr.regNo()));
    f.call(REGISTRAR_2, "startFormalReview", new RegNoRequest(sz.regNo()));
    f.call(REGISTRAR_2, "formalReview", new FormalReviewRequest(sz.regNo(), ReviewOutcome.PASS, hash("formal"), null));
    // The reviewer DR's admin entered reviews DR's registrations, not SZ's.
    f.refused(Code.FORBIDDEN, REVIEWER, "substantiveReview", new SubstantiveReviewRequest(sz.regNo(), ReviewOutcome.PASS, hash("s")));
    f.call(REVIEWER_2, "substantiveReview", new SubstantiveReviewRequest(sz.regNo(), ReviewOutcome.PASS, hash("s")));

    // The role table: each registry's admin keeps its own entries.
    f.refused(Code.INVALID, ADMIN_2, "grantRole", new GrantRoleRequest(REGISTRAR.identity(), Role.REGISTRAR));
    f.refused(Code.FORBIDDEN, ADMIN_2, "removeRole", new IdentityRequest(REVIEWER.identity()));
    f.refused(Code.CONFLICT, ADMIN_2, "grantRole", new GrantRoleRequest(REVIEWER.identity(), Role.REVIEWER));
  }

  @Test
  void aVenueTakesAnotherRegistrysAssetOnlyUnderAnAgreementInForceThatCoversIt() {
    Registration sz = issuedAtSz(HOLDER_A, "深圳的数据");
    ListingCheck own = f.call(EXCHANGE, "recordListingCheck", new ListingCheckRequest(sz.regNo()), ListingCheck.class);
    assertThat(own.listable()).as(own.obstacles().toString()).isTrue();
    assertThat(own.recognition()).isNull();

    ListingCheck refused = f.call(EXCHANGE, "recordListingCheck", new ListingCheckRequest(sz.regNo(), "DR"), ListingCheck.class);
    assertThat(refused.listable()).isFalse();
    assertThat(refused.obstacles()).anyMatch(o -> o.contains("registered at registry SZ, which registry DR does not recognise"));
    assertThat(refused.venue()).isEqualTo("DR");

    // Proposed by SZ for data resources only: it does not cover a data product, and is not in force before DR accepts.
    Recognition narrow = f.call(ADMIN_2, "proposeRecognition",
        new ProposeRecognitionRequest("DR", List.of(), List.of(AssetClass.DATA_RESOURCE), List.of(), null, null), Recognition.class);
    Recognition wide = f.call(ADMIN_2, "proposeRecognition",
        new ProposeRecognitionRequest("DR", List.of(PROFILE), List.of(), List.of(RightType.HOLDING), null, null), Recognition.class);
    assertThat(wide.status()).isEqualTo(RecognitionStatus.PROPOSED);
    assertThat(f.call(EXCHANGE, "recordListingCheck", new ListingCheckRequest(sz.regNo(), "DR"), ListingCheck.class).listable()).isFalse();
    f.refused(Code.FORBIDDEN, ADMIN_2, "acceptRecognition", new IdRequest(wide.agreementNo()));
    f.refused(Code.FORBIDDEN, REGISTRAR, "acceptRecognition", new IdRequest(wide.agreementNo()));
    f.call(ADMIN, "acceptRecognition", new IdRequest(narrow.agreementNo()));
    assertThat(f.call(EXCHANGE, "recordListingCheck", new ListingCheckRequest(sz.regNo(), "DR"), ListingCheck.class).listable()).isFalse();
    Recognition accepted = f.call(ADMIN, "acceptRecognition", new IdRequest(wide.agreementNo()), Recognition.class);
    assertThat(accepted.status()).isEqualTo(RecognitionStatus.ACTIVE);
    assertThat(accepted.acceptedBy()).isEqualTo(ADMIN.identity());

    ListingCheck under = f.call(EXCHANGE, "recordListingCheck", new ListingCheckRequest(sz.regNo(), "DR"), ListingCheck.class);
    assertThat(under.listable()).as(under.obstacles().toString()).isTrue();
    assertThat(under.recognition()).isEqualTo(wide.agreementNo());

    // Either party may withdraw; from then on the venue no longer takes the asset.
    f.refused(Code.CONFLICT, ADMIN, "acceptRecognition", new IdRequest(wide.agreementNo()));
    f.call(ADMIN, "withdrawRecognition", new IdRequest(wide.agreementNo()));
    f.refused(Code.CONFLICT, ADMIN_2, "withdrawRecognition", new IdRequest(wide.agreementNo()));
    assertThat(f.call(EXCHANGE, "recordListingCheck", new ListingCheckRequest(sz.regNo(), "DR"), ListingCheck.class).listable()).isFalse();
    assertThat(f.call(ADMIN, "listRecognitions", new Empty(), Recognition[].class)).extracting(Recognition::status)
        .containsExactlyInAnyOrder(RecognitionStatus.ACTIVE, RecognitionStatus.WITHDRAWN);
    f.refused(Code.NOT_FOUND, EXCHANGE, "recordListingCheck", new ListingCheckRequest(sz.regNo(), "GZ"));
  }

  @Test
  void theSameDataAtTwoRegistriesIsFlaggedToBothAndRefusedTwiceAtOne() {
    Registration dr = submit(HOLDER_A, null, "一份数据");
    Registration sz = submit(HOLDER_B, "SZ", "一份数据");
    assertThat(sz.duplicates()).containsExactly(dr.regNo());
    assertThat(dr.duplicates()).isEmpty();
    for (String registry : List.of("DR", "SZ")) {
      DuplicateFlag[] flags = f.call(REGISTRAR, "listDuplicates", new IdRequest(registry), DuplicateFlag[].class);
      assertThat(flags).singleElement().satisfies(flag -> {
        assertThat(flag.regNo()).isEqualTo(sz.regNo());
        assertThat(flag.otherRegNo()).isEqualTo(dr.regNo());
        assertThat(flag.registry()).isEqualTo("SZ");
        assertThat(flag.otherRegistry()).isEqualTo("DR");
      });
    }
    // Within one registry the same data is still registered once.
    assertThat(f.refused(Code.CONFLICT, HOLDER_B, "submit", application(f.deposit(HOLDER_B, "一份数据"), "SZ")).getMessage())
        .contains(sz.regNo());
    assertThat(f.refused(Code.CONFLICT, HOLDER_B, "submit", application(f.deposit(HOLDER_B, "一份数据"), null)).getMessage())
        .contains(dr.regNo());
  }

  private Registration submit(Caller holder, String registry, String data) {
    return f.call(holder, "submit", application(f.deposit(holder, data), registry), Registration.class);
  }

  private static SubmitRequest application(Evidence e, String registry) {
    return new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(e.evidenceNo()),
        hash("confidential:" + e.hash()), false, undertakings(e.hash()), List.of(), null, null, registry);
  }

  private Registration issuedAtSz(Caller holder, String data) {
    String regNo = submit(holder, "SZ", data).regNo();
    f.call(REGISTRAR_2, "startFormalReview", new RegNoRequest(regNo));
    f.call(REGISTRAR_2, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("formal"), null));
    f.call(REVIEWER_2, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("substantive")));
    Registration r = f.call(REGISTRAR_2, "publishNotice", new RegNoRequest(regNo), Registration.class);
    f.advanceTo(r.noticeEnd());
    f.refused(Code.FORBIDDEN, REGISTRAR, "issue", new RegNoRequest(regNo));
    f.call(REGISTRAR_2, "issue", new RegNoRequest(regNo));
    f.call(REGISTRAR_2, "recordCertificate", new RecordCertificateRequest(regNo, hash("cert:" + data), "registry2-key-1", null));
    return f.registration(regNo);
  }
}

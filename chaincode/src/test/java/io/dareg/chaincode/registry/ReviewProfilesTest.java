package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.ADMIN;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.STRANGER;
import static io.dareg.chaincode.registry.RegistryFixture.asset;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static io.dareg.chaincode.registry.RegistryFixture.undertakings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.AttachDocumentRequest;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.CorrectRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.Empty;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.PublicTermsRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Attachment;
import io.dareg.core.model.AttachmentKind;
import io.dareg.core.model.CancellationBasis;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.FeeItem;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 items 2, 3, 4, 5 and the disclosure duties: GD's simplified track, TJ-DIP's and DL's
 * evidence and undertakings, documents by hash, DL's review and correction periods and annual
 * review, the tracked formal-review deadline, retention and the published fee schedule.
 */
class ReviewProfilesTest {
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");

  private SubmitRequest application(String profile, AssetDescription asset, boolean crossBorder, String data, List<Attachment> attachments) {
    Evidence e = f.deposit(HOLDER_A, data);
    return new SubmitRequest(profile, RightType.HOLDING, asset, List.of(), List.of(e.evidenceNo()), null, crossBorder, attachments);
  }

  private static AssetDescription from(Set<DataSource> sources, ClassificationLevel level) {
    AssetDescription a = asset(level);
    return new AssetDescription(a.name(), a.version(), a.assetClass(), a.form(), a.industry(), a.coverageArea(), a.timeSpan(),
        sources, AcquisitionMethod.ORIGINAL, a.structure(), a.scale(), a.updateFrequency(), null, a.scenarios(), a.scope(),
        a.algorithmSummary(), level);
  }

  @Test
  void gd_simplified_track_refuses_important_personal_public_government_and_cross_border_data_naming_the_ordinary_track() {
    List<SubmitRequest> ordinaryOnly = List.of(
        application("GD-SIMPLE", from(Set.of(DataSource.ENTERPRISE), ClassificationLevel.IMPORTANT), false, "important", List.of()),
        application("GD-SIMPLE", from(Set.of(DataSource.ENTERPRISE, DataSource.PERSONAL), ClassificationLevel.GENERAL), false, "personal", List.of()),
        application("GD-SIMPLE", from(Set.of(DataSource.PUBLIC), ClassificationLevel.GENERAL), false, "public", List.of()),
        application("GD-SIMPLE", from(Set.of(DataSource.GOVERNMENT), ClassificationLevel.GENERAL), false, "government", List.of()),
        application("GD-SIMPLE", from(Set.of(DataSource.ENTERPRISE), ClassificationLevel.GENERAL), true, "cross-border", List.of()));
    for (SubmitRequest req : ordinaryOnly) {
      RuleException e = f.refused(Code.INVALID, HOLDER_A, "submit", req);
      assertThat(e.field()).isEqualTo("profile");
      assertThat(e.getMessage()).contains("普通程序").contains("广东省数据资产合规登记规则").contains("profile GD");
    }
    // The same important data takes the ordinary track; general enterprise data stays on the simplified one.
    assertThat(f.call(HOLDER_A, "submit", application("GD", from(Set.of(DataSource.ENTERPRISE), ClassificationLevel.IMPORTANT), true, "ordinary", List.of()),
        Registration.class).crossBorder()).isTrue();
    assertThat(f.call(HOLDER_A, "submit", application("GD-SIMPLE", from(Set.of(DataSource.ENTERPRISE), ClassificationLevel.GENERAL), false, "simple", List.of()),
        Registration.class).status()).isEqualTo(RegistrationStatus.SUBMITTED);
  }

  @Test
  void tj_dip_refuses_evidence_neither_notarised_nor_deposited_with_a_recognised_provider() {
    Evidence own = f.call(HOLDER_A, "depositEvidence",
        new DepositEvidenceRequest(HashAlgorithm.SHA256, hash("own chain"), null, 9, "own-chain", null), Evidence.class);
    RuleException e = f.refused(Code.INVALID, HOLDER_A, "submit",
        new SubmitRequest("TJ-DIP", RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(own.evidenceNo()), null, false, undertakings("x")));
    assertThat(e.field()).isEqualTo("evidenceNos[0]");
    assertThat(e.getMessage()).contains("notarised").contains("recognised evidence provider").contains("own-chain");
    Evidence notarised = f.call(HOLDER_A, "depositEvidence",
        new DepositEvidenceRequest(HashAlgorithm.SHA256, hash("notarised"), null, 9, "own-chain", "天津市和平公证处 (2026)津和证字第 100 号"), Evidence.class);
    f.call(HOLDER_A, "submit",
        new SubmitRequest("TJ-DIP", RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(notarised.evidenceNo()), null, false, undertakings("x")));
    // GD sets no such switch.
    f.call(HOLDER_A, "submit",
        new SubmitRequest("GD", RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(own.evidenceNo()), null));
  }

  @Test
  void tj_dip_refuses_an_application_without_the_compliance_undertaking_and_dl_without_the_responsibility_undertaking() {
    RuleException tj = f.refused(Code.INVALID, HOLDER_A, "submit", application("TJ-DIP", asset(ClassificationLevel.GENERAL), false, "tj", List.of()));
    assertThat(tj.field()).isEqualTo("attachments");
    assertThat(tj.getMessage()).contains("COMPLIANCE_UNDERTAKING").contains("合规承诺书");
    Attachment compliance = undertakings("tj").get(0);
    Attachment responsibility = undertakings("dl").get(1);
    RuleException dl = f.refused(Code.INVALID, HOLDER_A, "submit", application("DL", asset(ClassificationLevel.GENERAL), false, "dl", List.of(compliance)));
    assertThat(dl.getMessage()).contains("RESPONSIBILITY_UNDERTAKING").contains("责任承诺书");
    Registration r = f.call(HOLDER_A, "submit", application("DL", asset(ClassificationLevel.GENERAL), false, "dl2", List.of(responsibility)), Registration.class);
    assertThat(r.attachments()).containsExactly(responsibility);
    f.call(HOLDER_A, "submit", application("TJ-DIP", asset(ClassificationLevel.GENERAL), false, "tj2", List.of(compliance)));
  }

  @Test
  void the_holder_attaches_documents_by_hash_before_issue_and_not_after() {
    Registration r = f.submit(HOLDER_A, "TJ-DIP", "attach");
    Attachment report = new Attachment(AttachmentKind.ASSESSMENT_REPORT, "天津某律师事务所", HashAlgorithm.SM3, hash("assessment"), LocalDate.of(2026, 3, 2));
    f.refused(Code.FORBIDDEN, STRANGER, "attachDocument", new AttachDocumentRequest(r.regNo(), report));
    Registration after = f.call(HOLDER_A, "attachDocument", new AttachDocumentRequest(r.regNo(), report), Registration.class);
    assertThat(after.attachments()).hasSize(3).contains(report);
    f.refused(Code.CONFLICT, HOLDER_A, "attachDocument", new AttachDocumentRequest(r.regNo(), report));
    JsonNode view = f.call(HOLDER_B, "getRegistration", new RegNoRequest(r.regNo()));
    assertThat(view.get("registration").get("attachments").get(2).get("kind").asText()).isEqualTo("ASSESSMENT_REPORT");
    Registration issued = f.issued(HOLDER_A, "TJ-DIP", "attach issued");
    Attachment poa = new Attachment(AttachmentKind.POWER_OF_ATTORNEY, "甲数据科技有限公司", HashAlgorithm.SHA256, hash("poa"), LocalDate.of(2026, 3, 2));
    f.refused(Code.CONFLICT, HOLDER_A, "attachDocument", new AttachDocumentRequest(issued.regNo(), poa));
  }

  @Test
  void dl_formal_review_is_due_in_5_working_days_and_tj_dip_in_15() {
    Registration dl = f.call(REGISTRAR, "startFormalReview", new RegNoRequest(f.submit(HOLDER_A, "DL", "due dl").regNo()), Registration.class);
    Registration tj = f.call(REGISTRAR, "startFormalReview", new RegNoRequest(f.submit(HOLDER_A, "TJ-DIP", "due tj").regNo()), Registration.class);
    // Monday 2 March 2026: five working days end with Monday 9 March, fifteen with Monday 23 March (Beijing).
    assertThat(dl.formalReviewDue()).isEqualTo(Instant.parse("2026-03-09T16:00:00Z"));
    assertThat(tj.formalReviewDue()).isEqualTo(Instant.parse("2026-03-23T16:00:00Z"));
    assertThat(dl.formalReviewOverdue(f.now)).isFalse();
    assertThat(dl.formalReviewOverdue(dl.formalReviewDue().plusSeconds(1))).isTrue();
  }

  @Test
  void a_formal_review_past_its_due_date_is_overdue_but_the_applicant_is_not_refused() {
    String regNo = f.submit(HOLDER_A, "DL", "late review").regNo();
    Registration r = f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo), Registration.class);
    f.advanceTo(r.formalReviewDue().plus(Duration.ofDays(3)));
    assertThat(f.registration(regNo).formalReviewOverdue(f.now)).isTrue();
    assertThat(f.effectiveStatus(regNo)).isEqualTo("FORMAL_REVIEW");
    // Asked for corrections, the corrected application gets a new due date from its return.
    f.call(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.NEEDS_CORRECTION, hash("fix"), "add the structure"));
    Registration back = f.call(HOLDER_A, "correct", new CorrectRequest(regNo, null, null, hash("fixed")), Registration.class);
    assertThat(back.formalReviewDue()).isAfter(f.now);
    assertThat(back.formalReviewOverdue(f.now)).isFalse();
    Registration passed = f.call(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("ok"), null), Registration.class);
    assertThat(passed.formalReviewOverdue(f.now.plus(Duration.ofDays(60)))).isFalse();
  }

  @Test
  void dl_a_correction_not_made_within_5_working_days_is_a_refusal_not_a_withdrawal() {
    String regNo = f.submit(HOLDER_A, "DL", "dl lapse").regNo();
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    Registration r = f.call(REGISTRAR, "formalReview",
        new FormalReviewRequest(regNo, ReviewOutcome.NEEDS_CORRECTION, hash("fix"), "add the structure"), Registration.class);
    assertThat(r.correctionDeadline()).isEqualTo(Instant.parse("2026-03-09T16:00:00Z"));
    f.advanceTo(r.correctionDeadline().plusSeconds(1));
    assertThat(f.effectiveStatus(regNo)).isEqualTo("REJECTED");
    RuleException e = f.refused(Code.CONFLICT, HOLDER_A, "correct", new CorrectRequest(regNo, null, null, hash("late")));
    assertThat(e.getMessage()).contains("correction not made in time").doesNotContain("withdrawn");
    // The registrar records the decision with its grounds.
    Registration decided = f.call(REGISTRAR, "reject", new DecisionRequest(regNo, null, "correction not made in time"), Registration.class);
    assertThat(decided.status()).isEqualTo(RegistrationStatus.REJECTED);
    assertThat(decided.reason()).isEqualTo("correction not made in time");
    // Under TJ-DIP the same lapse is a deemed withdrawal.
    String tj = f.submit(HOLDER_A, "TJ-DIP", "tj lapse").regNo();
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(tj));
    Registration t = f.call(REGISTRAR, "formalReview", new FormalReviewRequest(tj, ReviewOutcome.NEEDS_CORRECTION, hash("fix"), "fix"), Registration.class);
    f.advanceTo(t.correctionDeadline().plusSeconds(1));
    assertThat(f.effectiveStatus(tj)).isEqualTo("WITHDRAWN");
  }

  @Test
  void dl_holder_may_ask_for_the_annual_review_after_expiry_but_tj_dip_renewal_closes_at_expiry() {
    Registration dl = f.issued(HOLDER_A, "DL", "annual");
    Registration tj = f.issued(HOLDER_A, "TJ-DIP", "no annual review");
    f.advanceTo(dl.validUntil().plus(Duration.ofDays(40)));
    f.call(REGISTRAR, "sweep", new io.dareg.core.api.Empty()); // the sweep records the expiry; DL does not cancel
    assertThat(f.effectiveStatus(dl.regNo())).isEqualTo("EXPIRED");
    Registration renewed = f.call(REGISTRAR, "renew", new RegNoRequest(dl.regNo()), Registration.class);
    assertThat(renewed.status()).isEqualTo(RegistrationStatus.ISSUED);
    assertThat(renewed.validFrom()).isEqualTo(f.now.minusMillis(1));
    assertThat(renewed.validUntil()).isAfter(f.now.plus(Duration.ofDays(360)));
    assertThat(f.effectiveStatus(dl.regNo())).isEqualTo("ISSUED");
    f.advanceTo(tj.validUntil().plus(Duration.ofDays(1)));
    assertThat(f.refused(Code.CONFLICT, REGISTRAR, "renew", new RegNoRequest(tj.regNo())).getMessage()).contains("until");
  }

  @Test
  void a_cancelled_registration_shows_the_retention_of_its_profile() {
    Registration dl = f.issued(HOLDER_A, "DL", "retained dl");
    Registration cancelled = f.call(REGISTRAR, "cancel",
        new CancelRequest(dl.regNo(), CancellationBasis.HOLDER_REQUEST, hash("request"), "the holder asked"), Registration.class);
    assertThat(cancelled.retainUntil()).isEqualTo(cancelled.updatedAt().atOffset(ZoneOffset.UTC).plusYears(15).toInstant());
    Registration gz = f.issued(HOLDER_A, "GZ", "retained gz");
    Registration gzCancelled = f.call(REGISTRAR, "cancel",
        new CancelRequest(gz.regNo(), CancellationBasis.HOLDER_REQUEST, hash("request"), "the holder asked"), Registration.class);
    assertThat(gzCancelled.retainUntil()).isEqualTo(gzCancelled.updatedAt().atOffset(ZoneOffset.UTC).plusYears(20).toInstant());
  }

  @Test
  void the_registry_admin_publishes_fees_and_operating_rules_that_anyone_reads_with_each_profiles_retention() {
    PublicTermsRequest terms = new PublicTermsRequest(
        List.of(new FeeItem("登记申请", "免费", "山东省数据知识产权登记管理规则: registration free of charge"),
            new FeeItem("证书补发", "50 元/件", "登记机构收费标准 2026")),
        "登记业务规则 2026 版，见 https://registry.example/rules");
    f.refused(Code.FORBIDDEN, REGISTRAR, "setPublicTerms", terms);
    f.call(ADMIN, "setPublicTerms", terms);
    JsonNode published = f.call(STRANGER, "getPublicTerms", new Empty());
    assertThat(published.get("fees")).hasSize(2);
    assertThat(published.get("fees").get(1).get("amount").asText()).isEqualTo("50 元/件");
    assertThat(published.get("operatingRules").asText()).contains("登记业务规则");
    assertThat(published.get("retention")).anySatisfy(r -> {
      assertThat(r.get("profile").asText()).isEqualTo("DL");
      assertThat(r.get("period").asText()).isEqualTo("P15Y");
    });
    assertThat(published.get("retention")).anySatisfy(r -> {
      assertThat(r.get("profile").asText()).isEqualTo("TJ-DIP");
      assertThat(r.get("basis").asText()).startsWith("default");
    });
    assertThat(f.call(STRANGER, "getSettings", new Empty()).get("fees")).hasSize(2);
  }
}

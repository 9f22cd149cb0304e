package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.ADMIN;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.REGULATOR;
import static io.dareg.chaincode.registry.RegistryFixture.REVIEWER;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.CertificateStanding;
import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.Empty;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.RecordCertificateRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.api.SweepResult;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.ChangeKind;
import io.dareg.core.model.ChangeStatus;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Objection;
import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, after issue: validity capped by the authorisation agreement or the data's own validity,
 * expiry recorded by the sweep (and cancellation where the profile says so), objection registration
 * after issue, change and correction registration, and deadlines past the working-day calendar.
 */
class AfterIssueTest {

  // --- validity ---------------------------------------------------------------------------------

  @Test
  void issue_caps_validity_at_the_end_of_the_authorisation_agreement() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithCaps(f, "capped", LocalDate.of(2027, 6, 30), null);
    // Midnight (Beijing) after 30 June 2027, well before the profile's two years.
    assertThat(r.validUntil()).isEqualTo(Instant.parse("2027-06-30T16:00:00Z"));
    assertThat(r.validityBasis()).contains("authorisation agreement").contains("2027-06-30");
    CertificateRecord cert = f.call(REGISTRAR, "getCertificate", new IdRequest(r.certificateNo()), CertificateRecord.class);
    assertThat(cert.validUntil()).isEqualTo(r.validUntil());
  }

  @Test
  void issue_keeps_the_profile_term_when_the_cap_is_later_and_says_so() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithCaps(f, "late cap", LocalDate.of(2035, 1, 1), LocalDate.of(2036, 1, 1));
    assertThat(r.validUntil()).isEqualTo(Guards.plus(r.issuedAt(), java.time.Period.ofYears(2)));
    assertThat(r.validityBasis()).contains("profile TJ-DIP");
  }

  @Test
  void renewal_does_not_run_past_the_datas_own_validity() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithCaps(f, "data cap", null, LocalDate.of(2029, 1, 31));
    f.advanceTo(Guards.minus(r.validUntil(), java.time.Period.ofMonths(1)));
    Registration renewed = f.call(REGISTRAR, "renew", new RegNoRequest(r.regNo()), Registration.class);
    assertThat(renewed.validUntil()).isEqualTo(Instant.parse("2029-01-31T16:00:00Z"));
    assertThat(renewed.validityBasis()).contains("data's own validity");
  }

  @Test
  void issue_is_refused_when_the_authorisation_agreement_has_ended() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = noticeWithCaps(f, "ended", LocalDate.of(2026, 3, 10), null);
    f.advanceTo(r.noticeEnd());
    assertThat(f.refused(Code.CONFLICT, REGISTRAR, "issue", new RegNoRequest(r.regNo())).getMessage())
        .contains("2026-03-10");
  }

  // --- expiry -----------------------------------------------------------------------------------

  @Test
  void a_registration_past_its_validity_stays_issued_until_a_sweep_records_it_expired() {
    RegistryFixture f = RegistryFixture.initialised("SD-DIP");
    Registration r = f.issued(HOLDER_A, "SD-DIP", "expiring");
    f.advanceTo(r.validUntil().plusSeconds(1));
    JsonNode view = f.call(REGISTRAR, "getRegistration", new RegNoRequest(r.regNo()));
    assertThat(view.get("effectiveStatus").asText()).isEqualTo("ISSUED");
    assertThat(view.get("validityEnded").asBoolean()).isTrue();
    f.refused(Code.CONFLICT, HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), f.accountB));

    SweepResult swept = f.call(REGISTRAR, "sweep", new Empty(), SweepResult.class);
    assertThat(swept.expired()).containsExactly(r.regNo());
    assertThat(swept.cancelled()).isEmpty();
    assertThat(f.effectiveStatus(r.regNo())).isEqualTo("EXPIRED");
    assertThat(f.call(REGISTRAR, "sweep", new Empty(), SweepResult.class).changed()).isFalse();
    assertThat(f.call(REGULATOR, "listByStatus", new io.dareg.core.api.ListRequest("EXPIRED", 10, null)).get("items"))
        .hasSize(1);

    // SD-DIP keeps renewal open for a month of grace: renewal brings it back.
    Registration renewed = f.call(REGISTRAR, "renew", new RegNoRequest(r.regNo()), Registration.class);
    assertThat(renewed.status().name()).isEqualTo("ISSUED");
    assertThat(renewed.validUntil()).isAfter(r.validUntil());
  }

  @Test
  void tj_dip_cancels_and_announces_a_registration_that_expired_without_renewal() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, "TJ-DIP", "not renewed");
    f.advanceTo(r.validUntil().plusSeconds(1));
    SweepResult swept = f.call(ADMIN, "sweep", new Empty(), SweepResult.class);
    assertThat(swept.cancelled()).containsExactly(r.regNo());
    Registration after = f.registration(r.regNo());
    assertThat(after.status().name()).isEqualTo("CANCELLED");
    assertThat(after.reason()).contains("EXPIRY").contains("announced");
    // The cancelled record is kept for the profile's retention period from the cancellation.
    assertThat(after.retainUntil()).isEqualTo(Guards.plus(after.updatedAt(), ProfileCatalog.shipped().get("TJ-DIP").retention()));
    assertThat(f.call(REGISTRAR, "getCertificate", new IdRequest(r.certificateNo()), CertificateRecord.class).status())
        .isEqualTo(CertificateStatus.CANCELLED);
    f.refused(Code.CONFLICT, REGISTRAR, "renew", new RegNoRequest(r.regNo()));
  }

  @Test
  void only_the_registry_sweeps() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    f.refused(Code.FORBIDDEN, HOLDER_A, "sweep", new Empty());
    f.refused(Code.FORBIDDEN, REGULATOR, "sweep", new Empty());
    // A holder whose identity the registry's organisation issued is still a holder, not the registry.
    f.refused(Code.FORBIDDEN, RegistryFixture.caller(RegistryFixture.REGISTRY, "holder-demo", "holder", false), "sweep", new Empty());
    f.call(ADMIN, "sweep", new Empty());
    f.call(RegistryFixture.caller(RegistryFixture.REGISTRY, "dareg-gateway", null, false), "sweep", new Empty());
  }

  // --- objection registration after issue -------------------------------------------------------

  @Test
  void an_objection_after_issue_is_recorded_on_the_certificate_and_lapses_without_a_court_filing() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, "TJ-DIP", "objected after issue");
    f.refused(Code.FORBIDDEN, HOLDER_A, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.OWNERSHIP, hash("g"), hash("e")));
    Objection o = f.call(HOLDER_B, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.OWNERSHIP, hash("g"), hash("e")), Objection.class);
    assertThat(o.status()).isEqualTo(ObjectionStatus.AWAITING_FILING);
    assertThat(o.forwardDue()).isNotNull();
    assertThat(f.effectiveStatus(r.regNo())).isEqualTo("ISSUED");
    CertificateStanding standing = f.call(REGULATOR, "getCertificateStanding", new IdRequest(r.certificateNo()), CertificateStanding.class);
    assertThat(standing.objections()).containsExactly(o.objectionNo());

    // The registry did not forward it within 3 working days: the sweep shows it overdue.
    f.advanceTo(o.forwardDue().plusSeconds(1));
    SweepResult late = f.call(REGISTRAR, "sweep", new Empty(), SweepResult.class);
    assertThat(late.overdueForwarding()).containsExactly(o.objectionNo());
    Objection forwarded = f.call(REGISTRAR, "forwardObjection", new ObjectionActionRequest(o.objectionNo(), hash("letter")), Objection.class);
    assertThat(forwarded.forwardedAt()).isEqualTo(f.now.minusMillis(1));
    assertThat(forwarded.answerDue()).isAfter(forwarded.forwardedAt());
    f.refused(Code.CONFLICT, REGISTRAR, "forwardObjection", new ObjectionActionRequest(o.objectionNo(), null));
    Objection answered = f.call(HOLDER_A, "answerObjection", new ObjectionActionRequest(o.objectionNo(), hash("answer")), Objection.class);
    assertThat(answered.answerHash()).isEqualTo(hash("answer"));

    // No court or arbitration filing within 15 days: the sweep removes the record.
    f.advanceTo(o.filingDeadline().plusSeconds(1));
    SweepResult swept = f.call(REGISTRAR, "sweep", new Empty(), SweepResult.class);
    assertThat(swept.lapsedObjections()).containsExactly(o.objectionNo());
    assertThat(f.call(REGISTRAR, "getObjection", new IdRequest(o.objectionNo()), Objection.class).status()).isEqualTo(ObjectionStatus.LAPSED);
    assertThat(f.call(REGULATOR, "getCertificateStanding", new IdRequest(r.certificateNo()), CertificateStanding.class).objections()).isEmpty();
  }

  @Test
  void a_filed_objection_after_issue_stays_until_the_registry_resolves_it() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, "TJ-DIP", "filed objection");
    Objection o = f.call(HOLDER_B, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.OWNERSHIP, hash("g"), hash("e")), Objection.class);
    f.call(HOLDER_B, "recordCourtFiling", new ObjectionActionRequest(o.objectionNo(), hash("court")));
    f.advanceTo(o.filingDeadline().plusSeconds(1));
    assertThat(f.call(REGISTRAR, "sweep", new Empty(), SweepResult.class).lapsedObjections()).isEmpty();
    assertThat(f.call(REGULATOR, "getCertificateStanding", new IdRequest(r.certificateNo()), CertificateStanding.class).objections())
        .containsExactly(o.objectionNo());
    f.call(REGISTRAR, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.DISMISSED, hash("judgment")));
    assertThat(f.call(REGULATOR, "getCertificateStanding", new IdRequest(r.certificateNo()), CertificateStanding.class).objections()).isEmpty();
    assertThat(f.effectiveStatus(r.regNo())).isEqualTo("ISSUED");
  }

  // --- change and correction registration -------------------------------------------------------

  @Test
  void an_approved_change_supersedes_the_certificate_and_the_history_keeps_both_versions() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, "TJ-DIP", "changed data");
    AssetDescription changed = renamed(RegistryFixture.asset(ClassificationLevel.GENERAL), "企业信用评估数据（2026版）");
    ChangeRequest request = new ChangeRequest(r.regNo(), ChangeKind.CHANGE, changed, null, null, null, "新增字段与更名", hash("supporting"));
    f.refused(Code.FORBIDDEN, HOLDER_B, "applyForChange", request);
    ChangeApplication c = f.call(HOLDER_A, "applyForChange", request, ChangeApplication.class);
    assertThat(c.status()).isEqualTo(ChangeStatus.APPLIED);
    assertThat(c.reviewDue()).isAfter(c.appliedAt());
    f.refused(Code.CONFLICT, HOLDER_A, "applyForChange", request);
    assertThat(f.call(REGISTRAR, "getRegistration", new RegNoRequest(r.regNo())).get("pendingChange").get("changeNo").asText())
        .isEqualTo(c.changeNo());

    ChangeApplication approved = f.call(REGISTRAR, "approveChange", new ChangeDecisionRequest(c.changeNo(), hash("decision"), null), ChangeApplication.class);
    assertThat(approved.status()).isEqualTo(ChangeStatus.APPROVED);
    assertThat(approved.supersededCertificate()).isEqualTo(r.certificateNo());
    Registration after = f.registration(r.regNo());
    assertThat(after.asset().name()).isEqualTo("企业信用评估数据（2026版）");
    assertThat(after.certificateNo()).isNull();
    CertificateRecord old = f.call(REGISTRAR, "getCertificate", new IdRequest(r.certificateNo()), CertificateRecord.class);
    assertThat(old.status()).isEqualTo(CertificateStatus.SUPERSEDED);

    CertificateRecord fresh = f.call(REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), hash("cert after change"), "registry-key-1"), CertificateRecord.class);
    old = f.call(REGISTRAR, "getCertificate", new IdRequest(r.certificateNo()), CertificateRecord.class);
    assertThat(old.supersededBy()).isEqualTo(fresh.certNo());

    JsonNode history = f.call(REGULATOR, "getHistory", new RegNoRequest(r.regNo()));
    assertThat(history).extracting(h -> h.get("registration").get("asset").get("name").asText())
        .contains("企业信用评估+工商登记数据", "企业信用评估数据（2026版）");
    JsonNode provenance = f.call(REGULATOR, "getProvenance", new RegNoRequest(r.regNo()));
    assertThat(provenance).extracting(p -> p.get("state").asText()).contains("SUPERSEDED by " + fresh.certNo(), "APPROVED");
  }

  @Test
  void a_refused_change_states_its_grounds_and_changes_nothing_and_a_late_one_shows_overdue() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, "TJ-DIP", "refused change");
    ChangeApplication c = f.call(HOLDER_A, "applyForChange",
        new ChangeRequest(r.regNo(), ChangeKind.CORRECTION, null, LocalDate.of(2027, 12, 31), null, null, "授权协议日期更正", null),
        ChangeApplication.class);
    f.advanceTo(c.reviewDue().plusSeconds(1));
    assertThat(f.call(REGISTRAR, "sweep", new Empty(), SweepResult.class).overdueChangeReviews()).containsExactly(c.changeNo());
    assertThat(f.refused(Code.INVALID, REGISTRAR, "refuseChange", new ChangeDecisionRequest(c.changeNo(), null, null)).field())
        .isEqualTo("reason");
    ChangeApplication refused = f.call(REGISTRAR, "refuseChange",
        new ChangeDecisionRequest(c.changeNo(), hash("grounds"), "授权协议原件与申请不符"), ChangeApplication.class);
    assertThat(refused.status()).isEqualTo(ChangeStatus.REFUSED);
    assertThat(refused.decisionReason()).contains("授权协议");
    Registration after = f.registration(r.regNo());
    assertThat(after.authorisationEnds()).isNull();
    assertThat(after.certificateNo()).isEqualTo(r.certificateNo());
    f.refused(Code.CONFLICT, REGISTRAR, "approveChange", new ChangeDecisionRequest(c.changeNo(), null, null));
  }

  @Test
  void an_approved_correction_of_the_authorisation_end_shortens_the_validity() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, "TJ-DIP", "shortened");
    ChangeApplication c = f.call(HOLDER_A, "applyForChange",
        new ChangeRequest(r.regNo(), ChangeKind.CORRECTION, null, LocalDate.of(2027, 3, 31), null, null, "授权协议期限更正", null),
        ChangeApplication.class);
    f.call(REGISTRAR, "approveChange", new ChangeDecisionRequest(c.changeNo(), null, null));
    Registration after = f.registration(r.regNo());
    assertThat(after.validUntil()).isEqualTo(Instant.parse("2027-03-31T16:00:00Z"));
    assertThat(after.validityBasis()).contains("authorisation agreement").contains(c.changeNo());
  }

  // --- the working-day calendar -----------------------------------------------------------------

  @Test
  void a_deadline_past_the_calendar_names_the_missing_year_and_how_to_record_it() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, "TJ-DIP", "late objection");
    f.advanceTo(Instant.parse("2026-12-30T02:00:00Z")); // forwarding within 3 working days runs into 2027
    RuleException e = f.refused(Code.CONFLICT, HOLDER_B, "raiseObjection",
        new RaiseObjectionRequest(r.regNo(), ObjectionKind.OWNERSHIP, hash("g"), hash("e")));
    assertThat(e.getMessage()).contains("2027, which is missing").contains("dareg calendar set 2027 FILE");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Registration noticeWithCaps(RegistryFixture f, String data, LocalDate authorisationEnds, LocalDate dataValidUntil) {
    Evidence e = f.deposit(HOLDER_A, data);
    String regNo = f.call(HOLDER_A, "submit",
        new SubmitRequest("TJ-DIP", RightType.HOLDING, RegistryFixture.asset(ClassificationLevel.GENERAL), List.of(),
            List.of(e.evidenceNo()), hash("confidential:" + data), false, RegistryFixture.undertakings(data), List.of(),
            authorisationEnds, dataValidUntil),
        Registration.class).regNo();
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    f.call(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("formal"), null));
    f.call(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("substantive")));
    return f.call(REGISTRAR, "publishNotice", new RegNoRequest(regNo), Registration.class);
  }

  private static Registration issuedWithCaps(RegistryFixture f, String data, LocalDate authorisationEnds, LocalDate dataValidUntil) {
    Registration r = noticeWithCaps(f, data, authorisationEnds, dataValidUntil);
    f.advanceTo(r.noticeEnd());
    f.call(REGISTRAR, "issue", new RegNoRequest(r.regNo()));
    f.call(REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), hash("cert:" + data), "registry-key-1"));
    return f.registration(r.regNo());
  }

  private static AssetDescription renamed(AssetDescription a, String name) {
    return new AssetDescription(
        name, a.version(), a.assetClass(), a.form(), a.industry(), a.coverageArea(), a.timeSpan(), a.sources(),
        a.acquisition(), a.structure(), a.scale(), a.updateFrequency(), a.customFrequency(), a.scenarios(), a.scope(),
        a.algorithmSummary(), a.classification());
  }
}

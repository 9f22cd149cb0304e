package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.EXCHANGE;
import static io.dareg.chaincode.registry.RegistryFixture.FOREIGN_REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_C;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.REGULATOR;
import static io.dareg.chaincode.registry.RegistryFixture.REVIEWER;
import static io.dareg.chaincode.registry.RegistryFixture.STRANGER;
import static io.dareg.chaincode.registry.RegistryFixture.asset;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.CertificateStanding;
import io.dareg.core.api.CorrectRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.RecordTransferRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Objection;
import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RevocationBasis;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.TransferBasis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every refusal the rules owe: wrong role, wrong organisation, wrong state, wrong time, bad data. */
class RegistrationRefusalTest {
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");

  @Test
  void only_registrars_of_the_registry_organisation_run_the_review() {
    String regNo = f.submit(HOLDER_A, null, "roles").regNo();
    f.refused(Code.FORBIDDEN, HOLDER_A, "startFormalReview", new RegNoRequest(regNo));
    f.refused(Code.FORBIDDEN, EXCHANGE, "startFormalReview", new RegNoRequest(regNo));
    f.refused(Code.FORBIDDEN, REVIEWER, "startFormalReview", new RegNoRequest(regNo));
    f.refused(Code.FORBIDDEN, FOREIGN_REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
  }

  @Test
  void only_a_reviewer_records_the_substantive_review() {
    String regNo = f.submit(HOLDER_A, null, "reviewer").regNo();
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    f.call(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("ok"), null));
    SubstantiveReviewRequest review = new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("s"));
    f.refused(Code.FORBIDDEN, REGISTRAR, "substantiveReview", review);
    f.refused(Code.FORBIDDEN, HOLDER_A, "substantiveReview", review);
    f.call(REVIEWER, "substantiveReview", review);
  }

  @Test
  void refuses_transitions_from_the_wrong_state() {
    String regNo = f.submit(HOLDER_A, null, "states").regNo();
    f.refused(Code.CONFLICT, REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("x"), null));
    f.refused(Code.CONFLICT, REGISTRAR, "publishNotice", new RegNoRequest(regNo));
    f.refused(Code.CONFLICT, REGISTRAR, "issue", new RegNoRequest(regNo));
    f.refused(Code.CONFLICT, REGISTRAR, "renew", new RegNoRequest(regNo));
    f.refused(Code.CONFLICT, HOLDER_A, "correct", new CorrectRequest(regNo, null, null, hash("c")));
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    f.call(REGISTRAR, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("x"), null));
    RuleException e = f.refused(Code.CONFLICT, REGISTRAR, "publishNotice", new RegNoRequest(regNo));
    assertThat(e.getMessage()).contains("no substantive review");
    f.call(REVIEWER, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.REJECT, hash("no")));
    f.refused(Code.CONFLICT, REGISTRAR, "publishNotice", new RegNoRequest(regNo));
    Registration rejected = f.call(REGISTRAR, "reject", new DecisionRequest(regNo, hash("grounds"), "not authentic"), Registration.class);
    assertThat(rejected.status()).isEqualTo(RegistrationStatus.REJECTED);
    f.refused(Code.CONFLICT, HOLDER_A, "withdraw", new DecisionRequest(regNo, null, "too late"));
  }

  @Test
  void refuses_issue_during_the_notice_and_while_an_objection_is_pending() {
    Registration r = f.toNotice(HOLDER_A, null, "objected");
    f.refused(Code.CONFLICT, REGISTRAR, "issue", new RegNoRequest(r.regNo()));
    Objection o = f.call(HOLDER_B, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.GENERAL, hash("g"), hash("e")), Objection.class);
    assertThat(f.registration(r.regNo()).status()).isEqualTo(RegistrationStatus.OBJECTION_PENDING);
    f.advanceTo(r.noticeEnd().plusSeconds(1));
    RuleException e = f.refused(Code.CONFLICT, REGISTRAR, "issue", new RegNoRequest(r.regNo()));
    assertThat(e.getMessage()).contains(o.objectionNo());
    // Objections close with the notice.
    f.refused(Code.CONFLICT, HOLDER_C, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.GENERAL, hash("late"), hash("e")));
    f.call(HOLDER_A, "answerObjection", new ObjectionActionRequest(o.objectionNo(), hash("answer")));
    f.call(REGISTRAR, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.DISMISSED, hash("decision")));
    assertThat(f.registration(r.regNo()).status()).isEqualTo(RegistrationStatus.PUBLIC_NOTICE);
    assertThat(f.call(REGISTRAR, "issue", new RegNoRequest(r.regNo()), Registration.class).status()).isEqualTo(RegistrationStatus.ISSUED);
  }

  @Test
  void an_upheld_objection_rejects_the_registration_and_holders_cannot_object_to_their_own() {
    Registration r = f.toNotice(HOLDER_A, null, "upheld");
    f.refused(Code.FORBIDDEN, HOLDER_A, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.GENERAL, hash("g"), hash("e")));
    Objection o = f.call(STRANGER, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.GENERAL, hash("g"), hash("e")), Objection.class);
    f.refused(Code.FORBIDDEN, HOLDER_B, "answerObjection", new ObjectionActionRequest(o.objectionNo(), hash("a")));
    f.refused(Code.FORBIDDEN, HOLDER_A, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.UPHELD, hash("d")));
    f.call(REGISTRAR, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.UPHELD, hash("d")));
    assertThat(f.registration(r.regNo()).status()).isEqualTo(RegistrationStatus.REJECTED);
    f.refused(Code.CONFLICT, REGISTRAR, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.DISMISSED, hash("d")));
  }

  @Test
  void an_ownership_dispute_without_a_court_filing_in_15_days_lapses_and_the_procedure_resumes() {
    Registration r = f.toNotice(HOLDER_A, null, "ownership");
    Objection o = f.call(HOLDER_B, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.OWNERSHIP, hash("mine"), hash("proof")), Objection.class);
    Objection referred = f.call(REGISTRAR, "referObjectionToCourt", new ObjectionActionRequest(o.objectionNo(), null), Objection.class);
    assertThat(referred.status()).isEqualTo(ObjectionStatus.AWAITING_FILING);
    assertThat(Duration.between(f.now, referred.filingDeadline())).isBetween(Duration.ofDays(15), Duration.ofDays(16));
    f.refused(Code.CONFLICT, REGISTRAR, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.LAPSED, hash("l")));
    f.advanceTo(referred.filingDeadline().plusSeconds(1));
    f.refused(Code.CONFLICT, HOLDER_B, "recordCourtFiling", new ObjectionActionRequest(o.objectionNo(), hash("filing")));
    f.call(REGISTRAR, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.LAPSED, hash("l")));
    assertThat(f.registration(r.regNo()).status()).isEqualTo(RegistrationStatus.PUBLIC_NOTICE);
    assertThat(f.call(REGISTRAR, "issue", new RegNoRequest(r.regNo()), Registration.class).status()).isEqualTo(RegistrationStatus.ISSUED);
  }

  @Test
  void an_ownership_dispute_filed_in_time_holds_the_registration_until_the_court_decides() {
    Registration r = f.toNotice(HOLDER_A, null, "filed");
    Objection o = f.call(HOLDER_B, "raiseObjection", new RaiseObjectionRequest(r.regNo(), ObjectionKind.OWNERSHIP, hash("mine"), hash("proof")), Objection.class);
    f.refused(Code.CONFLICT, HOLDER_B, "recordCourtFiling", new ObjectionActionRequest(o.objectionNo(), hash("filing")));
    f.call(REGISTRAR, "referObjectionToCourt", new ObjectionActionRequest(o.objectionNo(), null));
    f.refused(Code.FORBIDDEN, HOLDER_C, "recordCourtFiling", new ObjectionActionRequest(o.objectionNo(), hash("filing")));
    f.advance(Duration.ofDays(10));
    f.call(HOLDER_B, "recordCourtFiling", new ObjectionActionRequest(o.objectionNo(), hash("filing")));
    f.advance(Duration.ofDays(60));
    f.refused(Code.CONFLICT, REGISTRAR, "issue", new RegNoRequest(r.regNo()));
    f.refused(Code.CONFLICT, REGISTRAR, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.LAPSED, hash("l")));
    f.call(REGISTRAR, "resolveObjection", new ResolveObjectionRequest(o.objectionNo(), ObjectionStatus.UPHELD, hash("judgment")));
    assertThat(f.registration(r.regNo()).status()).isEqualTo(RegistrationStatus.REJECTED);
  }

  @Test
  void refuses_a_submission_without_evidence_under_a_dip_profile_but_not_under_gd() {
    RuleException e = f.refused(Code.INVALID, HOLDER_A, "submit",
        new SubmitRequest("TJ-DIP", RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(), null, false, RegistryFixture.undertakings("applicant")));
    assertThat(e.field()).isEqualTo("evidenceNos");
    f.refused(Code.INVALID, HOLDER_A, "submit",
        new SubmitRequest("ZJ-DIP", RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(), null));
    f.refused(Code.INVALID, HOLDER_A, "submit",
        new SubmitRequest("SD-DIP", RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(), null));
    Registration gd = f.call(HOLDER_A, "submit",
        new SubmitRequest("GD", RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(), null), Registration.class);
    assertThat(gd.status()).isEqualTo(RegistrationStatus.SUBMITTED);
  }

  @Test
  void refuses_core_data() {
    Evidence e = f.deposit(HOLDER_A, "core");
    RuleException refusal = f.refused(Code.INVALID, HOLDER_A, "submit",
        new SubmitRequest("GD", RightType.HOLDING, asset(ClassificationLevel.CORE), List.of(), List.of(e.evidenceNo()), null));
    assertThat(refusal.field()).isEqualTo("asset.classification");
  }

  @Test
  void refuses_a_second_holders_identical_evidence_hash_naming_the_registration() {
    Registration first = f.submit(HOLDER_A, null, "the same data");
    RuleException e = f.refused(Code.CONFLICT, HOLDER_B, "submit",
        new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(f.deposit(HOLDER_B, "the same data").evidenceNo()), null, false, RegistryFixture.undertakings("applicant")));
    assertThat(e.getMessage()).contains(first.regNo()).contains("another holder");
    // Someone else's evidence cannot be borrowed either.
    f.refused(Code.FORBIDDEN, HOLDER_B, "submit",
        new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), first.evidenceNos(), null, false, RegistryFixture.undertakings("applicant")));
    // Once the first application is withdrawn, the data may be registered again.
    f.call(HOLDER_A, "withdraw", new DecisionRequest(first.regNo(), null, "filed by mistake"));
    f.call(HOLDER_B, "submit",
        new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(f.deposit(HOLDER_B, "the same data").evidenceNo()), null, false, RegistryFixture.undertakings("applicant")));
  }

  @Test
  void a_correction_after_its_deadline_is_refused_and_the_application_reads_withdrawn() {
    String regNo = f.submit(HOLDER_A, null, "correction").regNo();
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    Registration r = f.call(REGISTRAR, "formalReview",
        new FormalReviewRequest(regNo, ReviewOutcome.NEEDS_CORRECTION, hash("fix"), "add the structure"), Registration.class);
    assertThat(r.status()).isEqualTo(RegistrationStatus.NEEDS_CORRECTION);
    assertThat(r.correctionDeadline()).isAfter(f.now.plus(Duration.ofDays(13)));
    f.refused(Code.FORBIDDEN, HOLDER_B, "correct", new CorrectRequest(regNo, null, null, hash("c")));
    Registration corrected = f.call(HOLDER_A, "correct", new CorrectRequest(regNo, null, null, hash("corrected")), Registration.class);
    assertThat(corrected.status()).isEqualTo(RegistrationStatus.FORMAL_REVIEW);
    assertThat(corrected.confidentialHash()).isEqualTo(hash("corrected"));
    Registration again = f.call(REGISTRAR, "formalReview",
        new FormalReviewRequest(regNo, ReviewOutcome.NEEDS_CORRECTION, hash("fix2"), "still missing"), Registration.class);
    f.advanceTo(again.correctionDeadline().plusSeconds(1));
    assertThat(f.effectiveStatus(regNo)).isEqualTo("WITHDRAWN");
    RuleException e = f.refused(Code.CONFLICT, HOLDER_A, "correct", new CorrectRequest(regNo, null, null, hash("late")));
    assertThat(e.getMessage()).contains("deemed withdrawn");
  }

  @Test
  void joint_applications_need_every_co_holder_to_confirm() {
    Evidence e = f.deposit(HOLDER_A, "joint");
    Registration r = f.call(HOLDER_A, "submit",
        new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(f.accountB), List.of(e.evidenceNo()), null, false, RegistryFixture.undertakings("applicant")), Registration.class);
    assertThat(r.holders()).containsExactly(f.accountA, f.accountB);
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(r.regNo()));
    f.refused(Code.CONFLICT, REGISTRAR, "formalReview", new FormalReviewRequest(r.regNo(), ReviewOutcome.PASS, hash("x"), null));
    f.refused(Code.FORBIDDEN, HOLDER_C, "confirmJointApplication", new RegNoRequest(r.regNo()));
    f.call(HOLDER_B, "confirmJointApplication", new RegNoRequest(r.regNo()));
    f.refused(Code.CONFLICT, HOLDER_B, "confirmJointApplication", new RegNoRequest(r.regNo()));
    f.call(REGISTRAR, "formalReview", new FormalReviewRequest(r.regNo(), ReviewOutcome.PASS, hash("x"), null));
    // Only the applicant withdraws.
    f.refused(Code.FORBIDDEN, HOLDER_B, "withdraw", new DecisionRequest(r.regNo(), null, "no"));
  }

  @Test
  void a_certificate_standing_reads_the_record_and_the_registration_status_together() {
    Registration r = f.issued(HOLDER_A, null, "standing");
    CertificateStanding before = f.call(HOLDER_C, "getCertificateStanding", new IdRequest(r.certificateNo()), CertificateStanding.class);
    assertThat(before.certificate().regNo()).isEqualTo(r.regNo());
    assertThat(before.certificate().status()).isEqualTo(io.dareg.core.model.CertificateStatus.ACTIVE);
    assertThat(before.registrationStatus()).isEqualTo(RegistrationStatus.ISSUED);

    f.call(REGULATOR, "revoke", new RevokeRequest(r.regNo(), RevocationBasis.ORDER, "(2026)津0101行令2号", hash("order"), "court order"));
    CertificateStanding after = f.call(HOLDER_C, "getCertificateStanding", new IdRequest(r.certificateNo()), CertificateStanding.class);
    assertThat(after.certificate().status()).isEqualTo(io.dareg.core.model.CertificateStatus.REVOKED);
    assertThat(after.registrationStatus()).isEqualTo(RegistrationStatus.REVOKED);
    f.refused(Code.NOT_FOUND, HOLDER_C, "getCertificateStanding", new IdRequest("DC-NONE"));
  }

  @Test
  void revocation_by_a_regulator_needs_an_order_and_revokes_the_certificate() {
    Registration r = f.issued(HOLDER_A, null, "revoked");
    f.refused(Code.FORBIDDEN, REGULATOR, "revoke", new RevokeRequest(r.regNo(), RevocationBasis.HARM, null, hash("h"), "harm"));
    f.refused(Code.FORBIDDEN, HOLDER_A, "revoke", new RevokeRequest(r.regNo(), RevocationBasis.FRAUD, null, hash("h"), "fraud"));
    Registration revoked = f.call(REGULATOR, "revoke",
        new RevokeRequest(r.regNo(), RevocationBasis.ORDER, "(2026)津0101行令1号", hash("order"), "court order"), Registration.class);
    assertThat(revoked.status()).isEqualTo(RegistrationStatus.REVOKED);
    assertThat(f.call(REGULATOR, "getCertificate", new IdRequest(r.certificateNo())).get("status").asText()).isEqualTo("REVOKED");
    f.refused(Code.CONFLICT, REGISTRAR, "resume", new DecisionRequest(r.regNo(), null, "no"));
    f.refused(Code.CONFLICT, REGISTRAR, "cancel",
        new io.dareg.core.api.CancelRequest(r.regNo(), io.dareg.core.model.CancellationBasis.JUDGMENT, hash("j"), "j"));
  }

  @Test
  void a_pledge_blocks_transfer_and_abandonment_until_the_pledgee_releases_it() {
    Registration r = f.issued(HOLDER_A, null, "pledged");
    f.refused(Code.FORBIDDEN, HOLDER_B, "addEncumbrance", f.pledge(r.regNo(), f.accountC));
    Encumbrance pledge = f.call(HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), f.accountC), Encumbrance.class);
    f.refused(Code.CONFLICT, HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), f.accountB));
    f.refused(Code.CONFLICT, HOLDER_A, "proposeTransfer", new ProposeTransferRequest(r.regNo(), f.accountB, hash("c")));
    f.refused(Code.CONFLICT, HOLDER_A, "abandon", new DecisionRequest(r.regNo(), null, "giving up"));
    f.refused(Code.FORBIDDEN, HOLDER_A, "releaseEncumbrance", new ReleaseEncumbranceRequest(pledge.encumbranceNo(), hash("r")));
    f.call(HOLDER_C, "releaseEncumbrance", new ReleaseEncumbranceRequest(pledge.encumbranceNo(), hash("r")));
    f.refused(Code.CONFLICT, HOLDER_C, "releaseEncumbrance", new ReleaseEncumbranceRequest(pledge.encumbranceNo(), hash("r")));
    f.call(HOLDER_A, "proposeTransfer", new ProposeTransferRequest(r.regNo(), f.accountB, hash("c")));
    f.refused(Code.CONFLICT, HOLDER_A, "proposeTransfer", new ProposeTransferRequest(r.regNo(), f.accountC, hash("c2")));
  }

  @Test
  void a_pledge_filed_later_than_ten_working_days_after_the_contract_is_refused() {
    Registration r = f.issued(HOLDER_A, null, "late pledge");
    io.dareg.core.api.AddEncumbranceRequest on = f.pledge(r.regNo(), f.accountC);
    io.dareg.core.api.AddEncumbranceRequest late = new io.dareg.core.api.AddEncumbranceRequest(
        on.regNo(), on.kind(), on.counterparty(), on.scope(), on.scenarios(), false, on.term(), on.contractHash(), f.date().minusDays(30));
    RuleException e = f.refused(Code.CONFLICT, HOLDER_A, "addEncumbrance", late);
    assertThat(e.getMessage()).contains("had to be filed by");
    io.dareg.core.api.AddEncumbranceRequest future = new io.dareg.core.api.AddEncumbranceRequest(
        on.regNo(), on.kind(), on.counterparty(), on.scope(), on.scenarios(), false, on.term(), on.contractHash(), f.date().plusDays(3));
    f.refused(Code.INVALID, HOLDER_A, "addEncumbrance", future);
  }

  @Test
  void an_exclusive_licence_excludes_overlapping_licences() {
    Registration r = f.issued(HOLDER_A, null, "licensed");
    TimeSpan year = new TimeSpan(f.date(), f.date().plusYears(1));
    io.dareg.core.api.AddEncumbranceRequest exclusive = new io.dareg.core.api.AddEncumbranceRequest(
        r.regNo(), EncumbranceKind.LICENCE, f.accountB, "credit scoring", List.of("信用评估"), true, year, hash("l1"), f.date());
    f.call(HOLDER_A, "addEncumbrance", exclusive);
    io.dareg.core.api.AddEncumbranceRequest other = new io.dareg.core.api.AddEncumbranceRequest(
        r.regNo(), EncumbranceKind.LICENCE, f.accountC, "marketing", List.of("信用评估"), false, year, hash("l2"), f.date());
    f.refused(Code.CONFLICT, HOLDER_A, "addEncumbrance", other);
    io.dareg.core.api.AddEncumbranceRequest later = new io.dareg.core.api.AddEncumbranceRequest(
        r.regNo(), EncumbranceKind.LICENCE, f.accountC, "marketing", List.of("信用评估"), false,
        new TimeSpan(f.date().plusYears(1).plusDays(1), null), hash("l3"), f.date());
    f.call(HOLDER_A, "addEncumbrance", later);
    assertThat(f.call(EXCHANGE, "getRegistration", new RegNoRequest(r.regNo())).get("encumbrances")).hasSize(2);
  }

  @Test
  void a_trust_has_no_filing_deadline_and_its_grantor_releases_it_after_its_term() {
    Registration r = f.issued(HOLDER_A, null, "trust");
    io.dareg.core.api.AddEncumbranceRequest trust = new io.dareg.core.api.AddEncumbranceRequest(
        r.regNo(), EncumbranceKind.TRUST, f.accountC, "management in trust", List.of(), false,
        new TimeSpan(f.date().minusMonths(2), f.date().plusDays(10)), hash("trust deed"), f.date().minusMonths(2));
    Encumbrance e = f.call(HOLDER_A, "addEncumbrance", trust, Encumbrance.class);
    assertThat(e.kind()).isEqualTo(EncumbranceKind.TRUST);
    f.refused(Code.FORBIDDEN, HOLDER_A, "releaseEncumbrance", new ReleaseEncumbranceRequest(e.encumbranceNo(), hash("end")));
    f.advance(Duration.ofDays(12));
    assertThat(f.call(HOLDER_A, "releaseEncumbrance", new ReleaseEncumbranceRequest(e.encumbranceNo(), hash("end")), Encumbrance.class).active()).isFalse();
  }

  @Test
  void the_registry_records_unilateral_transfers_but_agreements_need_the_recipient() {
    Registration r = f.issued(HOLDER_A, null, "inherited");
    f.refused(Code.INVALID, REGISTRAR, "recordTransfer", "{\"regNo\":\"" + r.regNo() + "\",\"basis\":\"AGREEMENT\",\"to\":\"" + f.accountB + "\",\"documentHash\":\"" + hash("x") + "\"}");
    f.refused(Code.FORBIDDEN, HOLDER_B, "recordTransfer", new RecordTransferRequest(r.regNo(), TransferBasis.INHERITANCE, f.accountB, hash("will")));
    f.call(REGISTRAR, "recordTransfer", new RecordTransferRequest(r.regNo(), TransferBasis.COURT_JUDGMENT, f.accountB, hash("judgment")));
    assertThat(f.registration(r.regNo()).holders()).containsExactly(f.accountB);
    f.refused(Code.INVALID, REGISTRAR, "recordTransfer", new RecordTransferRequest(r.regNo(), TransferBasis.NAME_CHANGE, f.accountB, hash("n")));
  }

  @Test
  void a_declined_transfer_changes_nothing() {
    Registration r = f.issued(HOLDER_A, null, "declined");
    String no = f.call(HOLDER_A, "proposeTransfer", new ProposeTransferRequest(r.regNo(), f.accountB, hash("c"))).get("transferNo").asText();
    f.refused(Code.FORBIDDEN, HOLDER_C, "declineTransfer", new IdRequest(no));
    f.call(HOLDER_B, "declineTransfer", new IdRequest(no));
    f.refused(Code.CONFLICT, HOLDER_B, "acceptTransfer", new IdRequest(no));
    assertThat(f.registration(r.regNo()).holders()).containsExactly(f.accountA);
    assertThat(f.registration(r.regNo()).certificateNo()).isEqualTo(r.certificateNo());
  }

  @Test
  void an_account_with_live_registrations_cannot_be_closed() {
    Registration r = f.submit(HOLDER_A, null, "live");
    RuleException e = f.refused(Code.CONFLICT, REGISTRAR, "closeAccount", new IdRequest(f.accountA));
    assertThat(e.getMessage()).contains(r.regNo());
    f.call(HOLDER_A, "withdraw", new DecisionRequest(r.regNo(), null, "closing"));
    f.call(REGISTRAR, "closeAccount", new IdRequest(f.accountA));
    f.refused(Code.FORBIDDEN, HOLDER_A, "depositEvidence",
        new io.dareg.core.api.DepositEvidenceRequest(io.dareg.core.model.HashAlgorithm.SM3, hash("x"), null, 1, "dareg", null));
  }

  @Test
  void a_holder_acts_only_on_its_own_registrations() {
    Registration r = f.issued(HOLDER_A, null, "mine");
    f.refused(Code.FORBIDDEN, HOLDER_B, "abandon", new DecisionRequest(r.regNo(), null, "not yours"));
    f.refused(Code.FORBIDDEN, HOLDER_B, "proposeTransfer", new ProposeTransferRequest(r.regNo(), f.accountC, hash("c")));
    f.refused(Code.FORBIDDEN, STRANGER, "submit",
        new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL), List.of(), List.of(), null, false, RegistryFixture.undertakings("applicant")));
    assertThat(f.call(HOLDER_A, "abandon", new DecisionRequest(r.regNo(), null, "no longer needed"), Registration.class).status())
        .isEqualTo(RegistrationStatus.ABANDONED);
  }

  @Test
  void a_lost_certificate_is_reissued_and_the_old_one_superseded() {
    Registration r = f.issued(HOLDER_A, null, "reissue");
    io.dareg.core.model.CertificateRecord reissued = f.call(REGISTRAR, "recordCertificate",
        new io.dareg.core.api.RecordCertificateRequest(r.regNo(), hash("reissued"), "key-2"), io.dareg.core.model.CertificateRecord.class);
    assertThat(reissued.version()).isEqualTo(2);
    io.dareg.core.model.CertificateRecord old = f.call(REGISTRAR, "getCertificate", new IdRequest(r.certificateNo()), io.dareg.core.model.CertificateRecord.class);
    assertThat(old.status()).isEqualTo(io.dareg.core.model.CertificateStatus.SUPERSEDED);
    assertThat(old.supersededBy()).isEqualTo(reissued.certNo());
    assertThat(reissued.validUntil()).isEqualTo(old.validUntil());
    f.refused(Code.CONFLICT, REGISTRAR, "recordCertificate", new io.dareg.core.api.RecordCertificateRequest(r.regNo(), hash("reissued"), "key-2"));
    f.refused(Code.FORBIDDEN, HOLDER_A, "recordCertificate", new io.dareg.core.api.RecordCertificateRequest(r.regNo(), hash("mine"), "key-2"));
  }

  @Test
  void lists_registrations_by_holder_and_status_in_pages() {
    for (int i = 0; i < 5; i++) {
      f.submit(HOLDER_A, null, "paged-" + i);
    }
    f.submit(HOLDER_B, null, "paged-b");
    com.fasterxml.jackson.databind.JsonNode first = f.call(EXCHANGE, "listByHolder", new io.dareg.core.api.ListRequest(f.accountA, 3, null));
    assertThat(first.get("items")).hasSize(3);
    com.fasterxml.jackson.databind.JsonNode second = f.call(EXCHANGE, "listByHolder", new io.dareg.core.api.ListRequest(f.accountA, 3, first.get("bookmark").asText()));
    assertThat(second.get("items")).hasSize(2);
    assertThat(second.get("bookmark").asText()).isEmpty();
    assertThat(f.call(REGULATOR, "listByStatus", new io.dareg.core.api.ListRequest("SUBMITTED", 50, null)).get("items")).hasSize(6);
    // issue 20: EXPIRED is recorded by the sweep, so it is listed like any other status
    assertThat(f.call(REGULATOR, "listByStatus", new io.dareg.core.api.ListRequest("EXPIRED", 50, null)).get("items")).isEmpty();
    f.refused(Code.INVALID, REGULATOR, "listByStatus", new io.dareg.core.api.ListRequest("LOST", 50, null));
  }

  @Test
  void a_reused_transaction_id_never_overwrites_a_record() {
    Registration first = f.submit(HOLDER_A, null, "collision");
    String other = f.deposit(HOLDER_A, "other").evidenceNo();
    // Replay the same transaction id: the new record number would be the existing one.
    f.ws.begin(first.lastTxId(), f.now, HOLDER_A);
    String signed = f.signed(HOLDER_A, "submit",
        new String(io.dareg.core.json.Json.canonical(new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL),
            List.of(), List.of(other), null, false, RegistryFixture.undertakings("applicant"))), java.nio.charset.StandardCharsets.UTF_8),
        f.now);
    RuleException e = org.assertj.core.api.Assertions.catchThrowableOfType(RuleException.class, () -> f.tx.invoke(f.ws, "submit", signed));
    f.ws.rollback();
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Code.CONFLICT);
    assertThat(f.registration(first.regNo())).isEqualTo(first);
  }

  @Test
  void unknown_records_are_not_found() {
    f.refused(Code.NOT_FOUND, REGISTRAR, "issue", new RegNoRequest("DR-20260101-000000000000"));
    f.refused(Code.NOT_FOUND, REGISTRAR, "getAccount", new IdRequest("AC-nope"));
    f.refused(Code.NOT_FOUND, REGISTRAR, "noSuchTransaction", "{}");
  }
}

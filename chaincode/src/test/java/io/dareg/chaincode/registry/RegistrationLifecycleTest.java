package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.ADMIN;
import static io.dareg.chaincode.registry.RegistryFixture.EXCHANGE;
import static io.dareg.chaincode.registry.RegistryFixture.FOREIGN_REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.REGULATOR;
import static io.dareg.chaincode.registry.RegistryFixture.REVIEWER;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.RecordCertificateRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.model.CancellationBasis;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.Transfer;
import io.dareg.core.model.TransferStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped profile walks a full life: submit, review, notice, issue, renew, transfer, cancel. */
class RegistrationLifecycleTest {

  static Stream<String> profiles() {
    return ProfileCatalog.shipped().all().stream().map(Profile::code);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void walks_a_full_life_under_each_profile(String code) {
    RegistryFixture f = RegistryFixture.initialised(code);
    Profile profile = ProfileCatalog.shipped().get(code);

    Registration submitted = f.submit(HOLDER_A, code, "dataset-" + code);
    assertThat(submitted.status()).isEqualTo(RegistrationStatus.SUBMITTED);
    assertThat(submitted.regNo()).startsWith("DR-20260302-");
    assertThat(submitted.profile()).isEqualTo(code);

    Registration inNotice = f.toNotice(HOLDER_A, code, "second-" + code);
    String regNo = inNotice.regNo();
    assertThat(inNotice.status()).isEqualTo(RegistrationStatus.PUBLIC_NOTICE);
    Instant expectedEnd = io.dareg.chaincode.profile.WorkingCalendar.china().deadline(inNotice.noticeStart(), profile.notice());
    assertThat(inNotice.noticeEnd()).isEqualTo(expectedEnd);

    // Not before the notice ends.
    f.refused(Code.CONFLICT, REGISTRAR, "issue", new RegNoRequest(regNo));
    f.advanceTo(inNotice.noticeEnd());
    Registration issued = f.call(REGISTRAR, "issue", new RegNoRequest(regNo), Registration.class);
    assertThat(issued.status()).isEqualTo(RegistrationStatus.ISSUED);
    assertThat(issued.validFrom()).isEqualTo(issued.issuedAt());
    if (profile.validity() == null) {
      assertThat(issued.validUntil()).as("profile %s sets no validity", code).isNull();
    } else {
      assertThat(issued.validUntil()).isEqualTo(Guards.plus(issued.validFrom(), profile.validity()));
    }

    CertificateRecord first =
        f.call(REGISTRAR, "recordCertificate", new RecordCertificateRequest(regNo, hash("cert-1"), "key-1"), CertificateRecord.class);
    assertThat(first.certNo()).isEqualTo(regNo + "-C01");
    assertThat(first.status()).isEqualTo(CertificateStatus.ACTIVE);

    if (profile.renewalWindow() != null) {
      // Outside the window: refused. Inside: the validity is extended by one term.
      f.refused(Code.CONFLICT, REGISTRAR, "renew", new RegNoRequest(regNo));
      f.advanceTo(Guards.minus(issued.validUntil(), profile.renewalWindow()).plusSeconds(60));
      Registration renewed = f.call(REGISTRAR, "renew", new RegNoRequest(regNo), Registration.class);
      assertThat(renewed.validUntil()).isEqualTo(Guards.plus(issued.validUntil(), profile.renewalTerm()));
      assertThat(certificate(f, first.certNo()).status()).isEqualTo(CertificateStatus.SUPERSEDED);
      f.call(REGISTRAR, "recordCertificate", new RecordCertificateRequest(regNo, hash("cert-2"), "key-1"));
    } else {
      f.refused(Code.CONFLICT, REGISTRAR, "renew", new RegNoRequest(regNo));
    }

    // Transfer by agreement: the holder proposes, the recipient accepts.
    Transfer proposed =
        f.call(HOLDER_A, "proposeTransfer", new ProposeTransferRequest(regNo, f.accountB, hash("contract")), Transfer.class);
    f.refused(Code.FORBIDDEN, HOLDER_A, "acceptTransfer", new IdRequest(proposed.transferNo()));
    Transfer done = f.call(HOLDER_B, "acceptTransfer", new IdRequest(proposed.transferNo()), Transfer.class);
    assertThat(done.status()).isEqualTo(TransferStatus.COMPLETED);
    Registration transferred = f.registration(regNo);
    assertThat(transferred.holders()).containsExactly(f.accountB);
    assertThat(transferred.certificateNo()).as("the old certificate is superseded").isNull();
    CertificateRecord forB =
        f.call(REGISTRAR, "recordCertificate", new RecordCertificateRequest(regNo, hash("cert-b"), "key-1"), CertificateRecord.class);
    assertThat(f.registration(regNo).certificateNo()).isEqualTo(forB.certNo());

    // The former holder has lost its rights over the registration.
    f.refused(Code.FORBIDDEN, HOLDER_A, "abandon", new DecisionRequest(regNo, null, "no longer needed"));

    Registration cancelled =
        f.call(REGISTRAR, "cancel", new CancelRequest(regNo, CancellationBasis.HOLDER_REQUEST, hash("request"), "holder asked"), Registration.class);
    assertThat(cancelled.status()).isEqualTo(RegistrationStatus.CANCELLED);
    assertThat(certificate(f, forB.certNo()).status()).isEqualTo(CertificateStatus.CANCELLED);

    // Records are retained: the whole history is still readable.
    JsonNode history = f.call(REGULATOR, "getHistory", new RegNoRequest(regNo));
    assertThat(history).extracting(h -> h.get("registration").get("status").asText())
        .contains("SUBMITTED", "FORMAL_REVIEW", "SUBSTANTIVE_REVIEW", "PUBLIC_NOTICE", "ISSUED", "CANCELLED");
    assertThat(history).extracting(h -> h.get("registration").get("version").asInt()).isSorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void expiry_is_recorded_by_the_sweep_where_the_profile_sets_validity(String code) {
    Profile profile = ProfileCatalog.shipped().get(code);
    RegistryFixture f = RegistryFixture.initialised(code);
    Registration r = f.issued(HOLDER_A, code, "expiring-" + code);
    if (profile.validity() == null) {
      f.advance(Duration.ofDays(3650));
      f.call(REGISTRAR, "sweep", new io.dareg.core.api.Empty());
      assertThat(f.effectiveStatus(r.regNo())).isEqualTo("ISSUED");
      return;
    }
    f.advanceTo(r.validUntil().plusSeconds(1));
    // issue 20: a read does not derive the expiry; the sweep records it (cancelling it where the profile says so)
    assertThat(f.effectiveStatus(r.regNo())).isEqualTo("ISSUED");
    f.call(REGISTRAR, "sweep", new io.dareg.core.api.Empty());
    Instant graceEnd = Guards.plus(r.validUntil(), profile.renewalGrace());
    assertThat(f.effectiveStatus(r.regNo()))
        .isEqualTo(profile.expiryCancels() && !graceEnd.isAfter(f.now) ? "CANCELLED" : "EXPIRED");
    if (graceEnd.isAfter(f.now) || profile.renewalAfterExpiry()) {
      // Inside the grace period, or by DL's annual review at any time after expiry, a renewal brings it back.
      f.call(REGISTRAR, "renew", new RegNoRequest(r.regNo()));
      assertThat(f.effectiveStatus(r.regNo())).isEqualTo("ISSUED");
    } else {
      f.refused(Code.CONFLICT, REGISTRAR, "renew", new RegNoRequest(r.regNo()));
      f.refused(Code.CONFLICT, REGISTRAR, "suspend", new DecisionRequest(r.regNo(), null, "expired"));
    }
  }

  @org.junit.jupiter.api.Test
  void sd_dip_allows_renewal_in_its_one_month_grace_but_not_after() {
    RegistryFixture f = RegistryFixture.initialised("SD-DIP");
    Registration r = f.issued(HOLDER_A, "SD-DIP", "grace");
    f.advanceTo(Guards.plus(r.validUntil(), java.time.Period.ofMonths(1)).plusSeconds(1));
    f.refused(Code.CONFLICT, REGISTRAR, "renew", new RegNoRequest(r.regNo()));
    RegistryFixture g = RegistryFixture.initialised("SD-DIP");
    Registration s = g.issued(HOLDER_A, "SD-DIP", "grace");
    g.advanceTo(Guards.plus(s.validUntil(), java.time.Period.ofDays(20)));
    assertThat(g.call(REGISTRAR, "renew", new RegNoRequest(s.regNo()), Registration.class).validUntil())
        .isEqualTo(Guards.plus(s.validUntil(), java.time.Period.ofYears(2)));
  }

  @org.junit.jupiter.api.Test
  void regulator_and_registrar_suspend_and_resume_but_exchanges_do_not() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, "TJ-DIP", "suspend");
    f.refused(Code.FORBIDDEN, EXCHANGE, "suspend", new DecisionRequest(r.regNo(), null, "x"));
    f.refused(Code.FORBIDDEN, FOREIGN_REGISTRAR, "suspend", new DecisionRequest(r.regNo(), null, "x"));
    assertThat(f.call(REGULATOR, "suspend", new DecisionRequest(r.regNo(), hash("order"), "investigation"), Registration.class).status())
        .isEqualTo(RegistrationStatus.SUSPENDED);
    f.refused(Code.CONFLICT, REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), hash("c9"), "k"));
    f.refused(Code.CONFLICT, HOLDER_A, "proposeTransfer", new ProposeTransferRequest(r.regNo(), f.accountB, hash("c")));
    assertThat(f.call(REGISTRAR, "resume", new DecisionRequest(r.regNo(), null, "cleared"), Registration.class).status())
        .isEqualTo(RegistrationStatus.ISSUED);
  }

  @org.junit.jupiter.api.Test
  void admin_setup_is_guarded() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    f.refused(Code.CONFLICT, ADMIN, "initLedger", RegistryFixture.init("RegistryMSP", "again", "TJ-DIP"));
    f.refused(Code.FORBIDDEN, REGISTRAR, "grantRole", new io.dareg.core.api.GrantRoleRequest(HOLDER_B.identity(), io.dareg.core.model.Role.REVIEWER));
    f.refused(Code.INVALID, ADMIN, "grantRole", new io.dareg.core.api.GrantRoleRequest(EXCHANGE.identity(), io.dareg.core.model.Role.REGISTRAR));
    RegistryFixture fresh = new RegistryFixture();
    fresh.refused(Code.FORBIDDEN, REGISTRAR, "initLedger", RegistryFixture.init("RegistryMSP", "x", "TJ-DIP"));
    fresh.refused(Code.INVALID, ADMIN, "initLedger", RegistryFixture.init("RegistryMSP", "x", "NO-SUCH"));
    // issue 22: before initialisation no identity of the registry organisation has a role yet, and only its admin learns
    // that the ledger is not initialised
    fresh.refused(Code.FORBIDDEN, REGISTRAR, "openAccount",
        new io.dareg.core.api.OpenAccountRequest(hash("x"), "x", io.dareg.core.model.AccountKind.PERSON, java.util.List.of(HOLDER_A.identity())));
  }

  @org.junit.jupiter.api.Test
  void the_registrar_and_regulators_list_every_account_open_and_closed_in_number_order_and_no_one_else_may() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    f.call(REGISTRAR, "closeAccount", new io.dareg.core.api.IdRequest(f.accountB));
    com.fasterxml.jackson.databind.JsonNode accounts = f.call(REGISTRAR, "listAccounts", new io.dareg.core.api.Empty());
    // Account numbers end in a hash, not a counter: the list is in number (key) order, not the order they were opened.
    assertThat(accounts.findValuesAsText("accountId")).containsExactlyInAnyOrder(f.accountA, f.accountB, f.accountC).isSorted();
    java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> byId = new java.util.HashMap<>();
    accounts.forEach(a -> byId.put(a.path("accountId").asText(), a));
    assertThat(byId.get(f.accountA).path("name").asText()).isEqualTo("甲数据科技有限公司");
    assertThat(byId.get(f.accountA).path("open").asBoolean()).isTrue();
    assertThat(byId.get(f.accountB).path("open").asBoolean()).isFalse();
    assertThat(f.call(REGULATOR, "listAccounts", new io.dareg.core.api.Empty())).hasSize(3);
    f.refused(Code.FORBIDDEN, HOLDER_A, "listAccounts", new io.dareg.core.api.Empty());
    f.refused(Code.FORBIDDEN, EXCHANGE, "listAccounts", new io.dareg.core.api.Empty());
    f.refused(Code.FORBIDDEN, ADMIN, "listAccounts", new io.dareg.core.api.Empty());
  }

  @org.junit.jupiter.api.Test
  void the_registry_admin_lists_the_role_table_and_no_one_else_may() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    com.fasterxml.jackson.databind.JsonNode roles = f.call(ADMIN, "listRoles", new io.dareg.core.api.Empty());
    assertThat(roles.findValuesAsText("role")).containsExactlyInAnyOrder("REVIEWER", "REGULATOR");
    assertThat(roles.findValues("identity")).extracting(i -> i.path("id").asText()).contains(REVIEWER.identity().id());
    f.call(ADMIN, "removeRole", new io.dareg.core.api.IdentityRequest(REVIEWER.identity()));
    assertThat(f.call(ADMIN, "listRoles", new io.dareg.core.api.Empty()).findValuesAsText("role")).containsExactly("REGULATOR");
    f.refused(Code.FORBIDDEN, REGISTRAR, "listRoles", new io.dareg.core.api.Empty());
    f.refused(Code.FORBIDDEN, REVIEWER, "listRoles", new io.dareg.core.api.Empty());
  }

  @org.junit.jupiter.api.Test
  void a_reviewer_removed_from_the_role_table_can_no_longer_review() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    String regNo = f.submit(HOLDER_A, "TJ-DIP", "reviewer-removed").regNo();
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    f.call(REGISTRAR, "formalReview", new io.dareg.core.api.FormalReviewRequest(regNo, io.dareg.core.model.ReviewOutcome.PASS, hash("f"), null));
    f.call(ADMIN, "removeRole", new io.dareg.core.api.IdentityRequest(REVIEWER.identity()));
    f.refused(Code.FORBIDDEN, REVIEWER, "substantiveReview",
        new io.dareg.core.api.SubstantiveReviewRequest(regNo, io.dareg.core.model.ReviewOutcome.PASS, hash("s")));
  }

  private static CertificateRecord certificate(RegistryFixture f, String certNo) {
    return f.call(REGISTRAR, "getCertificate", new IdRequest(certNo), CertificateRecord.class);
  }
}

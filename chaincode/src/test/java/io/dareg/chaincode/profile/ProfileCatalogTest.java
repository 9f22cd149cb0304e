package io.dareg.chaincode.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.model.ClassificationLevel;
import java.time.Period;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped profiles carry the figures of REQUIREMENTS.md §5; this table is the one the docs quote. */
class ProfileCatalogTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        // code,   notice, kind,    validity, window, grace, term, correction, evidence
        "TJ-STD,    3,  WORKING, P3Y, P1M, P0D, P3Y, 10, true",
        "TJ-DIP,    10, WORKING, P2Y, P6M, P0D, P2Y, 10, true",
        "ZJ-DIP,    10, WORKING, P3Y, P6M, P0D, P3Y, 10, true",
        "SD-DIP,    10, WORKING, P2Y, P2M, P1M, P2Y, 10, true",
        "GD,        3,  WORKING, -,   -,   P0D, -,   10, false",
        "GD-SIMPLE, 1,  WORKING, -,   -,   P0D, -,   10, false",
        "GZ,        30, WORKING, P2Y, P1M, P0D, P2Y, 10, false",
        "DL,        7,  NATURAL, P1Y, P1M, P0D, P1Y, 5,  false",
      })
  void each_shipped_profile_has_the_figures_of_its_measure(
      String code, int notice, DayKind kind, String validity, String window, String grace, String term,
      int correction, boolean evidence) {
    Profile p = ProfileCatalog.shipped().get(code);
    assertThat(p.notice()).isEqualTo(new DayCount(notice, kind));
    assertThat(p.validity()).isEqualTo(validity == null ? null : Period.parse(validity));
    assertThat(p.renewalWindow()).isEqualTo(window == null ? null : Period.parse(window));
    assertThat(p.renewalGrace()).isEqualTo(Period.parse(grace));
    assertThat(p.renewalTerm()).isEqualTo(term == null ? null : Period.parse(term));
    assertThat(p.correction()).isEqualTo(new DayCount(correction, DayKind.WORKING));
    assertThat(p.formalReview()).isEqualTo(new DayCount(code.equals("DL") ? 5 : 15, DayKind.WORKING));
    assertThat(p.objectionFiling()).isEqualTo(new DayCount(15, DayKind.NATURAL));
    assertThat(p.encumbranceFiling()).isEqualTo(new DayCount(10, DayKind.WORKING));
    assertThat(p.evidenceRequired()).isEqualTo(evidence);
    assertThat(p.refusedClassifications()).containsExactly(ClassificationLevel.CORE);
  }

  @org.junit.jupiter.api.Test
  void ships_exactly_the_eight_profiles_and_names_them_when_one_is_unknown() {
    assertThat(ProfileCatalog.shipped().all()).extracting(Profile::code)
        .containsExactly("TJ-STD", "TJ-DIP", "ZJ-DIP", "SD-DIP", "GD", "GD-SIMPLE", "GZ", "DL");
    assertThatThrownBy(() -> ProfileCatalog.shipped().get("XX"))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("known profiles: TJ-STD, TJ-DIP");
  }

  // issue 20: review, profiles and disclosure
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "TJ-STD, P30Y, true", "TJ-DIP, P30Y, true", "ZJ-DIP, P30Y, true", "SD-DIP, P30Y, true",
    "GD, P20Y, false", "GD-SIMPLE, P20Y, false", "GZ, P20Y, false", "DL, P15Y, false",
  })
  void each_profile_keeps_records_for_its_measures_retention_or_a_default_marked_as_such(String code, String retention, boolean isDefault) {
    Profile p = ProfileCatalog.shipped().get(code);
    assertThat(p.retention()).isEqualTo(Period.parse(retention));
    assertThat(p.retentionBasis().startsWith("default")).isEqualTo(isDefault);
  }

  @org.junit.jupiter.api.Test
  void the_profiles_carry_the_second_reading_switches_as_data() {
    ProfileCatalog c = ProfileCatalog.shipped();
    assertThat(c.get("GD-SIMPLE").ordinaryTrackOnly().ordinaryProfile()).isEqualTo("GD");
    assertThat(c.get("GD").ordinaryTrackOnly()).isNull();
    assertThat(c.get("TJ-DIP").notarisationOrRecognisedDepositRequired()).isTrue();
    assertThat(c.get("TJ-DIP").requiredAttachments()).containsExactly(io.dareg.core.model.AttachmentKind.COMPLIANCE_UNDERTAKING);
    assertThat(c.get("DL").requiredAttachments()).containsExactly(io.dareg.core.model.AttachmentKind.RESPONSIBILITY_UNDERTAKING);
    assertThat(c.get("DL").correctionLapse()).isEqualTo(io.dareg.core.model.RegistrationStatus.REJECTED);
    assertThat(c.get("TJ-DIP").correctionLapse()).isEqualTo(io.dareg.core.model.RegistrationStatus.WITHDRAWN);
    assertThat(c.get("DL").renewalAfterExpiry()).isTrue();
    assertThat(c.get("SD-DIP").renewalAfterExpiry()).isFalse();
  }

  @org.junit.jupiter.api.Test
  void a_renewal_window_without_a_term_is_refused() {
    assertThatThrownBy(() -> new Profile("X", "x", "x", new DayCount(1, DayKind.WORKING), Period.ofYears(1),
            Period.ofMonths(1), null, null, new DayCount(1, DayKind.WORKING), new DayCount(1, DayKind.WORKING),
            new DayCount(1, DayKind.NATURAL), new DayCount(1, DayKind.WORKING), false, null))
        .hasMessageContaining("renewalTerm");
  }
}

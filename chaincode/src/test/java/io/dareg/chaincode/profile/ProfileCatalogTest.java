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
    assertThat(p.formalReview()).isEqualTo(new DayCount(15, DayKind.WORKING));
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

  @org.junit.jupiter.api.Test
  void a_renewal_window_without_a_term_is_refused() {
    assertThatThrownBy(() -> new Profile("X", "x", "x", new DayCount(1, DayKind.WORKING), Period.ofYears(1),
            Period.ofMonths(1), null, null, new DayCount(1, DayKind.WORKING), new DayCount(1, DayKind.WORKING),
            new DayCount(1, DayKind.NATURAL), new DayCount(1, DayKind.WORKING), false, null, null, null, null, false))
        .hasMessageContaining("renewalTerm");
  }
}

package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.ADMIN;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.CalendarYearRequest;
import io.dareg.core.api.Empty;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Registration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deadlines that run into a year the ledger does not know wait for its calendar, then use it. */
class CalendarRulesTest {
  private static final String SOURCE = "test arrangement (not the official 2027 notice)";

  @Test
  void a_notice_that_runs_into_an_unknown_year_waits_for_that_years_calendar() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    f.advanceTo(Instant.parse("2026-12-24T02:00:00Z")); // Thursday 10:00 in Beijing
    String regNo = f.submit(HOLDER_A, null, "year-end data").regNo();
    f.call(REGISTRAR, "startFormalReview", new RegNoRequest(regNo));
    f.call(REGISTRAR, "formalReview", new io.dareg.core.api.FormalReviewRequest(regNo, io.dareg.core.model.ReviewOutcome.PASS, RegistryFixture.hash("f"), null));
    f.call(RegistryFixture.REVIEWER, "substantiveReview", new io.dareg.core.api.SubstantiveReviewRequest(regNo, io.dareg.core.model.ReviewOutcome.PASS, RegistryFixture.hash("s")));

    RuleException waiting = f.refused(RuleException.Code.CONFLICT, REGISTRAR, "publishNotice", new RegNoRequest(regNo));
    assertThat(waiting.getMessage()).contains("2027").contains("recordCalendarYear");

    f.refused(RuleException.Code.FORBIDDEN, REGISTRAR, "recordCalendarYear", year2027());
    RuleException skipped = f.refused(RuleException.Code.INVALID, ADMIN, "recordCalendarYear",
        new CalendarYearRequest(2028, List.of(), List.of(), SOURCE));
    assertThat(skipped.field()).isEqualTo("year");
    assertThat(f.refused(RuleException.Code.CONFLICT, ADMIN, "recordCalendarYear",
        new CalendarYearRequest(2026, List.of(), List.of(), SOURCE)).getMessage()).contains("shipped with the rules");

    f.call(ADMIN, "recordCalendarYear", year2027());
    Registration noticed = f.call(REGISTRAR, "publishNotice", new RegNoRequest(regNo), Registration.class);
    // Ten working days after Thursday 24 December: 25, 28, 29, 30, 31 December, (1 January a holiday
    // in the recorded year), 4, 5, 6, 7, 8 January; the notice ends at midnight after the 8th.
    assertThat(noticed.noticeEnd()).isEqualTo(Instant.parse("2027-01-08T16:00:00Z"));

    assertThat(f.refused(RuleException.Code.CONFLICT, ADMIN, "recordCalendarYear", year2027()).getMessage())
        .contains("recorded on the ledger");
    JsonNode calendar = f.call(REGISTRAR, "getCalendar", new Empty());
    assertThat(calendar.get("shippedLastYear").asInt()).isEqualTo(2026);
    assertThat(calendar.get("lastYear").asInt()).isEqualTo(2027);
    assertThat(calendar.get("recorded").get(0).get("source").asText()).isEqualTo(SOURCE);
    assertThat(calendar.get("recorded").get(0).get("recordedBy").get("id").asText()).isEqualTo(ADMIN.identity().id());
  }

  @Test
  void a_years_dates_must_belong_to_it_and_agree() {
    assertThatThrownBy(() -> new CalendarYearRequest(2027, List.of(LocalDate.of(2026, 12, 31)), List.of(), SOURCE))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not in 2027");
    assertThatThrownBy(() -> new CalendarYearRequest(2027, List.of(), List.of(LocalDate.of(2027, 2, 3)), SOURCE))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("only Saturdays and Sundays");
    assertThatThrownBy(() -> new CalendarYearRequest(2027, List.of(LocalDate.of(2027, 2, 6)), List.of(LocalDate.of(2027, 2, 6)), SOURCE))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("both");
    assertThatThrownBy(() -> new CalendarYearRequest(2027, List.of(), List.of(), " "))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("source");
  }

  private static CalendarYearRequest year2027() {
    return new CalendarYearRequest(2027, List.of(LocalDate.of(2027, 1, 1)), List.of(), SOURCE);
  }
}

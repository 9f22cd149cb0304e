package io.dareg.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.model.InvalidInputException;
import io.dareg.gateway.ledger.LedgerEvent;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Periods are bounded at China midnight, and each step counts by its own record's time. */
class PeriodReportTest {
  private long block;

  private LedgerEvent event(String name, String json) {
    return new LedgerEvent(block++, "tx" + block, name, json);
  }

  @Test
  void periods_are_months_quarters_or_years_bounded_at_china_midnight() {
    Period q3 = Period.parse("2026-Q3");
    assertThat(q3.first()).isEqualTo(LocalDate.of(2026, 7, 1));
    assertThat(q3.last()).isEqualTo(LocalDate.of(2026, 9, 30));
    assertThat(q3.start()).isEqualTo(Instant.parse("2026-06-30T16:00:00Z"));
    assertThat(Period.parse("2026-09").end()).isEqualTo(Instant.parse("2026-09-30T16:00:00Z"));
    assertThat(Period.parse("2026").last()).isEqualTo(LocalDate.of(2026, 12, 31));
    assertThat(Period.parse("2024-02").last()).isEqualTo(LocalDate.of(2024, 2, 29));
    for (String bad : new String[] {"2026-00", "2026-13", "2026-Q0", "2026-Q5", "2026Q3", "26", "", "2026-9", "1999"}) {
      assertThatThrownBy(() -> Period.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("2026-Q3").hasMessageContaining("2026-09");
    }
    assertThatThrownBy(() -> Period.parse("2026-Q4", Instant.parse("2026-09-30T15:59:59Z")))
        .hasMessageContaining("has not begun");
    assertThat(Period.parse("2026-Q4", Instant.parse("2026-09-30T16:00:00Z")).name()).isEqualTo("2026-Q4");
  }

  @Test
  void a_step_counts_in_the_period_of_its_own_time_in_china() {
    PeriodReport q3 = new PeriodReport(Period.parse("2026-Q3"));
    // 2026-07-01 00:00 in China is the first instant of Q3; one second earlier is Q2.
    q3.accept(event("submit", "{\"regNo\":\"R1\",\"status\":\"SUBMITTED\",\"profile\":\"DL\",\"rightType\":\"HOLDING\","
        + "\"submittedAt\":\"2026-06-30T16:00:00Z\",\"updatedAt\":\"2026-06-30T16:00:00Z\"}"));
    q3.accept(event("submit", "{\"regNo\":\"R2\",\"status\":\"SUBMITTED\",\"profile\":\"DL\",\"rightType\":\"HOLDING\","
        + "\"submittedAt\":\"2026-06-30T15:59:59Z\",\"updatedAt\":\"2026-06-30T15:59:59Z\"}"));
    // Issued in Q3 although submitted in Q2: counts as issued in Q3, not as submitted.
    q3.accept(event("issue", "{\"regNo\":\"R2\",\"status\":\"ISSUED\",\"profile\":\"DL\",\"submittedAt\":\"2026-06-30T15:59:59Z\","
        + "\"updatedAt\":\"2026-08-01T00:00:00Z\"}"));
    // A delivery of Q3 rejected in Q4 counts as rejected in Q3, under its delivery's time.
    q3.accept(event("recordDelivery", "{\"deliveryNo\":\"D1\",\"mode\":\"API\",\"deliveredAt\":\"2026-09-30T15:00:00Z\"}"));
    q3.accept(event("answerDelivery", "{\"deliveryNo\":\"D1\",\"mode\":\"API\",\"accepted\":false,\"deliveredAt\":\"2026-09-30T15:00:00Z\"}"));
    // A trade of Q2, settled at 23:59:59 on 30 September in China: the settlement is of Q3.
    q3.accept(event("recordTrade", "{\"tradeNo\":\"T1\",\"kind\":\"TRANSFER\",\"exchange\":\"ExMSP\",\"tradedAt\":\"2026-06-01T00:00:00Z\"}"));
    q3.accept(event("recordSettlement", "{\"tradeNo\":\"T1\",\"tradedAt\":\"2026-06-01T00:00:00Z\",\"settledAt\":\"2026-09-30T15:59:59Z\"}"));
    q3.accept(event("recordDispute", "{\"tradeNo\":\"T1\",\"dispute\":\"DISPUTED\",\"tradedAt\":\"2026-06-01T00:00:00Z\"}"));
    q3.accept(event("grantRole", "{\"role\":\"REVIEWER\"}"));

    assertThat(q3.events()).isEqualTo(9);
    assertThat(q3.count("registrations", "submitted", "")).isEqualTo(1);
    assertThat(q3.count("registrations", "submitted", "profile DL")).isEqualTo(1);
    assertThat(q3.count("registrations", "issued", "")).isEqualTo(1);
    assertThat(q3.count("registrations", "reached status", "ISSUED")).isEqualTo(1);
    assertThat(q3.count("deliveries", "delivered", "mode API")).isEqualTo(1);
    assertThat(q3.count("deliveries", "rejected", "")).isEqualTo(1);
    assertThat(q3.count("deliveries", "accepted", "")).isZero();
    assertThat(q3.count("trades", "recorded", "")).isZero();
    assertThat(q3.count("trades", "settled", "")).isEqualTo(1);
    assertThat(q3.count("trades", "disputed", "")).as("the disputed trade is of Q2").isZero();
    assertThat(q3.csv(Instant.parse("2026-10-01T00:00:00Z"))).contains("\r\nregistrations,submitted,,1\r\n")
        .contains("\r\ndeliveries,rejected,,1\r\n").contains("\r\ntrades,recorded,,0\r\n");
  }

  // issue 20: review, profiles and disclosure
  @Test
  void formal_reviews_decided_after_their_due_date_or_still_running_past_it_are_listed_as_overdue() {
    PeriodReport q1 = new PeriodReport(Period.parse("2026-Q1"));
    // R1 due 9 March, decided 12 March: overdue. R2 due 9 March, decided 5 March: on time.
    // R3 due 30 March and still running on 1 April: overdue. Judged on 20 March, only R1 is late.
    for (String[] r : new String[][] {{"R1", "2026-03-09T16:00:00Z", "2026-03-12T02:00:00Z"}, {"R2", "2026-03-09T16:00:00Z", "2026-03-05T02:00:00Z"},
        {"R3", "2026-03-30T16:00:00Z", null}}) {
      q1.accept(event("startFormalReview", "{\"regNo\":\"" + r[0] + "\",\"status\":\"FORMAL_REVIEW\",\"profile\":\"DL\","
          + "\"formalReviewDue\":\"" + r[1] + "\",\"updatedAt\":\"2026-03-02T02:00:00Z\"}"));
      if (r[2] != null) {
        q1.accept(event("formalReview", "{\"regNo\":\"" + r[0] + "\",\"status\":\"SUBSTANTIVE_REVIEW\",\"profile\":\"DL\","
            + "\"formalReviewDue\":\"" + r[1] + "\",\"updatedAt\":\"" + r[2] + "\"}"));
      }
    }
    q1.asOf(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(q1.count("formal reviews", "due", "")).isEqualTo(3);
    assertThat(q1.count("formal reviews", "overdue", "")).isEqualTo(2);
    assertThat(q1.count("formal reviews", "overdue", "profile DL")).isEqualTo(2);
    assertThat(q1.csv(Instant.parse("2026-04-01T00:00:00Z")))
        .contains("formal reviews,overdue,registration R1 due 2026-03-09T16:00:00Z decided 2026-03-12T02:00:00Z,1")
        .contains("formal reviews,overdue,registration R3 due 2026-03-30T16:00:00Z still running,1")
        .doesNotContain("registration R2");
    q1.asOf(Instant.parse("2026-03-20T00:00:00Z"));
    assertThat(q1.count("formal reviews", "overdue", "")).isEqualTo(1);
  }

  @Test
  void csv_cells_from_the_ledger_cannot_break_rows() {
    PeriodReport r = new PeriodReport(Period.parse("2026"));
    r.accept(event("recordTrade", "{\"tradeNo\":\"T1\",\"kind\":\"LICENCE\",\"exchange\":\"=cmd,\\\"x\\\"\",\"tradedAt\":\"2026-05-01T00:00:00Z\"}"));
    assertThat(r.csv(Instant.parse("2026-10-01T00:00:00Z"))).contains("\r\ntrades,recorded,\"exchange =cmd,\"\"x\"\"\",1\r\n");
  }
}

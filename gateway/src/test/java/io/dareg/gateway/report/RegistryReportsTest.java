package io.dareg.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.model.InvalidInputException;
import io.dareg.gateway.ledger.LedgerEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The annual report per registry and across registries: each record counts for the registry its number names. */
class RegistryReportsTest {
  private long block;

  private LedgerEvent event(String name, String json) {
    return new LedgerEvent(block++, "tx" + block, name, json);
  }

  private static String application(String regNo, String evidenceNo) {
    return "{\"regNo\":\"" + regNo + "\",\"status\":\"SUBMITTED\",\"profile\":\"GD\",\"rightType\":\"HOLDING\",\"submittedAt\":"
        + "\"2026-03-10T02:00:00Z\",\"evidenceNos\":[\"" + evidenceNo + "\"]}";
  }

  private static String deposit(String evidenceNo) {
    return "{\"evidenceNo\":\"" + evidenceNo + "\",\"algorithm\":\"SM3\",\"depositedAt\":\"2026-03-09T02:00:00Z\"}";
  }

  private RegistryReports twoRegistries() {
    RegistryReports r = new RegistryReports(Period.parse("2026"));
    r.accept(event("openAccount", "{\"accountId\":\"AC-1\"}"));
    r.accept(event("depositEvidence", deposit("EV-1")));
    r.accept(event("depositEvidence", deposit("EV-2")));
    r.accept(event("depositEvidence", deposit("EV-9"))); // cited by no registration
    r.accept(event("submit", application("DR-20260310-0001", "EV-1")));
    r.accept(event("submit", application("GD-20260310-0001", "EV-2")));
    r.accept(event("submit", application("GD-20260311-0002", "EV-1")));
    r.accept(event("recordTrade", "{\"tradeNo\":\"TD-1\",\"regNo\":\"GD-20260310-0001\",\"kind\":\"LICENCE\",\"exchange\":\"ExchangeMSP\","
        + "\"tradedAt\":\"2026-05-01T02:00:00Z\"}"));
    r.accept(event("recordDelivery", "{\"deliveryNo\":\"DL-1\",\"tradeNo\":\"TD-1\",\"mode\":\"FILE\",\"deliveredAt\":\"2026-05-02T02:00:00Z\"}"));
    r.accept(event("submit", application("DR-20250310-0009", "EV-0").replace("2026-03-10", "2025-03-10"))); // last year
    r.finish(block, Instant.parse("2026-12-06T00:00:00Z"));
    return r;
  }

  @Test
  void each_record_counts_for_the_registry_its_number_names_and_evidence_for_the_first_that_cites_it() {
    RegistryReports r = twoRegistries();
    assertThat(r.registries()).containsOnlyKeys("DR", "GD", RegistryReports.UNASSIGNED);
    assertThat(r.of("DR").count("registrations", "submitted", "")).isEqualTo(1);
    assertThat(r.of("GD").count("registrations", "submitted", "")).isEqualTo(2);
    assertThat(r.of("DR").count("evidence", "deposited", "")).isEqualTo(1);
    assertThat(r.of("GD").count("evidence", "deposited", "")).as("EV-2; EV-1 counted once, for DR").isEqualTo(1);
    assertThat(r.of(RegistryReports.UNASSIGNED).count("evidence", "deposited", "")).isEqualTo(1);
    assertThat(r.of("GD").count("trades", "recorded", "")).isEqualTo(1);
    assertThat(r.of("GD").count("deliveries", "delivered", "")).as("by its trade's registry").isEqualTo(1);
    assertThat(r.of("DR").count("deliveries", "delivered", "")).isZero();
    assertThat(r.total().count("registrations", "submitted", "")).isEqualTo(3);
    assertThat(r.total().count("evidence", "deposited", "")).isEqualTo(3);
    assertThat(r.of("SZ").count("registrations", "submitted", "")).as("a registry with nothing: zeros").isZero();
  }

  @Test
  void a_registration_with_its_evidence_counts_as_its_deposits_and_its_application() {
    RegistryReports r = new RegistryReports(Period.parse("2026"));
    r.accept(event("register", "{\"evidence\":[" + deposit("EV-3") + "," + deposit("EV-4").replace("SM3", "SHA256") + "],"
        + "\"registration\":" + application("GD-20260310-0003", "EV-3").replace("\"EV-3\"]", "\"EV-3\",\"EV-4\"]") + "}"));
    r.finish(block, Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(r.registries()).containsOnlyKeys("GD");
    assertThat(r.of("GD").count("registrations", "submitted", "")).isEqualTo(1);
    assertThat(r.of("GD").count("evidence", "deposited", "")).isEqualTo(2);
    assertThat(r.total().count("evidence", "deposited", "algorithm SHA256")).isEqualTo(1);
    assertThat(r.total().count("registrations", "submitted", "profile GD")).isEqualTo(1);
    assertThat(r.total().events()).as("one event read").isEqualTo(1);
  }

  @Test
  void the_report_across_registries_has_one_row_group_per_registry_then_the_totals() {
    List<String> rows = List.of(twoRegistries().csv(Instant.parse("2026-12-06T00:00:00Z")).split("\r\n"));
    assertThat(rows.get(0)).isEqualTo("registry,section,measure,breakdown,value");
    assertThat(rows).contains(",report,period,,2026", ",report,registries,,DR GD unassigned",
        "DR,registrations,submitted,,1", "GD,registrations,submitted,,2", "all,registrations,submitted,,3",
        "GD,deliveries,delivered,,1", "unassigned,evidence,deposited,,1", "all,evidence,deposited,,3");
    assertThat(rows.indexOf("DR,registrations,submitted,,1")).isLessThan(rows.indexOf("GD,registrations,submitted,,2"));
    assertThat(rows.indexOf("GD,registrations,submitted,,2")).isLessThan(rows.indexOf("all,registrations,submitted,,3"));
    assertThat(twoRegistries().of("GD").csv(Instant.EPOCH)).contains("report,registry,,GD\r\n");
  }

  @Test
  void a_registry_is_a_code_of_capitals_or_all() {
    assertThat(RegistryReports.checkRegistry("DR")).isEqualTo("DR");
    assertThat(RegistryReports.checkRegistry("all")).isEqualTo("all");
    for (String bad : new String[] {"dr", "DR-1", "", "ALL1234567890123456", "D R"}) {
      assertThatThrownBy(() -> RegistryReports.checkRegistry(bad)).as(bad).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("before the first '-'");
    }
  }
}

package io.dareg.gateway.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.RegistryRecord;
import io.dareg.gateway.ledger.LedgerEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The period report per registry and across registries (issue 25: the GD annual data-asset report, 数据资产年度报告):
 * one {@link PeriodReport} per registry, each fed the events of its own registrations, and one of every event, the
 * totals. A record belongs to the registry of the registration it concerns ({@link RegistryRecord#codeOf}: the part of
 * its number before the first '-'); a delivery to its trade's; an evidence deposit, which precedes any registration, to
 * the registry of the first registration that cites it, and to {@value #UNASSIGNED} while none does. Accounts and
 * settings belong to no registry and are counted by no report.
 */
public final class RegistryReports implements Consumer<LedgerEvent> {
  /** The {@code registry} value that asks for every registry, one section each, with totals. */
  public static final String ALL = "all";
  /** The section of evidence deposited in the period that no registration cites. */
  public static final String UNASSIGNED = "unassigned";

  private final Period period;
  private final PeriodReport total;
  private final Map<String, PeriodReport> registries = new TreeMap<>();
  /** The registry of each trade seen, for its deliveries. */
  private final Map<String, String> tradeRegistry = new HashMap<>();
  /** Deposits of the period that no registration has cited yet, by evidence number. */
  private final Map<String, LedgerEvent> uncited = new LinkedHashMap<>();

  /** Empty reports for {@code period}. */
  public RegistryReports(Period period) {
    this.period = period;
    this.total = new PeriodReport(period);
  }

  /**
   * Checks a {@code registry} value: a registry's code (capital letters and digits, as registration numbers begin) or
   * {@value #ALL}; INVALID saying what to give otherwise.
   */
  public static String checkRegistry(String registry) {
    if (registry == null || !registry.matches("[A-Z][A-Z0-9]{0,15}|" + ALL)) {
      throw new InvalidInputException("registry", "'" + registry + "' is not a registry: give a registry's code, the part of its"
          + " registration numbers before the first '-' (e.g. DR for DR-20261206-...), or 'all' for every registry with totals");
    }
    return registry;
  }

  @Override
  public void accept(LedgerEvent e) {
    total.accept(e);
    for (LedgerEvent step : e.steps()) {
      route(step);
    }
  }

  /** Gives one step of an event to its registry's report (a registration's deposits wait for the application citing them). */
  private void route(LedgerEvent e) {
    JsonNode r;
    try {
      r = Json.mapper().readTree(e.payloadJson());
    } catch (IOException ex) {
      return; // the totals report says which event carries no JSON
    }
    String regNo = r.path("regNo").asText("");
    if (!regNo.isEmpty()) {
      String registry = RegistryRecord.codeOf(regNo);
      if (r.has("tradeNo") && !r.has("deliveryNo")) {
        tradeRegistry.put(r.path("tradeNo").asText(), registry);
      }
      report(registry).accept(e);
      for (JsonNode ev : r.path("evidenceNos")) {
        LedgerEvent deposit = uncited.remove(ev.asText());
        if (deposit != null) {
          report(registry).accept(deposit);
        }
      }
    } else if (r.has("deliveryNo") && tradeRegistry.containsKey(r.path("tradeNo").asText())) {
      report(tradeRegistry.get(r.path("tradeNo").asText())).accept(e);
    } else if (e.name().equals("depositEvidence") && inPeriod(r.path("depositedAt").asText(null))) {
      uncited.put(r.path("evidenceNo").asText(), e);
    }
  }

  /**
   * Ends the reading: deposits no registration cited go to {@value #UNASSIGNED}; every report records the height read to
   * and the time running reviews are judged at.
   */
  public void finish(long height, Instant asOf) {
    if (!uncited.isEmpty()) {
      uncited.values().forEach(report(UNASSIGNED));
      uncited.clear();
    }
    for (PeriodReport p : all()) {
      p.height(height);
      p.asOf(asOf);
    }
  }

  /** The totals: every event, as the report without a registry counts them. */
  public PeriodReport total() {
    return total;
  }

  /** The report of {@code registry}: empty (all zero) when the period holds nothing of it. */
  public PeriodReport of(String registry) {
    PeriodReport p = registries.get(registry);
    if (p == null) {
      p = new PeriodReport(period);
      p.height(total.height());
      p.asOf(total.asOf());
    }
    p.scope(registry);
    return p;
  }

  /** Each registry's report, by code, {@value #UNASSIGNED} last when there is one. */
  public Map<String, PeriodReport> registries() {
    Map<String, PeriodReport> out = new LinkedHashMap<>();
    registries.forEach((code, p) -> {
      if (!code.equals(UNASSIGNED)) {
        out.put(code, p);
      }
    });
    if (registries.containsKey(UNASSIGNED)) {
      out.put(UNASSIGNED, registries.get(UNASSIGNED));
    }
    return out;
  }

  /**
   * The report across registries as CSV (RFC 4180, UTF-8, CRLF): columns registry, section, measure, breakdown, value;
   * first the rows that say what was counted (registry empty), then each registry's figures, then the totals (registry
   * {@value #ALL}).
   */
  public String csv(Instant generatedAt) {
    StringBuilder b = new StringBuilder("registry,section,measure,breakdown,value\r\n");
    for (String[] row : total.about(generatedAt)) {
      PeriodReport.row(b, "", "report", row[0], "", row[1]);
    }
    PeriodReport.row(b, "", "report", "registries", "", String.join(" ", registries().keySet()));
    registries().forEach((code, p) -> figures(b, code, p));
    figures(b, ALL, total);
    return b.toString();
  }

  private static void figures(StringBuilder b, String registry, PeriodReport p) {
    for (PeriodReport.Figure f : p.figures()) {
      PeriodReport.row(b, registry, f.section(), f.measure(), f.breakdown(), String.valueOf(f.count()));
    }
  }

  private List<PeriodReport> all() {
    List<PeriodReport> out = new ArrayList<>(registries.values());
    out.add(total);
    return out;
  }

  private PeriodReport report(String registry) {
    return registries.computeIfAbsent(registry, k -> {
      PeriodReport p = new PeriodReport(period);
      p.scope(k);
      return p;
    });
  }

  private boolean inPeriod(String time) {
    try {
      return time != null && period.contains(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}

package io.dareg.gateway.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.core.model.ChinaTime;
import io.dareg.gateway.ledger.LedgerEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The regulator's figures for one {@link Period}: registrations, certificates, objections, trades
 * and deliveries, counted from committed events. Each event's payload is the record the
 * transaction left, and each step is placed in a period by that record's own time for the step
 * (submittedAt, updatedAt, issuedAt, raisedAt, resolvedAt, tradedAt, deliveredAt, ...), which the
 * rules set from the transaction time. Steps whose record keeps no time of their own (a delivery's
 * acceptance, a trade's dispute) count in the period of the record they answer (deliveredAt,
 * tradedAt), with the latest answer the events show.
 *
 * <p>Fed one event at a time, from the ledger now and from the gateway's event index later.
 */
public final class PeriodReport implements Consumer<LedgerEvent> {
  /** The sections, in the order reports list them. */
  public static final List<String> SECTIONS =
      List.of("registrations", "formal reviews", "evidence", "certificates", "objections", "trades", "deliveries");

  /** Registration transactions whose result is the registration in a new status. */
  private static final Set<String> STATUS_STEPS = Set.of(
      "submit", "withdraw", "startFormalReview", "formalReview", "correct", "reject", "publishNotice", "issue",
      "suspend", "resume", "revoke", "abandon", "cancel");

  private final Period period;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  /** Answers to deliveries of the period, by delivery number: the latest wins. */
  private final Map<String, Boolean> answers = new TreeMap<>();
  /** Disputes of trades of the period, by trade number: the latest status wins. */
  private final Map<String, String> disputes = new TreeMap<>();
  private long events;
  private long height;
  // issue 20: review, profiles and disclosure
  /** Formal reviews by registration: the one running, then each ended one with its due date. */
  private final Map<String, FormalReview> runningReviews = new TreeMap<>();
  private final List<FormalReview> formalReviews = new ArrayList<>();
  private Instant asOf;
  /** The registry this report counts (issue 25), or null for everything the ledger holds. */
  private String scope;

  /** One formal review: when it was due (the profile's period), when it ended, or null while it runs. */
  private record FormalReview(String regNo, String profile, Instant due, Instant ended) {}

  /**
   * The time a running formal review is judged at: one due before it and still running is overdue.
   * Without it, the end of the period.
   */
  public void asOf(Instant now) {
    this.asOf = now;
  }

  /** The time running reviews are judged at, or null (the end of the period). */
  public Instant asOf() {
    return asOf;
  }

  /** Counts the records of registry {@code code} only (the caller feeds them); the report says so. */
  public void scope(String code) {
    this.scope = code;
  }

  /** The registry this report counts, or null for everything. */
  public String scope() {
    return scope;
  }

  /** An empty report for {@code period}; the headline figures start at zero. */
  public PeriodReport(Period period) {
    this.period = period;
    for (Figure f : headline()) {
      counts.put(key(f.section(), f.measure(), ""), 0L);
    }
  }

  /** The period. */
  public Period period() {
    return period;
  }

  /** Events read, in the period or not. */
  public long events() {
    return events;
  }

  /** The ledger height the events were read to. */
  public long height() {
    return height;
  }

  /** Records the height the events were read to. */
  public void height(long h) {
    this.height = h;
  }

  @Override
  public void accept(LedgerEvent e) {
    events++;
    for (LedgerEvent step : e.steps()) {
      read(step);
    }
  }

  /** Counts one step of an event: a registration with its evidence counts as its deposits and its application. */
  private void read(LedgerEvent e) {
    JsonNode r;
    try {
      r = Json.mapper().readTree(e.payloadJson());
    } catch (IOException ex) {
      throw new UncheckedIOException("event " + e.txId() + " carries no JSON", ex);
    }
    String name = e.name();
    if (STATUS_STEPS.contains(name) && r.has("regNo") && r.has("status")) {
      registration(name, r);
      return;
    }
    switch (name) {
      case "renew" -> {
        if (in(r, "updatedAt")) {
          add("certificates", "renewed", "");
        }
      }
      case "depositEvidence" -> {
        if (in(r, "depositedAt")) {
          add("evidence", "deposited", "");
          add("evidence", "deposited", "algorithm " + r.path("algorithm").asText());
        }
      }
      case "recordCertificate" -> {
        if (in(r, "issuedAt")) {
          add("certificates", "issued", "");
          add("certificates", "issued", r.path("version").asInt() == 1 ? "first issue" : "reissue");
        }
      }
      case "raiseObjection" -> {
        if (in(r, "raisedAt")) {
          add("objections", "raised", "");
          add("objections", "raised", "kind " + r.path("kind").asText());
        }
      }
      case "answerObjection" -> {
        if (in(r, "answeredAt")) {
          add("objections", "answered", "");
        }
      }
      case "resolveObjection" -> {
        if (in(r, "resolvedAt")) {
          add("objections", "resolved", "");
          add("objections", "resolved", "outcome " + r.path("status").asText());
        }
      }
      case "recordTrade" -> {
        if (in(r, "tradedAt")) {
          add("trades", "recorded", "");
          add("trades", "recorded", "kind " + r.path("kind").asText());
          add("trades", "recorded", "exchange " + r.path("exchange").asText());
        }
      }
      case "recordSettlement" -> {
        if (in(r, "settledAt")) {
          add("trades", "settled", "");
        }
      }
      case "recordDispute" -> {
        if (in(r, "tradedAt")) {
          disputes.put(r.path("tradeNo").asText(), r.path("dispute").asText("DISPUTED"));
        }
      }
      case "recordDelivery" -> {
        if (in(r, "deliveredAt")) {
          add("deliveries", "delivered", "");
          add("deliveries", "delivered", "mode " + r.path("mode").asText());
        }
      }
      case "answerDelivery" -> {
        if (in(r, "deliveredAt") && r.path("accepted").isBoolean()) {
          answers.put(r.path("deliveryNo").asText(), r.path("accepted").asBoolean());
        }
      }
      case "completeDelivery" -> {
        if (in(r, "completedAt")) {
          add("deliveries", "completed by the seller", "");
        }
      }
      case "recordDeletion" -> {
        if (in(r, "deletedAt")) {
          add("deliveries", "data deleted after delivery", "");
        }
      }
      default -> { }
    }
  }

  private void registration(String name, JsonNode r) {
    formalReview(r);
    String at = name.equals("submit") ? "submittedAt" : "updatedAt";
    if (!in(r, at)) {
      return;
    }
    String status = r.path("status").asText();
    if (name.equals("submit")) {
      add("registrations", "submitted", "");
      add("registrations", "submitted", "profile " + r.path("profile").asText());
      add("registrations", "submitted", "right type " + r.path("rightType").asText());
    } else {
      add("registrations", "reached status", status);
    }
    if (name.equals("issue")) {
      add("registrations", "issued", "");
      add("registrations", "issued", "profile " + r.path("profile").asText());
    }
    if (name.equals("revoke")) {
      add("certificates", "revoked", "");
    }
    if (name.equals("cancel") || name.equals("abandon")) {
      add("certificates", "cancelled", "");
      add("certificates", "cancelled", name.equals("cancel") ? "by the registry" : "abandoned by the holder");
    }
  }

  /** Follows each registration in and out of FORMAL_REVIEW, whatever the period, to judge its due date. */
  private void formalReview(JsonNode r) {
    String regNo = r.path("regNo").asText();
    FormalReview running = runningReviews.get(regNo);
    Instant updated = instant(r.path("updatedAt").asText(null));
    boolean inReview = r.path("status").asText().equals("FORMAL_REVIEW");
    Instant due = instant(r.path("formalReviewDue").asText(null));
    if (running != null && (!inReview || !running.due().equals(due))) {
      formalReviews.add(new FormalReview(regNo, running.profile(), running.due(), updated));
      runningReviews.remove(regNo);
      running = null;
    }
    if (inReview && due != null && running == null) {
      runningReviews.put(regNo, new FormalReview(regNo, r.path("profile").asText(), due, null));
    }
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private boolean in(JsonNode r, String field) {
    JsonNode t = r.get(field);
    if (t == null || !t.isTextual()) {
      return false;
    }
    try {
      return period.contains(Instant.parse(t.asText()));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private void add(String section, String measure, String breakdown) {
    counts.merge(key(section, measure, breakdown), 1L, Long::sum);
  }

  private static String key(String section, String measure, String breakdown) {
    return section + "\u0000" + measure + "\u0000" + breakdown;
  }

  /**
   * One figure of the report.
   *
   * @param section one of {@link #SECTIONS}
   * @param measure what is counted, e.g. {@code submitted}
   * @param breakdown empty for the total, else the part counted, e.g. {@code profile TJ-DIP}
   * @param count how many
   */
  public record Figure(String section, String measure, String breakdown, long count) {}

  /** Every figure: by section, each measure's total first, then its breakdown in name order. */
  public List<Figure> figures() {
    Map<String, Long> all = new HashMap<>(counts);
    for (boolean accepted : answers.values()) {
      all.merge(key("deliveries", accepted ? "accepted" : "rejected", ""), 1L, Long::sum);
    }
    for (String status : disputes.values()) {
      all.merge(key("trades", "disputed", ""), 1L, Long::sum);
      all.merge(key("trades", "disputed", "latest " + status), 1L, Long::sum);
    }
    Instant judged = asOf != null ? asOf : period.end();
    List<FormalReview> reviews = new ArrayList<>(formalReviews);
    reviews.addAll(runningReviews.values());
    for (FormalReview f : reviews) {
      if (!period.contains(f.due())) {
        continue;
      }
      all.merge(key("formal reviews", "due", ""), 1L, Long::sum);
      boolean late = f.ended() == null ? judged.isAfter(f.due()) : f.ended().isAfter(f.due());
      if (late) {
        all.merge(key("formal reviews", "overdue", ""), 1L, Long::sum);
        all.merge(key("formal reviews", "overdue", "profile " + f.profile()), 1L, Long::sum);
        all.merge(key("formal reviews", "overdue", "registration " + f.regNo() + " due " + f.due()
            + (f.ended() == null ? " still running" : " decided " + f.ended())), 1L, Long::sum);
      }
    }
    Map<String, Integer> order = new HashMap<>();
    for (Figure f : headline()) {
      order.putIfAbsent(f.section() + "\u0000" + f.measure(), order.size());
    }
    List<Figure> out = new ArrayList<>();
    all.forEach((k, v) -> {
      String[] p = k.split("\u0000", -1);
      out.add(new Figure(p[0], p[1], p[2], v));
    });
    out.sort((a, b) -> {
      int c = Integer.compare(SECTIONS.indexOf(a.section()), SECTIONS.indexOf(b.section()));
      if (c != 0) {
        return c;
      }
      int oa = order.getOrDefault(a.section() + "\u0000" + a.measure(), Integer.MAX_VALUE);
      int ob = order.getOrDefault(b.section() + "\u0000" + b.measure(), Integer.MAX_VALUE);
      c = oa != ob ? Integer.compare(oa, ob) : a.measure().compareTo(b.measure());
      if (c != 0) {
        return c;
      }
      return a.breakdown().isEmpty() ? (b.breakdown().isEmpty() ? 0 : -1) : b.breakdown().isEmpty() ? 1 : a.breakdown().compareTo(b.breakdown());
    });
    return out;
  }

  /** The count of one figure, 0 when nothing was counted. */
  public long count(String section, String measure, String breakdown) {
    return figures().stream()
        .filter(f -> f.section().equals(section) && f.measure().equals(measure) && f.breakdown().equals(breakdown))
        .mapToLong(Figure::count).findFirst().orElse(0);
  }

  /** The totals a report always shows, zero or not, in order; the chart draws these. */
  public static List<Figure> headline() {
    return List.of(
        new Figure("registrations", "submitted", "", 0), new Figure("registrations", "issued", "", 0),
        new Figure("formal reviews", "due", "", 0), new Figure("formal reviews", "overdue", "", 0),
        new Figure("evidence", "deposited", "", 0),
        new Figure("certificates", "issued", "", 0), new Figure("certificates", "renewed", "", 0),
        new Figure("certificates", "revoked", "", 0), new Figure("certificates", "cancelled", "", 0),
        new Figure("objections", "raised", "", 0), new Figure("objections", "answered", "", 0),
        new Figure("objections", "resolved", "", 0),
        new Figure("trades", "recorded", "", 0), new Figure("trades", "settled", "", 0), new Figure("trades", "disputed", "", 0),
        new Figure("deliveries", "delivered", "", 0), new Figure("deliveries", "accepted", "", 0),
        new Figure("deliveries", "rejected", "", 0), new Figure("deliveries", "completed by the seller", "", 0),
        new Figure("deliveries", "data deleted after delivery", "", 0));
  }

  /**
   * The report as CSV (RFC 4180, UTF-8, CRLF): columns section, measure, breakdown, value; first
   * the rows of section {@code report} that say what was counted.
   *
   * @param generatedAt when the report is made
   */
  public String csv(Instant generatedAt) {
    StringBuilder b = new StringBuilder("section,measure,breakdown,value\r\n");
    for (String[] row : about(generatedAt)) {
      row(b, "report", row[0], "", row[1]);
    }
    for (Figure f : figures()) {
      row(b, f.section(), f.measure(), f.breakdown(), String.valueOf(f.count()));
    }
    return b.toString();
  }

  /** What the report covers, as name and value pairs, for the CSV and the PDF. */
  public List<String[]> about(Instant generatedAt) {
    List<String[]> rows = new ArrayList<>(List.of(
        new String[] {"period", period.name()},
        new String[] {"first day", period.first().toString()},
        new String[] {"last day", period.last().toString()},
        new String[] {"time zone", ChinaTime.ZONE.getId() + " (China time); each step counts by its record's own time"},
        new String[] {"ledger height", String.valueOf(height)},
        new String[] {"events read", String.valueOf(events)},
        new String[] {"generated at", generatedAt.toString()}));
    if (scope != null) {
      rows.add(1, new String[] {"registry", scope});
    }
    return rows;
  }

  /** One CSV row of {@code cells}, each quoted where it must be. */
  static void row(StringBuilder b, String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String c = cells[i];
      // Every breakdown starts with a fixed word or is a status code, so no cell starts a formula.
      b.append(c.matches("[^\",\r\n]*") ? c : "\"" + c.replace("\"", "\"\"") + "\"");
    }
    b.append("\r\n");
  }
}

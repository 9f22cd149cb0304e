package io.dareg.gateway.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.Registered;
import io.dareg.core.json.Json;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Derives the supervision feed's alerts from the acts, fed in log order from position 0 (issue 25). Revocations,
 * disputes and duplicates come from the record the act left: its own event on the embedded ledger; on Fabric, whose
 * log entries carry the transaction and its signed request but no event, the record the act's arguments name, read
 * through the ledger ({@link LedgerRecords}: a registration as this very transaction left it, from its key history,
 * or one the act created, found by the number the rules gave it). An overdue review comes from the acts before it: a formal
 * review or a change review still undecided when the ledger's clock (the time of the next act) passes its deadline is
 * alerted once, at that act, judged by the rules' own predicates ({@link Registration#formalReviewOverdue},
 * {@link ChangeApplication#reviewOverdue}). It keeps only the reviews still waiting, so its memory follows the
 * registry's backlog, not the ledger's size. Not thread-safe: one follower feeds it.
 */
public final class AlertRules {
  /** How many numbers of one transaction the rules try for a new record before refusing it (a 64-character id gives 5). */
  private static final int NUMBER_WINDOWS = 6;

  /** A review that waits for a decision: the record that says so, and its deadline. */
  private record Waiting(String key, Instant due, Object record) {}

  private final Map<String, Waiting> waiting = new HashMap<>();
  /** The waiting reviews not alerted yet, earliest deadline first. */
  private final TreeSet<Waiting> byDue =
      new TreeSet<>(Comparator.comparing(Waiting::due).thenComparing(Waiting::key));

  private final LedgerRecords records;

  /** Rules that read only the acts' own events (the embedded ledger's entries carry them). */
  public AlertRules() {
    this(null);
  }

  /** Rules that read the record an act left through {@code records} when its entry carries no event (Fabric); null: never. */
  public AlertRules(LedgerRecords records) {
    this.records = records;
  }

  /** The alerts of {@code act}, given every act before it; records what it changed for the acts after it. */
  public List<Alert> next(Act act) {
    // read first: a read that fails leaves these rules as they were, so the act can be fed again
    List<Act.Event> events = steps(act.events().isEmpty() && records != null ? recordsLeft(act) : act.events());
    List<ObjectNode> found = new ArrayList<>();
    Instant now = instant(act.time());
    if (now != null) {
      overdue(now, found);
    }
    for (Act.Event e : events) {
      fromEvent(e, found);
      duplicateOf(act, e, found);
      follow(e.payload());
    }
    List<Alert> alerts = new ArrayList<>(found.size());
    for (ObjectNode f : found) {
      String subject = f.remove("subject").asText();
      Alert.Kind kind = Alert.Kind.valueOf(f.remove("kind").asText());
      String registry = f.has("registry") ? f.remove("registry").asText() : RegistryRecord.codeOf(subject);
      alerts.add(new Alert(act.position(), alerts.size() + 1, kind, act.txId(), act.time(), registry, subject, f));
    }
    return alerts;
  }

  /**
   * What an act without events left, as the event the embedded ledger would have carried (named after the act, with the
   * record as its payload): the registration its arguments name as this transaction left it, the registration an
   * application created, the trade a dispute marked, the change application applied for or decided. None for an act
   * that wrote none of those, nor for a transaction of another chaincode than the registry's ({@link LedgerRecords#chaincode}).
   */
  private List<Act.Event> recordsLeft(Act act) {
    if (act.chaincode() != null && records.chaincode() != null && !act.chaincode().equals(records.chaincode())) {
      return List.of(); // another chaincode's transaction on the channel: it left no registry record to read
    }
    JsonNode args = act.signedRequest() != null ? act.signedRequest().path("arguments") : act.arguments();
    Instant time = instant(act.time());
    if (args == null || !args.isObject() || time == null || act.txId().isEmpty()) {
      return List.of();
    }
    String op = act.operation();
    JsonNode record = switch (op) {
      case "recordDispute" -> disputed(args);
      case "submit" -> created(act, time, registry(args), no -> records.registrationLeftBy(no, act.txId()));
      case Registered.OPERATION -> {
        // the application a registration with its evidence created; its deposits raise no alert
        JsonNode created = created(act, time, registry(args.path("application")), no -> records.registrationLeftBy(no, act.txId()));
        yield created == null ? null : Json.mapper().createObjectNode().set("registration", created);
      }
      case "applyForChange" -> applied(act, time, args);
      case "approveChange", "refuseChange" -> args.hasNonNull("changeNo") ? records.change(args.path("changeNo").asText()) : null;
      default -> args.path("regNo").isTextual() ? records.registrationLeftBy(args.path("regNo").asText(), act.txId()) : null;
    };
    return record == null || !record.isObject() ? List.of() : List.of(new Act.Event(op, record));
  }

  /** The registry an application's arguments apply to. */
  private String registry(JsonNode application) {
    return application.hasNonNull("registry") ? application.path("registry").asText() : records.firstRegistry();
  }

  /** The events as the steps they record: a registration with its evidence as its deposits and its application. */
  private static List<Act.Event> steps(List<Act.Event> events) {
    if (events.stream().noneMatch(e -> e.name().equals(Registered.OPERATION))) {
      return events;
    }
    List<Act.Event> out = new ArrayList<>();
    for (Act.Event e : events) {
      if (e.name().equals(Registered.OPERATION) && e.payload() != null) {
        Registered.steps(e.payload()).forEach(step -> out.add(new Act.Event(step.getKey(), step.getValue())));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /** The trade a {@code recordDispute} marked, as it left it: its registration and exchange never change; its dispute is the act's. */
  private JsonNode disputed(JsonNode args) {
    JsonNode trade = args.hasNonNull("tradeNo") ? records.trade(args.path("tradeNo").asText()) : null;
    if (trade == null || !trade.isObject()) {
      return null;
    }
    ObjectNode left = ((ObjectNode) trade).deepCopy();
    left.put("dispute", args.path("status").asText()).put("disputeHash", args.path("documentHash").asText(""));
    return left;
  }

  /** A change application an {@code applyForChange} created, as it left it: applied, waiting for its review. */
  private JsonNode applied(Act act, Instant time, JsonNode args) {
    // another transaction's application may hold a number this one tried first: it is of another time or registration
    JsonNode c = created(act, time, "CH", no -> {
      JsonNode found = records.change(no);
      return found != null && found.isObject() && found.path("regNo").asText().equals(args.path("regNo").asText())
          && time.equals(instant(found.path("appliedAt").asText())) ? found : null;
    });
    return c == null ? null : ((ObjectNode) c).deepCopy().put("status", io.dareg.core.model.ChangeStatus.APPLIED.name());
  }

  /** The record of {@code prefix} the act's transaction created, tried under each number the rules may have given it. */
  private static JsonNode created(Act act, Instant time, String prefix, java.util.function.Function<String, JsonNode> read) {
    if (prefix == null) {
      return null;
    }
    for (int window = 0; window < NUMBER_WINDOWS; window++) {
      JsonNode r = read.apply(io.dareg.chaincode.registry.RecordNumbers.number(prefix, act.txId(), time, window));
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** Every waiting review whose deadline the ledger's clock has passed, once each. */
  private void overdue(Instant now, List<ObjectNode> found) {
    while (!byDue.isEmpty() && now.isAfter(byDue.first().due())) {
      Waiting w = byDue.pollFirst();
      if (w.record() instanceof Registration r && r.formalReviewOverdue(now)) {
        found.add(alert(Alert.Kind.REVIEW_OVERDUE, r.regNo()).put("review", "formal").put("regNo", r.regNo())
            .put("profile", r.profile()).put("due", w.due().toString()));
      } else if (w.record() instanceof ChangeApplication c && c.reviewOverdue(now)) {
        found.add(alert(Alert.Kind.REVIEW_OVERDUE, c.regNo()).put("review", "change").put("changeNo", c.changeNo())
            .put("regNo", c.regNo()).put("changeKind", c.kind().name())
            .put("due", w.due().toString()));
      }
    }
  }

  private static void fromEvent(Act.Event e, List<ObjectNode> found) {
    JsonNode p = e.payload();
    switch (e.name()) {
      case "revoke" -> {
        if ("REVOKED".equals(p.path("status").asText())) {
          found.add(alert(Alert.Kind.CERTIFICATE_REVOKED, p.path("regNo").asText()).put("regNo", p.path("regNo").asText())
              .put("reason", p.path("reason").asText("")));
        }
      }
      case "recordDispute" -> {
        if ("DISPUTED".equals(p.path("dispute").asText())) {
          found.add(alert(Alert.Kind.TRADE_DISPUTED, p.path("regNo").asText()).put("tradeNo", p.path("tradeNo").asText())
              .put("regNo", p.path("regNo").asText()).put("exchange", p.path("exchange").asText())
              .put("disputeHash", p.path("disputeHash").asText("")));
        }
      }
      default -> { }
    }
  }

  /**
   * A registration the rules found resting on the same evidence hash as registrations of other registries (一数多登):
   * its record names them in {@code duplicateOf} when it is applied for, and again when a correction changes its
   * evidence, or when its registrar records a peer registry's signed answer naming them ({@code recordPeerDuplicate},
   * between ledgers); a correction that leaves the evidence alone carries the old names and raises nothing new.
   */
  private static void duplicateOf(Act act, Act.Event e, List<ObjectNode> found) {
    JsonNode p = e.payload();
    JsonNode others = p == null ? null : p.get("duplicateOf");
    if (others == null || !others.isArray() || others.isEmpty()) {
      return;
    }
    JsonNode args = act.signedRequest() != null ? act.signedRequest().path("arguments") : act.arguments();
    boolean evidenceChecked = e.name().equals("submit") || e.name().equals("recordPeerDuplicate")
        || (e.name().equals("correct") && args != null && args.hasNonNull("evidenceNos"));
    if (!evidenceChecked) {
      return;
    }
    String regNo = p.path("regNo").asText();
    ObjectNode a = alert(Alert.Kind.DUPLICATE_FLAGGED, regNo).put("regNo", regNo).put("registry", RegistryRecord.codeOf(regNo));
    var names = a.putArray("otherRegNos");
    java.util.Set<String> registries = new java.util.TreeSet<>();
    for (JsonNode other : others) {
      names.add(other.asText());
      registries.add(RegistryRecord.codeOf(other.asText()));
    }
    registries.forEach(a.putArray("otherRegistries")::add);
    a.set("evidenceNos", p.path("evidenceNos"));
    found.add(a);
  }

  /** Follows the review a record waits for: a registration in formal review, a change application applied for. */
  private void follow(JsonNode payload) {
    if (payload == null || !payload.isObject()) {
      return;
    }
    if (payload.has("changeNo") && payload.has("reviewDue")) {
      ChangeApplication c = read(payload, ChangeApplication.class);
      if (c != null) {
        update("change:" + c.changeNo(), c.status() == io.dareg.core.model.ChangeStatus.APPLIED ? c.reviewDue() : null, c);
      }
    } else if (payload.has("regNo") && payload.has("rightType") && payload.has("status")) {
      Registration r = read(payload, Registration.class);
      if (r != null) {
        boolean inReview = r.status() == io.dareg.core.model.RegistrationStatus.FORMAL_REVIEW;
        update("formal:" + r.regNo(), inReview ? r.formalReviewDue() : null, r);
      }
    }
  }

  /** The review {@code key} now waits until {@code due} (null: it waits no more). A new deadline is alerted anew. */
  private void update(String key, Instant due, Object record) {
    Waiting before = waiting.get(key);
    if (due == null) {
      if (before != null) {
        waiting.remove(key);
        byDue.remove(before);
      }
      return;
    }
    if (before != null && before.due().equals(due)) {
      boolean pending = byDue.remove(before);
      Waiting now = new Waiting(key, due, record);
      waiting.put(key, now);
      if (pending) {
        byDue.add(now);
      }
      return;
    }
    if (before != null) {
      byDue.remove(before);
    }
    Waiting now = new Waiting(key, due, record);
    waiting.put(key, now);
    byDue.add(now);
  }

  /** How many reviews wait for a decision now. */
  public int waitingReviews() {
    return waiting.size();
  }

  private static ObjectNode alert(Alert.Kind kind, String subject) {
    return Json.mapper().createObjectNode().put("kind", kind.name()).put("subject", subject);
  }

  private static <T> T read(JsonNode payload, Class<T> type) {
    try {
      return Json.mapper().treeToValue(payload, type);
    } catch (java.io.IOException | RuntimeException e) {
      return null; // a record this version cannot read waits for no alert, rather than stopping the feed
    }
  }

  private static Instant instant(String text) {
    try {
      return text == null || text.isEmpty() ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

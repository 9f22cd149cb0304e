package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.EXCHANGE;
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

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.CorrectRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.HistoryEntry;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.RecordCertificateRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.json.Json;
import io.dareg.core.model.CancellationBasis;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RevocationBasis;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of operations by random callers, over a few registrations and random time
 * steps: whatever is accepted or refused, no registration ever takes a step the lifecycle forbids,
 * and replaying the committed transactions on an empty ledger rebuilds every record byte for byte.
 */
class LifecyclePropertyTest {
  private static final Caller[] CALLERS = {REGISTRAR, REVIEWER, REGULATOR, EXCHANGE, HOLDER_A, HOLDER_B, HOLDER_C, STRANGER};
  private static final String[] OPERATIONS = {
    "submit", "withdraw", "startFormalReview", "formalReviewPass", "formalReviewCorrect", "formalReviewReject",
    "correct", "substantivePass", "substantiveReject", "reject", "publishNotice", "raiseObjection",
    "raiseOwnershipObjection", "answerObjection", "referObjectionToCourt", "recordCourtFiling",
    "upholdObjection", "dismissObjection", "lapseObjection", "issue", "recordCertificate", "renew",
    "suspend", "resume", "revoke", "revokeByOrder", "abandon", "cancel", "proposeTransfer", "acceptTransfer",
    "declineTransfer", "confirmJointApplication"
  };

  /** One step: which operation, by whom, on which registration, after how long. */
  record Step(int operation, int caller, boolean usualCaller, int target, long advanceHours) {}

  @Provide
  Arbitrary<Step> step() {
    return Combinators.combine(
            Arbitraries.integers().between(0, OPERATIONS.length - 1),
            Arbitraries.integers().between(0, CALLERS.length - 1),
            Arbitraries.frequency(net.jqwik.api.Tuple.of(9, true), net.jqwik.api.Tuple.of(1, false)),
            Arbitraries.integers().between(0, 3),
            Arbitraries.frequency(
                net.jqwik.api.Tuple.of(5, 0L), net.jqwik.api.Tuple.of(4, 72L), net.jqwik.api.Tuple.of(1, 24L * 200)))
        .as(Step::new);
  }

  @Property(tries = 200)
  void random_operations_never_reach_a_forbidden_state(@ForAll @Size(min = 20, max = 150) List<@net.jqwik.api.From("step") Step> steps) {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    List<String> regNos = new ArrayList<>();
    List<String> objections = new ArrayList<>();
    List<String> transfers = new ArrayList<>();
    int data = 0;
    for (Step s : steps) {
      f.advance(Duration.ofHours(s.advanceHours()));
      String regNo = regNos.isEmpty() ? "DR-20260101-000000000000" : regNos.get(s.target() % regNos.size());
      String objectionNo = objections.isEmpty() ? "OB-20260101-000000000000" : objections.get(s.target() % objections.size());
      String transferNo = transfers.isEmpty() ? "TR-20260101-000000000000" : transfers.get(s.target() % transfers.size());
      String op = s.usualCaller() && s.operation() % 5 != 0
          ? natural(f, regNos.isEmpty() || s.operation() % 7 == 0 ? null : regNo)
          : OPERATIONS[s.operation()];
      Caller who = s.usualCaller() ? usualCaller(op, s.caller()) : CALLERS[s.caller()];
      try {
        JsonNode out = run(f, who, op, regNo, objectionNo, transferNo, "data-" + data++);
        if (op.equals("submit")) {
          regNos.add(out.get("regNo").asText());
        } else if (op.startsWith("raise")) {
          objections.add(out.get("objectionNo").asText());
        } else if (op.equals("proposeTransfer")) {
          transfers.add(out.get("transferNo").asText());
        }
      } catch (RuleException refused) {
        // Refusals are fine; the invariants below must hold either way.
      }
    }
    boolean reachedIssue = false;
    for (String regNo : regNos) {
      checkInvariants(f, regNo);
      reachedIssue |= f.registration(regNo).issuedAt() != null;
    }
    Statistics.label("issued").collect(reachedIssue);
    Statistics.label("issued").coverage(c -> c.check(true).percentage(p -> p >= 5));
    checkReplay(f, regNos);
  }

  /** The operation that moves a registration along its usual path. */
  private static String natural(RegistryFixture f, String regNo) {
    if (regNo == null) {
      return "submit";
    }
    Registration r = f.registration(regNo);
    switch (r.effectiveStatus(f.now)) {
      case SUBMITTED: return r.jointApplicationConfirmed() ? "startFormalReview" : "confirmJointApplication";
      case FORMAL_REVIEW: return r.jointApplicationConfirmed() ? "formalReviewPass" : "confirmJointApplication";
      case NEEDS_CORRECTION: return "correct";
      case SUBSTANTIVE_REVIEW: return r.version() % 2 == 0 ? "substantivePass" : "publishNotice";
      case PUBLIC_NOTICE: return f.now.isBefore(r.noticeEnd()) ? "raiseObjection" : "issue";
      case OBJECTION_PENDING: return r.version() % 2 == 0 ? "dismissObjection" : "answerObjection";
      case ISSUED: return r.certificateNo() == null ? "recordCertificate" : r.version() % 3 == 0 ? "proposeTransfer" : "acceptTransfer";
      case SUSPENDED: return "resume";
      case EXPIRED: return "renew";
      default: return "submit";
    }
  }

  /** The caller an operation usually needs, so that random runs get deep into the lifecycle. */
  private static Caller usualCaller(String op, int pick) {
    switch (op) {
      case "substantivePass": case "substantiveReject": return REVIEWER;
      case "raiseObjection": case "raiseOwnershipObjection": case "recordCourtFiling": return pick % 2 == 0 ? STRANGER : HOLDER_C;
      case "revokeByOrder": return REGULATOR;
      case "submit": case "withdraw": case "correct": case "abandon": case "proposeTransfer": case "answerObjection":
        return HOLDER_A;
      case "acceptTransfer": case "declineTransfer": return HOLDER_C;
      case "confirmJointApplication": return HOLDER_B;
      default: return REGISTRAR;
    }
  }

  private static JsonNode run(
      RegistryFixture f, Caller who, String op, String regNo, String objectionNo, String transferNo, String data) {
    switch (op) {
      case "submit":
        String ev = f.call(who, "depositEvidence",
            new io.dareg.core.api.DepositEvidenceRequest(io.dareg.core.model.HashAlgorithm.SM3, hash(data), null, 10, "dareg", null))
            .get("evidenceNo").asText();
        List<String> co = who == HOLDER_A ? List.of(f.accountB) : List.of();
        return f.call(who, "submit", new SubmitRequest(null, RightType.HOLDING, asset(ClassificationLevel.GENERAL), co, List.of(ev), null, false, RegistryFixture.undertakings("applicant")));
      case "withdraw": return f.call(who, "withdraw", new DecisionRequest(regNo, null, "withdrawn"));
      case "startFormalReview": return f.call(who, "startFormalReview", new RegNoRequest(regNo));
      case "formalReviewPass": return f.call(who, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.PASS, hash("p"), null));
      case "formalReviewCorrect": return f.call(who, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.NEEDS_CORRECTION, hash("c"), "fix"));
      case "formalReviewReject": return f.call(who, "formalReview", new FormalReviewRequest(regNo, ReviewOutcome.REJECT, hash("r"), "no"));
      case "correct": return f.call(who, "correct", new CorrectRequest(regNo, null, null, hash(data)));
      case "substantivePass": return f.call(who, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.PASS, hash("s")));
      case "substantiveReject": return f.call(who, "substantiveReview", new SubstantiveReviewRequest(regNo, ReviewOutcome.REJECT, hash("s")));
      case "reject": return f.call(who, "reject", new DecisionRequest(regNo, hash("g"), "grounds"));
      case "publishNotice": return f.call(who, "publishNotice", new RegNoRequest(regNo));
      case "raiseObjection": return f.call(who, "raiseObjection", new RaiseObjectionRequest(regNo, ObjectionKind.GENERAL, hash("g"), hash("e")));
      case "raiseOwnershipObjection": return f.call(who, "raiseObjection", new RaiseObjectionRequest(regNo, ObjectionKind.OWNERSHIP, hash("g"), hash("e")));
      case "answerObjection": return f.call(who, "answerObjection", new ObjectionActionRequest(objectionNo, hash("a")));
      case "referObjectionToCourt": return f.call(who, "referObjectionToCourt", new ObjectionActionRequest(objectionNo, null));
      case "recordCourtFiling": return f.call(who, "recordCourtFiling", new ObjectionActionRequest(objectionNo, hash("f")));
      case "upholdObjection": return f.call(who, "resolveObjection", new ResolveObjectionRequest(objectionNo, ObjectionStatus.UPHELD, hash("u")));
      case "dismissObjection": return f.call(who, "resolveObjection", new ResolveObjectionRequest(objectionNo, ObjectionStatus.DISMISSED, hash("d")));
      case "lapseObjection": return f.call(who, "resolveObjection", new ResolveObjectionRequest(objectionNo, ObjectionStatus.LAPSED, hash("l")));
      case "issue": return f.call(who, "issue", new RegNoRequest(regNo));
      case "recordCertificate": return f.call(who, "recordCertificate", new RecordCertificateRequest(regNo, hash(data), "key"));
      case "renew": return f.call(who, "renew", new RegNoRequest(regNo));
      case "suspend": return f.call(who, "suspend", new DecisionRequest(regNo, null, "s"));
      case "resume": return f.call(who, "resume", new DecisionRequest(regNo, null, "r"));
      case "revoke": return f.call(who, "revoke", new RevokeRequest(regNo, RevocationBasis.FRAUD, null, hash("f"), "fraud"));
      case "revokeByOrder": return f.call(who, "revoke", new RevokeRequest(regNo, RevocationBasis.ORDER, "order-1", hash("o"), "order"));
      case "abandon": return f.call(who, "abandon", new DecisionRequest(regNo, null, "a"));
      case "cancel": return f.call(who, "cancel", new CancelRequest(regNo, CancellationBasis.HOLDER_REQUEST, hash("c"), "c"));
      case "proposeTransfer": return f.call(who, "proposeTransfer", new ProposeTransferRequest(regNo, f.accountC, hash("t")));
      case "acceptTransfer": return f.call(who, "acceptTransfer", new IdRequest(transferNo));
      case "declineTransfer": return f.call(who, "declineTransfer", new IdRequest(transferNo));
      case "confirmJointApplication": return f.call(who, "confirmJointApplication", new RegNoRequest(regNo));
      default: throw new IllegalArgumentException(op);
    }
  }

  private static void checkInvariants(RegistryFixture f, String regNo) {
    List<HistoryEntry> history =
        Arrays.asList(Json.mapper().convertValue(f.call(REGULATOR, "getHistory", new RegNoRequest(regNo)), HistoryEntry[].class));
    assertThat(history.get(0).registration().status()).isEqualTo(RegistrationStatus.SUBMITTED);
    for (int i = 1; i < history.size(); i++) {
      Registration before = history.get(i - 1).registration();
      Registration after = history.get(i).registration();
      assertThat(after.version()).isEqualTo(before.version() + 1);
      if (before.status() != after.status()) {
        assertThat(before.status().canMoveTo(after.status()))
            .as("%s: %s -> %s by %s", regNo, before.status(), after.status(), history.get(i).txId())
            .isTrue();
      }
      if (after.status() == RegistrationStatus.ISSUED && before.status() == RegistrationStatus.PUBLIC_NOTICE) {
        assertThat(after.issuedAt()).as("issued only after the notice ended").isAfterOrEqualTo(before.noticeEnd());
      }
      assertThat(after.holders()).isNotEmpty();
    }
    Registration current = f.registration(regNo);
    assertThat(history.get(history.size() - 1).registration()).isEqualTo(current);
    // At most one active certificate, and it is the one the registration names.
    List<CertificateRecord> active = new ArrayList<>();
    for (int v = 1; v < 100; v++) {
      String certNo = regNo + "-C" + (v < 10 ? "0" + v : v);
      try {
        CertificateRecord c = f.call(REGULATOR, "getCertificate", new IdRequest(certNo), CertificateRecord.class);
        if (c.status() == CertificateStatus.ACTIVE) {
          active.add(c);
        }
      } catch (RuleException notFound) {
        break;
      }
    }
    assertThat(active).hasSizeLessThanOrEqualTo(1);
    if (current.certificateNo() != null) {
      assertThat(active).extracting(CertificateRecord::certNo).containsExactly(current.certificateNo());
      assertThat(current.status()).isIn(RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    } else {
      assertThat(active).isEmpty();
    }
  }

  /** Replaying the committed transactions on a fresh ledger gives every record the same bytes. */
  private static void checkReplay(RegistryFixture f, List<String> regNos) {
    InMemoryWorldState replay = new InMemoryWorldState();
    RegistryTransactions rules = RegistryTransactions.standard();
    for (RegistryFixture.Op op : f.log) {
      replay.begin(op.txId(), op.time(), op.caller());
      rules.invoke(replay, op.name(), op.args());
      replay.commit();
    }
    BiFunction<InMemoryWorldState, String, byte[]> read = (w, regNo) -> {
      w.begin("read", f.now, REGULATOR);
      try {
        return w.get(Keys.registration(regNo));
      } finally {
        w.rollback();
      }
    };
    for (String regNo : regNos) {
      assertThat(read.apply(replay, regNo)).isEqualTo(read.apply(f.ws, regNo));
    }
    assertThat(replay.size()).isEqualTo(f.ws.size());
  }
}

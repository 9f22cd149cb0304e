package io.dareg.core.api;

import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * Deposits the data's evidence and applies for registration in one transaction, signed once: what {@code
 * depositEvidence} for each deposit and then {@code submit} do, with the same rules and the same records (issue 26).
 * The deposits are numbered as {@code depositEvidence} numbers them and added after the application's {@code
 * evidenceNos}, which may name earlier deposits of the applicant; if any rule refuses the application, nothing is
 * deposited either.
 *
 * <pre>{@code
 * Registered r = client.register(new RegisterRequest(
 *     List.of(new DepositEvidenceRequest(HashAlgorithm.SM3, hash, root, size, "dareg", null)),
 *     new SubmitRequest(null, RightType.HOLDING, asset, List.of(), List.of(), null)));
 * r.registration().evidenceNos();   // [the new evidence number]
 * }</pre>
 *
 * @param evidence the deposits to make with the application, one to {@value #MAX_DEPOSITS}
 * @param application the application; confidential material goes beside it as for {@code submit}
 */
public record RegisterRequest(List<DepositEvidenceRequest> evidence, SubmitRequest application) {
  /** The most deposits one registration carries. */
  public static final int MAX_DEPOSITS = 20;

  /** Validates every field. */
  public RegisterRequest {
    evidence = Require.list("evidence", evidence, MAX_DEPOSITS);
    if (evidence.isEmpty()) {
      throw new InvalidInputException(
          "evidence", "is empty: give the deposits to make with the application, or apply with submit alone");
    }
    Require.present("application", application);
    int total = application.evidenceNos().size() + evidence.size();
    if (total > 100) {
      throw new InvalidInputException(
          "evidence", "with application.evidenceNos names " + total + " deposits; an application rests on at most 100");
    }
  }

  /** The application as {@code submit} takes it: its evidence numbers followed by the numbers just deposited. */
  public SubmitRequest applicationWith(List<String> depositedNos) {
    List<String> all = new ArrayList<>(application.evidenceNos());
    all.addAll(depositedNos);
    return application.withEvidenceNos(all);
  }
}

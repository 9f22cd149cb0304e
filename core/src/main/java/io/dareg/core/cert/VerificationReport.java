package io.dareg.core.cert;

import java.util.List;

/**
 * The answer of a certificate verification: each check on its own, so a reader sees exactly what
 * holds and what does not.
 *
 * @param checks every check, in the order they were made
 */
public record VerificationReport(List<Check> checks) {
  /** Defensive copy. */
  public VerificationReport {
    checks = List.copyOf(checks);
  }

  /** The checks a verification makes. */
  public enum CheckName {
    /** The registry's signature over the canonical payload. */
    SIGNATURE,
    /** The signer's certificate chains to a trusted registry root. */
    CHAIN,
    /** Now is inside the certificate's validity. */
    VALIDITY,
    /** The ledger records this certificate's hash under its number. */
    LEDGER_RECORDED,
    /** The ledger says the certificate and its registration are in force. */
    LEDGER_STATUS,
    /** Given data, or its hash, matches the certificate's evidence. */
    EVIDENCE
  }

  /** How a check came out. */
  public enum Outcome {
    /** It holds. */
    PASS,
    /** It does not hold. */
    FAIL,
    /** It was not made (offline, or no data given). */
    SKIPPED
  }

  /**
   * One check.
   *
   * @param name which check
   * @param outcome pass, fail or skipped
   * @param detail what was found, in plain words
   */
  public record Check(CheckName name, Outcome outcome, String detail) {}

  /** True when no check failed and the signature and chain checks were made. */
  public boolean valid() {
    boolean anyFailed = checks.stream().anyMatch(c -> c.outcome() == Outcome.FAIL);
    boolean core = checks.stream().anyMatch(c -> c.name() == CheckName.SIGNATURE && c.outcome() == Outcome.PASS)
        && checks.stream().anyMatch(c -> c.name() == CheckName.CHAIN && c.outcome() == Outcome.PASS);
    return !anyFailed && core;
  }

  /** The check named {@code name}. */
  public Check check(CheckName name) {
    return checks.stream().filter(c -> c.name() == name).findFirst().orElseThrow();
  }
}

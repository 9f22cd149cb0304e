package io.dareg.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A pledge, licence or trust recorded against a registration.
 *
 * @param encumbranceNo the encumbrance number
 * @param regNo the registration it burdens
 * @param kind pledge, licence or trust
 * @param grantor the holder's account that grants it
 * @param counterparty the pledgee, licensee or trustee's account
 * @param scope what it covers
 * @param scenarios for a licence, the permitted scenarios; else empty
 * @param exclusive for a licence, whether it is exclusive
 * @param term the contract's term
 * @param contractHash hash of the contract
 * @param contractDate the date the contract was signed (filing is due within 10 working days)
 * @param active false once released
 * @param filedAt when it was recorded
 * @param releasedAt when it was released, or null
 */
public record Encumbrance(
    String encumbranceNo,
    String regNo,
    EncumbranceKind kind,
    String grantor,
    String counterparty,
    String scope,
    List<String> scenarios,
    boolean exclusive,
    TimeSpan term,
    String contractHash,
    LocalDate contractDate,
    boolean active,
    Instant filedAt,
    Instant releasedAt) {
  /** Validates every field. */
  public Encumbrance {
    encumbranceNo = Require.identifier("encumbranceNo", encumbranceNo);
    regNo = Require.identifier("regNo", regNo);
    Require.present("kind", kind);
    grantor = Require.identifier("grantor", grantor);
    counterparty = Require.identifier("counterparty", counterparty);
    if (grantor.equals(counterparty)) {
      throw new InvalidInputException("counterparty", "must be another account than the grantor");
    }
    scope = Require.text("scope", scope, 1000);
    scenarios = Require.texts("scenarios", scenarios, 50, 200);
    Require.present("term", term);
    contractHash = Require.hash("contractHash", contractHash);
    Require.present("contractDate", contractDate);
    Require.present("filedAt", filedAt);
  }

  /** This encumbrance, released at {@code when}. */
  public Encumbrance released(Instant when) {
    return new Encumbrance(
        encumbranceNo, regNo, kind, grantor, counterparty, scope, scenarios, exclusive, term,
        contractHash, contractDate, false, filedAt, when);
  }
}

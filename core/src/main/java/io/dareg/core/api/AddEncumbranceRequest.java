package io.dareg.core.api;

import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.Require;
import io.dareg.core.model.TimeSpan;
import java.time.LocalDate;
import java.util.List;

/**
 * The holder files a pledge, licence or trust against an issued registration.
 *
 * @param regNo the registration
 * @param kind pledge, licence or trust
 * @param counterparty the pledgee's, licensee's or trustee's account
 * @param scope what it covers
 * @param scenarios for a licence, the permitted scenarios
 * @param exclusive for a licence, whether it is exclusive
 * @param term the contract's term
 * @param contractHash hash of the contract
 * @param contractDate the date the contract was signed
 */
public record AddEncumbranceRequest(
    String regNo,
    EncumbranceKind kind,
    String counterparty,
    String scope,
    List<String> scenarios,
    boolean exclusive,
    TimeSpan term,
    String contractHash,
    LocalDate contractDate) {
  /** Validates every field. */
  public AddEncumbranceRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("kind", kind);
    counterparty = Require.identifier("counterparty", counterparty);
    scope = Require.text("scope", scope, 1000);
    scenarios = Require.texts("scenarios", scenarios, 50, 200);
    Require.present("term", term);
    contractHash = Require.hash("contractHash", contractHash);
    Require.present("contractDate", contractDate);
  }
}

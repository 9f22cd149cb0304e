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
 * @param status pending every co-holder's consent, in force or released (null in records written
 *     before co-holders' consent was recorded: read from {@code active})
 * @param holders the registration's holders when it was filed, each of whom must consent
 * @param consents the holders' consents so far, the grantor's first
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
    Instant releasedAt,
    EncumbranceStatus status,
    List<String> holders,
    List<Consent> consents) {
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
    if (status == null) {
      status = active ? EncumbranceStatus.IN_FORCE : EncumbranceStatus.RELEASED;
    }
    if (active != (status == EncumbranceStatus.IN_FORCE)) {
      throw new InvalidInputException("active", "must be true exactly when the status is IN_FORCE");
    }
    holders = Require.list("holders", holders, 20);
    consents = Require.list("consents", consents, 20);
  }

  /** This encumbrance, released (or, while pending consent, withdrawn) at {@code when}. */
  public Encumbrance released(Instant when) {
    return new Encumbrance(
        encumbranceNo, regNo, kind, grantor, counterparty, scope, scenarios, exclusive, term,
        contractHash, contractDate, false, filedAt, when, EncumbranceStatus.RELEASED, holders, consents);
  }

  /** This encumbrance with {@code account}'s consent recorded at {@code when}; in force once every holder consented. */
  public Encumbrance consented(String account, Instant when) {
    List<Consent> more = new java.util.ArrayList<>(consents);
    more.add(new Consent(account, when));
    boolean all = more.stream().map(Consent::account).toList().containsAll(holders);
    return new Encumbrance(
        encumbranceNo, regNo, kind, grantor, counterparty, scope, scenarios, exclusive, term,
        contractHash, contractDate, all, filedAt, releasedAt,
        all ? EncumbranceStatus.IN_FORCE : EncumbranceStatus.PENDING_CONSENT, holders, more);
  }

  /** True when {@code account} has consented. */
  public boolean consentedBy(String account) {
    return consents.stream().anyMatch(c -> c.account().equals(account));
  }

  /** The holders whose consent is still missing, in the order of {@code holders}. */
  public List<String> awaitingConsent() {
    return holders.stream().filter(h -> !consentedBy(h)).toList();
  }
}

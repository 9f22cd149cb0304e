package io.dareg.core.model;

import java.time.Instant;
import java.util.List;

/**
 * The registry's settings on the ledger, written when the ledger is initialised; the registry admin
 * later sets the prohibited list.
 *
 * @param registryMsp the registry organisation: registrars must belong to it and its admins keep
 *     the role table
 * @param registryName the registry's name, printed on certificates
 * @param defaultProfile the profile a submission gets when it names none
 * @param initialisedBy the admin that initialised the ledger
 * @param initialisedAt when
 * @param fees the published fee schedule (set by the registry admin), possibly empty
 * @param operatingRules the published operating rules, or null until the admin sets them
 * @param termsUpdatedAt when the fees and operating rules were last set, or null
 * @param prohibited the prohibited list (禁止交易清单, GD) the registry admin set last, or null
 * @param ledgerId the ledger's identity, which every signed request names (docs/signed-requests.md);
 *     null on a ledger initialised before signed requests, which takes no more writes
 * @param trustedRoots the CA roots that certify the authors of signed requests, with their organisations
 * @param requestSkewSeconds how far a signed request's time may be from the ledger's time
 */
public record RegistrySettings(
    String registryMsp,
    String registryName,
    String defaultProfile,
    IdentityRef initialisedBy,
    Instant initialisedAt,
    List<FeeItem> fees,
    String operatingRules,
    Instant termsUpdatedAt,
    ProhibitedList prohibited,
    String ledgerId,
    List<TrustedRoot> trustedRoots,
    Integer requestSkewSeconds) {
  /** The skew a signed request's time is allowed when the registry sets none: 5 minutes. */
  public static final int DEFAULT_REQUEST_SKEW_SECONDS = 300;

  /** Validates every field. */
  public RegistrySettings {
    registryMsp = Require.identifier("registryMsp", registryMsp);
    registryName = Require.text("registryName", registryName, 200);
    defaultProfile = Require.identifier("defaultProfile", defaultProfile);
    Require.present("initialisedBy", initialisedBy);
    Require.present("initialisedAt", initialisedAt);
    fees = Require.list("fees", fees, 100);
    operatingRules = Require.optionalText("operatingRules", operatingRules, 4000);
    trustedRoots = trustedRoots == null ? List.of() : Require.list("trustedRoots", trustedRoots, 100);
  }

  /** Settings as initialised: no fee schedule published, no prohibited list. */
  public RegistrySettings(String registryMsp, String registryName, String defaultProfile, IdentityRef initialisedBy,
      Instant initialisedAt, String ledgerId, List<TrustedRoot> trustedRoots, Integer requestSkewSeconds) {
    this(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, List.of(), null, null, null, ledgerId,
        trustedRoots, requestSkewSeconds);
  }

  /** The skew a signed request's time is allowed. */
  public java.time.Duration requestSkew() {
    return java.time.Duration.ofSeconds(requestSkewSeconds == null ? DEFAULT_REQUEST_SKEW_SECONDS : requestSkewSeconds);
  }

  /** These settings with {@code fees} and {@code rules} published at {@code at}. */
  public RegistrySettings withTerms(List<FeeItem> fees, String rules, Instant at) {
    return new RegistrySettings(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, rules, at, prohibited,
        ledgerId, trustedRoots, requestSkewSeconds);
  }

  /** These settings with {@code list} as the prohibited list. */
  public RegistrySettings withProhibited(ProhibitedList list) {
    return new RegistrySettings(
        registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, operatingRules, termsUpdatedAt, list,
        ledgerId, trustedRoots, requestSkewSeconds);
  }
}

package io.dareg.core.model;

import io.dareg.core.log.WitnessPolicy;
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
 * @param logWitnesses the verifier keys (C2SP signed-note text form, type 0x04) of the witnesses
 *     whose cosignatures make a checkpoint of the ledger's transparency log witnessed; null for none
 *     (a ledger initialised before issue 24, or one that names none)
 * @param logWitnessQuorum how many of those witnesses must cosign a checkpoint (k of n); null for none
 * @param registryCode issue 25: the code of the ledger's first registry (the prefix of its registration
 *     numbers); null for {@value RegistryRecord#DEFAULT_CODE}, which a ledger initialised before issue 25 keeps
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
    Integer requestSkewSeconds,
    List<String> logWitnesses,
    Integer logWitnessQuorum,
    String registryCode) {
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
    WitnessPolicy witnesses = WitnessPolicy.of(logWitnesses, logWitnessQuorum);
    // absent stays absent, so the settings of a ledger without witnesses keep their bytes
    logWitnesses = witnesses.witnesses().isEmpty() ? null : witnesses.keyTexts();
    logWitnessQuorum = witnesses.witnesses().isEmpty() ? null : witnesses.quorum();
    registryCode = registryCode == null || registryCode.equals(RegistryRecord.DEFAULT_CODE)
        ? null : RegistryRecord.requireCode("registryCode", registryCode);
  }

  /** The code of the ledger's first registry, the prefix of its registration numbers. */
  public String code() {
    return registryCode == null ? RegistryRecord.DEFAULT_CODE : registryCode;
  }

  /** The ledger's first registry, the one whose admin initialised the ledger. */
  public RegistryRecord firstRegistry() {
    return new RegistryRecord(code(), registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt);
  }

  /** Settings as before issue 24: no witnesses named. */
  public RegistrySettings(String registryMsp, String registryName, String defaultProfile, IdentityRef initialisedBy,
      Instant initialisedAt, List<FeeItem> fees, String operatingRules, Instant termsUpdatedAt, ProhibitedList prohibited,
      String ledgerId, List<TrustedRoot> trustedRoots, Integer requestSkewSeconds) {
    this(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, operatingRules, termsUpdatedAt, prohibited,
        ledgerId, trustedRoots, requestSkewSeconds, null, null, null);
  }

  /** Settings as initialised: no fee schedule published, no prohibited list. */
  public RegistrySettings(String registryMsp, String registryName, String defaultProfile, IdentityRef initialisedBy,
      Instant initialisedAt, String ledgerId, List<TrustedRoot> trustedRoots, Integer requestSkewSeconds) {
    this(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, List.of(), null, null, null, ledgerId,
        trustedRoots, requestSkewSeconds, null, null, null);
  }

  /** The skew a signed request's time is allowed. */
  public java.time.Duration requestSkew() {
    return java.time.Duration.ofSeconds(requestSkewSeconds == null ? DEFAULT_REQUEST_SKEW_SECONDS : requestSkewSeconds);
  }

  /** These settings with {@code fees} and {@code rules} published at {@code at}. */
  public RegistrySettings withTerms(List<FeeItem> fees, String rules, Instant at) {
    return new RegistrySettings(registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, rules, at, prohibited,
        ledgerId, trustedRoots, requestSkewSeconds, logWitnesses, logWitnessQuorum, registryCode);
  }

  /** These settings with {@code list} as the prohibited list. */
  public RegistrySettings withProhibited(ProhibitedList list) {
    return new RegistrySettings(
        registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, operatingRules, termsUpdatedAt, list,
        ledgerId, trustedRoots, requestSkewSeconds, logWitnesses, logWitnessQuorum, registryCode);
  }

  /** These settings with {@code code} as the code of the ledger's first registry. */
  public RegistrySettings withCode(String code) {
    return new RegistrySettings(
        registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, operatingRules, termsUpdatedAt, prohibited,
        ledgerId, trustedRoots, requestSkewSeconds, logWitnesses, logWitnessQuorum, code);
  }

  /** These settings with {@code policy} as the witnesses of the ledger's transparency log. */
  public RegistrySettings withLogWitnesses(WitnessPolicy policy) {
    return new RegistrySettings(
        registryMsp, registryName, defaultProfile, initialisedBy, initialisedAt, fees, operatingRules, termsUpdatedAt, prohibited,
        ledgerId, trustedRoots, requestSkewSeconds, policy.keyTexts(), policy.witnesses().isEmpty() ? null : policy.quorum(), registryCode);
  }

  /** The witnesses of the ledger's transparency log and their quorum ({@link WitnessPolicy#NONE} when none is named). */
  public WitnessPolicy logWitnessPolicy() {
    return WitnessPolicy.of(logWitnesses, logWitnessQuorum);
  }
}

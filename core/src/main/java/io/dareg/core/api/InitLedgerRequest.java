package io.dareg.core.api;

import io.dareg.core.log.WitnessPolicy;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import io.dareg.core.model.TrustedRoot;
import java.util.List;

/**
 * Initialises a new ledger: names the registry organisation, the ledger's identity and the CA roots
 * that certify the authors of signed requests. Allowed once, to an admin of that organisation, whose
 * own signed request must name this ledger and chain to one of these roots of the registry
 * organisation: the first act of a ledger establishes the trust every later act is checked against.
 *
 * @param registryMsp the registry organisation's MSP id
 * @param registryName the registry's name, printed on certificates
 * @param defaultProfile the profile code a submission gets when it names none
 * @param ledgerId the ledger's identity, which every signed request for it names: unique among
 *     ledgers (e.g. {@code dareg:tj-registry:prod-2026}), so a request for one is refused by the others;
 *     with the trusted roots, or null without them
 * @param trustedRoots the CA roots of every organisation whose members may write, at least one of
 *     the registry organisation. A ledger initialised with them takes only signed writes; one
 *     initialised without them (empty) takes writes as whoever submits them, as before issue 23
 * @param requestSkewSeconds how far a signed request's time may be from the ledger's time, 30 to
 *     3600 seconds; null for 300
 * @param logWitnesses the verifier keys (C2SP signed-note text form, type 0x04) of the witnesses whose
 *     cosignatures make a checkpoint of the ledger's transparency log witnessed; null or empty for none
 * @param logWitnessQuorum how many of them must cosign a checkpoint, 1 to their number; null for all
 *     of them (and for none when none is named)
 * @param registryCode issue 25: the code of the ledger's first registry, 2 to 6 capital letters, the
 *     prefix of its registration numbers; null for {@value io.dareg.core.model.RegistryRecord#DEFAULT_CODE}
 */
public record InitLedgerRequest(
    String registryMsp, String registryName, String defaultProfile, String ledgerId, List<TrustedRoot> trustedRoots,
    Integer requestSkewSeconds, List<String> logWitnesses, Integer logWitnessQuorum, String registryCode) {
  /** Validates every field. */
  public InitLedgerRequest {
    registryMsp = Require.identifier("registryMsp", registryMsp);
    registryName = Require.text("registryName", registryName, 200);
    defaultProfile = Require.identifier("defaultProfile", defaultProfile);
    if (ledgerId != null || (trustedRoots != null && !trustedRoots.isEmpty())) {
      ledgerId = Require.identifier("ledgerId", ledgerId);
      if (!ledgerId.matches("[A-Za-z0-9][A-Za-z0-9:._-]{0,199}")) {
        throw new InvalidInputException("ledgerId", "'" + ledgerId + "' is not a ledger identity: use 1 to 200 letters, digits"
            + " and : . _ - starting with a letter or digit");
      }
      trustedRoots = Require.nonEmptyList("trustedRoots", trustedRoots, 100);
      for (int i = 0; i < trustedRoots.size(); i++) {
        trustedRoots.get(i).requireReadable("trustedRoots[" + i + "].certificate");
      }
      String msp = registryMsp;
      if (trustedRoots.stream().noneMatch(r -> r.msp().equals(msp))) {
        throw new InvalidInputException("trustedRoots", "name at least one CA root of the registry organisation " + registryMsp);
      }
    } else {
      trustedRoots = List.of();
    }
    if (requestSkewSeconds != null && (requestSkewSeconds < 30 || requestSkewSeconds > 3600)) {
      throw new InvalidInputException("requestSkewSeconds", "must be from 30 to 3600 seconds, not " + requestSkewSeconds);
    }
    WitnessPolicy witnesses = WitnessPolicy.of(logWitnesses, logWitnessQuorum);
    logWitnesses = witnesses.witnesses().isEmpty() ? null : witnesses.keyTexts();
    logWitnessQuorum = witnesses.witnesses().isEmpty() ? null : witnesses.quorum();
    registryCode = registryCode == null ? null : io.dareg.core.model.RegistryRecord.requireCode("registryCode", registryCode);
  }

  /** A ledger whose first registry numbers its registrations {@code DR-…} (as before issue 25). */
  public InitLedgerRequest(String registryMsp, String registryName, String defaultProfile, String ledgerId,
      List<TrustedRoot> trustedRoots, Integer requestSkewSeconds, List<String> logWitnesses, Integer logWitnessQuorum) {
    this(registryMsp, registryName, defaultProfile, ledgerId, trustedRoots, requestSkewSeconds, logWitnesses, logWitnessQuorum, null);
  }

  /** A ledger whose transparency log names no witnesses. */
  public InitLedgerRequest(String registryMsp, String registryName, String defaultProfile, String ledgerId,
      List<TrustedRoot> trustedRoots, Integer requestSkewSeconds) {
    this(registryMsp, registryName, defaultProfile, ledgerId, trustedRoots, requestSkewSeconds, null, null);
  }

  /** The witnesses of the ledger's transparency log this request names ({@link WitnessPolicy#NONE} for none). */
  public WitnessPolicy logWitnessPolicy() {
    return WitnessPolicy.of(logWitnesses, logWitnessQuorum);
  }

  /**
   * A ledger without trusted roots, which takes writes as whoever submits them: the trust model before
   * issue 23, kept while the gateway's dev mode, the CLI and the console move to signed requests.
   */
  public InitLedgerRequest(String registryMsp, String registryName, String defaultProfile) {
    this(registryMsp, registryName, defaultProfile, null, List.of(), null, null, null);
  }

  /** A ledger with the default request skew (5 minutes). */
  public InitLedgerRequest(String registryMsp, String registryName, String defaultProfile, String ledgerId,
      List<TrustedRoot> trustedRoots) {
    this(registryMsp, registryName, defaultProfile, ledgerId, trustedRoots, null, null, null);
  }
}

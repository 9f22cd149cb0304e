package io.dareg.core.model;

import io.dareg.core.log.WitnessPolicy;
import java.time.Instant;
import java.util.List;

/**
 * A registry on another ledger that this ledger's registry knows (issue 25, between embedded ledgers): its
 * registrations live on its own ledger, and this ledger holds what is needed to check them offline and to take
 * its admin's signed acts here: its CA root (which certifies its identities and its issuing key), its
 * transparency log's key and witnesses, and where its gateway answers. Entered by this ledger's registry admin,
 * whose act says which root it attributes to the peer; the peer can read that act in this ledger's witnessed log
 * and object if the root is not its own.
 *
 * @param code the peer registry's code, the prefix of its registration numbers
 * @param msp the peer registry's organisation
 * @param name its name
 * @param root its CA root, base64 of the DER certificate
 * @param url its gateway's base URL (e.g. {@code https://registry.example.cn}), for people and clients
 * @param logKey the verifier key of its transparency log (C2SP signed-note text form), or null
 * @param logWitnesses the verifier keys of its log's witnesses, possibly empty
 * @param logWitnessQuorum how many of them must cosign its checkpoints, or null for none
 * @param addedBy the admin that entered it
 * @param addedAt when
 */
public record PeerRegistry(String code, String msp, String name, String root, String url, String logKey,
    List<String> logWitnesses, Integer logWitnessQuorum, IdentityRef addedBy, Instant addedAt) {
  /** Validates every field. */
  public PeerRegistry {
    code = RegistryRecord.requireCode("code", code);
    msp = Require.identifier("msp", msp);
    name = Require.text("name", name, 200);
    new TrustedRoot(msp, root).requireReadable("root");
    url = Require.text("url", url, 500);
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw new InvalidInputException("url", "must be the peer gateway's http(s) base URL, not '" + url + "'");
    }
    logKey = Require.optionalText("logKey", logKey, 500);
    WitnessPolicy witnesses = WitnessPolicy.of(logWitnesses, logWitnessQuorum);
    logWitnesses = witnesses.keyTexts();
    logWitnessQuorum = witnesses.witnesses().isEmpty() ? null : witnesses.quorum();
    Require.present("addedBy", addedBy);
    Require.present("addedAt", addedAt);
  }

  /** The peer's root as a trusted root of its organisation. */
  public TrustedRoot trustedRoot() {
    return new TrustedRoot(msp, root);
  }
}

package io.dareg.core.api;

import io.dareg.core.log.WitnessPolicy;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.Require;
import io.dareg.core.model.TrustedRoot;
import java.util.List;

/**
 * The registry admin enters a registry of another ledger (issue 25): its code, organisation, name, CA root, gateway
 * URL, and its transparency log's key and witnesses (see {@link io.dareg.core.model.PeerRegistry}).
 *
 * @param code the peer's code (its registration numbers' prefix)
 * @param msp the peer's organisation
 * @param name its name
 * @param root its CA root, base64 of the DER certificate (convert PEM with {@code openssl x509 -outform der | base64 -w0})
 * @param url its gateway's base URL
 * @param logKey its log's verifier key, or null
 * @param logWitnesses its log's witnesses' verifier keys, or null
 * @param logWitnessQuorum how many must cosign, or null
 */
public record AddPeerRegistryRequest(String code, String msp, String name, String root, String url, String logKey,
    List<String> logWitnesses, Integer logWitnessQuorum) {
  /** Validates every field. */
  public AddPeerRegistryRequest {
    code = RegistryRecord.requireCode("code", code);
    msp = Require.identifier("msp", msp);
    name = Require.text("name", name, 200);
    new TrustedRoot(msp, root).requireReadable("root");
    url = Require.text("url", url, 500);
    logKey = Require.optionalText("logKey", logKey, 500);
    WitnessPolicy witnesses = WitnessPolicy.of(logWitnesses, logWitnessQuorum);
    logWitnesses = witnesses.keyTexts();
    logWitnessQuorum = witnesses.witnesses().isEmpty() ? null : witnesses.quorum();
  }
}

package io.dareg.client;

import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.RegistryTrust;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.Objection;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistryRecord;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the ledger says of a certificate, for {@link DaregClient#verifyOnline}: its record and status from the ledger of its registry (this
 * gateway's, or a peer registry's gateway when the registry is one of this ledger's peers), and whether the venue recognises
 * its registry (issue 25). Each read is made once, when the verifier first needs it.
 */
final class OnlineLookup implements CertificateVerifier.LedgerLookup {
  private final DaregClient client;
  private final DaregClient.Builder config;
  private final String registry;
  private final String venue;
  private List<RegistryRecord> registries;
  private DaregClient home;

  OnlineLookup(DaregClient client, DaregClient.Builder config, String regNo, String venue) {
    this.client = client;
    this.config = config;
    this.registry = RegistryRecord.codeOf(regNo);
    this.venue = venue;
  }

  private List<RegistryRecord> registries() {
    if (registries == null) {
      registries = client.registries();
    }
    return registries;
  }

  /** The client of the gateway whose ledger holds the registry's registrations. */
  private DaregClient home() {
    if (home == null) {
      home = client;
      if (registries().stream().noneMatch(r -> r.code().equals(registry))) {
        for (PeerRegistry peer : client.peerRegistries()) {
          if (peer.code().equals(registry)) {
            home = at(URI.create(peer.url()));
          }
        }
      }
    }
    return home;
  }

  @Override
  public Optional<CertificateRecord> certificate(String certNo) {
    try {
      return Optional.of(home().certificateRecord(certNo));
    } catch (ProblemException.NotFound | ProblemException.Invalid e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<RegistrationStatus> registrationStatus(String regNo) {
    try {
      return Optional.of(home().registration(regNo).effectiveStatus());
    } catch (ProblemException.NotFound | ProblemException.Invalid e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> objectionsRegistered(String regNo) {
    // issue 20: objections registered after issue are marked on the certificate
    return home().registration(regNo).objections().stream().filter(Objection::afterIssue).map(Objection::objectionNo)
        .toList();
  }

  @Override
  public RegistryTrust.Answer recognition(CertificatePayload payload, Instant at) {
    if (registries().isEmpty()) {
      throw new IllegalStateException("the gateway at " + config.baseUrl + " has no registry on its ledger yet, so no venue to rely on");
    }
    String code = venue != null ? venue : registries().get(0).code();
    AssetClass assetClass;
    try {
      assetClass = home().registration(payload.regNo()).registration().asset().assetClass();
    } catch (ProblemException.NotFound | ProblemException.Invalid e) {
      assetClass = null; // only an agreement over every class covers a registration nobody can read
    }
    return new RegistryTrust(code, registries(), client.settings().trustedRoots(), client.peerRegistries(), client.recognitions())
        .recognise(payload, assetClass, at);
  }

  /** A client of the gateway at {@code url} with this client's identity and roots, for reads. */
  private DaregClient at(URI url) {
    DaregClient.Builder b = DaregClient.builder().baseUrl(url).trustedRoots(config.roots).tlsRoots(config.tlsRoots).timeout(config.timeout)
        .tokenLifetime(config.tokenLifetime);
    if (config.certificate != null) {
      b.identity(config.certificate, config.key);
    }
    if (config.clock != null) {
      b.clock(config.clock);
    }
    return b.build();
  }
}

package io.dareg.client;

import io.dareg.core.api.AddPeerRegistryRequest;
import io.dareg.core.api.OpenRegistryRequest;
import io.dareg.core.api.PeerDuplicateRequest;
import io.dareg.core.api.ProposeRecognitionRequest;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.Voucher;
import io.dareg.core.model.DuplicateFlag;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import java.net.URI;
import java.util.List;

/**
 * The registries' part of {@link HttpDaregClient}, as {@link RegistriesClient} is that part of {@link DaregClient}: opening
 * registries, recognition agreements, peers of other ledgers and the duplicate flags, each one call of an operation through
 * {@link GatewayCalls}.
 */
abstract sealed class HttpRegistriesClient extends HttpExchangeClient implements RegistriesClient permits HttpDaregClient {
  HttpRegistriesClient(GatewayCalls calls, CertificateVerifier verifier) {
    super(calls, verifier);
  }

  @Override public RegistryRecord openRegistry(OpenRegistryRequest request) {
    return calls.send("openRegistry", RegistryRecord.class, request);
  }
  @Override public List<RegistryRecord> registries() {
    return List.of(calls.call("listRegistries", RegistryRecord[].class));
  }
  @Override public Recognition proposeRecognition(ProposeRecognitionRequest request) {
    return calls.send("proposeRecognition", Recognition.class, request);
  }
  @Override public Recognition acceptRecognition(String agreementNo) {
    return calls.call("acceptRecognition", Recognition.class, agreementNo);
  }
  @Override public Recognition withdrawRecognition(String agreementNo) {
    return calls.call("withdrawRecognition", Recognition.class, agreementNo);
  }
  @Override public Recognition recognition(String agreementNo) {
    return calls.call("getRecognition", Recognition.class, agreementNo);
  }
  @Override public List<Recognition> recognitions() {
    return List.of(calls.call("listRecognitions", Recognition[].class));
  }
  @Override public PeerRegistry addPeerRegistry(AddPeerRegistryRequest request) {
    return calls.send("addPeerRegistry", PeerRegistry.class, request);
  }
  @Override public List<PeerRegistry> peerRegistries() {
    return List.of(calls.call("listPeerRegistries", PeerRegistry[].class));
  }
  @Override public Voucher registeredHashVoucher(String hash) {
    return calls.call("getRegisteredHashVoucher", Voucher.class, hash);
  }
  @Override public Registration recordPeerDuplicate(PeerDuplicateRequest request) {
    return calls.send("recordPeerDuplicate", Registration.class, request);
  }
  @Override public Registration checkPeers(String regNo) {
    Registration r = calls.call("getRegistration", io.dareg.core.api.RegistrationView.class, regNo).registration();
    for (PeerRegistry peer : peerRegistries()) {
      DaregClient there = DaregClient.builder().baseUrl(URI.create(peer.url())).build();
      for (String evidenceNo : r.evidenceNos()) {
        Voucher answer = there.registeredHashVoucher(calls.call("getEvidence", io.dareg.core.model.Evidence.class, evidenceNo).hash());
        if (answer.record().path("regNos").size() > 0) {
          r = recordPeerDuplicate(new PeerDuplicateRequest(regNo, answer));
        }
      }
    }
    return r;
  }
  @Override public List<DuplicateFlag> duplicates(String registry) {
    return List.of(calls.call("listDuplicates", DuplicateFlag[].class, registry));
  }
}

package io.dareg.client;

import io.dareg.core.api.AddPeerRegistryRequest;
import io.dareg.core.api.OpenRegistryRequest;
import io.dareg.core.api.PeerDuplicateRequest;
import io.dareg.core.api.ProposeRecognitionRequest;
import io.dareg.core.cert.Voucher;
import io.dareg.core.model.DuplicateFlag;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.Registration;
import java.util.List;

/**
 * Several registries on one ledger (issue 25), the part of {@link DaregClient} that opens registries, keeps the
 * recognition agreements between them (互认) and reads the duplicate flags (一数多登). Each write is signed by the
 * client's own key, like every write of {@link DaregClient}.
 */
public interface RegistriesClient {

  /** An admin of an organisation the ledger trusts opens that organisation's registry. */
  RegistryRecord openRegistry(OpenRegistryRequest request);

  /** The registries on the ledger, the first one first. */
  List<RegistryRecord> registries();

  /** A registry's admin proposes a recognition agreement to another registry. */
  Recognition proposeRecognition(ProposeRecognitionRequest request);

  /** The counterparty registry's admin accepts agreement {@code agreementNo}, putting it in force. */
  Recognition acceptRecognition(String agreementNo);

  /** An admin of either party withdraws agreement {@code agreementNo}. */
  Recognition withdrawRecognition(String agreementNo);

  /** Reads agreement {@code agreementNo}. */
  Recognition recognition(String agreementNo);

  /** Every recognition agreement on the ledger. */
  List<Recognition> recognitions();

  /** The registry admin enters a registry of another ledger (its root, gateway URL, log key and witnesses). */
  PeerRegistry addPeerRegistry(AddPeerRegistryRequest request);

  /** The registries of other ledgers this ledger's registry admin entered. */
  List<PeerRegistry> peerRegistries();

  /** What this ledger's registry answers another's duplicate check on {@code hash}: a signed {@code registered-hash} voucher (public). */
  Voucher registeredHashVoucher(String hash);

  /** A registrar flags {@code regNo} with a peer's signed answer naming the peer's registrations on one of its evidence hashes. */
  Registration recordPeerDuplicate(PeerDuplicateRequest request);

  /**
   * A registrar's duplicate check of {@code regNo} against every peer registry (一数多登 between ledgers): asks each peer's
   * public route about each of the registration's evidence hashes and flags the registration with each signed answer that
   * names a live registration there.
   *
   * @return the registration as it stands after the flags (unchanged when no peer holds its data)
   */
  Registration checkPeers(String regNo);

  /** The duplicate flags registry {@code registry} sees: its applications on data another registry registered, and theirs on its own. */
  List<DuplicateFlag> duplicates(String registry);
}

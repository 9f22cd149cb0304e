package io.dareg.chaincode.registry;

import io.dareg.core.api.HashRequest;
import io.dareg.core.api.PeerDuplicateRequest;
import io.dareg.core.api.RegisteredHash;
import io.dareg.core.model.DuplicateFlag;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Issue 25, between ledgers: the duplicate check (一数多登) across registries that keep separate ledgers. A ledger answers
 * which of its live registrations rest on a hash ({@code findRegisteredHash}, which its gateway signs as a
 * {@code registered-hash} voucher on a public route); a registrar of another ledger hands that signed answer in to flag its
 * own registration ({@code recordPeerDuplicate}), so the flag rests on the peer's word, signed, not on either operator's.
 */
final class PeerDuplicates {
  /** How old a peer's answer may be when it is handed in. */
  static final Duration FRESH = Duration.ofDays(1);

  void declare(RegistryTransactions.Declarations d) {
    d.evaluate("findRegisteredHash", HashRequest.class, PeerDuplicates::registered);
    d.submit("recordPeerDuplicate", PeerDuplicateRequest.class, PeerDuplicates::record);
  }

  /** The live registrations of this ledger resting on {@code req}'s hash, under any algorithm and in any registry. */
  static RegisteredHash registered(Tx tx, HashRequest req) {
    Set<String> regNos = new LinkedHashSet<>();
    List<String> codes = new ArrayList<>();
    codes.add(tx.access.settings().code());
    tx.store.all(Keys.registries(), RegistryRecord.class).forEach(r -> codes.add(r.code()));
    for (HashAlgorithm alg : HashAlgorithm.values()) {
      live(tx, tx.store.text(Keys.registeredHash(alg, req.hash())), regNos);
      for (String code : codes) {
        live(tx, tx.store.text(Keys.registeredHashIn(code, alg, req.hash())), regNos);
      }
    }
    return new RegisteredHash(tx.access.settings().code(), req.hash(), List.copyOf(regNos));
  }

  private static void live(Tx tx, String regNo, Set<String> out) {
    if (regNo != null && !tx.registration(regNo).effectiveStatus(tx.time()).terminal()) {
      out.add(regNo);
    }
  }

  /** A registrar flags its registration with a peer's signed answer naming the peer's registrations on the same hash. */
  static Registration record(Tx tx, PeerDuplicateRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    RegisteredHash answer = PeerVouchers.record(req.voucher(), RegisteredHash.class, "a registered-hash answer");
    PeerRegistry peer = tx.access.peer(answer.registry());
    if (peer == null) {
      throw RuleException.invalid("voucher", "is signed for registry " + answer.registry() + ", which is no peer of this ledger"
          + " (the registry admin enters peers with addPeerRegistry)");
    }
    PeerVouchers.requireSignedBy(peer, req.voucher(), "registered-hash");
    if (req.voucher().signedAt().isBefore(tx.time().minus(FRESH)) || req.voucher().signedAt().isAfter(tx.time().plus(FRESH))) {
      throw RuleException.invalid("voucher", "was signed at " + req.voucher().signedAt() + "; ask " + peer.code() + " again (at most "
          + FRESH.toHours() + " h old)");
    }
    Evidence matched = null;
    for (String no : r.evidenceNos()) {
      Evidence e = tx.store.require(Keys.evidence(no), Evidence.class, "evidence " + no);
      if (e.hash().equals(answer.hash())) {
        matched = e;
      }
    }
    if (matched == null) {
      throw RuleException.invalid("voucher", "answers for hash " + answer.hash() + ", on which " + r.regNo() + " does not rest");
    }
    if (answer.regNos().isEmpty()) {
      throw RuleException.conflict(peer.code() + " has no live registration on hash " + answer.hash() + ": nothing to flag");
    }
    List<String> duplicates = new ArrayList<>(r.duplicates());
    String own = RegistryRecord.codeOf(r.regNo());
    for (String other : answer.regNos()) {
      tx.store.put(Keys.duplicate(own, r.regNo(), other),
          new DuplicateFlag(r.regNo(), own, other, peer.code(), matched.algorithm(), answer.hash(), tx.time()));
      if (!duplicates.contains(other)) {
        duplicates.add(other);
      }
    }
    return tx.saved(r, r.toBuilder().duplicateOf(duplicates));
  }
}

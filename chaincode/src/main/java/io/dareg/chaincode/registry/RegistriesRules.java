package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.AddPeerRegistryRequest;
import io.dareg.core.api.Empty;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.OpenRegistryRequest;
import io.dareg.core.api.ProposeRecognitionRequest;
import io.dareg.core.model.DuplicateFlag;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.RecognitionStatus;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RegistrySettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Several registries on one ledger (issue 25): opening a registry, mutual recognition agreements
 * between two registries, and the duplicate flags each registry sees. Each act is its author's: a
 * registry is opened by its own organisation's admin, an agreement proposed by one registry's admin
 * and accepted by the other's, and either may withdraw it.
 */
final class RegistriesRules {
  private final ProfileCatalog profiles;

  RegistriesRules(ProfileCatalog profiles) {
    this.profiles = profiles;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("openRegistry", OpenRegistryRequest.class, this::openRegistry);
    d.evaluate("listRegistries", Empty.class, (tx, r) -> registries(tx));
    d.submit("proposeRecognition", ProposeRecognitionRequest.class, this::propose);
    d.submit("acceptRecognition", IdRequest.class, this::accept);
    d.submit("withdrawRecognition", IdRequest.class, this::withdraw);
    d.evaluate("getRecognition", IdRequest.class, (tx, r) -> recognition(tx, r.id()));
    d.evaluate("listRecognitions", Empty.class, (tx, r) -> tx.store.all(Keys.RECOGNITIONS, Recognition.class));
    d.evaluate("listDuplicates", IdRequest.class, (tx, r) -> duplicates(tx, r.id()));
    d.submit("addPeerRegistry", AddPeerRegistryRequest.class, this::addPeer);
    d.evaluate("listPeerRegistries", Empty.class, (tx, r) -> tx.store.all(Keys.peers(), PeerRegistry.class));
  }

  /**
   * The registry admin enters a registry of another ledger: its root, log key and witnesses, so that its vouchers and
   * certificates are checked here offline and its admin can sign its part of a recognition agreement here. The act is in
   * this ledger's witnessed log, where the peer can see which root it was given.
   */
  PeerRegistry addPeer(Tx tx, AddPeerRegistryRequest req) {
    tx.access.registryAdmin();
    if (tx.access.registry(req.code()) != null) {
      throw RuleException.conflict("registry code " + req.code() + " is a registry on this ledger; a peer has a code of its own");
    }
    if (tx.access.registryOfMsp(req.msp()) != null || tx.access.settings().trustedRoots().stream().anyMatch(r -> r.msp().equals(req.msp()))) {
      throw RuleException.conflict(req.msp() + " is an organisation of this ledger; a peer registry is of another");
    }
    String other = tx.store.text(Keys.peerOf(req.msp()));
    if (other != null && !other.equals(req.code())) {
      throw RuleException.conflict(req.msp() + " already runs peer registry " + other);
    }
    PeerRegistry peer = new PeerRegistry(req.code(), req.msp(), req.name(), req.root(), req.url(), req.logKey(), req.logWitnesses(),
        req.logWitnessQuorum(), tx.caller().identity(), tx.time());
    tx.store.put(Keys.peer(req.code()), peer);
    tx.store.putText(Keys.peerOf(req.msp()), req.code());
    return peer;
  }

  /**
   * An admin of an organisation the ledger trusts opens that organisation's registry. Opening one gives
   * power only over the registrations it numbers itself: another registry honours them only under a
   * recognition agreement it signed.
   */
  RegistryRecord openRegistry(Tx tx, OpenRegistryRequest req) {
    RegistrySettings settings = tx.access.settings();
    Caller caller = tx.caller();
    if (!caller.orgAdmin()) {
      throw RuleException.forbidden("a registry is opened by an admin of its organisation; " + caller.identity() + " is not one");
    }
    if (!settings.trustedRoots().isEmpty() && settings.trustedRoots().stream().noneMatch(r -> r.msp().equals(caller.msp()))) {
      throw RuleException.forbidden("the ledger names no CA root of " + caller.msp() + " (its initialisation named the"
          + " organisations it trusts); only their admins may open a registry");
    }
    RegistryRecord existing = tx.access.registryOfMsp(caller.msp());
    if (existing != null) {
      throw RuleException.conflict(caller.msp() + " already runs registry " + existing.code() + " (" + existing.name() + ")");
    }
    RegistryRecord taken = tx.access.registry(req.code());
    if (taken != null) {
      throw RuleException.conflict("registry code " + req.code() + " is taken by " + taken.msp() + " (" + taken.name()
          + "); choose another code");
    }
    profiles.get(req.defaultProfile());
    RegistryRecord opened =
        new RegistryRecord(req.code(), caller.msp(), req.name(), req.defaultProfile(), caller.identity(), tx.time());
    tx.store.put(Keys.registry(req.code()), opened);
    tx.store.putText(Keys.registryOf(caller.msp()), req.code());
    return opened;
  }

  /** Every registry on the ledger, the first one first. */
  private static List<RegistryRecord> registries(Tx tx) {
    List<RegistryRecord> out = new ArrayList<>();
    out.add(tx.access.settings().firstRegistry());
    out.addAll(tx.store.all(Keys.registries(), RegistryRecord.class));
    return out;
  }

  Recognition propose(Tx tx, ProposeRecognitionRequest req) {
    String own = tx.access.agreementPartyAsAdmin();
    if (own.equals(req.counterparty())) {
      throw RuleException.invalid("counterparty", "a registry recognises another registry, not itself (" + own + ")");
    }
    if (tx.access.peer(req.counterparty()) == null) {
      tx.access.requireRegistry(req.counterparty());
    }
    for (String profile : req.profiles()) {
      profiles.get(profile);
    }
    if (req.validUntil() != null && !req.validUntil().isAfter(req.validFrom() != null ? req.validFrom() : tx.time())) {
      throw RuleException.invalid("validUntil", "must be after the agreement's start (" + (req.validFrom() != null ? req.validFrom()
          : tx.time()) + "), not " + req.validUntil());
    }
    String no = tx.store.newNumber("RA", Keys::recognition);
    Recognition proposed = new Recognition(no, own, req.counterparty(), req.profiles(), req.assetClasses(), req.rightTypes(),
        req.validFrom() != null ? req.validFrom() : tx.time(), req.validUntil(), RecognitionStatus.PROPOSED, tx.caller().identity(),
        tx.time(), null, null, null, null);
    tx.store.put(Keys.recognition(no), proposed);
    return proposed;
  }

  Recognition accept(Tx tx, IdRequest req) {
    String own = tx.access.agreementPartyAsAdmin();
    Recognition r = recognition(tx, req.id());
    if (!r.counterparty().equals(own)) {
      throw RuleException.forbidden("agreement " + r.agreementNo() + " is accepted by registry " + r.counterparty()
          + (r.proposer().equals(own) ? ", not by its proposer " + own : "; " + own + " is not a party"));
    }
    if (r.status() != RecognitionStatus.PROPOSED) {
      throw RuleException.conflict("agreement " + r.agreementNo() + " is " + r.status() + ", not PROPOSED");
    }
    Recognition accepted = r.accepted(tx.caller().identity(), tx.time());
    tx.store.put(Keys.recognition(r.agreementNo()), accepted);
    return accepted;
  }

  Recognition withdraw(Tx tx, IdRequest req) {
    String own = tx.access.agreementPartyAsAdmin();
    Recognition r = recognition(tx, req.id());
    if (!r.party(own)) {
      throw RuleException.forbidden("agreement " + r.agreementNo() + " is between " + r.proposer() + " and " + r.counterparty()
          + "; " + own + " is not a party");
    }
    if (r.status() == RecognitionStatus.WITHDRAWN) {
      throw RuleException.conflict("agreement " + r.agreementNo() + " was withdrawn at " + r.withdrawnAt() + " by " + r.withdrawnBy());
    }
    Recognition withdrawn = r.withdrawn(tx.caller().identity(), tx.time());
    tx.store.put(Keys.recognition(r.agreementNo()), withdrawn);
    return withdrawn;
  }

  private static Recognition recognition(Tx tx, String no) {
    return tx.store.require(Keys.recognition(no), Recognition.class, "recognition agreement " + no);
  }

  /** The duplicate flags a registry sees: its applications resting on another's data, and others' on its own. */
  private static List<DuplicateFlag> duplicates(Tx tx, String code) {
    tx.access.requireRegistry(code);
    return tx.store.all(Keys.duplicates(code), DuplicateFlag.class);
  }
}

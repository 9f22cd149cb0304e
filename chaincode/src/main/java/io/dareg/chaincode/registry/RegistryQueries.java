package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.CallerInfo;
import io.dareg.core.api.CertificateStanding;
import io.dareg.core.api.Empty;
import io.dareg.core.api.HistoryEntry;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ListRequest;
import io.dareg.core.api.PublicTerms;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.RegistrationPage;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.json.Json;
import io.dareg.core.model.Account;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Objection;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Review;
import io.dareg.core.model.Transfer;
import io.dareg.core.model.TransferStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The read-only transactions: a registration with its context, its history, and paged lists. */
final class RegistryQueries {
  private final ProfileCatalog profiles;

  RegistryQueries(ProfileCatalog profiles) {
    this.profiles = profiles;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.evaluate("getRegistration", RegNoRequest.class, this::registration);
    d.evaluate("getHistory", RegNoRequest.class, this::history);
    d.evaluate("listByHolder", ListRequest.class, this::byHolder);
    d.evaluate("listByStatus", ListRequest.class, this::byStatus);
    d.evaluate("listReviews", RegNoRequest.class, this::reviews);
    d.evaluate("getAccount", IdRequest.class, (tx, r) -> get(tx, Keys.account(r.id()), Account.class, "account " + r.id()));
    d.evaluate("getEvidence", IdRequest.class, (tx, r) -> get(tx, Keys.evidence(r.id()), Evidence.class, "evidence " + r.id()));
    d.evaluate(
        "getCertificate",
        IdRequest.class,
        (tx, r) -> get(tx, Keys.CERTIFICATE.record(r.id()), CertificateRecord.class, "certificate " + r.id()));
    d.evaluate("getCertificateStanding", IdRequest.class, this::certificateStanding);
    d.evaluate(
        "getObjection", IdRequest.class, (tx, r) -> get(tx, Keys.OBJECTION.record(r.id()), Objection.class, "objection " + r.id()));
    d.evaluate(
        "getTransfer", IdRequest.class, (tx, r) -> get(tx, Keys.TRANSFER.record(r.id()), Transfer.class, "transfer " + r.id()));
    d.evaluate(
        "getEncumbrance",
        IdRequest.class,
        (tx, r) -> get(tx, Keys.ENCUMBRANCE.record(r.id()), Encumbrance.class, "encumbrance " + r.id()));
    d.evaluate("listProfiles", Empty.class, (tx, r) -> profiles());
    d.evaluate("getSettings", Empty.class, (tx, r) -> tx.access.settings());
    d.evaluate("whoAmI", Empty.class, (tx, r) -> whoAmI(tx));
    // issue 20: review, profiles and disclosure
    d.evaluate("getPublicTerms", Empty.class, (tx, r) -> publicTerms(tx));
  }

  private PublicTerms publicTerms(Tx tx) {
    RegistrySettings s = tx.access.settings();
    List<PublicTerms.Retention> retention = new ArrayList<>();
    for (Profile p : profiles.all()) {
      retention.add(new PublicTerms.Retention(p.code(), p.retention(), p.retentionBasis()));
    }
    return new PublicTerms(s.registryName(), s.fees(), s.operatingRules(), s.termsUpdatedAt(), retention);
  }

  RegistrationView registration(Tx tx, RegNoRequest req) {
    Registration r = tx.registration(req.regNo());
    CertificateRecord cert =
        r.certificateNo() == null
            ? null
            : tx.store.find(Keys.CERTIFICATE.record(r.certificateNo()), CertificateRecord.class);
    List<Encumbrance> encumbrances = new ArrayList<>();
    List<Encumbrance> awaitingConsent = new ArrayList<>();
    for (Encumbrance e : tx.encumbrances(r.regNo())) {
      if (e.active()) {
        encumbrances.add(e);
      } else if (e.status() == io.dareg.core.model.EncumbranceStatus.PENDING_CONSENT) {
        awaitingConsent.add(e);
      }
    }
    List<Objection> objections = new ArrayList<>();
    for (String no : tx.pendingObjections(r.regNo())) {
      objections.add(tx.store.require(Keys.OBJECTION.record(no), Objection.class, "objection " + no));
    }
    Transfer pending = null;
    for (String no : tx.store.indexed(Keys.TRANSFER.all(r.regNo()))) {
      Transfer t = tx.store.require(Keys.TRANSFER.record(no), Transfer.class, "transfer " + no);
      if (t.status() == TransferStatus.PROPOSED) {
        pending = t;
      }
    }
    return new RegistrationView(
        r, r.effectiveStatus(tx.time()), cert, encumbrances, objections, pending, awaitingConsent,
        r.validityEnded(tx.time()), tx.pendingChange(r.regNo()));
  }

  // Verification asks this for every certificate it checks, so it reads two records and no more
  // (getRegistration would also scan encumbrances, objections and transfers).
  CertificateStanding certificateStanding(Tx tx, IdRequest req) {
    CertificateRecord cert = tx.store.require(Keys.CERTIFICATE.record(req.id()), CertificateRecord.class, "certificate " + req.id());
    Registration r = tx.store.find(Keys.registration(cert.regNo()), Registration.class);
    if (r == null) {
      return new CertificateStanding(cert, null);
    }
    return new CertificateStanding(
        cert, r.effectiveStatus(tx.time()), tx.objectionsAfterIssue(r.regNo()), r.validityEnded(tx.time()));
  }

  List<HistoryEntry> history(Tx tx, RegNoRequest req) {
    tx.registration(req.regNo());
    List<HistoryEntry> out = new ArrayList<>();
    for (WorldState.Modification m : tx.ws.history(Keys.registration(req.regNo()))) {
      if (!m.deleted()) {
        out.add(new HistoryEntry(m.txId(), m.time(), Json.read(m.value(), Registration.class), SignedActs.signerOf(tx.ws, m.txId())));
      }
    }
    return out;
  }

  RegistrationPage byHolder(Tx tx, ListRequest req) {
    return page(tx, Keys.byHolder(req.key()), req);
  }

  RegistrationPage byStatus(Tx tx, ListRequest req) {
    RegistrationStatus status;
    try {
      status = RegistrationStatus.valueOf(req.key());
    } catch (IllegalArgumentException e) {
      throw RuleException.invalid("key", "'" + req.key() + "' is not a registration status");
    }
    return page(tx, Keys.byStatus(status), req);
  }

  List<Review> reviews(Tx tx, RegNoRequest req) {
    tx.registration(req.regNo());
    return tx.store.all(Keys.reviews(req.regNo()), Review.class);
  }

  private RegistrationPage page(Tx tx, Key prefix, ListRequest req) {
    WorldState.Page page = tx.ws.page(prefix, req.pageSize(), decodeBookmark(req.bookmark()));
    List<Registration> items = new ArrayList<>();
    for (WorldState.Entry e : page.entries()) {
      items.add(tx.registration(e.key().last()));
    }
    return new RegistrationPage(items, encodeBookmark(page.bookmark()));
  }

  /** Bookmarks are opaque to callers: base64url of the world state's own bookmark. */
  private static String encodeBookmark(String raw) {
    return raw == null || raw.isEmpty()
        ? ""
        : Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeBookmark(String token) {
    if (token == null || token.isEmpty()) {
      return "";
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw RuleException.invalid("bookmark", "is not a bookmark this ledger returned");
    }
  }

  private List<Profile> profiles() {
    return profiles.all();
  }

  private CallerInfo whoAmI(Tx tx) {
    return tx.access.info();
  }

  private <T> T get(Tx tx, Key key, Class<T> type, String what) {
    return tx.store.require(key, type, what);
  }

}

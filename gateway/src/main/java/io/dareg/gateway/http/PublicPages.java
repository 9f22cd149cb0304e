package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.CertificateStanding;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.json.Json;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import java.util.List;
import java.util.Map;

/**
 * The public pages' operations, open to anyone (within the public rate limit) and read by the
 * gateway's own identity: registrations in notice, announcements, the fee schedule, and whether a
 * registration or certificate is in force. Public fields only.
 */
final class PublicPages {
  private final Reads reads;
  private final Replies replies;

  PublicPages(Reads reads, Replies replies) {
    this.reads = reads;
    this.replies = replies;
  }

  /** Binds the public operations. */
  void bind(Bindings b) {
    b.bind("publicNotices", this::notices).bind("publicAnnouncements", this::announcements).bind("publicFees", this::fees)
        .bind("publicValidity", this::validity).bind("getLedgerIdentity", this::ledgerIdentity);
  }

  /** getLedgerIdentity: the identity every signed request for this ledger names (issue 23). */
  void ledgerIdentity(Call call) {
    replies.blocking(call.ctx(), 200, () -> {
      io.dareg.core.model.RegistrySettings settings;
      try {
        settings = reads.query(ApiServer.SERVICE_CALLER, "getSettings", java.util.Map.of(), io.dareg.core.model.RegistrySettings.class);
      } catch (RuntimeException e) {
        throw Problem.notFound("the ledger is not initialised: its identity is the ledgerId its initLedger request names");
      }
      if (settings.ledgerId() == null) {
        throw Problem.notFound("this ledger was initialised without trusted roots: it has no identity for a signed request to name, and takes writes with tokens");
      }
      return Json.mapper().createObjectNode().put("ledgerId", settings.ledgerId());
    });
  }

  /** publicNotices: registrations in public notice. */
  void notices(Call call) {
    replies.blocking(call.ctx(), 200, this::inNotice);
  }

  /** publicAnnouncements: issued registrations, and those cancelled on expiry. */
  void announcements(Call call) {
    replies.blocking(call.ctx(), 200, this::announced);
  }

  /** publicFees: the fee schedule, operating rules and retention periods (issue 20). */
  void fees(Call call) {
    replies.blocking(call.ctx(), 200, () -> reads.query(ApiServer.SERVICE_CALLER, "getPublicTerms", "{}"));
  }

  /** publicValidity: whether a registration or certificate is in force (issue 20). */
  void validity(Call call) {
    String number = call.param("number");
    replies.blocking(call.ctx(), 200, () -> standing(number));
  }

  private JsonNode inNotice() {
    ArrayNode out = Json.mapper().createArrayNode();
    for (String status : List.of("PUBLIC_NOTICE", "OBJECTION_PENDING")) {
      for (JsonNode item : reads.allPages(ApiServer.SERVICE_CALLER, status)) {
        Registration r = Json.mapper().convertValue(item, Registration.class);
        ObjectNode n = out.addObject();
        n.put("regNo", r.regNo());
        n.set("applicants", reads.holderNames(r));
        n.put("assetName", r.asset().name());
        n.set("scenarios", Json.mapper().valueToTree(r.asset().scenarios()));
        n.set("sources", Json.mapper().valueToTree(r.asset().sources()));
        n.put("acquisition", r.asset().acquisition().label());
        n.put("algorithmSummary", r.asset().algorithmSummary());
        n.put("status", r.status().name());
        n.put("noticeStart", String.valueOf(r.noticeStart()));
        n.put("objectionDeadline", String.valueOf(r.noticeEnd()));
      }
    }
    return out;
  }

  private JsonNode announced() {
    ArrayNode out = Json.mapper().createArrayNode();
    for (JsonNode item : reads.allPages(ApiServer.SERVICE_CALLER, "ISSUED")) {
      Registration r = Json.mapper().convertValue(item, Registration.class);
      ObjectNode n = out.addObject();
      n.put("regNo", r.regNo());
      n.set("holders", reads.holderNames(r));
      n.put("assetName", r.asset().name());
      n.put("rightType", r.rightType().label());
      n.put("industry", r.asset().industry());
      n.set("structure", Json.mapper().valueToTree(r.asset().structure()));
      n.set("scale", Json.mapper().valueToTree(r.asset().scale()));
      // issue 20: scenario, source and algorithm summary, and the evidence status in words with its notary
      n.set("scenarios", Json.mapper().valueToTree(r.asset().scenarios()));
      n.set("sources", Json.mapper().valueToTree(r.asset().sources()));
      n.put("algorithmSummary", r.asset().algorithmSummary());
      ArrayNode evidence = evidenceStatus(r);
      n.put("evidence", evidence.isEmpty() ? "no evidence deposited" : evidence.size() + " evidence deposit(s) on the ledger");
      n.set("evidenceStatus", evidence);
      n.put("issuedAt", String.valueOf(r.issuedAt()));
      if (r.validUntil() != null) {
        n.put("validUntil", r.validUntil().toString());
      }
    }
    // issue 20: a registration cancelled because it expired without renewal is announced (TJ-DIP)
    for (JsonNode item : reads.allPages(ApiServer.SERVICE_CALLER, "CANCELLED")) {
      Registration r = Json.mapper().convertValue(item, Registration.class);
      if (r.reason() == null || !r.reason().startsWith("EXPIRY:")) {
        continue;
      }
      ObjectNode n = out.addObject();
      n.put("regNo", r.regNo());
      n.set("holders", reads.holderNames(r));
      n.put("assetName", r.asset().name());
      n.put("rightType", r.rightType().label());
      n.put("announcement", "注销：到期未续展 / cancelled: expired without renewal");
      n.put("cancelledAt", String.valueOf(r.updatedAt()));
      n.put("validUntil", String.valueOf(r.validUntil()));
    }
    return out;
  }

  /** Public validity check (DL): by registration number, the certificate in force; by certificate number, that one. */
  private JsonNode standing(String number) {
    CertificateRecord cert = null;
    RegistrationView view;
    try {
      cert = reads.query(ApiServer.SERVICE_CALLER, "getCertificateStanding", Map.of("id", number), CertificateStanding.class).certificate();
      view = reads.query(ApiServer.SERVICE_CALLER, "getRegistration", Map.of("regNo", cert.regNo()), RegistrationView.class);
    } catch (Problem notACertificate) {
      if (notACertificate.status() != 404 && notACertificate.status() != 400) {
        throw notACertificate;
      }
      try {
        view = reads.query(ApiServer.SERVICE_CALLER, "getRegistration", Map.of("regNo", number), RegistrationView.class);
      } catch (Problem neither) {
        if (neither.status() == 404 || neither.status() == 400) {
          throw Problem.notFound("no registration and no certificate is numbered " + number);
        }
        throw neither;
      }
      cert = view.certificate();
    }
    Registration r = view.registration();
    // A validity that ended before the next sweep recorded the expiry is not in force either.
    boolean inForce = view.effectiveStatus() == RegistrationStatus.ISSUED && !view.validityEnded() && cert != null
        && cert.status() == CertificateStatus.ACTIVE && cert.certNo().equals(r.certificateNo());
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("number", number);
    out.put("regNo", r.regNo());
    out.put("inForce", inForce);
    out.put("registrationStatus", view.effectiveStatus().name());
    out.put("validityEnded", view.validityEnded());
    out.put("assetName", r.asset().name());
    out.set("holders", reads.holderNames(r));
    out.put("profile", r.profile());
    if (cert != null) {
      ObjectNode c = out.putObject("certificate");
      c.put("certNo", cert.certNo()).put("status", cert.status().name()).put("validFrom", String.valueOf(cert.validFrom()));
      if (cert.validUntil() != null) {
        c.put("validUntil", cert.validUntil().toString());
      }
      if (cert.supersededBy() != null) {
        c.put("supersededBy", cert.supersededBy());
      }
    }
    if (r.certificateNo() != null && (cert == null || !cert.certNo().equals(r.certificateNo()))) {
      out.put("certificateInForce", r.certificateNo());
    }
    if (r.retainUntil() != null) {
      out.put("retainedUntil", r.retainUntil().toString());
    }
    return out;
  }

  /** Evidence status in words for the announcement: each deposit, its hash algorithm and channel, and its notary. */
  private ArrayNode evidenceStatus(Registration r) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (String no : r.evidenceNos()) {
      Evidence e = reads.query(ApiServer.SERVICE_CALLER, "getEvidence", Map.of("id", no), Evidence.class);
      out.add(no + ": " + e.algorithm().jcaName() + " " + e.hash() + " deposited through " + e.channel() + " on "
          + e.depositedAt().atZone(ChinaTime.ZONE).toLocalDate()
          + (e.notaryRef() == null ? ", not notarised" : ", notarised by " + e.notaryRef()));
    }
    return out;
  }
}

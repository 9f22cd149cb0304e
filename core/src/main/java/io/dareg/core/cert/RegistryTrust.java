package io.dareg.core.cert;

import io.dareg.core.model.AssetClass;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.RecognitionStatus;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RightType;
import io.dareg.core.model.TrustedRoot;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 25: which root a verifier who relies on one registry (its venue) accepts for a certificate of
 * another registry, as the venue's ledger says. The other registry's root is the one the ledger holds for
 * it: its organisation's trusted root when it is a registry of the same ledger, the root the venue's admin
 * entered when it is a peer registry of another ledger. It counts only under a recognition agreement
 * between the two registries in force at the time of verification that covers the registration's profile,
 * asset class and right type, as the listing check asks. A certificate of the venue itself is never
 * vouched for here: its root is the verifier's own to hold.
 *
 * <pre>{@code
 * RegistryTrust venue = new RegistryTrust("DR", registries, settings.trustedRoots(), peers, recognitions);
 * RegistryTrust.Answer answer = venue.recognise(cert.payload(), AssetClass.DATA_PRODUCT, Instant.now());
 * }</pre>
 *
 * @param venue the code of the registry the verifier relies on
 * @param registries the registries of the venue's ledger
 * @param trustedRoots the organisations' roots the venue's ledger trusts
 * @param peers the registries of other ledgers the venue's ledger entered
 * @param recognitions the recognition agreements on the venue's ledger
 */
public record RegistryTrust(String venue, List<RegistryRecord> registries, List<TrustedRoot> trustedRoots, List<PeerRegistry> peers,
    List<Recognition> recognitions) {

  /** Validates the venue's code; defensive copies. */
  public RegistryTrust {
    venue = RegistryRecord.requireCode("venue", venue);
    registries = List.copyOf(registries);
    trustedRoots = List.copyOf(trustedRoots);
    peers = List.copyOf(peers);
    recognitions = List.copyOf(recognitions);
  }

  /**
   * The venue's answer for one certificate.
   *
   * @param venue the code of the registry that answers
   * @param registry the code of the registry the certificate is of (its registration number's prefix)
   * @param roots that registry's roots as the venue's ledger holds them; empty when it is refused
   * @param basis where those roots come from, in words, or null when refused
   * @param agreement the agreement the venue recognises the registry under, or null when refused
   * @param refusal why the venue does not vouch for the registry's root, or null when it does
   */
  public record Answer(String venue, String registry, List<X509Certificate> roots, String basis, Recognition agreement, String refusal) {
    /** Defensive copy. */
    public Answer {
      roots = List.copyOf(roots);
    }

    /** True when the venue recognises the registry and holds its root. */
    public boolean recognised() {
      return refusal == null;
    }

    /** For a verification report: which registry signed, under which of its roots, recognised under which agreement. */
    public String describe(X509Certificate root) {
      return "signed by registry " + registry + " under " + root.getSubjectX500Principal().getName() + ", " + basis
          + "; recognised by " + venue + " under " + agreement.agreementNo() + " (" + agreement.proposer() + " <-> "
          + agreement.counterparty() + (agreement.validUntil() == null ? ", no end" : ", until " + agreement.validUntil()) + ")";
    }
  }

  private Answer refused(String registry, String why) {
    return new Answer(venue, registry, List.of(), null, null, why);
  }

  /**
   * Whether the venue recognises, at {@code at}, the registry of the certificate with {@code payload}, whose
   * registration is of {@code assetClass} (null when unknown: only an agreement over every class covers it), and
   * which roots it holds for that registry.
   */
  public Answer recognise(CertificatePayload payload, AssetClass assetClass, Instant at) {
    String registry = RegistryRecord.codeOf(payload.regNo());
    if (registry.equals(venue)) {
      return refused(registry, "the certificate is registry " + venue + "'s own, so it must chain to a root you hold for " + venue
          + " yourself: its ledger does not vouch for its own root");
    }
    if (registries.stream().noneMatch(r -> r.code().equals(venue))) {
      return refused(registry, "registry " + venue + " is not a registry of this ledger (it has "
          + String.join(", ", registries.stream().map(RegistryRecord::code).toList()) + "): name one of those as the venue");
    }
    List<X509Certificate> roots = new ArrayList<>();
    String basis;
    RegistryRecord local = registries.stream().filter(r -> r.code().equals(registry)).findFirst().orElse(null);
    PeerRegistry peer = peers.stream().filter(p -> p.code().equals(registry)).findFirst().orElse(null);
    if (local != null) {
      trustedRoots.stream().filter(t -> t.msp().equals(local.msp())).forEach(t -> roots.add(t.x509()));
      basis = "the root of " + local.msp() + " on the ledger";
      if (roots.isEmpty()) {
        return refused(registry, "the ledger trusts no root of " + local.msp() + ", registry " + registry + "'s organisation");
      }
    } else if (peer != null) {
      roots.add(peer.trustedRoot().x509());
      basis = "its root as entered on the ledger at " + peer.addedAt() + " (peer registry, " + peer.url() + ")";
    } else {
      return refused(registry, "registry " + registry + " is neither a registry of this ledger nor a peer registry its admin entered,"
          + " so the ledger holds no root of it");
    }
    RightType right = rightType(payload);
    for (Recognition a : recognitions) {
      if (a.party(venue) && a.party(registry) && right != null && (assetClass != null || a.assetClasses().isEmpty())
          && a.covers(payload.profile(), assetClass, right, at)) {
        return new Answer(venue, registry, roots, basis, a, null);
      }
    }
    return refused(registry, "registry " + venue + " does not recognise registry " + registry + "'s registrations of profile "
        + payload.profile() + ", class " + (assetClass == null ? "unknown" : assetClass) + " and right " + payload.rightType().code()
        + " at " + at + ": " + whyNot(registry, payload.profile(), assetClass, right, at));
  }

  /** What the agreements between the two registries say, for a refusal. */
  private String whyNot(String registry, String profile, AssetClass assetClass, RightType right, Instant at) {
    List<String> out = new ArrayList<>();
    for (Recognition a : recognitions) {
      if (!a.party(venue) || !a.party(registry)) {
        continue;
      }
      if (a.status() == RecognitionStatus.WITHDRAWN) {
        out.add(a.agreementNo() + " was withdrawn at " + a.withdrawnAt());
      } else if (a.status() != RecognitionStatus.ACTIVE) {
        out.add(a.agreementNo() + " is " + a.status() + ", not accepted by both");
      } else if (!a.inForce(at)) {
        out.add(a.agreementNo() + " is in force from " + a.validFrom() + (a.validUntil() == null ? "" : " until " + a.validUntil()));
      } else {
        out.add(a.agreementNo() + " covers profiles " + all(a.profiles()) + ", classes " + all(a.assetClasses()) + ", rights "
            + all(a.rightTypes()) + (assetClass == null && !a.assetClasses().isEmpty() ? ", and the registration's class is not known" : ""));
      }
    }
    return out.isEmpty() ? "no recognition agreement between them is on the ledger" : String.join("; ", out);
  }

  private static String all(List<?> scope) {
    return scope.isEmpty() ? "(all)" : scope.toString();
  }

  private static RightType rightType(CertificatePayload payload) {
    try {
      return RightType.valueOf(payload.rightType().code());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

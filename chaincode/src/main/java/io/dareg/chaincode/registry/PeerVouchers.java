package io.dareg.chaincode.registry;

import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.cert.Voucher;
import io.dareg.core.json.Json;
import io.dareg.core.model.PeerRegistry;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Issue 25, between ledgers: what a peer registry's signed voucher says, read as the rules read it: its record as the
 * type it claims to be, and its signature checked offline against the root this ledger's registry admin entered for the
 * peer. One place for both the listing checks and the duplicate checks that rest on a peer's word.
 */
final class PeerVouchers {
  private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

  private PeerVouchers() {}

  /** INVALID unless {@code voucher} is a {@code kind} voucher signed by {@code peer}'s key, chained to its entered root. */
  static void requireSignedBy(PeerRegistry peer, Voucher voucher, String kind) {
    VerificationReport report = new CertificateVerifier(PROVIDER, List.of(peer.trustedRoot().x509())).verify(voucher);
    if (!report.valid() || !voucher.kind().equals(kind)) {
      throw RuleException.invalid("voucher", "is not a " + kind + " voucher signed by registry " + peer.code() + "'s key: " + report.checks());
    }
  }

  /** The voucher's record as {@code type}; INVALID, saying it is not {@code what}, when it does not read as one. */
  static <T> T record(Voucher voucher, Class<T> type, String what) {
    try {
      return Json.mapper().treeToValue(voucher.record(), type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw RuleException.invalid("voucher.record", "is not " + what + ": " + e.getMessage());
    }
  }
}

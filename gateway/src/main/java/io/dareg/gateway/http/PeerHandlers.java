package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.gateway.cert.CertificateIssuer;
import java.time.Clock;
import java.util.Map;

/**
 * Issue 25, between ledgers: what this registry answers another registry's duplicate check (一数多登), signed by its issuing
 * key so that the asking registry's rules can check the answer against the root they hold for this one. Public: only
 * registration numbers and the hash asked about.
 */
final class PeerHandlers {
  private final Reads reads;
  private final CertificateIssuer issuer;
  private final Replies replies;
  private final Clock clock;

  PeerHandlers(Reads reads, CertificateIssuer issuer, Replies replies, Clock clock) {
    this.reads = reads;
    this.issuer = issuer;
    this.replies = replies;
    this.clock = clock;
  }

  /** Binds the public registered-hash voucher. */
  void bind(Bindings b) {
    b.bind("getRegisteredHashVoucher", this::registeredHashVoucher);
  }

  /** getRegisteredHashVoucher: the live registrations resting on a hash, as a {@code registered-hash} voucher. */
  void registeredHashVoucher(Call call) {
    String hash = call.param("hash");
    replies.blocking(call.ctx(), 200, () -> {
      JsonNode answer = reads.query(ApiServer.SERVICE_CALLER, "findRegisteredHash", Map.of("hash", hash));
      return Json.mapper().valueToTree(issuer.voucher("registered-hash", answer, clock.instant()));
    });
  }
}

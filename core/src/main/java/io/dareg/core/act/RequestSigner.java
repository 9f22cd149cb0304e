package io.dareg.core.act;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.Signatures;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;

/**
 * One author signing their writes for one ledger: their certificate and key, the ledger's identity
 * and the clock the requests are timed by. Every request gets a fresh request id.
 *
 * <pre>{@code
 * RequestSigner holder = new RequestSigner(cert, key, "dareg-dev-1a2b3c4d", Clock.systemUTC());
 * SignedRequest r = holder.sign("depositEvidence", Json.mapper().valueToTree(request));
 * byte[] body = Json.canonical(r.toJson());
 * }</pre>
 */
public final class RequestSigner {
  private static final Signatures SIGNATURES = Signatures.fastest();

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final String ledger;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * An author whose key is {@code key} and certificate {@code certificate}, signing for the ledger
   * named {@code ledger} (its settings' {@code ledgerId}) at {@code clock}'s time.
   */
  public RequestSigner(X509Certificate certificate, PrivateKey key, String ledger, Clock clock) {
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.key = Objects.requireNonNull(key, "key");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The same author for another ledger. */
  public RequestSigner forLedger(String otherLedger) {
    return new RequestSigner(certificate, key, otherLedger, clock);
  }

  /** The ledger this author signs for. */
  public String ledger() {
    return ledger;
  }

  /** The author's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Signs {@code operation} with {@code arguments} (the transaction's request object), now and with a fresh request id. */
  public SignedRequest sign(String operation, JsonNode arguments) {
    return SignedRequest.sign(ledger, operation, arguments, certificate, key, clock.instant(), SignedRequest.newRequestId(random),
        SIGNATURES);
  }
}

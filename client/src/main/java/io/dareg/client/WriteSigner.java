package io.dareg.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.act.RequestSigner;
import io.dareg.core.act.SignedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Signs this client's writes as their author (issue 23, docs/signed-requests.md): with the identity's key, for the
 * gateway's ledger, at the ledger's time as near as this client can tell.
 *
 * <p>The ledger is the one the gateway names ({@code getLedgerIdentity}, asked once and kept), or the one the builder
 * pins; {@code initLedger} is signed for the ledger it creates, named in its own arguments.
 *
 * <p>The time: the ledger refuses a request signed further than its skew (5 minutes by default) from its own time. A
 * production ledger keeps real time, so this machine's clock is right. A dev-mode gateway ({@code serve --dev}) has a
 * dev clock that its registry admin moves days ahead; so before a write this client asks the public dev clock
 * ({@code GET /api/v1/dev/clock}) and signs with this machine's time plus the difference. Asked before every write,
 * because the admin may move it at any moment; the first 404 says the gateway is not in dev mode, and it is not asked
 * again. A clock set on the builder replaces all of this.
 */
final class WriteSigner {
  private final DaregClient.Builder config;
  private final GatewayCalls calls;
  private final AlignedClock clock;
  private final Clock signingClock;
  /** Null until the gateway has named its ledger (or the builder pinned it). */
  private volatile String ledgerId;
  private volatile RequestSigner signer;
  /** False once the gateway answered that it has no dev clock. */
  private volatile boolean mayHaveDevClock;

  WriteSigner(DaregClient.Builder config, GatewayCalls calls) {
    this.config = config;
    this.calls = calls;
    this.clock = new AlignedClock();
    this.signingClock = config.clock != null ? config.clock : clock;
    this.mayHaveDevClock = config.clock == null;
    this.ledgerId = config.ledgerId;
  }

  /**
   * {@code operation} (a ledger transaction, or {@code issueCertificate}) with {@code arguments}, signed now by this
   * client's identity for its ledger.
   */
  SignedRequest sign(String operation, JsonNode arguments) {
    if (config.certificate == null || config.key == null) {
      throw new IllegalStateException("this client has no identity to sign its writes with: set one with"
          + " DaregClient.builder().identity(certificate, key)");
    }
    if (arguments == null || !arguments.isObject()) {
      throw new IllegalArgumentException("the arguments of " + operation + " must be a JSON object: the transaction's request");
    }
    RequestSigner s;
    if (operation.equals("initLedger")) {
      // The first act of a ledger is signed for the ledger it creates; the gateway has none to name yet.
      JsonNode id = arguments.get("ledgerId");
      if (id == null || !id.isTextual()) {
        throw new IllegalArgumentException("initLedger's arguments name no ledgerId: the new ledger's identity, which it is signed for");
      }
      s = new RequestSigner(config.certificate, config.key, id.asText(), signingClock);
    } else {
      s = signer();
    }
    align();
    return s.sign(operation, arguments);
  }

  private RequestSigner signer() {
    RequestSigner s = signer;
    if (s == null) {
      synchronized (this) {
        if (signer == null) {
          signer = new RequestSigner(config.certificate, config.key, ledgerId(), signingClock);
        }
        s = signer;
      }
    }
    return s;
  }

  private String ledgerId() {
    String id = ledgerId;
    if (id != null) {
      return id;
    }
    JsonNode answer;
    try {
      answer = calls.call("getLedgerIdentity", JsonNode.class);
    } catch (ProblemException.NotFound e) {
      throw ProblemException.of(e.status(), e.type(), "the gateway at " + config.baseUrl + " names no ledger to sign this write for"
          + " (" + e.detail() + "): its ledger is not initialised yet (an admin of the registry organisation initialises it:"
          + " dareg ledger init), or the gateway predates signed writes; DaregClient.builder().ledgerId(id) pins the ledger", e.field());
    }
    JsonNode named = answer.get("ledgerId");
    if (named == null || !named.isTextual() || named.asText().isEmpty()) {
      throw new IllegalStateException("the gateway at " + config.baseUrl + " answered getLedgerIdentity without a ledgerId: " + answer);
    }
    ledgerId = named.asText();
    return ledgerId;
  }

  /** Moves the clock to the dev clock's time on a dev-mode gateway; nothing otherwise. */
  private void align() {
    if (!mayHaveDevClock) {
      return;
    }
    JsonNode answer;
    try {
      answer = calls.call("getDevClock", JsonNode.class);
    } catch (ProblemException.NotFound e) {
      mayHaveDevClock = false;
      clock.offset = Duration.ZERO;
      return;
    }
    Instant ledgerNow;
    try {
      ledgerNow = Instant.parse(answer.path("now").asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalStateException("the dev clock of " + config.baseUrl + " answered without an instant in 'now': " + answer, e);
    }
    clock.offset = Duration.between(Instant.now(), ledgerNow);
  }

  /** This machine's clock, moved by the dev clock's offset (zero outside dev mode). */
  private static final class AlignedClock extends Clock {
    volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }
}

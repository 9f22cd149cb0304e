package io.dareg.gateway.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;

/**
 * Something the regulator is told of at once (issue 25), derived from the act at {@code position} and the acts before
 * it, so that the same position always gives the same alerts and a resumed feed repeats none and misses none.
 *
 * @param position the log position of the act it is derived from
 * @param ordinal its place among that act's alerts, from 1; the feed's event id is {@code position/ordinal}
 * @param kind what happened
 * @param txId the act's transaction
 * @param time the act's time (for an overdue review: the first act after the deadline, the ledger's clock)
 * @param registry the registry the subject belongs to (the registration number's prefix)
 * @param subject the registration, trade or change application concerned
 * @param details what the regulator needs to act on it, per kind (docs/supervision.md)
 */
public record Alert(long position, int ordinal, Kind kind, String txId, String time, String registry, String subject,
    JsonNode details) {

  /** The kinds of alert. */
  public enum Kind {
    /** A registration was revoked and its certificate with it. */
    CERTIFICATE_REVOKED,
    /** A party disputed a trade; its deliveries are frozen. */
    TRADE_DISPUTED,
    /** A formal review or a change review is still undecided past its profile's deadline. */
    REVIEW_OVERDUE,
    /** The rules flagged the same data registered in another registry: the registration names it in {@code duplicateOf}. */
    DUPLICATE_FLAGGED;

    /** The kind as the feed writes it, e.g. {@code certificate-revoked}. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** The SSE event id: {@code position/ordinal}. */
  public String id() {
    return position + "/" + ordinal;
  }

  /** The alert as the feed's {@code data:} line carries it. */
  public ObjectNode toJson() {
    ObjectNode o = Json.mapper().createObjectNode().put("position", position).put("ordinal", ordinal).put("kind", kind.wire())
        .put("txId", txId).put("time", time).put("registry", registry).put("subject", subject);
    o.set("details", details);
    return o;
  }
}

package io.dareg.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of the regulator's supervision feed (docs/supervision.md): an {@code act} (id {@code N}, its position in the
 * transparency log) or an {@code alert} (id {@code N/K}, the K-th alert derived from the act at N).
 *
 * @param id the event id, which {@link SupervisionClient#readSupervisionFeed} resumes after
 * @param type {@code act} or {@code alert}
 * @param data the event's JSON: an act's position, txId, time, operation, signedRequest, arguments, events; an alert's
 *     position, ordinal, kind, txId, time, registry, subject, details
 */
public record SupervisionEvent(String id, String type, JsonNode data) {
  /** True for an alert. */
  public boolean alert() {
    return "alert".equals(type);
  }
}

package io.dareg.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.Registered;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.util.List;

/**
 * The event a committed transaction emitted.
 *
 * @param blockNumber the block
 * @param txId the transaction
 * @param name the event name (the transaction's name)
 * @param payloadJson the payload, canonical JSON
 */
public record LedgerEvent(long blockNumber, String txId, String name, String payloadJson) {
  /**
   * This event as the steps it records: a {@code register} event as the {@code depositEvidence} and {@code submit}
   * events of its deposits and application ({@link Registered#steps}), any other event (or one whose payload is not
   * JSON) as itself.
   */
  public List<LedgerEvent> steps() {
    if (!name.equals(Registered.OPERATION)) {
      return List.of(this);
    }
    JsonNode payload;
    try {
      payload = Json.mapper().readTree(payloadJson);
    } catch (IOException e) {
      return List.of(this);
    }
    return Registered.steps(payload).stream()
        .map(s -> new LedgerEvent(blockNumber, txId, s.getKey(), CanonicalJson.toString(s.getValue())))
        .toList();
  }
}

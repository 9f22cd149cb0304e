package io.dareg.gateway.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.json.Json;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.RefusedException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the alert rules read of the ledger's state for an act whose log entry carries no event (issue 25): a Fabric entry
 * holds the transaction and its signed request, not the chaincode event, so the record an act left is read through the
 * {@link Ledger} port instead. Only reads that give the same answer whenever they are made are used, so an act's alerts
 * stay the same each time the feed derives them: a registration's key history (the record a given transaction left),
 * and of a trade or a change application only what never changes or changes once.
 */
public interface LedgerRecords {
  /** Registration {@code regNo} as transaction {@code txId} left it, from its key history; null when that transaction did not write it. */
  JsonNode registrationLeftBy(String regNo, String txId);

  /** Trade {@code tradeNo} as it stands (its registration and exchange never change), or null when there is none. */
  JsonNode trade(String tradeNo);

  /** Change application {@code changeNo} as it stands (applied once, decided once), or null when there is none. */
  JsonNode change(String changeNo);

  /** The code of the ledger's first registry, where an application that names no registry goes; null before initialisation. */
  String firstRegistry();

  /**
   * The chaincode whose transactions are the registry's acts, on a Fabric channel, which may hold other chaincodes beside
   * it; null when every act is the registry's (the embedded ledger). The alerts read nothing for another chaincode's act.
   */
  default String chaincode() {
    return null;
  }

  /** The ledger did not answer a read (unavailable, timed out): the act can be fed again later. */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, and what was read. */
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads through {@code ledger} as {@code caller} (the gateway's service identity), waiting at most 30 s for each. */
  static LedgerRecords of(Ledger ledger, Caller caller) {
    String chaincode = ledger instanceof io.dareg.gateway.ledger.LogSource source ? source.registryChaincode() : null;
    return new LedgerRecords() {
      private String first;

      @Override
      public String chaincode() {
        return chaincode;
      }

      @Override
      public JsonNode registrationLeftBy(String regNo, String txId) {
        JsonNode history = read("getHistory", Map.of("regNo", regNo));
        if (history != null) {
          for (JsonNode entry : history) {
            if (txId.equals(entry.path("txId").asText())) {
              return entry.get("registration");
            }
          }
        }
        return null;
      }

      @Override
      public JsonNode trade(String tradeNo) {
        JsonNode view = read("getTrade", Map.of("id", tradeNo));
        return view == null ? null : view.get("trade");
      }

      @Override
      public JsonNode change(String changeNo) {
        return read("getChange", Map.of("id", changeNo));
      }

      @Override
      public String firstRegistry() {
        if (first == null) {
          JsonNode settings = read("getSettings", Map.of());
          first = settings == null ? null : settings.path("registryCode").asText(io.dareg.core.model.RegistryRecord.DEFAULT_CODE);
        }
        return first;
      }

      /** The answer of a read, or null when the rules say there is no such record. */
      private JsonNode read(String transaction, Map<String, String> args) {
        try {
          return Json.mapper().readTree(ledger.evaluate(caller, transaction, Json.mapper().writeValueAsString(args)).get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | CompletionException e) {
          if (e.getCause() instanceof RefusedException r && (r.code() == RuleException.Code.NOT_FOUND || r.code() == RuleException.Code.INVALID)) {
            return null;
          }
          if (e.getCause() instanceof RefusedException r) {
            // FORBIDDEN or CONFLICT: the gateway's identity may not read it; waiting would not help
            throw new IllegalStateException(transaction + " " + args + " was refused to the gateway's service identity, so the"
                + " supervision feed cannot derive its alerts: " + r.getMessage(), e);
          }
          throw new Unavailable(transaction + " " + args + " could not be read for the supervision feed's alerts: "
              + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (IOException e) {
          throw new IllegalStateException(transaction + " answered what is not JSON: " + e.getMessage(), e);
        } catch (TimeoutException e) {
          throw new Unavailable(transaction + " " + args + " took more than 30 s for the supervision feed's alerts", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted reading " + transaction + " for the supervision feed", e);
        }
      }
    };
  }
}

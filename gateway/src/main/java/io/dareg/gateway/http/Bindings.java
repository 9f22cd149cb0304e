package io.dareg.gateway.http;

import io.dareg.core.api.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each operation of the table bound to its handler: the ledger's transactions to the one handler
 * that runs them, every operation the gateway implements itself to a method of its resource's
 * handlers. Binding an operation the table does not name, binding one twice, or leaving one of the
 * table without a handler is an error found when the gateway is built, not when a request comes.
 */
final class Bindings {
  private final Map<String, Operation> table = new LinkedHashMap<>();
  private final Call.Handler transactions;
  private final Map<String, Call.Handler> handlers = new HashMap<>();

  /**
   * @param operations the table, with any extra operations of this gateway
   * @param transactions the handler of every ledger transaction
   */
  Bindings(List<Operation> operations, Call.Handler transactions) {
    for (Operation op : operations) {
      if (table.putIfAbsent(op.id(), op) != null) {
        throw new IllegalStateException("the operation table names " + op.id() + " twice");
      }
    }
    this.transactions = transactions;
  }

  /** Binds the operation {@code id} the gateway implements itself to {@code handler}. */
  Bindings bind(String id, Call.Handler handler) {
    Operation op = table.get(id);
    if (op == null) {
      throw new IllegalStateException("a handler is bound to " + id + ", which the operation table does not name: add it to the table");
    }
    if (op.ledgerTransaction()) {
      throw new IllegalStateException(id + " is a ledger transaction; the ledger serves it");
    }
    if (handlers.putIfAbsent(id, handler) != null) {
      throw new IllegalStateException(id + " is bound twice");
    }
    return this;
  }

  /** The operations of the table that have no handler. */
  List<String> unbound() {
    List<String> out = new ArrayList<>();
    for (Operation op : table.values()) {
      if (!op.ledgerTransaction() && !handlers.containsKey(op.id())) {
        out.add(op.id());
      }
    }
    return out;
  }

  /** Every operation with its handler, in the table's order; throws when one has none. */
  Map<Operation, Call.Handler> all() {
    List<String> missing = unbound();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("no handler for " + String.join(", ", missing) + ": bind each in its resource's handlers");
    }
    Map<Operation, Call.Handler> out = new LinkedHashMap<>();
    for (Operation op : table.values()) {
      out.put(op, op.ledgerTransaction() ? transactions : handlers.get(op.id()));
    }
    return out;
  }
}

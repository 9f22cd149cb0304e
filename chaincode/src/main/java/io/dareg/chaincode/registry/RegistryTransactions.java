package io.dareg.chaincode.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.chaincode.profile.WorkingCalendar;
import io.dareg.core.json.Json;
import io.dareg.core.model.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Every transaction of the registry by name: JSON in, JSON out. The Fabric contract and the embedded
 * ledger both call {@link #invoke}, so the two run the same rules with the same argument parsing.
 *
 * <p>Each transaction takes one JSON object (the request record of {@code io.dareg.core.api}) and
 * returns the canonical JSON of its result; a submitted transaction also sets one event named after
 * it, whose payload is that result.
 */
public final class RegistryTransactions {
  private final Map<String, Transaction<?>> table;
  private final SignedActs acts;

  /** The transactions over the given profiles and calendar. */
  public RegistryTransactions(ProfileCatalog profiles, WorkingCalendar calendar) {
    this(profiles, calendar, new RecordCodec(RecordCodec.DEFAULT_CAPACITY));
  }

  /** The transactions over the given profiles and calendar, reading and writing records through {@code codec}. */
  RegistryTransactions(ProfileCatalog profiles, WorkingCalendar calendar, RecordCodec codec) {
    Map<String, Transaction<?>> t = new LinkedHashMap<>();
    Registry.declare(profiles, calendar, new Declarations(t, codec));
    this.table = Collections.unmodifiableMap(t);
    this.acts = new SignedActs(codec);
  }

  /** The transactions over the shipped profiles and the official Chinese calendar. */
  public static RegistryTransactions standard() {
    return new RegistryTransactions(ProfileCatalog.shipped(), WorkingCalendar.china());
  }

  /** The names of every transaction, in declaration order. */
  public Set<String> names() {
    return table.keySet();
  }

  /** The names of the read-only transactions (Fabric EVALUATE intent). */
  public Set<String> readOnlyNames() {
    return table.values().stream()
        .filter(x -> x.readOnly)
        .map(x -> x.name)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /** True for a read-only transaction; unknown names are refused. */
  public boolean isReadOnly(String transaction) {
    return lookup(transaction).readOnly;
  }

  /**
   * Runs one transaction.
   *
   * @param ws the world state of this transaction
   * @param transaction its name
   * @param argsJson its JSON argument
   * @return the canonical JSON of the result
   * @throws RuleException when the rules refuse; nothing has been written in that case only if the
   *     caller discards the transaction's writes (Fabric and the embedded ledger both do)
   */
  public String invoke(WorldState ws, String transaction, String argsJson) {
    return run(ws, transaction, argsJson).result();
  }

  /**
   * Does ahead of time, in the caller's thread, the costly part of checking a write's signed request
   * (its ECDSA or SM2 signature), and remembers the outcome for {@link #run}, which checks everything
   * else and the signature again if it was not remembered. A ledger that runs transactions on one
   * thread calls this from the threads that submit to it.
   */
  public void precheck(String transaction, String argsJson) {
    acts.precheck(transaction, argsJson);
  }

  /**
   * What a transaction did.
   *
   * @param result the canonical JSON of its result
   * @param author who signed it, or null for a query or a service transaction (run as {@link WorldState#caller()})
   * @param firstTxId when the same signed request was committed before: the transaction that did,
   *     whose result this is; this run wrote nothing and emitted nothing. Null otherwise.
   */
  public record Outcome(String result, Caller author, String firstTxId) {
    /** True when the same signed request was committed before and this run wrote nothing. */
    public boolean repeated() {
      return firstTxId != null;
    }
  }

  /**
   * Runs one transaction as {@link #invoke} does and says who wrote it. On a ledger initialised with
   * trusted roots, a write other than a service transaction ({@code sweep}) takes a signed request
   * (docs/signed-requests.md) and runs as its verified author; a write without one is refused,
   * whoever submits it. A ledger initialised without them runs unsigned writes as their submitter
   * (the trust model before issue 23), and a signed request nowhere but on a ledger that trusts its roots.
   */
  public Outcome run(WorldState ws, String transaction, String argsJson) {
    Transaction<?> t = lookup(transaction);
    SignedActs.Act act = t.readOnly ? null : acts.open(ws, transaction, argsJson);
    if (act == null) {
      return new Outcome(t.run(ws, argsJson), null, null);
    }
    if (act.repeated()) {
      return new Outcome(act.firstResult(), act.author(), act.firstTxId());
    }
    String result = t.run(SignedActs.authoredBy(ws, act.author()), act.arguments());
    acts.record(ws, act, result);
    return new Outcome(result, act.author(), null);
  }

  private Transaction<?> lookup(String transaction) {
    Transaction<?> tx = table.get(transaction);
    if (tx == null) {
      throw RuleException.notFound(
          "no transaction '" + transaction + "'; known transactions: " + String.join(", ", table.keySet()));
    }
    return tx;
  }

  /** Parses a request, turning every kind of malformed input into INVALID with the field named. */
  static <T> T parse(String argsJson, Class<T> type) {
    if (argsJson == null || argsJson.isBlank()) {
      throw RuleException.invalid("request", "a JSON object is required");
    }
    try {
      return Json.parse(argsJson, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidInputException) {
        InvalidInputException iie = (InvalidInputException) cause;
        throw RuleException.invalid(qualify(e, iie.field()), iie.reason());
      }
      throw RuleException.invalid(path(e), "field " + path(e) + ": is not valid" + (rootCause(e) instanceof IllegalArgumentException
          && rootCause(e).getMessage() != null ? ": " + rootCause(e).getMessage() : ""));
    } catch (UnrecognizedPropertyException e) {
      throw RuleException.invalid(
          path(e), "is not a known field; known fields: " + e.getKnownPropertyIds());
    } catch (MismatchedInputException e) {
      // Jackson's own words name its classes and settings; the caller is told the field and what it takes.
      throw RuleException.invalid(path(e), "field " + path(e) + ": expected " + expected(e.getTargetType()));
    } catch (JacksonException e) {
      throw RuleException.invalid("request", "the request is not well-formed JSON");
    } catch (InvalidInputException e) {
      throw RuleException.invalid(e.field(), e.reason());
    } catch (java.io.IOException e) {
      throw RuleException.invalid("request", "cannot be read: " + e.getMessage());
    }
  }

  /** Joins the JSON path of the failing record with the field its constructor named. */
  private static String qualify(JacksonException e, String field) {
    String outer = path(e);
    if (outer.equals("request") || field.equals(outer) || field.startsWith(outer + ".")) {
      return field;
    }
    String last = outer.substring(outer.lastIndexOf('.') + 1);
    if (field.startsWith(last + ".")) {
      return outer.substring(0, outer.length() - last.length()) + field;
    }
    return outer + "." + field;
  }

  private static String path(JacksonException e) {
    if (!(e instanceof JsonMappingException)) {
      return "request";
    }
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : ((JsonMappingException) e).getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "request" : b.toString();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** What a field of {@code type} takes, in words. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "a value of another type";
    }
    if (type == int.class || type == long.class || type == short.class || type == Integer.class || type == Long.class
        || type == Short.class || type == java.math.BigInteger.class) {
      return "a whole number";
    }
    if (type == double.class || type == float.class || type == Double.class || type == Float.class || type == java.math.BigDecimal.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (type == java.time.LocalDate.class) {
      return "a date such as 2026-03-02";
    }
    if (type == java.time.Instant.class) {
      return "a time such as 2026-03-02T08:00:00Z";
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  /** How rule classes declare their transactions. */
  static final class Declarations {
    private final Map<String, Transaction<?>> table;
    private final RecordCodec codec;

    private Declarations(Map<String, Transaction<?>> table, RecordCodec codec) {
      this.table = table;
      this.codec = codec;
    }

    /** Declares a transaction that changes state. */
    <T> void submit(String name, Class<T> request, BiFunction<Tx, T, ?> rule) {
      add(new Transaction<>(name, request, false, rule, codec));
    }

    /** Declares a read-only transaction. */
    <T> void evaluate(String name, Class<T> request, BiFunction<Tx, T, ?> rule) {
      add(new Transaction<>(name, request, true, rule, codec));
    }

    private void add(Transaction<?> tx) {
      if (table.putIfAbsent(tx.name, tx) != null) {
        throw new IllegalStateException("transaction declared twice: " + tx.name);
      }
    }
  }

  private static final class Transaction<T> {
    private final String name;
    private final Class<T> request;
    private final boolean readOnly;
    private final BiFunction<Tx, T, ?> rule;
    private final RecordCodec codec;

    private Transaction(
        String name, Class<T> request, boolean readOnly, BiFunction<Tx, T, ?> rule, RecordCodec codec) {
      this.name = name;
      this.request = request;
      this.readOnly = readOnly;
      this.rule = rule;
      this.codec = codec;
    }

    private String run(WorldState ws, String argsJson) {
      Tx tx = new Tx(ws, codec);
      // The table's callers first, before the request is read (issue 22: the door does not ask the ledger first).
      Admission.admit(tx, name);
      T req = parse(argsJson, request);
      Object result = rule.apply(tx, req);
      // Often the record the rule just stored, whose canonical JSON the codec still has.
      byte[] bytes = codec.encode(result);
      if (!readOnly) {
        ws.emit(name, bytes);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}

package io.dareg.chaincode.fabric;

import com.google.protobuf.ByteString;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A peer in miniature for contract tests: a {@link ChaincodeStub} whose state lives in a sorted map
 * and whose writes apply at {@link #commit()}, like Fabric (reads never see the transaction's own
 * writes). Only the stub methods the contract uses are implemented; any other call fails the test.
 */
final class FakeStub {
  private final NavigableMap<String, byte[]> state = new TreeMap<>();
  private final Map<String, List<Object[]>> history = new HashMap<>();
  private NavigableMap<String, byte[]> writes = new TreeMap<>();
  private String txId = "tx0";
  private Instant time = Instant.parse("2026-03-02T02:00:00Z");
  private byte[] creator;
  private String function = "";
  private Map<String, byte[]> transientData = Map.of();
  String eventName;
  byte[] eventPayload;
  /** How many times the contract asked for a key's value ({@code getState}), each a round trip to a real peer. */
  int stateReads;

  /** Starts a transaction signed by {@code msp} with the PEM certificate {@code certPem}. */
  FakeStub begin(String id, Instant at, String msp, String certPem, String fn) {
    txId = id;
    time = at;
    function = fn;
    writes = new TreeMap<>();
    eventName = null;
    eventPayload = null;
    transientData = Map.of();
    creator =
        SerializedIdentity.newBuilder()
            .setMspid(msp)
            .setIdBytes(ByteString.copyFrom(certPem, StandardCharsets.UTF_8))
            .build()
            .toByteArray();
    return this;
  }

  /** Gives the transaction begun last the proposal's transient data {@code data}. */
  FakeStub withTransient(Map<String, byte[]> data) {
    transientData = Map.copyOf(data);
    return this;
  }

  /** Applies the transaction's writes, as the peer does after validation. */
  void commit() {
    writes.forEach((k, v) -> {
      if (v == null) {
        state.remove(k);
      } else {
        state.put(k, v);
      }
      history.computeIfAbsent(k, x -> new ArrayList<>()).add(new Object[] {txId, time, v});
    });
    writes = new TreeMap<>();
  }

  int size() {
    return state.size();
  }

  ChaincodeStub stub() {
    return (ChaincodeStub)
        Proxy.newProxyInstance(
            ChaincodeStub.class.getClassLoader(),
            new Class<?>[] {ChaincodeStub.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getState":
                  stateReads++;
                  byte[] v = state.get((String) args[0]);
                  return v == null ? new byte[0] : v.clone();
                case "putState":
                  writes.put((String) args[0], ((byte[]) args[1]).clone());
                  return null;
                case "delState":
                  writes.put((String) args[0], null);
                  return null;
                case "createCompositeKey":
                  return new CompositeKey((String) args[0], (String[]) args[1]);
                case "getStateByPartialCompositeKey":
                  return iterator(range(args[0].toString()));
                case "getStateByPartialCompositeKeyWithPagination":
                  return page(args[0].toString(), (Integer) args[1], (String) args[2]);
                case "getHistoryForKey":
                  return historyOf((String) args[0]);
                case "setEvent":
                  eventName = (String) args[0];
                  eventPayload = (byte[]) args[1];
                  return null;
                case "getTxId":
                  return txId;
                case "getTxTimestamp":
                  return time;
                case "getCreator":
                  return creator;
                case "getFunction":
                  return function;
                case "getTransient":
                  return transientData;
                case "toString":
                  return "FakeStub";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  throw new UnsupportedOperationException("FakeStub does not implement " + method.getName());
              }
            });
  }

  private List<KeyValue> range(String prefix) {
    List<KeyValue> out = new ArrayList<>();
    state.subMap(prefix, true, prefix + Character.MAX_VALUE, false).forEach((k, v) -> out.add(kv(k, v)));
    return out;
  }

  private QueryResultsIteratorWithMetadata<KeyValue> page(String prefix, int size, String bookmark) {
    List<KeyValue> all = range(prefix);
    int start = 0;
    while (!bookmark.isEmpty() && start < all.size() && all.get(start).getKey().compareTo(bookmark) < 0) {
      start++;
    }
    List<KeyValue> slice = all.subList(start, Math.min(all.size(), start + size));
    // Like Fabric: the bookmark is the key where the next page starts, or empty at the end of the range.
    String next = start + size < all.size() ? all.get(start + size).getKey() : "";
    QueryResponseMetadata md =
        QueryResponseMetadata.newBuilder().setBookmark(next).setFetchedRecordsCount(slice.size()).build();
    return new QueryResultsIteratorWithMetadata<>() {
      @Override
      public QueryResponseMetadata getMetadata() {
        return md;
      }

      @Override
      public Iterator<KeyValue> iterator() {
        return slice.iterator();
      }

      @Override
      public void close() {}
    };
  }

  private QueryResultsIterator<KeyModification> historyOf(String key) {
    List<KeyModification> out = new ArrayList<>();
    for (Object[] h : history.getOrDefault(key, List.of())) {
      out.add(0, modification((String) h[0], (Instant) h[1], (byte[]) h[2])); // newest first, as Fabric
    }
    return iterator(out);
  }

  private static <T> QueryResultsIterator<T> iterator(List<T> items) {
    return new QueryResultsIterator<>() {
      @Override
      public Iterator<T> iterator() {
        return items.iterator();
      }

      @Override
      public void close() {}
    };
  }

  private static KeyValue kv(String k, byte[] v) {
    return new KeyValue() {
      @Override
      public String getKey() {
        return k;
      }

      @Override
      public byte[] getValue() {
        return v.clone();
      }

      @Override
      public String getStringValue() {
        return new String(v, StandardCharsets.UTF_8);
      }
    };
  }

  private static KeyModification modification(String tx, Instant at, byte[] value) {
    return new KeyModification() {
      @Override
      public String getTxId() {
        return tx;
      }

      @Override
      public byte[] getValue() {
        return value == null ? new byte[0] : value.clone();
      }

      @Override
      public String getStringValue() {
        return new String(getValue(), StandardCharsets.UTF_8);
      }

      @Override
      public Instant getTimestamp() {
        return at;
      }

      @Override
      public boolean isDeleted() {
        return value == null;
      }
    };
  }
}

package io.dareg.chaincode.fabric;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.CertificateNames;
import io.dareg.chaincode.registry.Key;
import io.dareg.chaincode.registry.Layers;
import io.dareg.chaincode.registry.WorldState;
import io.dareg.core.model.IdentityRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The world state of one Fabric transaction, over the shim's {@link ChaincodeStub}. Fabric's reads
 * do not see the transaction's own writes; this adapter keeps them and overlays them, so the rules
 * see the same thing here as on the embedded ledger.
 */
public final class StubWorldState implements WorldState {
  /** The certificate attribute (Fabric CA) that names a caller's role. */
  public static final String ROLE_ATTRIBUTE = CertificateNames.ROLE_ATTRIBUTE;

  private final ChaincodeStub stub;
  private final Caller caller;
  private final java.time.Clock clock;
  private final NavigableMap<String, byte[]> writes = new TreeMap<>();
  /**
   * What this transaction has read from the peer, absent values included: the rules read some keys more than once (the
   * ledger's settings three times in a registration), and each read is a round trip to the peer. The peer holds its
   * state still for the whole simulation, so a second read would give the same answer.
   */
  private final Map<String, byte[]> reads = new HashMap<>();

  /** The world state of the transaction {@code stub} runs, signed by {@code identity}, on a peer whose clock is {@code clock}. */
  public StubWorldState(ChaincodeStub stub, ClientIdentity identity, java.time.Clock clock) {
    this(stub, caller(identity), clock);
  }

  /** The world state of the transaction {@code stub} runs, answered as {@code caller} (a reader a gateway named, say). */
  StubWorldState(ChaincodeStub stub, Caller caller, java.time.Clock clock) {
    this.stub = stub;
    this.caller = caller;
    this.clock = clock;
  }

  /**
   * Who signed: the MSP id, the identity id {@link CertificateNames} reads from the certificate (the
   * same the gateway reads from a bearer token's certificate), the {@code dareg.role} attribute if
   * the certificate carries one, and whether an OU of its subject is {@code admin} (NodeOUs).
   */
  static Caller caller(ClientIdentity identity) {
    CertificateNames names = CertificateNames.of(identity.getX509Certificate());
    return new Caller(new IdentityRef(identity.getMSPID(), names.identityId()),
        identity.getAttributeValue(ROLE_ATTRIBUTE), names.admin());
  }

  @Override
  public byte[] get(Key key) {
    String k = encoded(key);
    if (writes.containsKey(k)) {
      return Layers.get(k, new TreeMap<>(), List.of(writes));
    }
    byte[] v;
    if (reads.containsKey(k)) {
      v = reads.get(k);
    } else {
      v = stub.getState(k);
      v = v == null || v.length == 0 ? null : v;
      reads.put(k, v);
    }
    return v == null ? null : v.clone();
  }

  @Override
  public void put(Key key, byte[] value) {
    String k = encoded(key);
    stub.putState(k, value);
    writes.put(k, value.clone());
  }

  @Override
  public void delete(Key key) {
    String k = encoded(key);
    stub.delState(k);
    writes.put(k, Layers.DELETED);
  }

  @Override
  public List<Entry> scan(Key prefix) {
    TreeMap<String, byte[]> merged = new TreeMap<>();
    try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(composite(prefix))) {
      for (KeyValue kv : it) {
        merged.put(kv.getKey(), kv.getValue());
      }
    } catch (Exception e) {
      throw new IllegalStateException("range scan of " + prefix + " failed: " + e.getMessage(), e);
    }
    return Layers.scan(prefix, merged, List.of(writes));
  }

  @Override
  public Page page(Key prefix, int pageSize, String bookmark) {
    List<Entry> entries = new ArrayList<>();
    String next;
    try (QueryResultsIteratorWithMetadata<KeyValue> it =
        stub.getStateByPartialCompositeKeyWithPagination(composite(prefix), pageSize, bookmark == null ? "" : bookmark)) {
      for (KeyValue kv : it) {
        entries.add(new Entry(Key.decode(kv.getKey()), kv.getValue()));
      }
      // Fabric hands back a bookmark even after the last page; fewer entries than asked means the end.
      next = entries.size() < pageSize || it.getMetadata() == null ? "" : it.getMetadata().getBookmark();
    } catch (Exception e) {
      throw new IllegalStateException("paged scan of " + prefix + " failed: " + e.getMessage(), e);
    }
    return new Page(entries, next);
  }

  @Override
  public List<Modification> history(Key key) {
    List<Modification> out = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> it = stub.getHistoryForKey(encoded(key.withHistory()))) {
      for (KeyModification m : it) {
        out.add(new Modification(m.getTxId(), m.getTimestamp(), m.isDeleted() ? null : m.getValue(), m.isDeleted()));
      }
    } catch (Exception e) {
      throw new IllegalStateException("history of " + key + " failed: " + e.getMessage(), e);
    }
    // Fabric returns the newest modification first.
    Collections.reverse(out);
    return out;
  }

  @Override
  public void emit(String name, byte[] payload) {
    stub.setEvent(name, payload);
  }

  @Override
  public String txId() {
    return stub.getTxId();
  }

  @Override
  public Instant txTime() {
    return stub.getTxTimestamp();
  }

  /** The peer's own clock: the proposal's timestamp is whatever the client put in it. */
  @Override
  public Instant endorserTime() {
    return clock.instant();
  }

  @Override
  public Caller caller() {
    return caller;
  }

  private CompositeKey composite(Key key) {
    return stub.createCompositeKey(key.type(), key.attributes().toArray(new String[0]));
  }

  private String encoded(Key key) {
    return composite(key).toString();
  }
}

package io.dareg.chaincode.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.CertificateNames;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.json.Json;
import io.dareg.core.model.IdentityRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;

/**
 * Who a query is read for, when an organisation's gateway asks (issue 23: the gateway holds no user's key, so it
 * proposes every query with its own service identity). The gateway authenticates the reader by their bearer token and
 * names them in the proposal's transient data under {@link #TRANSIENT_KEY}; the rules then answer as that reader would
 * be answered, so a holder still sees only what a holder may see.
 *
 * <p>Only a query may carry a claim, and only a certificate whose role is {@link #GATEWAY_ROLE} (the
 * {@code dareg.role} attribute, else the role OU) may make one, for a member of its own organisation. This costs no
 * secrecy: a query is answered by the organisation's own peer and recorded nowhere, and whoever runs that peer can read
 * its world state directly. What a claim can never do is write: writes are their authors' signed requests.
 */
public final class ReaderClaim {
  /** The transient-data key of the claim: JSON {@code {"msp","id","role","admin"}}. */
  public static final String TRANSIENT_KEY = "dareg.reader";
  /** The role of an organisation's gateway identity, which alone may read for another identity. */
  public static final String GATEWAY_ROLE = "gateway";

  private ReaderClaim() {}

  /** The claim's bytes for {@code reader}, as the gateway puts them in the proposal. */
  public static byte[] encode(Caller reader) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("msp", reader.msp()).put("id", reader.identity().id()).put("role", reader.roleAttribute()).put("admin", reader.orgAdmin());
    return Json.canonical(o);
  }

  /** Who the rules answer for a proposal: its signer, or the reader its organisation's gateway names for a query. */
  static Caller of(Context ctx, String transaction, boolean query) {
    var proposer = ctx.getClientIdentity();
    var names = CertificateNames.of(proposer.getX509Certificate());
    return resolve(StubWorldState.caller(proposer), names.roleUnit(), ctx.getStub().getTransient(), transaction, query);
  }

  /**
   * The caller the rules answer: {@code proposer} itself, or the reader its claim in {@code transientData} names.
   * FORBIDDEN when the proposer may not read for another, INVALID when the claim is malformed or comes with a write.
   */
  static Caller resolve(Caller proposer, String proposerRoleUnit, Map<String, byte[]> transientData, String transaction,
      boolean query) {
    byte[] claim = transientData == null ? null : transientData.get(TRANSIENT_KEY);
    if (claim == null) {
      return proposer;
    }
    if (!query) {
      throw RuleException.invalid(TRANSIENT_KEY, transaction + " changes state: a write is its author's signed request and"
          + " cannot be made on another's behalf; only a query may name a reader");
    }
    String role = proposer.roleAttribute() != null ? proposer.roleAttribute() : proposerRoleUnit;
    if (!GATEWAY_ROLE.equals(role)) {
      throw RuleException.forbidden(proposer.identity() + " is not a gateway identity (its certificate's dareg.role is "
          + (role == null ? "absent" : role) + ", not " + GATEWAY_ROLE + ") and may not read on another identity's behalf");
    }
    Caller reader = parse(claim);
    if (!reader.msp().equals(proposer.msp())) {
      throw RuleException.forbidden("the gateway of " + proposer.msp() + " reads for its own organisation's members only; "
          + reader.identity() + " should call the gateway of " + reader.msp());
    }
    return reader;
  }

  private static Caller parse(byte[] claim) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(claim);
    } catch (IOException e) {
      throw RuleException.invalid(TRANSIENT_KEY, "the reader claim is not JSON: " + e.getMessage());
    }
    String msp = n == null ? "" : n.path("msp").asText("");
    String id = n == null ? "" : n.path("id").asText("");
    if (msp.isBlank() || id.isBlank()) {
      throw RuleException.invalid(TRANSIENT_KEY, "the reader claim must name msp and id, not "
          + new String(claim, StandardCharsets.UTF_8));
    }
    JsonNode role = n.get("role");
    return new Caller(new IdentityRef(msp, id), role == null || role.isNull() ? null : role.asText(),
        n.path("admin").asBoolean(false));
  }
}

package io.dareg.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.CertificateNames;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.ActProof;
import io.dareg.core.ledger.FabricActProof;
import io.dareg.gateway.ledger.ActSource;
import io.dareg.gateway.ledger.Ledger;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * exportAct (issue 23): one act with the ledger's proof that it was committed, for {@code dareg verify-act} to check
 * offline. An act's arguments are as telling as the records it wrote, so it is for the registry's staff (registrars,
 * reviewers, regulators, the registry admin) and for the act's own author, whose signed request it carries.
 */
final class ActHandlers {
  private static final Set<String> STAFF = Set.of("REGISTRAR", "REVIEWER", "REGULATOR");
  private final Ledger ledger;
  private final Reads reads;
  private final Replies replies;
  private final ArtifactReceipts receipts;

  ActHandlers(Ledger ledger, Reads reads, Replies replies, ArtifactReceipts receipts) {
    this.receipts = receipts;
    this.ledger = ledger;
    this.reads = reads;
    this.replies = replies;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("exportAct", this::export);
  }

  void export(Call call) {
    String txId = call.param("txId");
    if (!txId.matches("[0-9a-f]{64}")) {
      throw Problem.invalid("txId", "a transaction id is 64 lowercase hex digits (a write's X-Transaction-Id), not " + txId);
    }
    if (!(ledger instanceof ActSource source)) {
      throw Problem.notFound("this gateway's ledger cannot export acts");
    }
    replies.bytes(call.ctx(), "application/json", "attachment; filename=\"act-" + txId + ".json\"", () -> {
      byte[] act = source.exportAct(txId);
      if (!staff(call.caller()) && !authoredBy(act, call.caller())) {
        throw Problem.forbidden("act " + txId + " is for the registry's staff, regulators and its own author; "
            + call.caller().identity() + " is none of them");
      }
      return receipts.attach(act, txId); // issue 24: with its log receipt once witnessed
    });
  }

  private boolean staff(Caller caller) {
    if (STAFF.contains(reads.query(caller, "whoAmI", "{}").path("role").asText(""))) {
      return true;
    }
    return caller.orgAdmin() && caller.msp().equals(reads.query(ApiServer.SERVICE_CALLER, "getSettings", "{}").path("registryMsp").asText());
  }

  /** Whether the act's signed request is {@code caller}'s: its certificate names the caller's organisation and identity. */
  private static boolean authoredBy(byte[] act, Caller caller) throws IOException {
    JsonNode tree = Json.mapper().readTree(act);
    String name;
    String args;
    if (FabricActProof.FORMAT.equals(tree.path("format").asText())) {
      FabricActProof.Invocation call = FabricActProof.parse(act).invocation();
      name = call.name();
      args = call.argsJson();
    } else {
      JsonNode tx = Json.mapper().readTree(ActProof.parse(act).transaction());
      name = tx.path("name").asText();
      args = tx.path("args").asText("");
    }
    JsonNode signed;
    try {
      signed = SignedRequest.carriedBy(name, Json.mapper().readTree(args));
    } catch (IOException e) {
      return false;
    }
    if (signed == null) {
      return false;
    }
    X509Certificate cert = SignedRequest.of(signed).signer();
    CertificateNames names = CertificateNames.of(cert);
    return caller.msp().equals(names.organisation()) && caller.identity().id().equals(names.identityId());
  }
}

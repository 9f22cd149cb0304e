package io.dareg.chaincode.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.act.SignedRequestException;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.TrustedRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who wrote: every write but the ledger's own service transactions is a signed request
 * ({@link SignedRequest}, docs/signed-requests.md) by its author, checked here by the rules before
 * anything else, so that no gateway, operator or direct caller of a ledger can write in another's
 * name (issue 23). The author is the certificate's subject, of the organisation whose trusted root
 * issued it; the rules then run as that author.
 *
 * <p>Each request id is recorded with a digest of what was signed and the result: the same request
 * again returns the first result and writes nothing; another request with a used id is refused.
 */
final class SignedActs {
  /**
   * Writes the ledger runs as itself, with plain arguments and no author: the sweep only applies
   * what the ledger's time and state make due (notice ends, lapsed corrections), so anyone may run it.
   */
  static final Set<String> SERVICE = Set.of("sweep");
  /** Issue 25: the only acts a peer registry's admin (certified by a root the registry admin entered for it) signs here. */
  static final Set<String> PEER_ACTS = Set.of("proposeRecognition", "acceptRecognition", "withdrawRecognition");

  /**
   * Writes whose signed request is the author's authorisation, completed by the gateway with fields
   * it computes afterwards: a registrar signs {@code issueCertificate} for a registration, and the
   * gateway records the hash of the certificate it signed under that authorisation.
   */
  static final String RECORD_CERTIFICATE = SignedRequest.COMPLETED_TRANSACTION;
  static final String ISSUE_CERTIFICATE = SignedRequest.COMPLETED_OPERATION;

  /** The Fabric CA extension carrying a certificate's attributes as JSON ({@code {"attrs":{...}}}). */
  private static final String FABRIC_ATTRIBUTES = "1.2.3.4.5.6.7.8.1";
  private static final Signatures SIGNATURES = Signatures.fastest();

  private final RecordCodec codec;
  /** What the rules found about authors and the ledger's roots, remembered. */
  private final KnownAuthors known;
  /**
   * How {@link SignedRequest#verify} does its costly steps for {@code request}: each remembered here; its signing input
   * is {@code signingInput}, built once.
   */
  private SignedRequest.Steps steps(SignedRequest request, List<TrustedRoot> roots, String rootsId, List<X509Certificate> trusted,
      byte[] signingInput) {
    return new SignedRequest.Steps() {
      @Override public byte[] signingInput(SignedRequest r) {
        return signingInput;
      }

      @Override public X509Certificate certificate(SignedRequest r) {
        return known.certificate(r);
      }

      @Override public boolean signatureHolds(io.dareg.core.crypto.SignatureAlgorithm alg, X509Certificate cert, byte[] input,
          byte[] signature) {
        return known.signatureHolds(alg, cert, input, signature);
      }

      @Override public boolean issuedByOneOf(X509Certificate cert, List<X509Certificate> ignored) {
        return known.organisation(cert, request.certificate(), roots, rootsId, trusted) != null;
      }
    };
  }

  /**
   * Verifies the signature of the signed request in {@code argsJson}, if it carries one, and
   * remembers it, so that the transaction that runs it later need not: the costly part of the check,
   * done in the submitter's thread. Anything wrong is left for the transaction to refuse, in its words.
   */
  void precheck(String transaction, String argsJson) {
    JsonNode shape = signedShape(transaction, argsJson);
    JsonNode signed = signedIn(transaction, shape);
    if (signed == null) {
      return;
    }
    try {
      SignedRequest r = SignedRequest.of(signed);
      byte[] canonicalArguments = CanonicalJson.serialize(r.arguments());
      byte[] signingInput = r.signingInput(canonicalArguments);
      known.signatureHolds(io.dareg.core.crypto.SignatureAlgorithm.fromWireName(r.algorithm()), known.certificate(r),
          signingInput, java.util.Base64.getDecoder().decode(r.signature()));
      prechecked.put(argsJson, new Prechecked(transaction, shape, r, canonicalArguments, signingInput));
    } catch (RuntimeException e) {
      // refused later, by the transaction
    }
  }

  /**
   * What {@link #precheck} read of a transaction's arguments, for the transaction to take instead of reading them again.
   *
   * @param transaction the transaction they are for
   * @param shape the arguments parsed
   * @param request the signed request among them
   * @param canonicalArguments the canonical bytes of the request's arguments
   * @param signingInput the bytes its signature covers, built from them
   */
  private record Prechecked(String transaction, JsonNode shape, SignedRequest request, byte[] canonicalArguments, byte[] signingInput) {}

  /**
   * Requests {@link #precheck} read, by their arguments' text (the same string the transaction gets, whose hash it
   * keeps), each taken by the transaction that runs it; bounded for those that never run.
   */
  private final BoundedCache<String, Prechecked> prechecked = new BoundedCache<>(1024);

  SignedActs(RecordCodec codec) {
    this.codec = codec;
    this.known = new KnownAuthors(codec);
  }

  /**
   * A verified write.
   *
   * @param author who signed it
   * @param arguments the transaction's request, canonical JSON
   * @param request the signed request
   * @param digest hex SHA-256 of what was signed: the same digest is the same request
   * @param firstResult the result of the first commit of this same request, or null when it is new
   * @param firstTxId the transaction that first committed it, or null
   */
  record Act(Caller author, String arguments, SignedRequest request, String digest, String firstResult, String firstTxId) {
    boolean repeated() {
      return firstResult != null;
    }
  }

  /**
   * The arguments parsed, when they have the shape of a signed write ({@code format} names the signed-request format;
   * for recordCertificate an {@code authorisation} member); null otherwise, most writes without parsing.
   */
  private static JsonNode signedShape(String transaction, String argsJson) {
    boolean completed = transaction.equals(RECORD_CERTIFICATE);
    if (argsJson == null || !argsJson.contains(completed ? "\"" + SignedRequest.AUTHORISATION + "\"" : SignedRequest.FORMAT)) {
      return null;
    }
    try {
      JsonNode n = Json.mapper().readTree(argsJson);
      return n != null && n.isObject() && (completed ? n.has(SignedRequest.AUTHORISATION)
          : SignedRequest.FORMAT.equals(n.path("format").asText())) ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The signed request within arguments of the signed shape, or null. */
  private static JsonNode signedIn(String transaction, JsonNode shape) {
    return shape == null ? null : transaction.equals(RECORD_CERTIFICATE) ? shape.get(SignedRequest.AUTHORISATION) : shape;
  }

  /**
   * Opens the signed write of {@code transaction} carried by {@code argsJson}: parses it, checks
   * that it is for this transaction and this ledger, signed by the holder of a certificate a trusted
   * root issued, valid now, and timed within the registry's skew of the transaction's time and of
   * the endorser's own clock; and looks its request id up. Throws {@link RuleException} naming the
   * first failure; nothing is written. Null when the ledger admits the write unsigned, as its
   * submitter's: a plain service transaction, or any plain write before initialisation or on a ledger
   * initialised without trusted roots. A signed service transaction runs as its author like any other.
   */
  Act open(WorldState ws, String transaction, String argsJson) {
    Prechecked taken = argsJson == null ? null : prechecked.take(argsJson);
    Prechecked pre = taken != null && taken.transaction().equals(transaction) ? taken : null;
    JsonNode shape = pre != null ? pre.shape() : signedShape(transaction, argsJson);
    if (shape == null && SERVICE.contains(transaction)) {
      return null;
    }
    KnownAuthors.Settings stored = known.settings(ws);
    RegistrySettings settings = stored == null ? null : stored.settings();
    if (shape == null && (settings == null || settings.ledgerId() == null)) {
      return null;
    }
    JsonNode outer = shape != null ? shape : readObject(argsJson);
    ObjectNode completion = null;
    String signedOperation = transaction;
    JsonNode signed = outer;
    if (transaction.equals(RECORD_CERTIFICATE)) {
      // {"authorisation": <the registrar's signed issueCertificate>, "certificateHash": ..., "keyId": ...}
      signed = outer.get("authorisation");
      if (signed == null || !signed.isObject()) {
        throw RuleException.invalid("authorisation",
            "recordCertificate carries the registrar's signed issueCertificate request in 'authorisation'");
      }
      completion = ((ObjectNode) outer).deepCopy();
      completion.remove("authorisation");
      signedOperation = ISSUE_CERTIFICATE;
    }
    SignedRequest request = pre != null && completion == null ? pre.request() : parse(signed);
    if (!request.operation().equals(signedOperation)) {
      throw RuleException.invalid("operation", "the request was signed for " + request.operation() + ", and this transaction is "
          + transaction + (completion != null ? " (which takes a signed " + ISSUE_CERTIFICATE + ")" : ""));
    }
    String ledgerId;
    List<TrustedRoot> roots;
    Duration skew;
    if (settings == null) {
      if (!transaction.equals("initLedger")) {
        // Nobody is trusted yet; said as to any untrusted certificate, so that only who may initialise learns the state.
        throw RuleException.forbidden("the certificate " + certificateSubject(request) + " is not issued by a CA this ledger trusts");
      }
      // The first act establishes the trust: checked against the roots and identity it names itself.
      InitLedgerRequest init = RegistryTransactions.parse(CanonicalJson.toString(request.arguments()), InitLedgerRequest.class);
      ledgerId = init.ledgerId();
      roots = init.trustedRoots();
      skew = Duration.ofSeconds(init.requestSkewSeconds() == null
          ? RegistrySettings.DEFAULT_REQUEST_SKEW_SECONDS : init.requestSkewSeconds());
    } else if (settings.ledgerId() == null) {
      throw RuleException.invalid("request", "this ledger was initialised without trusted roots, so it has no identity for a"
          + " signed request to name and takes writes as their submitter's; initialise a ledger with its trusted roots to take"
          + " signed requests");
    } else {
      ledgerId = settings.ledgerId();
      roots = settings.trustedRoots();
      skew = settings.requestSkew();
    }
    String rootsId = stored != null && roots == settings.trustedRoots() ? stored.rootsId() : KnownAuthors.rootsId(roots);
    Instant time = ws.txTime();
    Duration endorserOff = Duration.between(ws.endorserTime(), time).abs();
    if (endorserOff.compareTo(skew) > 0) {
      throw RuleException.invalid("time", "the transaction is timed " + time + ", " + endorserOff.toSeconds()
          + " s from this endorser's clock (" + ws.endorserTime() + "); at most " + skew.toSeconds()
          + " s is allowed: a proposal cannot be backdated or forward-dated");
    }
    List<X509Certificate> trusted = stored != null && roots == settings.trustedRoots() ? stored.trusted() : known.parsed(roots);
    // The arguments serialised once, into the signing input and as the transaction's request (by the precheck, if it ran).
    boolean fromPrecheck = pre != null && pre.request() == request;
    byte[] canonicalArguments = fromPrecheck ? pre.canonicalArguments() : CanonicalJson.serialize(request.arguments());
    byte[] input = fromPrecheck ? pre.signingInput() : request.signingInput(canonicalArguments);
    X509Certificate cert;
    try {
      cert = request.verify(SIGNATURES, ledgerId, trusted, time, skew, steps(request, roots, rootsId, trusted, input));
    } catch (SignedRequestException e) {
      // Issue 25: a peer registry's admin signs its part of a recognition agreement here, certified by the peer's root as this
      // ledger's registry admin entered it. Read only when the ledger's own roots do not certify the author.
      List<TrustedRoot> peers = settings == null || e.reason() != SignedRequestException.Reason.UNTRUSTED_CERTIFICATE
          || !PEER_ACTS.contains(transaction)
          ? List.of() : new Store(ws, codec).all(Keys.peers(), PeerRegistry.class).stream().map(PeerRegistry::trustedRoot).toList();
      if (peers.isEmpty()) {
        throw refusal(e);
      }
      roots = Stream.concat(roots.stream(), peers.stream()).toList();
      rootsId = KnownAuthors.rootsId(roots);
      trusted = known.parsed(roots);
      try {
        cert = request.verify(SIGNATURES, ledgerId, trusted, time, skew, steps(request, roots, rootsId, trusted, input));
      } catch (SignedRequestException again) {
        throw refusal(again);
      }
    }
    Caller author = known.author(cert, request.certificate(), roots, rootsId, trusted);
    String digest = Hashes.hex(HashAlgorithm.SHA256, input);
    String arguments;
    if (completion != null) {
      JsonNode regNo = request.arguments().get("regNo");
      if (regNo == null || !regNo.isTextual()) {
        throw RuleException.invalid("authorisation.arguments.regNo", "the signed issueCertificate request names no regNo");
      }
      completion.set("regNo", regNo);
      arguments = CanonicalJson.toString(completion);
    } else {
      arguments = new String(canonicalArguments, StandardCharsets.UTF_8);
    }
    byte[] seen = ws.get(Keys.request(request.requestId()));
    if (seen != null) {
      JsonNode first = readObject(new String(seen, StandardCharsets.UTF_8));
      if (!first.path("digest").asText().equals(digest)) {
        throw RuleException.conflict("request id " + request.requestId() + " was used by another request (transaction "
            + first.path("txId").asText() + "): sign every new request with a fresh random id");
      }
      return new Act(author, arguments, request, digest, first.path("result").asText(), first.path("txId").asText());
    }
    return new Act(author, arguments, request, digest, null, null);
  }

  /** Records {@code act}'s request id with its digest and result, in the transaction that commits it. */
  void record(WorldState ws, Act act, String result) {
    // Canonical JSON written member by member, in the order of the members' names (as Json.canonical would write them).
    ws.put(Keys.request(act.request().requestId()), new CanonicalWriter().beginObject()
        .name("digest").value(act.digest())
        .name("result").value(result)
        .name("txId").value(ws.txId())
        .endObject().toByteArray());
    IdentityRef author = act.author().identity();
    ws.put(Keys.act(ws.txId()), new CanonicalWriter().beginObject()
        .name("author").beginObject().name("id").value(author.id()).name("msp").value(author.msp()).endObject()
        .name("requestId").value(act.request().requestId())
        .endObject().toByteArray());
  }

  /** Who signed transaction {@code txId}, as the rules verified it when it ran; null when no author signed it. */
  static IdentityRef signerOf(WorldState ws, String txId) {
    byte[] v = ws.get(Keys.act(txId));
    if (v == null) {
      return null;
    }
    try {
      return Json.mapper().treeToValue(Json.mapper().readTree(v).get("author"), IdentityRef.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code ws} as its author sees it: the same state, written by {@code author}. */
  static WorldState authoredBy(WorldState ws, Caller author) {
    return new WorldState() {
      @Override public byte[] get(Key key) {
        return ws.get(key);
      }

      @Override public void put(Key key, byte[] value) {
        ws.put(key, value);
      }

      @Override public void delete(Key key) {
        ws.delete(key);
      }

      @Override public List<Entry> scan(Key prefix) {
        return ws.scan(prefix);
      }

      @Override public Page page(Key prefix, int pageSize, String bookmark) {
        return ws.page(prefix, pageSize, bookmark);
      }

      @Override public List<Modification> history(Key key) {
        return ws.history(key);
      }

      @Override public void emit(String name, byte[] payload) {
        ws.emit(name, payload);
      }

      @Override public String txId() {
        return ws.txId();
      }

      @Override public Instant txTime() {
        return ws.txTime();
      }

      @Override public Instant endorserTime() {
        return ws.endorserTime();
      }

      @Override public Caller caller() {
        return author;
      }
    };
  }

  /** The {@code dareg.role} attribute a Fabric CA put in the certificate, or null. */
  static String roleAttribute(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(FABRIC_ATTRIBUTES);
    if (ext == null) {
      return null;
    }
    try {
      byte[] json = org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets();
      JsonNode role = Json.mapper().readTree(json).path("attrs").path(CertificateNames.ROLE_ATTRIBUTE);
      return role.isTextual() ? role.asText() : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String certificateSubject(SignedRequest request) {
    try {
      return request.signer().getSubjectX500Principal().getName();
    } catch (SignedRequestException e) {
      return "(unreadable)";
    }
  }

  private static SignedRequest parse(JsonNode signed) {
    try {
      return SignedRequest.of(signed);
    } catch (SignedRequestException e) {
      throw RuleException.invalid("request", "a write is a signed request (dareg-signed-request/1, docs/signed-requests.md): "
          + e.getMessage());
    }
  }

  private static JsonNode readObject(String json) {
    if (json == null || json.isBlank()) {
      throw RuleException.invalid("request", "a write is a signed request (dareg-signed-request/1, docs/signed-requests.md)");
    }
    try {
      JsonNode n = Json.mapper().readTree(json);
      if (n == null || !n.isObject()) {
        throw RuleException.invalid("request", "a write is one JSON object: a signed request (dareg-signed-request/1)");
      }
      return n;
    } catch (IOException e) {
      throw RuleException.invalid("request", "the request is not well-formed JSON");
    }
  }

  private static RuleException refusal(SignedRequestException e) {
    return switch (e.reason()) {
      case MALFORMED -> RuleException.invalid("request", e.getMessage());
      case WRONG_LEDGER, TIME_SKEW -> RuleException.invalid("request", e.getMessage());
      case BAD_SIGNATURE, UNTRUSTED_CERTIFICATE, CERTIFICATE_NOT_VALID -> RuleException.forbidden(e.getMessage());
    };
  }
}

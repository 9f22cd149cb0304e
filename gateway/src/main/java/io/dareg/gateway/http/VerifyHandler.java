package io.dareg.gateway.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.CertificateStanding;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.RegistryTrust;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.json.Json;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Require;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** verifyCertificate (public): a certificate checked against the registry's roots and the ledger, each check on its own. */
final class VerifyHandler {
  /** Reads one member of a larger body, which the body's own parser then goes on reading. */
  private static final ObjectReader MEMBER_READER = Json.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String VERIFY_SHAPE = "send {\"certificate\": <the certificate document>, \"data\": {\"algorithm\": \"SM3\","
      + " \"hash\": \"...\"}, \"venue\": \"DR\"} (data and venue optional)";

  private final Reads reads;
  private final CertificateVerifier verifier;
  private final Replies replies;
  private final Clock clock;

  /** The log's receipts, or null where the gateway keeps no log. */
  private final io.dareg.gateway.log.Receipts receipts;

  VerifyHandler(Reads reads, CertificateVerifier verifier, Replies replies, Clock clock, io.dareg.gateway.log.Receipts receipts) {
    this.receipts = receipts;
    this.reads = reads;
    this.verifier = verifier;
    this.replies = replies;
    this.clock = clock;
  }

  /** Binds verifyCertificate. */
  void bind(Bindings b) {
    b.bind("verifyCertificate", this::verify);
  }

  /** verifyCertificate: the body is read on a worker, in one pass (it is mostly the certificate, a few kilobytes). */
  void verify(Call call) {
    byte[] body = Replies.noBody(call.ctx()) ? new byte[0] : call.ctx().body().buffer().getBytes();
    replies.blocking(call.ctx(), 200, () -> verify(body));
  }

  private JsonNode verify(byte[] body) {
    Certificate cert = null;
    JsonNode data = null;
    JsonNode receiptJson = null;
    String venue = null;
    try (JsonParser p = Json.mapper().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw Problem.invalid("certificate", VERIFY_SHAPE);
      }
      for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
        p.nextToken();
        switch (f) {
          case "certificate" -> {
            if (p.currentToken() != JsonToken.START_OBJECT) {
              throw Problem.invalid("certificate", VERIFY_SHAPE);
            }
            cert = readCertificate(p);
          }
          case "data" -> data = MEMBER_READER.readTree(p);
          case "logReceipt" -> receiptJson = MEMBER_READER.readTree(p);
          case "venue" -> venue = venue(p);
          default -> throw Problem.invalid(f, f + " is not a known field; known fields: certificate, data, logReceipt, venue");
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw Problem.invalid("request", "the body must be one JSON object");
      }
    } catch (JacksonException e) {
      throw StrictJson.malformed(e);
    } catch (IOException e) {
      throw Problem.invalid("request", "the body cannot be read");
    }
    if (cert == null) {
      throw Problem.invalid("certificate", VERIFY_SHAPE);
    }
    CertificateVerifier.EvidenceClaim claim = null;
    if (data != null) {
      try {
        claim = new CertificateVerifier.EvidenceClaim(HashAlgorithm.valueOf(data.path("algorithm").asText()),
            Require.hash("data.hash", data.path("hash").asText(null)));
      } catch (IllegalArgumentException e) {
        throw Problem.invalid("data", "data needs algorithm SHA256 or SM3 and a 64-character hex hash");
      }
    }
    Certificate.Encoded encoded = cert.encoded();
    VerificationReport report = verifier.verify(encoded, clock.instant(), new Standing(venue), claim);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("valid", report.valid());
    out.put("certNo", cert.payload().certNo());
    out.put("regNo", cert.payload().regNo());
    out.put("certificateHash", encoded.certificateHash());
    out.set("checks", Json.mapper().valueToTree(report.checks()));
    if (receiptJson != null) {
      out.set("logReceipt", receipt(receiptJson, cert));
    }
    return out;
  }

  /**
   * issue 24: the certificate's log receipt checked with this log's key and the witness policy in force, and tied to the
   * certificate (its transaction carries the certificate's signature): {"valid", "summary" or "detail"}.
   */
  private ObjectNode receipt(JsonNode json, Certificate cert) {
    ObjectNode out = Json.mapper().createObjectNode();
    if (receipts == null) {
      return out.put("valid", false).put("detail", "this gateway keeps no transparency log");
    }
    io.dareg.core.log.LogReceipt receipt;
    try {
      receipt = io.dareg.core.log.LogReceipt.fromJson(json);
    } catch (IllegalArgumentException e) {
      return out.put("valid", false).put("detail", e.getMessage());
    }
    io.dareg.core.log.LogReceipt.Result r = receipts.check(receipt);
    if (r.valid() && !receipt.recorded(cert.signature().value())) {
      return out.put("valid", false).put("detail", "the receipt's transaction is not the one that recorded this certificate");
    }
    return r.valid() ? out.put("valid", true).put("summary", r.summary()).put("index", r.index()).put("witnessedBy", r.witnessedBy())
        .put("witnesses", r.witnesses()) : out.put("valid", false).put("detail", r.detail());
  }

  /** The registry the caller relies on for a certificate of another registry (issue 25), or null for the ledger's first. */
  private static String venue(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw Problem.invalid("venue", "venue is the code of a registry of this ledger, e.g. \"DR\"");
    }
    try {
      return RegistryRecord.requireCode("venue", p.getText());
    } catch (InvalidInputException e) {
      throw Problem.invalid("venue", e.getMessage());
    }
  }

  /**
   * One ledger read answers both questions the verifier asks: the certificate's record, then the
   * status of the registration it names. For a certificate of another registry (issue 25), this
   * ledger is the venue: its registries, trusted roots, peer registries and agreements, read once.
   */
  private final class Standing implements CertificateVerifier.LedgerLookup {
    private final String venue;
    private CertificateStanding standing;
    private List<RegistryRecord> registries;
    private List<PeerRegistry> peers;

    Standing(String venue) {
      this.venue = venue;
    }

    private List<RegistryRecord> registries() {
      if (registries == null) {
        registries = List.of(reads.query(ApiServer.SERVICE_CALLER, "listRegistries", "{}", RegistryRecord[].class));
      }
      return registries;
    }

    private List<PeerRegistry> peers() {
      if (peers == null) {
        peers = List.of(reads.query(ApiServer.SERVICE_CALLER, "listPeerRegistries", "{}", PeerRegistry[].class));
      }
      return peers;
    }

    private boolean onThisLedger(String registry) {
      return registries().stream().anyMatch(r -> r.code().equals(registry));
    }

    @Override
    public RegistryTrust.Answer recognition(CertificatePayload payload, Instant at) {
      if (registries().isEmpty()) {
        return null; // a ledger with no registry yet is no venue
      }
      String code = venue != null ? venue : registries().get(0).code();
      RegistrySettings settings = reads.query(ApiServer.SERVICE_CALLER, "getSettings", "{}", RegistrySettings.class);
      List<Recognition> agreements = List.of(reads.query(ApiServer.SERVICE_CALLER, "listRecognitions", "{}", Recognition[].class));
      return new RegistryTrust(code, registries(), settings.trustedRoots(), peers(), agreements)
          .recognise(payload, assetClass(payload.regNo()), at);
    }

    /** The registration's asset class, which the certificate does not state; null when it is not on this ledger. */
    private AssetClass assetClass(String regNo) {
      if (!onThisLedger(RegistryRecord.codeOf(regNo))) {
        return null; // a peer registry's registration: only an agreement over every class covers it
      }
      try {
        return reads.query(ApiServer.SERVICE_CALLER, "getRegistration", Map.of("regNo", regNo), RegistrationView.class).registration()
            .asset().assetClass();
      } catch (Problem p) {
        if (p.status() == 404 || p.status() == 400) {
          return null;
        }
        throw p;
      }
    }

    @Override
    public String recordKeptElsewhere(CertificatePayload payload) {
      String registry = RegistryRecord.codeOf(payload.regNo());
      if (onThisLedger(registry)) {
        return null;
      }
      return peers().stream().filter(p -> p.code().equals(registry)).findFirst()
          .map(p -> "registry " + registry + " is a peer registry whose registrations are on its own ledger, which this gateway does"
              + " not ask: the certificate's record and status were not checked here; check them at " + p.url()
              + " (dareg verify --online asks it)")
          .orElse(null);
    }

    @Override
    public Optional<CertificateRecord> certificate(String certNo) {
      try {
        standing = reads.query(ApiServer.SERVICE_CALLER, "getCertificateStanding", Map.of("id", certNo), CertificateStanding.class);
        return Optional.of(standing.certificate());
      } catch (Problem p) {
        if (p.status() == 404 || p.status() == 400) {
          return Optional.empty();
        }
        throw p;
      }
    }

    @Override
    public Optional<RegistrationStatus> registrationStatus(String regNo) {
      if (standing == null || !standing.certificate().regNo().equals(regNo)) {
        throw new IllegalStateException("the verifier asks for the registration of the certificate it read, not " + regNo);
      }
      return Optional.ofNullable(standing.registrationStatus());
    }

    @Override
    public List<String> objectionsRegistered(String regNo) {
      return standing == null ? List.of() : standing.objections(); // issue 20
    }
  }

  /**
   * The certificate the parser stands at; a field at fault inside it is named as {@code
   * certificate.<field>}, a document that is no certificate at all as {@code certificate}.
   */
  private static Certificate readCertificate(JsonParser p) {
    try {
      return Certificate.read(p);
    } catch (InvalidInputException e) {
      throw Problem.invalid(e.field().equals("certificate") ? "certificate" : "certificate." + e.field(), e.getMessage());
    }
  }
}

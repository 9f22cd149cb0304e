package io.dareg.bench.jmh;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.InMemoryWorldState;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.core.json.Json;
import io.dareg.core.model.IdentityRef;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The rules on the in-memory world state, set up with a registry, a reviewer and one holder
 * account, and one registration's whole story on demand: the fixture of the benchmarks that need
 * committed registrations without a ledger ({@link RulesBenchmark}, {@link ReportBenchmark}).
 */
final class RulesStory {
  private static final Caller ADMIN = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
  private static final Caller REGISTRAR = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
  private static final Caller REVIEWER = new Caller(new IdentityRef("ReviewMSP", "CN=reviewer"), null, false);
  private static final Caller HOLDER = new Caller(new IdentityRef("EnterpriseMSP", "CN=alice"), null, false);
  private static final String ASSET = "{\"name\":\"企业信用评估+工商登记数据\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
      + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
      + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[],\"scale\":{\"records\":1,\"bytes\":1},"
      + "\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\"],\"scope\":\"授信\",\"algorithmSummary\":\"汇总\",\"classification\":\"GENERAL\"}";

  private final RegistryTransactions rules = RegistryTransactions.standard();
  private final InMemoryWorldState ws = new InMemoryWorldState();
  private long tx;

  /** A fresh world state with the registry initialised at {@code at}. */
  RulesStory(Instant at) {
    run(ADMIN, at, "initLedger", "{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"bench\",\"defaultProfile\":\"TJ-DIP\"}");
    run(ADMIN, at, "grantRole", "{\"identity\":{\"msp\":\"ReviewMSP\",\"id\":\"CN=reviewer\"},\"role\":\"REVIEWER\"}");
    run(REGISTRAR, at, "openAccount", "{\"creditCodeHash\":\"" + "ab".repeat(32) + "\",\"name\":\"甲\",\"kind\":\"ENTERPRISE\","
        + "\"members\":[{\"msp\":\"EnterpriseMSP\",\"id\":\"CN=alice\"}]}");
  }

  /** The world state, with every event committed so far. */
  InMemoryWorldState worldState() {
    return ws;
  }

  /**
   * Evidence, application, formal and substantive review and notice at {@code at}, issue and the
   * certificate record 30 days later (eight transactions); returns the certificate record.
   */
  String register(Instant at) throws IOException {
    String hash = hex(tx);
    String ev = field(run(HOLDER, at, "depositEvidence", "{\"algorithm\":\"SM3\",\"hash\":\"" + hash + "\",\"size\":1,\"channel\":\"bench\"}"), "evidenceNo");
    String regNo = field(run(HOLDER, at, "submit", "{\"rightType\":\"HOLDING\",\"evidenceNos\":[\"" + ev + "\"],\"asset\":" + ASSET + ",\"attachments\":[{\"kind\":\"COMPLIANCE_UNDERTAKING\","
        + "\"issuer\":\"bench\",\"algorithm\":\"SM3\",\"hash\":\"" + "ab".repeat(32) + "\",\"date\":\"2026-03-01\"}]}"), "regNo");
    String reg = "{\"regNo\":\"" + regNo + "\"}";
    run(REGISTRAR, at, "startFormalReview", reg);
    run(REGISTRAR, at, "formalReview", "{\"regNo\":\"" + regNo + "\",\"outcome\":\"PASS\",\"opinionHash\":\"" + hash + "\"}");
    run(REVIEWER, at, "substantiveReview", "{\"regNo\":\"" + regNo + "\",\"outcome\":\"PASS\",\"opinionHash\":\"" + hash + "\"}");
    run(REGISTRAR, at, "publishNotice", reg);
    Instant later = at.plus(Duration.ofDays(30));
    run(REGISTRAR, later, "issue", reg);
    return run(REGISTRAR, later, "recordCertificate", "{\"regNo\":\"" + regNo + "\",\"certificateHash\":\"" + hex(tx + (1L << 40))
        + "\",\"signerKeyId\":\"bench\"}");
  }

  private String run(Caller who, Instant at, String name, String args) {
    ws.begin(hex(++tx), at, who);
    try {
      String out = rules.invoke(ws, name, args);
      ws.commit();
      return out;
    } catch (RuntimeException e) {
      ws.rollback();
      throw e;
    }
  }

  private static String field(String json, String name) throws IOException {
    return Json.mapper().readTree(json).path(name).asText();
  }

  /** A SHA-256-like id: unique in its first 12 characters, from which record numbers are made. */
  private static String hex(long n) {
    String h = HexFormat.of().withLowerCase().toHexDigits(Long.reverse(n * 0x9E3779B97F4A7C15L));
    return (h + HexFormat.of().toHexDigits(n)).repeat(2);
  }
}

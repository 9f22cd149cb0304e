package io.dareg.bench.jmh;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.InMemoryWorldState;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.core.json.Json;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.report.Period;
import io.dareg.gateway.report.PeriodReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The regulator's period report alone: {@value #STORIES} registrations from evidence to recorded
 * certificate (eight events each, January to September 2026) counted for one quarter per operation, so
 * ops/s × {@value #EVENTS} is the events counted per second, before any ledger read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReportBenchmark {
  static final int STORIES = 2000;
  static final int EVENTS = STORIES * 8;
  private static final Caller ADMIN = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
  private static final Caller REGISTRAR = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
  private static final Caller REVIEWER = new Caller(new IdentityRef("ReviewMSP", "CN=reviewer"), null, false);
  private static final Caller HOLDER = new Caller(new IdentityRef("EnterpriseMSP", "CN=alice"), null, false);
  private static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");
  private static final String ASSET = "{\"name\":\"企业信用评估+工商登记数据\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
      + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
      + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[],\"scale\":{\"records\":1,\"bytes\":1},"
      + "\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\"],\"scope\":\"授信\",\"algorithmSummary\":\"汇总\",\"classification\":\"GENERAL\"}";

  private final RegistryTransactions rules = RegistryTransactions.standard();
  private final Period quarter = Period.parse("2026-Q3");
  private final List<LedgerEvent> events = new ArrayList<>();
  private InMemoryWorldState ws;
  private long tx;

  @Setup
  public void setUp() throws Exception {
    ws = new InMemoryWorldState();
    run(ADMIN, T0, "initLedger", "{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"bench\",\"defaultProfile\":\"TJ-DIP\"}");
    run(ADMIN, T0, "grantRole", "{\"identity\":{\"msp\":\"ReviewMSP\",\"id\":\"CN=reviewer\"},\"role\":\"REVIEWER\"}");
    run(REGISTRAR, T0, "openAccount", "{\"creditCodeHash\":\"" + "ab".repeat(32) + "\",\"name\":\"甲\",\"kind\":\"ENTERPRISE\","
        + "\"members\":[{\"msp\":\"EnterpriseMSP\",\"id\":\"CN=alice\"}]}");
    for (int i = 0; i < STORIES; i++) {
      // Every three hours from January to September: about a third fall in Q3.
      story(T0.plus(Duration.ofMinutes(180L * i)));
    }
    long block = 0;
    for (InMemoryWorldState.Event e : ws.events()) {
      events.add(new LedgerEvent(block++, e.txId(), e.name(), new String(e.payload(), StandardCharsets.UTF_8)));
    }
  }

  /** Counts every event for 2026-Q3. */
  @Benchmark
  public int quarter() {
    PeriodReport report = new PeriodReport(quarter);
    events.forEach(report);
    return report.figures().size();
  }

  private void story(Instant at) throws Exception {
    String hash = hex(tx);
    String ev = field(run(HOLDER, at, "depositEvidence", "{\"algorithm\":\"SM3\",\"hash\":\"" + hash + "\",\"size\":1,\"channel\":\"bench\"}"), "evidenceNo");
    String regNo = field(run(HOLDER, at, "submit", "{\"rightType\":\"HOLDING\",\"evidenceNos\":[\"" + ev + "\"],\"asset\":" + ASSET + "}"), "regNo");
    String reg = "{\"regNo\":\"" + regNo + "\"}";
    run(REGISTRAR, at, "startFormalReview", reg);
    run(REGISTRAR, at, "formalReview", "{\"regNo\":\"" + regNo + "\",\"outcome\":\"PASS\",\"opinionHash\":\"" + hash + "\"}");
    run(REVIEWER, at, "substantiveReview", "{\"regNo\":\"" + regNo + "\",\"outcome\":\"PASS\",\"opinionHash\":\"" + hash + "\"}");
    run(REGISTRAR, at, "publishNotice", reg);
    Instant later = at.plus(Duration.ofDays(30));
    run(REGISTRAR, later, "issue", reg);
    run(REGISTRAR, later, "recordCertificate", "{\"regNo\":\"" + regNo + "\",\"certificateHash\":\"" + hex(tx + (1L << 40))
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

  private static String field(String json, String name) throws Exception {
    return Json.mapper().readTree(json).path(name).asText();
  }

  /** A SHA-256-like id: unique in its first 12 characters, from which record numbers are made. */
  private static String hex(long n) {
    String h = HexFormat.of().withLowerCase().toHexDigits(Long.reverse(n * 0x9E3779B97F4A7C15L));
    return (h + HexFormat.of().toHexDigits(n)).repeat(2);
  }
}

package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The regulator's period report (CSV and PDF) and the judicial extract, over HTTP from a real
 * gateway, for a story with known steps in the first and the third quarter of 2026.
 */
class RegulatorReportsTest {
  private static RunningGateway gateway;
  private static String first;
  private static String second;

  @BeforeAll
  static void story() throws Exception {
    assumeTrue(CjkFont.find().isPresent(), "no CJK font: install the Debian package " + CjkFont.PACKAGE + " (.ci/run does)");
    gateway = new RunningGateway();
    // 2026-Q1 (March): one asset deposited, applied for, issued, pledged and certified.
    first = gateway.issueCertificate().path("payload").path("regNo").asText();
    // 2026-Q3 (July): another asset; an objection raised and dismissed; issued, certified,
    // licensed, delivered, accepted and settled; and the first asset revoked by order.
    gateway.at(Instant.parse("2026-07-06T02:00:00Z"));
    JsonNode notice = gateway.inNotice();
    second = notice.path("regNo").asText();
    String objection = gateway.object(second).path("objectionNo").asText();
    gateway.post("registrar", "/objections/" + objection + "/resolution",
        Json.mapper().createObjectNode().put("outcome", "DISMISSED").put("outcomeHash", RunningGateway.h("dismissed")));
    gateway.passNotice(notice);
    gateway.post("registrar", "/registrations/" + second + "/issue", Json.mapper().createObjectNode());
    gateway.post("registrar", "/registrations/" + second + "/certificates", Json.mapper().createObjectNode());
    gateway.licenceAndDeliver(second, true);
    gateway.revoke(first);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static String csv(String period) throws Exception {
    HttpResponse<byte[]> r = gateway.get("regulator", "/api/v1/reports/period?period=" + period + "&format=csv");
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static List<String> rows(String csv) {
    return List.of(csv.split("\r\n"));
  }

  @Test
  void csv_counts_each_step_in_the_period_of_its_own_time_and_nothing_outside_it() throws Exception {
    List<String> q3 = rows(csv("2026-Q3"));
    assertThat(q3.get(0)).isEqualTo("section,measure,breakdown,value");
    assertThat(q3).contains("report,period,,2026-Q3", "report,first day,,2026-07-01", "report,last day,,2026-09-30")
        .anyMatch(l -> l.startsWith("report,time zone,,Asia/Shanghai"));
    assertThat(q3).contains(
        "registrations,submitted,,1", "registrations,submitted,profile TJ-DIP,1", "registrations,issued,,1",
        "registrations,reached status,REVOKED,1", "registrations,reached status,PUBLIC_NOTICE,1",
        "evidence,deposited,,1",
        "certificates,issued,,1", "certificates,revoked,,1", "certificates,renewed,,0",
        "objections,raised,,1", "objections,resolved,,1", "objections,resolved,outcome DISMISSED,1",
        "trades,recorded,,1", "trades,recorded,kind LICENCE,1", "trades,recorded,exchange ExchangeMSP,1", "trades,settled,,1",
        "deliveries,delivered,,1", "deliveries,delivered,mode FILE,1", "deliveries,accepted,,1", "deliveries,rejected,,0");

    List<String> q1 = rows(csv("2026-Q1"));
    assertThat(q1).contains("registrations,submitted,,1", "registrations,issued,,1", "evidence,deposited,,1",
        "certificates,issued,,1", "certificates,revoked,,0", "objections,raised,,0", "trades,recorded,,0", "deliveries,delivered,,0");

    assertThat(rows(csv("2026"))).contains("registrations,submitted,,2", "certificates,issued,,2", "certificates,revoked,,1");
    assertThat(rows(csv("2026-04"))).contains("registrations,submitted,,0", "certificates,issued,,0", "trades,recorded,,0");
  }

  @Test
  void pdf_shows_the_figures_and_a_chart() throws Exception {
    HttpResponse<byte[]> r = gateway.get("regulator", "/api/v1/reports/period?period=2026-Q3&format=pdf");
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/pdf");
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "period-report-2026-Q3.pdf"), r.body());
    try (PDDocument doc = Loader.loadPDF(r.body())) {
      ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 100), "png", Path.of("target", "period-report-2026-Q3-page1.png").toFile());
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("数据资产登记监管统计报告", "2026-Q3", "2026-07-01", "2026-09-30", "Asia/Shanghai", "天津数据资产登记中心",
          "主要指标", "登记·申请", "证书·撤销", "交易·成交", "交付·验收通过", "outcome DISMISSED", "kind LICENCE", "exchange ExchangeMSP");
      // The chart's bars: a headline label followed by its value.
      assertThat(text).containsPattern("证书·撤销\\s*1").containsPattern("交付·验收拒绝\\s*0");
    }
  }

  @Test
  void the_annual_report_is_per_registry_or_across_registries_with_totals_in_csv_and_pdf() throws Exception {
    List<String> dr = rows(csv("2026&registry=DR"));
    assertThat(dr).contains("report,period,,2026", "report,registry,,DR", "registrations,submitted,,2", "certificates,revoked,,1");
    List<String> none = rows(csv("2026&registry=GD"));
    assertThat(none).contains("report,registry,,GD", "registrations,submitted,,0");
    List<String> all = rows(csv("2026&registry=all"));
    assertThat(all.get(0)).isEqualTo("registry,section,measure,breakdown,value");
    assertThat(all).contains(",report,registries,,DR", "DR,registrations,submitted,,2", "all,registrations,submitted,,2",
        "DR,trades,recorded,,1", "all,certificates,revoked,,1");
    HttpResponse<byte[]> bad = gateway.get("regulator", "/api/v1/reports/period?period=2026&registry=dr");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(bad.body()).path("field").asText()).isEqualTo("registry");

    HttpResponse<byte[]> pdf = gateway.get("regulator", "/api/v1/reports/period?period=2026&registry=all&format=pdf");
    assertThat(pdf.statusCode()).as(new String(pdf.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    try (PDDocument doc = Loader.loadPDF(pdf.body())) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("数据资产年度报告", "Annual data-asset report 2026", "registry DR", "all registries", "全部登记机构合计");
      assertThat(doc.getNumberOfPages()).as("a section per registry, then the totals").isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void a_malformed_or_future_period_is_refused_with_the_accepted_forms() throws Exception {
    for (String bad : List.of("2026-13", "2026Q3", "26-Q3", "2026-Q5", "last-year", "2026-Q4")) {
      HttpResponse<byte[]> r = gateway.get("regulator", "/api/v1/reports/period?period=" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
      JsonNode p = Json.mapper().readTree(r.body());
      assertThat(p.path("field").asText()).isEqualTo("period");
      assertThat(p.path("detail").asText()).contains("2026-09", "2026-Q3", "YYYY");
    }
    assertThat(gateway.get("regulator", "/api/v1/reports/period").statusCode()).isEqualTo(400);
    assertThat(gateway.get("regulator", "/api/v1/reports/period?period=2026&format=xlsx").statusCode()).isEqualTo(400);
  }

  @Test
  void period_reports_are_for_regulators_and_the_registry_admin() throws Exception {
    assertThat(gateway.get("admin", "/api/v1/reports/period?period=2026").statusCode()).isEqualTo(200);
    for (String who : List.of("holder", "registrar", "exchange")) {
      assertThat(gateway.get(who, "/api/v1/reports/period?period=2026").statusCode()).as(who).isEqualTo(403);
    }
    assertThat(gateway.get(null, "/api/v1/reports/period?period=2026").statusCode()).isEqualTo(401);
  }

  @Test
  void the_extract_lists_every_record_of_the_asset_with_its_transaction_and_is_signed() throws Exception {
    HttpResponse<byte[]> r = gateway.get("holder", "/api/v1/registrations/" + second + "/extract");
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Files.write(Path.of("target", "judicial-extract.pdf"), r.body());
    JsonNode provenance = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + second + "/provenance").body());
    Set<String> txIds = new HashSet<>();
    Set<String> kinds = new HashSet<>();
    provenance.forEach(p -> {
      txIds.add(p.path("txId").asText());
      kinds.add(p.path("record").asText());
    });
    assertThat(kinds).contains("registration", "review", "objection", "certificate", "encumbrance", "listingCheck", "trade", "delivery");
    try (PDDocument doc = Loader.loadPDF(r.body())) {
      ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 100), "png", Path.of("target", "judicial-extract-page1.png").toFile());
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("司法存证摘录", second, "天津数据资产登记中心", "证据链记录", "区块", "结果哈希", "登记机构签名");
      String flat = text.replaceAll("\\s+", "");
      assertThat(txIds).allSatisfy(tx -> assertThat(flat).contains(tx));

      byte[] attached = doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames()
          .get(JudicialExtractPdf.attachmentName(second)).getEmbeddedFile().toByteArray();
      JsonNode extract = Json.mapper().readTree(attached);
      assertThat(extract.path("mediaType").asText()).isEqualTo("application/vnd.dareg.judicial-extract+json;version=1");
      Set<String> listed = new HashSet<>();
      Set<String> records = new HashSet<>();
      for (JsonNode rec : extract.path("records")) {
        listed.add(rec.path("txId").asText());
        records.add(rec.path("record").asText());
        assertThat(rec.path("block").isIntegralNumber()).as(rec.toString()).isTrue();
        assertThat(rec.path("resultHash").asText()).hasSize(64);
        assertThat(extract.path("results").has(rec.path("txId").asText())).isTrue();
      }
      assertThat(listed).containsAll(txIds);
      assertThat(records).contains("evidence", "registration", "objection", "trade", "delivery");
      assertThat(extract.path("records").findValuesAsText("state")).contains("PUBLIC_NOTICE", "settled", "accepted");
      // issue 23: this ledger was initialised without trusted roots, so no act carries a signed request: the extract says so
      // for each record (DaregClientTest reads the signers of a signed ledger's extract).
      assertThat(extract.path("records")).allSatisfy(rec -> assertThat(rec.path("signedBy").isNull()).as(rec.toString()).isTrue());
      assertThat(flat).contains("签署者", "无签名请求");
      // Every step of this story went through this gateway, so its audit log names every sender.
      assertThat(extract.path("records")).allSatisfy(rec -> assertThat(rec.path("sentBy").path("msp").asText()).as(rec.toString()).isNotEmpty());
      assertThat(extract.path("records").findValues("sentBy")).anyMatch(s -> s.path("id").asText().contains("CN=alice"))
          .anyMatch(s -> s.path("id").asText().contains("CN=exchange-1"));
      assertThat(extract.path("records")).filteredOn(rec -> rec.path("transaction").asText().equals("recordCertificate"))
          .isNotEmpty().allSatisfy(rec -> assertThat(rec.path("sentBy").path("id").asText()).contains("CN=registrar-1"));
      assertThat(extract.path("signatures").get(0).path("signature").path("value").asText()).isNotEmpty();

      List<PDSignature> sigs = doc.getSignatureDictionaries();
      assertThat(sigs).hasSize(1);
      assertThat(sigs.get(0).getSubFilter()).isEqualTo(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED.getName());
      int[] range = sigs.get(0).getByteRange();
      assertThat(range[0]).isZero();
      assertThat(range[2] + range[3]).as("the signature covers the whole file").isEqualTo(r.body().length);
    }
  }

  @Test
  void the_extract_is_refused_to_an_unrelated_holder_and_an_exchange() throws Exception {
    assertThat(gateway.get("regulator", "/api/v1/registrations/" + second + "/extract").statusCode()).isEqualTo(200);
    assertThat(gateway.get("registrar", "/api/v1/registrations/" + second + "/extract").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> stranger = gateway.get("stranger", "/api/v1/registrations/" + second + "/extract");
    assertThat(stranger.statusCode()).isEqualTo(403);
    assertThat(new String(stranger.body(), StandardCharsets.UTF_8)).contains("holders");
    assertThat(gateway.get("exchange", "/api/v1/registrations/" + second + "/extract").statusCode()).isEqualTo(403);
  }
}

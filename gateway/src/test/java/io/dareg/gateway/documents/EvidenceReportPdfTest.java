package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.core.model.Evidence;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evidence report (存证报告书), fetched over HTTP from a real gateway and read back with PDFBox. */
class EvidenceReportPdfTest {
  private static RunningGateway gateway;
  private static JsonNode evidence;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(CjkFont.find().isPresent(), "no CJK font: install the Debian package " + CjkFont.PACKAGE + " (.ci/run does)");
    gateway = new RunningGateway();
    evidence = gateway.issueCertificate().path("payload").path("evidence").get(0);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void states_the_hash_with_its_public_algorithm_and_how_to_check_it() throws Exception {
    String evidenceNo = evidence.path("evidenceNo").asText();
    HttpResponse<byte[]> r = gateway.get("holder", "/api/v1/evidence/" + evidenceNo + "/report");
    assertThat(r.statusCode()).as(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/pdf");
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "evidence-report.pdf"), r.body());
    try (PDDocument doc = Loader.loadPDF(r.body())) {
      ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 100), "png", Path.of("target", "evidence-report-page1.png").toFile());
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("存证报告书", "存证编号", evidenceNo, "天津数据资产登记中心",
          "甲数据科技有限公司", "哈希算法", "SM3", "核验方法", "公开算法", "dareg hash");
      // A 64-digit hash may wrap onto a second line.
      assertThat(text.replaceAll("\\s+", "")).contains(evidence.path("hash").asText());
      byte[] attached = doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames().get(evidenceNo + ".json").getEmbeddedFile().toByteArray();
      Evidence record = Json.mapper().readValue(attached, Evidence.class);
      assertThat(record.hash()).isEqualTo(evidence.path("hash").asText());
      assertThat(record.evidenceNo()).isEqualTo(evidenceNo);
    }
  }

  @Test
  void is_for_those_who_may_read_the_evidence() throws Exception {
    String evidenceNo = evidence.path("evidenceNo").asText();
    HttpResponse<byte[]> anonymous = gateway.get(null, "/api/v1/evidence/" + evidenceNo + "/report");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    assertThat(gateway.get("holder", "/api/v1/evidence/EV-00000000-000000000000/report").statusCode()).isIn(400, 404);
  }
}

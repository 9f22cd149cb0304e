package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.json.Json;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The certificate's paper form, fetched over HTTP from a real gateway and read back with PDFBox. */
class CertificatePdfTest {
  private static final int DPI = 300;
  private static RunningGateway gateway;
  private static JsonNode cert;
  private static String certNo;
  private static byte[] pdf;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(CjkFont.find().isPresent(), "no CJK font: install the Debian package " + CjkFont.PACKAGE + " (.ci/run does)");
    gateway = new RunningGateway();
    cert = gateway.issueCertificate();
    certNo = cert.path("payload").path("certNo").asText();
    HttpResponse<byte[]> r = gateway.get("/api/v1/certificates/" + certNo + "/pdf");
    assertThat(r.statusCode()).as(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/pdf");
    pdf = r.body();
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "certificate.pdf"), pdf);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void prints_every_certificate_field_with_its_chinese_label() throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(doc.getNumberOfPages()).isEqualTo(2);
      assertThat(text).contains("数据资产登记证书", "证书编号", certNo, "登记编号", cert.path("payload").path("regNo").asText(),
          "登记机构", "天津数据资产登记中心", "权利人", "甲数据科技有限公司", "数据资产名称", "企业信用评估数据集",
          "权利类型", "数据资源持有权", "取得方式", "原始取得", "更新频率", "应用场景", "信用评估", "授信审批", "使用范围",
          "发证日期", "有效期", "权利负担页", "质押", "全部数据资产", "存证附件");
    }
  }

  @Test
  void carries_the_signed_certificate_which_verifies_offline() throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDEmbeddedFilesNameTreeNode files = doc.getDocumentCatalog().getNames().getEmbeddedFiles();
      Map<String, PDComplexFileSpecification> names = files.getNames();
      assertThat(names).containsOnlyKeys(certNo + ".json");
      byte[] attached = names.get(certNo + ".json").getEmbeddedFile().toByteArray();
      Certificate parsed = Certificate.parse(attached);
      assertThat((JsonNode) Json.mapper().valueToTree(parsed)).isEqualTo(cert);
      VerificationReport report = new CertificateVerifier(new BouncyCastleProvider(), List.of(gateway.root()))
          .verify(parsed, gateway.now(), null, null);
      assertThat(report.valid()).as(report.toString()).isTrue();
    }
  }

  @Test
  void its_qr_code_leads_to_the_public_verify_page_of_this_certificate() throws Exception {
    BufferedImage page;
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      page = render(doc);
    }
    ImageIO.write(page, "png", Path.of("target", "certificate-page1.png").toFile());
    assertThat(qrCode(page)).isEqualTo(gateway.base() + "/verify.html?cert=" + certNo);
  }

  @Test
  void the_qr_code_reads_back_whatever_address_the_gateway_is_reached_at() throws Exception {
    Certificate parsed = Certificate.parse(Json.mapper().writeValueAsBytes(cert));
    CertificatePdf renderer = new CertificatePdf(CjkFont.require());
    for (String base : List.of("http://127.0.0.1:1", "http://localhost:65535", "https://registry.example.cn", "http://[::1]:8080",
        "http://127.0.0.1:38231", "http://127.0.0.1:40123", "http://127.0.0.1:35523", "http://10.0.0.1:9999")) {
      String url = base + "/verify.html?cert=" + certNo;
      try (PDDocument doc = Loader.loadPDF(renderer.render(parsed, Json.mapper().writeValueAsBytes(cert), url))) {
        assertThat(qrCode(render(doc))).isEqualTo(url);
      }
    }
  }

  /**
   * Decodes the QR code printed in the lower right of a page rendered at {@link #DPI}: first the
   * square where the layout puts it, with its quiet zone, then the whole corner.
   */
  private static String qrCode(BufferedImage page) throws Exception {
    float scale = DPI / 72f;
    // The code's 112-point square, 96 points above the bottom and 56 from the right, with 4 of its quiet zone (the caption is below that).
    int size = Math.round((112 + 8) * scale);
    int x = Math.round((595.28f - 56 - 112 - 4) * scale);
    int y = Math.round((841.89f - 96 - 112 - 4) * scale);
    BufferedImage square = page.getSubimage(x, y, Math.min(size, page.getWidth() - x), Math.min(size, page.getHeight() - y));
    BufferedImage corner = page.getSubimage(page.getWidth() / 2, page.getHeight() * 2 / 3, page.getWidth() / 2, page.getHeight() / 3);
    // The square holds nothing but the code and its quiet zone, so it is read as a pure barcode first.
    List<Map.Entry<BufferedImage, Map<com.google.zxing.DecodeHintType, Object>>> attempts = List.of(
        Map.entry(square, Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)),
        Map.entry(square, Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)),
        Map.entry(corner, Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)));
    com.google.zxing.ReaderException last = null;
    for (Map.Entry<BufferedImage, Map<com.google.zxing.DecodeHintType, Object>> a : attempts) {
      BufferedImage image = a.getKey();
      int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
      BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
      try {
        return new QRCodeReader().decode(bitmap, a.getValue()).getText();
      } catch (com.google.zxing.ReaderException e) {
        last = e;
      }
    }
    throw last;
  }

  private static BufferedImage render(PDDocument doc) throws Exception {
    PDFRenderer renderer = new PDFRenderer(doc);
    // Hard module edges: anti-aliasing only blurs what the decoder has to find.
    renderer.setRenderingHints(new java.awt.RenderingHints(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_OFF));
    return renderer.renderImageWithDPI(0, DPI);
  }

  @Test
  void is_the_same_document_each_time_it_is_fetched() throws Exception {
    HttpResponse<byte[]> again = gateway.get("/api/v1/certificates/" + certNo + "/pdf");
    assertThat(again.body()).isEqualTo(pdf);
    assertThat(again.headers().firstValue("content-disposition")).hasValue("inline; filename=\"" + certNo + ".pdf\"");
  }

  @Test
  void is_described_as_a_public_pdf_in_the_api_document() throws Exception {
    JsonNode op = Json.mapper().readTree(gateway.get("/api/v1/openapi.json").body()).path("paths").path("/certificates/{certNo}/pdf").path("get");
    assertThat(op.path("operationId").asText()).isEqualTo("getCertificatePdf");
    assertThat(op.path("security")).isEmpty();
    assertThat(op.path("responses").path("200").path("content").has("application/pdf")).isTrue();
  }

  @Test
  void an_unknown_certificate_has_no_pdf() throws Exception {
    HttpResponse<byte[]> r = gateway.get("/api/v1/certificates/DR-20260101-000000000000-C01/pdf");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
  }
}

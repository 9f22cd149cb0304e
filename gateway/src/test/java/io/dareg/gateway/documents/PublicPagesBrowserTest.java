package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public pages in a real browser (Debian's headless Chromium). The verify page: the QR link of
 * a valid certificate, of a revoked one, and a pasted certificate that was altered, each showing
 * the right outcome check by check. The notice board and the announcements: what is in notice and
 * what was issued. Every page passes axe-core (no serious or critical violation) and is shown on a
 * desktop and a phone; a verification prints on one page. Screenshots go to target/screenshots/.
 * The browser and the gateway are ConsoleBrowser's.
 */
class PublicPagesBrowserTest extends ConsoleBrowser {
  @Test
  void the_qr_link_of_a_valid_certificate_shows_it_valid_check_by_check() throws Exception {
    String certNo = gateway.issueCertificate().path("payload").path("certNo").asText();
    browser.get(gateway.base() + "/verify.html?cert=" + certNo);
    WebElement outcome = outcome();
    screenshot("verify-valid.png");
    assertThat(outcome.getAttribute("data-valid")).isEqualTo("true");
    assertThat(outcome.getText()).contains("证书有效").contains("Valid");
    assertThat(checks()).containsExactly(Map.entry("SIGNATURE", "PASS"), Map.entry("CHAIN", "PASS"), Map.entry("VALIDITY", "PASS"),
        Map.entry("LEDGER_RECORDED", "PASS"), Map.entry("LEDGER_STATUS", "PASS"), Map.entry("EVIDENCE", "SKIPPED"));
    assertThat(browser.findElement(By.id("checks")).getText())
        .contains("登记机构签名", "通过", "Pass", "证书及其登记仍然有效", "The certificate and its registration are in force");
    assertThat(browser.findElement(By.id("summary")).getText()).contains(certNo, "甲数据科技有限公司", "企业信用评估数据集");
  }

  @Test
  void the_qr_link_of_a_revoked_certificate_says_it_is_no_longer_in_force() throws Exception {
    JsonNode cert = gateway.issueCertificate();
    gateway.revoke(cert.path("payload").path("regNo").asText());
    browser.get(gateway.base() + "/verify.html?cert=" + cert.path("payload").path("certNo").asText());
    WebElement outcome = outcome();
    screenshot("verify-revoked.png");
    assertThat(outcome.getAttribute("data-valid")).isEqualTo("false");
    assertThat(outcome.getText()).contains("证书无效").contains("Not valid");
    Map<String, String> checks = checks();
    assertThat(checks).containsEntry("SIGNATURE", "PASS").containsEntry("LEDGER_STATUS", "FAIL");
    assertThat(browser.findElement(By.cssSelector("li[data-check=LEDGER_STATUS]")).getText())
        .contains("证书已不再有效：已被撤销").contains("it was revoked").contains("REVOKED");
  }

  // issue 24: a certificate that carries its log receipt shows where it is in the log and by how many witnesses
  @Test
  void a_certificate_with_its_log_receipt_shows_the_transparency_log_row() throws Exception {
    try (RunningGateway witnessed = new RunningGateway(true)) {
      String certNo = witnessed.issueCertificate().path("payload").path("certNo").asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!Json.mapper().readTree(witnessed.get("/api/v1/certificates/" + certNo).body()).has("logReceipt")) {
        assertThat(System.nanoTime()).as("witnessed within 20 s").isLessThan(deadline);
        Thread.sleep(100);
      }
      browser.get(witnessed.base() + "/verify.html?cert=" + certNo);
      assertThat(outcome().getAttribute("data-valid")).isEqualTo("true");
      WebElement row = browser.findElement(By.cssSelector("[data-mark=log-receipt]"));
      screenshot("verify-log-receipt.png");
      assertThat(row.getAttribute("data-valid")).isEqualTo("true");
      assertThat(row.getText()).containsPattern("recorded in the log at \\d+, witnessed by 1 of 1").contains("透明日志第");
      assertThat(browser.findElement(By.id("summary")).getText()).contains("透明日志").contains("Transparency log");
    }
  }

  // issue 20: review, profiles and disclosure
  @Test
  void a_registration_number_checks_the_certificate_in_force() throws Exception {
    JsonNode cert = gateway.issueCertificate();
    browser.get(gateway.base() + "/verify.html");
    browser.findElement(By.id("number-text")).sendKeys(cert.path("payload").path("regNo").asText());
    browser.findElement(By.id("number-button")).click();
    assertThat(outcome().getAttribute("data-valid")).isEqualTo("true");
    assertThat(browser.findElement(By.id("summary")).getText()).contains(cert.path("payload").path("certNo").asText());
  }

  @Test
  void an_altered_certificate_uploaded_or_pasted_fails_its_signature() throws Exception {
    JsonNode cert = gateway.issueCertificate();
    String altered = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(cert).replace("甲数据科技有限公司", "丙数据科技有限公司");
    browser.get(gateway.base() + "/verify.html");
    WebElement text = browser.findElement(By.id("certificate-text"));
    text.clear();
    text.sendKeys(altered);
    browser.findElement(By.id("verify-button")).click();
    WebElement outcome = outcome();
    screenshot("verify-altered.png");
    assertThat(outcome.getAttribute("data-valid")).isEqualTo("false");
    assertThat(checks()).containsEntry("SIGNATURE", "FAIL").containsEntry("LEDGER_RECORDED", "FAIL");
    assertThat(browser.findElement(By.cssSelector("li[data-check=SIGNATURE]")).getText()).contains("证书在签发后被改动").contains("altered after issue");

    // The untouched document, uploaded as a file, verifies.
    File file = Files.writeString(Files.createTempFile("certificate", ".json"), cert.toString()).toFile();
    browser.get(gateway.base() + "/verify.html");
    browser.findElement(By.id("certificate-file")).sendKeys(file.getAbsolutePath());
    assertThat(outcome().getAttribute("data-valid")).isEqualTo("true");
  }

  @Test
  void a_data_file_is_hashed_in_the_page_with_sm3_and_matched_against_the_certificates_evidence() throws Exception {
    byte[] data = "统一社会信用代码,企业名称,信用评分\n91120000MA0000001X,甲公司,87\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    org.bouncycastle.crypto.digests.SM3Digest sm3 = new org.bouncycastle.crypto.digests.SM3Digest();
    sm3.update(data, 0, data.length);
    byte[] digest = new byte[32];
    sm3.doFinal(digest, 0);
    JsonNode cert = gateway.certificateOn("SM3", java.util.HexFormat.of().formatHex(digest), data.length);
    File certificate = Files.writeString(Files.createTempFile("certificate", ".json"), cert.toString()).toFile();
    browser.get(gateway.base() + "/verify.html");
    // The data first, then the certificate, whose upload checks at once: the page's SM3 of the file is the evidence's.
    browser.findElement(By.id("data-file")).sendKeys(Files.write(Files.createTempFile("data", ".csv"), data).toAbsolutePath().toString());
    browser.findElement(By.id("certificate-file")).sendKeys(certificate.getAbsolutePath());
    assertThat(outcome().getAttribute("data-valid")).isEqualTo("true");
    assertThat(checks()).containsEntry("EVIDENCE", "PASS");
    screenshot("verify-data-match.png");
    // Other data does not match, and the certificate is not valid for it.
    WebElement dataFile = browser.findElement(By.id("data-file"));
    dataFile.clear();
    dataFile.sendKeys(Files.write(Files.createTempFile("other", ".csv"), "其他数据\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toAbsolutePath().toString());
    ((JavascriptExecutor) browser).executeScript("document.getElementById('outcome').removeAttribute('data-valid')");
    browser.findElement(By.id("verify-button")).click();
    assertThat(outcome().getAttribute("data-valid")).isEqualTo("false");
    assertThat(checks()).containsEntry("EVIDENCE", "FAIL");
  }

  @Test
  void an_unknown_certificate_number_says_so_plainly() {
    browser.get(gateway.base() + "/verify.html?cert=DR-20260101-000000000000-C01");
    WebElement error = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
      WebElement e = d.findElement(By.id("error"));
      return e.isDisplayed() ? e : null;
    });
    assertThat(error.getText()).contains("登记机构没有编号为 DR-20260101-000000000000-C01 的证书").contains("has no certificate");
  }

  @Test
  void the_notice_board_lists_a_registration_in_notice_with_its_objection_deadline() throws Exception {
    JsonNode notice = gateway.inNotice();
    String regNo = notice.path("regNo").asText();
    browser.get(gateway.base() + "/notices.html");
    loaded();
    screenshot("notices.png");
    WebElement entry = browser.findElement(By.cssSelector("li[data-reg-no='" + regNo + "']"));
    assertThat(entry.getText()).contains("企业信用评估数据集", "甲数据科技有限公司", "信用评估", "企业数据", "原始取得", "公示中", "异议截止", "北京时间");
    assertThat(browser.findElement(By.id("status")).getText()).contains("共").contains("in all");
  }

  @Test
  void the_announcements_list_an_issued_registration() throws Exception {
    String regNo = gateway.issueCertificate().path("payload").path("regNo").asText();
    browser.get(gateway.base() + "/announcements.html");
    loaded();
    screenshot("announcements.png");
    WebElement entry = browser.findElement(By.cssSelector("li[data-reg-no='" + regNo + "']"));
    assertThat(entry.getText()).contains("企业信用评估数据集", "甲数据科技有限公司", "数据资源持有权", "I64", "登记时间", "有效期至");
    assertThat(browser.findElements(By.cssSelector("li[data-reg-no]")).stream().map(e -> e.getAttribute("data-reg-no")))
        .doesNotHaveDuplicates();
  }

  @Test
  void the_fees_page_shows_the_published_fee_schedule_operating_rules_and_retention_periods() throws Exception {
    // Before the registry admin publishes anything, the page says so; the retention periods come with the profiles.
    browser.get(gateway.base() + "/fees.html");
    loaded();
    assertThat(browser.findElement(By.id("fee-table")).getText()).contains("尚未公布收费标准").contains("not published its fees yet");
    assertThat(browser.findElement(By.id("retention-table")).getText()).contains("TJ-DIP");
    com.fasterxml.jackson.databind.node.ObjectNode terms = Json.mapper().createObjectNode().put("operatingRules", "《数据资产登记业务规则（试行）》第十二条");
    terms.putArray("fees").addObject().put("item", "首次登记").put("amount", "免费").put("basis", "津发改价〔2024〕1号");
    gateway.post("admin", "/settings/public-terms", terms);

    browser.get(gateway.base() + "/fees.html");
    loaded();
    assertThat(browser.findElement(By.id("fee-table")).getText()).contains("首次登记", "免费", "津发改价〔2024〕1号");
    assertThat(browser.findElement(By.id("operating-rules")).getText()).isEqualTo("《数据资产登记业务规则（试行）》第十二条");
    assertThat(browser.findElement(By.id("retention-table")).getText()).containsPattern("TJ-DIP\\s+\\d+ 年");
    assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    shown("fees");
  }

  @Test
  void a_judicial_extract_and_a_ledger_audit_report_check_in_the_page_and_altered_ones_do_not() throws Exception {
    String regNo = gateway.issueCertificate().path("payload").path("regNo").asText();
    byte[] pdf = gateway.get("registrar", "/api/v1/registrations/" + regNo + "/extract").body();
    java.nio.file.Path extract = Files.write(Files.createTempFile(regNo, "-extract.pdf"), pdf);
    java.nio.file.Path root = Files.writeString(Files.createTempFile("root", ".pem"), "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(gateway.root().getEncoded()) + "\n-----END CERTIFICATE-----\n");
    browser.get(gateway.base() + "/verify.html");

    // The extract with the registry root: every check of dareg report check-extract passes, in the page.
    assertThat(checkFile(extract, root)).isEqualTo("true");
    assertThat(documentChecks()).containsExactly(Map.entry("COVERAGE", "PASS"), Map.entry("SIGNATURE", "PASS"), Map.entry("CHAIN", "PASS"),
        Map.entry("ATTACHMENT", "PASS"));
    assertThat(browser.findElement(By.id("signed-file-result")).getText()).contains(regNo + "-extract.json", "有效");
    shown("verify-extract");
    // Without a root the chain is not checked, and says so; one byte changed in the signed part fails the signature.
    assertThat(checkFile(extract, null)).isEqualTo("false");
    assertThat(documentChecks()).containsEntry("CHAIN", "FAIL").containsEntry("SIGNATURE", "PASS");
    byte[] altered = pdf.clone();
    int at = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("/Producer");
    altered[at > 0 ? at + 2 : 200] ^= 1;
    assertThat(checkFile(Files.write(Files.createTempFile("altered", ".pdf"), altered), root)).isEqualTo("false");
    assertThat(documentChecks()).containsEntry("SIGNATURE", "FAIL");

    // The gateway's signed audit report checks (by the node key it names); one with a changed figure does not.
    byte[] report = gateway.get("admin", "/api/v1/ledger/audit").body();
    assertThat(checkFile(Files.write(Files.createTempFile("audit", ".json"), report), null)).isEqualTo("true");
    assertThat(documentChecks()).containsExactly(Map.entry("REPORT", "PASS"), Map.entry("AUDIT", "PASS"));
    shown("verify-audit-report");
    com.fasterxml.jackson.databind.node.ObjectNode changed = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(report);
    ((com.fasterxml.jackson.databind.node.ObjectNode) changed.path("report").path("audit")).put("blocks", 1);
    assertThat(checkFile(Files.write(Files.createTempFile("changed", ".json"), Json.mapper().writeValueAsBytes(changed)), null)).isEqualTo("false");
    assertThat(documentChecks()).containsEntry("REPORT", "FAIL");
    assertThat(browser.findElement(By.id("signed-file-result")).getText()).contains("does not verify");
  }

  /** Chooses the file (and the root, or none) in the verify page's signed-file check; answers its verdict, "true" or "false". */
  private static String checkFile(java.nio.file.Path file, java.nio.file.Path root) {
    WebElement input = browser.findElement(By.id("signed-file-input"));
    input.clear();
    input.sendKeys(file.toAbsolutePath().toString());
    WebElement roots = browser.findElement(By.id("roots-file"));
    roots.clear();
    if (root != null) {
      roots.sendKeys(root.toAbsolutePath().toString());
    }
    ((JavascriptExecutor) browser).executeScript("document.getElementById('signed-file-outcome').removeAttribute('data-valid')");
    browser.findElement(By.id("signed-file-button")).click();
    return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
      WebElement o = d.findElement(By.id("signed-file-outcome"));
      return o.getAttribute("data-valid") != null && o.isDisplayed() ? o.getAttribute("data-valid") : null;
    });
  }

  private static Map<String, String> documentChecks() {
    Map<String, String> out = new LinkedHashMap<>();
    browser.findElements(By.cssSelector("#document-checks li")).forEach(li -> out.put(li.getAttribute("data-check"), li.getAttribute("data-outcome")));
    return out;
  }

  @Test
  void every_public_page_passes_axe_core_and_is_shown_on_a_desktop_and_a_phone() throws Exception {
    gateway.inNotice();
    String valid = gateway.issueCertificate().path("payload").path("certNo").asText();
    JsonNode revoked = gateway.issueCertificate();
    gateway.revoke(revoked.path("payload").path("regNo").asText());

    browser.get(gateway.base() + "/verify.html");
    chromium.until(d -> d.findElement(By.id("verify-button")).isDisplayed());
    shown("verify");
    browser.get(gateway.base() + "/verify.html?cert=" + valid);
    outcome();
    shown("verify-valid");
    browser.get(gateway.base() + "/verify.html?cert=" + revoked.path("payload").path("certNo").asText());
    outcome();
    shown("verify-revoked");
    browser.get(gateway.base() + "/verify.html?cert=DR-20260101-000000000000-C01");
    chromium.until(d -> d.findElement(By.id("error")).isDisplayed());
    shown("verify-unknown");
    for (String board : List.of("notices", "announcements")) { // fees.html: the fees test
      browser.get(gateway.base() + "/" + board + ".html");
      loaded();
      shown(board);
    }
  }

  @Test
  void a_verification_prints_on_one_page_black_on_white_with_its_verdict_and_fields_and_no_navigation() throws Exception {
    JsonNode cert = gateway.issueCertificate();
    String certNo = cert.path("payload").path("certNo").asText();
    browser.get(gateway.base() + "/verify.html?cert=" + certNo);
    outcome();
    chromium.printShot("verify-print");
    byte[] pdf = chromium.printPdf();
    Files.write(HeadlessBrowser.SCREENSHOTS.resolve("verify-print.pdf"), pdf);

    try (PDDocument printed = Loader.loadPDF(pdf)) {
      assertThat(printed.getNumberOfPages()).isEqualTo(1);
      String text = new PDFTextStripper().getText(printed);
      assertThat(text).contains("Valid", certNo, cert.path("payload").path("regNo").asText(), "Registry signature", "Still in force")
          .doesNotContain("Announcements", "Check by number", "paste its content");
    }
    chromium.media("print");
    try {
      JsonNode colours = Json.mapper().readTree((String) ((JavascriptExecutor) browser).executeScript("""
          const c = (id) => { const s = getComputedStyle(document.getElementById(id)); return { color: s.color, background: s.backgroundColor }; };
          return JSON.stringify({ body: c('result'), outcome: c('outcome'), nav: getComputedStyle(document.querySelector('nav')).display });"""));
      assertThat(colours.path("outcome").path("color").asText()).isEqualTo("rgb(0, 0, 0)");
      assertThat(colours.path("outcome").path("background").asText()).isIn("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)");
      assertThat(colours.path("body").path("color").asText()).isEqualTo("rgb(0, 0, 0)");
      assertThat(colours.path("nav").asText()).isEqualTo("none");
    } finally {
      chromium.media("");
    }
  }

  private static void loaded() {
    chromium.loaded();
  }

  /** The outcome heading, once the page has a verdict. */
  private static WebElement outcome() {
    return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
      WebElement o = d.findElement(By.id("outcome"));
      return o.getAttribute("data-valid") != null && o.isDisplayed() ? o : null;
    });
  }

  private static Map<String, String> checks() {
    List<WebElement> items = browser.findElements(By.cssSelector("#checks li"));
    Map<String, String> out = new LinkedHashMap<>();
    items.forEach(li -> out.put(li.getAttribute("data-check"), li.getAttribute("data-outcome")));
    return out;
  }

  private static void screenshot(String name) throws Exception {
    chromium.screenshot(name);
  }
}

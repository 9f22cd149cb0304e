package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The registry's work queues in the console, in a real browser: a registrar issues a certificate,
 * pages through a long queue, is refused in plain words before a notice ends, takes an application
 * to notice with a reviewer, decides objections, revokes, and works the queue after issue (forwarding,
 * overdue formal reviews) while a holder corrects and answers. Screenshots go to target/screenshots/.
 */
class ConsoleRegistryBrowserTest extends ConsoleBrowser {
  @Test
  void a_registrar_issues_a_certificate_from_the_work_queue() throws Exception {
    JsonNode notice = gateway.inNotice();
    String regNo = notice.path("regNo").asText();
    gateway.passNotice(notice);

    signIn(gateway.identity("registrar"));
    assertThat(browser.findElement(By.id("role")).getAttribute("data-role")).isEqualTo("REGISTRAR");
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=PUBLIC_NOTICE] li[data-reg-no='" + regNo + "']"));
    assertThat(entry.getText()).contains("企业信用评估数据集", "公示中");
    entry.findElement(By.cssSelector("button[data-action=issue]")).click();
    WebElement outcome = outcome(entry);
    chromium.screenshot("console-registrar-issued.png");

    assertThat(outcome.getAttribute("data-outcome")).isEqualTo("done");
    assertThat(outcome.getText()).contains("证书已签发", "Certificate issued", regNo + "-C01");
    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("ISSUED");
    assertThat(view.path("certificate").path("certNo").asText()).isEqualTo(regNo + "-C01");

    // The certificate's link opens the public check, which finds it valid.
    outcome.findElement(By.cssSelector("a[href^='verify.html']")).click();
    WebElement verdict = chromium.until(d -> {
      WebElement o = d.findElement(By.id("outcome"));
      return o.getAttribute("data-valid") != null ? o : null;
    });
    chromium.screenshot("console-registrar-certificate-checked.png");
    assertThat(verdict.getAttribute("data-valid")).isEqualTo("true");
    assertThat(browser.findElement(By.id("summary")).getText()).contains(regNo + "-C01", "甲数据科技有限公司");
  }

  @Test
  void the_queue_shows_fifty_at_a_time_and_pages_on() throws Exception {
    // A gateway of its own, so that the other tests' applications stay on the first page of theirs.
    try (RunningGateway busy = new RunningGateway()) {
      Set<String> created = new HashSet<>();
      for (int i = 0; i < 51; i++) {
        created.add(busy.submitted());
      }
      signIn(busy, busy.identity("registrar"));
      pagesOn(created);
    }
  }

  private static void pagesOn(Set<String> created) {
    WebElement queue = browser.findElement(By.cssSelector("[data-queue=SUBMITTED]"));
    assertThat(queue.findElements(By.cssSelector("li[data-reg-no]"))).hasSize(50);
    assertThat(queue.findElement(By.className("count")).getText()).contains("50+");
    queue.findElement(By.className("more")).click();
    chromium.until(d -> queue.findElements(By.cssSelector("li[data-reg-no]")).size() > 50);
    assertThat(queue.findElements(By.cssSelector("li[data-reg-no]")).stream().map(li -> li.getAttribute("data-reg-no")))
        .containsAll(created).doesNotHaveDuplicates();
  }

  @Test
  void issuing_before_the_notice_ends_is_refused_in_plain_words_and_changes_nothing() throws Exception {
    String regNo = gateway.inNotice().path("regNo").asText();

    signIn(gateway.identity("registrar"));
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=PUBLIC_NOTICE] li[data-reg-no='" + regNo + "']"));
    entry.findElement(By.cssSelector("button[data-action=issue]")).click();
    WebElement outcome = outcome(entry);
    chromium.screenshot("console-refusal.png");

    assertThat(outcome.getAttribute("data-outcome")).isEqualTo("refused");
    assertThat(outcome.findElement(By.className("words")).getText())
        .contains("登记机构拒绝了此操作", "The registry refused", "state or a deadline does not allow this");
    assertThat(outcome.findElement(By.className("why")).getText())
        .contains("公示期至", "尚未结束，期满后才能颁发", "The public notice has not ended", "issue after it ends");
    assertThat(outcome.findElement(By.className("detail")).getText()).contains("runs until", "HTTP 409");
    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("PUBLIC_NOTICE");
  }

  @Test
  void an_application_is_reviewed_and_put_in_notice_from_the_queues_of_registrar_and_reviewer() throws Exception {
    String regNo = gateway.submitted();

    signIn(gateway.identity("registrar"));
    act("SUBMITTED", regNo, "start", null);
    signIn(gateway.identity("registrar"));
    act("FORMAL_REVIEW", regNo, "formal-PASS", "材料齐全");
    signIn(gateway.identity("reviewer"));
    assertThat(browser.findElement(By.id("role")).getAttribute("data-role")).isEqualTo("REVIEWER");
    act("SUBSTANTIVE_REVIEW", regNo, "substantive-PASS", "数据来源真实");
    signIn(gateway.identity("registrar"));
    WebElement done = act("SUBSTANTIVE_REVIEW", regNo, "notice", null);
    chromium.screenshot("console-notice-published.png");
    assertThat(done.getText()).contains("已公示", "In public notice until");

    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("PUBLIC_NOTICE");
    JsonNode reviews = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo + "/reviews").body());
    assertThat(reviews.findValuesAsText("opinionHash")).contains(RunningGateway.h("材料齐全"), RunningGateway.h("数据来源真实"));
  }

  @Test
  void a_registrar_dismisses_an_objection_and_the_notice_resumes() throws Exception {
    String regNo = gateway.inNotice().path("regNo").asText();
    ObjectNode objection = Json.mapper().createObjectNode().put("kind", "GENERAL")
        .put("groundsHash", RunningGateway.h("grounds")).put("evidenceHash", RunningGateway.h("evidence"));
    String objectionNo = gateway.post("exchange", "/registrations/" + regNo + "/objections", objection).path("objectionNo").asText();

    WebElement done = decideObjection(regNo, objectionNo, "异议缺乏证据", "objection-DISMISSED");
    chromium.screenshot("console-objection-dismissed.png");
    assertThat(done.getText()).contains(objectionNo, "异议不成立");
    JsonNode view = Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body());
    assertThat(view.path("effectiveStatus").asText()).isEqualTo("PUBLIC_NOTICE");
  }

  @Test
  void a_revocation_needs_its_basis_and_then_revokes_the_certificate() throws Exception {
    String certNo = gateway.issueCertificate().path("payload").path("certNo").asText();
    String regNo = certNo.substring(0, certNo.lastIndexOf("-C"));

    signIn(gateway.identity("registrar"));
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=ISSUED] li[data-reg-no='" + regNo + "']"));
    type(entry, "reason", "权利人申请撤销");
    entry.findElement(By.cssSelector("button[data-action=revoke]")).click();
    WebElement refused = outcome(entry);
    assertThat(refused.getAttribute("data-outcome")).isEqualTo("refused");
    assertThat(refused.getText()).contains("填写的内容有误", "Something entered is not right", "basis", "HTTP 400");
    assertThat(Json.mapper().readTree(gateway.get("regulator", "/api/v1/registrations/" + regNo).body()).path("effectiveStatus").asText())
        .isEqualTo("ISSUED");

    new Select(entry.findElement(By.name("basis"))).selectByValue("PETITION");
    entry.findElement(By.cssSelector("button[data-action=revoke]")).click();
    WebElement revoked = chromium.until(d -> "done".equals(entry.findElement(By.className("outcome")).getAttribute("data-outcome"))
        ? entry.findElement(By.className("outcome")) : null);
    chromium.screenshot("console-revoked.png");
    assertThat(revoked.getText()).contains("登记已撤销", "Revoked");
    JsonNode certificate = Json.mapper().readTree(gateway.get("regulator", "/api/v1/certificates/" + certNo + "/record").body());
    assertThat(certificate.path("status").asText()).isEqualTo("REVOKED");
  }

  @Test
  void the_holder_corrects_and_answers_an_objection_and_the_registrar_forwards_decides_and_sees_overdue_reviews() throws Exception {
    // A gateway of its own: its clock moves on until formal reviews are overdue.
    try (RunningGateway fresh = new RunningGateway()) {
      String regNo = fresh.submitted();
      fresh.post("registrar", "/registrations/" + regNo + "/formal-review/start", Json.mapper().createObjectNode());
      fresh.post("registrar", "/registrations/" + regNo + "/formal-review", Json.mapper().createObjectNode()
          .put("outcome", "NEEDS_CORRECTION").put("opinionHash", RunningGateway.h("来源不清")).put("reason", "请补充数据来源说明"));
      // The holder sees what to correct and corrects it.
      signIn(fresh, fresh.identity("holder"));
      WebElement item = browser.findElement(By.cssSelector("#corrections li[data-reg-no='" + regNo + "']"));
      assertThat(item.getText()).contains("请补充数据来源说明");
      type(item, "scope", "天津市内金融机构授信（来源：企业自有经营数据）");
      item.findElement(By.cssSelector("button[data-action=correct]")).click();
      done(item);
      shown("console-holder-corrected");
      JsonNode corrected = read(fresh, "/api/v1/registrations/" + regNo).path("registration");
      assertThat(corrected.path("status").asText()).isEqualTo("FORMAL_REVIEW");
      assertThat(corrected.path("asset").path("scope").asText()).isEqualTo("天津市内金融机构授信（来源：企业自有经营数据）");

      // Another registration, issued (the clock passes its notice), that someone objects to.
      String issued = fresh.issued();
      String objectionNo = fresh.object(issued).path("objectionNo").asText();

      // The registrar forwards the objection registered after issue to the holder.
      signIn(fresh, fresh.identity("registrar"));
      WebElement entry = browser.findElement(By.cssSelector("[data-queue=AFTER_ISSUE] li[data-reg-no='" + issued + "']"));
      WebElement objection = entry.findElement(By.cssSelector("[data-objection='" + objectionNo + "']"));
      type(objection, "outcome", "转送函 2026-3");
      objection.findElement(By.cssSelector("button[data-action=objection-forward]")).click();
      assertThat(done(entry).getText()).contains("已记录转送");
      shown("console-registrar-objection-forwarded");
      assertThat(read(fresh, "/api/v1/objections/" + objectionNo).path("forwardedAt").isTextual()).isTrue();

      // The holder answers it.
      signIn(fresh, fresh.identity("holder"));
      WebElement answer = browser.findElement(By.id("answer-objection"));
      type(answer, "objectionNo", objectionNo);
      type(answer, "answer", "数据为本公司自行采集");
      answer.findElement(By.cssSelector("button[data-action=answer-objection]")).click();
      done(answer);
      assertThat(read(fresh, "/api/v1/objections/" + objectionNo).path("answerHash").asText()).isEqualTo(RunningGateway.h("数据为本公司自行采集"));

      // The registrar dismisses it; the registration stays issued.
      signIn(fresh, fresh.identity("registrar"));
      WebElement decided = browser.findElement(By.cssSelector("[data-queue=AFTER_ISSUE] li[data-reg-no='" + issued + "']"));
      type(decided, "outcome", "异议缺乏证据");
      decided.findElement(By.cssSelector("button[data-action=objection-DISMISSED]")).click();
      assertThat(done(decided).getText()).contains(objectionNo, "异议不成立");
      assertThat(read(fresh, "/api/v1/objections/" + objectionNo).path("status").asText()).isEqualTo("DISMISSED");
      assertThat(read(fresh, "/api/v1/registrations/" + issued).path("effectiveStatus").asText()).isEqualTo("ISSUED");

      // Forty days on, the corrected application's formal review is overdue, and is passed from that queue.
      fresh.at(fresh.now().plus(Duration.ofDays(40)));
      signIn(fresh, fresh.identity("registrar"));
      WebElement late = browser.findElement(By.cssSelector("[data-queue=OVERDUE] li[data-reg-no='" + regNo + "']"));
      assertThat(late.getText()).contains("审查期限", "due");
      shown("console-registrar-overdue");
      act("OVERDUE", regNo, "formal-PASS", "补正后材料齐全");
      assertThat(read(fresh, "/api/v1/registrations/" + regNo).path("effectiveStatus").asText()).isEqualTo("SUBSTANTIVE_REVIEW");
    }
  }
}

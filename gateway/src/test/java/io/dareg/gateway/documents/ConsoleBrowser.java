package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * What the console's browser tests share: one headless Chromium and one gateway per test class (each
 * class its own, so that they do not see each other's registrations), and the steps a person takes
 * on the page: signing in, typing, clicking, reading an action's outcome, checking a view with
 * axe-core and taking its screenshots. Files the page saves go to a directory of their own.
 */
abstract class ConsoleBrowser {
  static RunningGateway gateway;
  static HeadlessBrowser chromium;
  static WebDriver browser;
  static Path downloads;

  @BeforeAll
  static void start() throws Exception {
    chromium = HeadlessBrowser.start();
    browser = chromium.driver();
    downloads = Files.createTempDirectory("dareg-downloads");
    chromium.downloadsTo(downloads);
    gateway = new RunningGateway();
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  /** The regulator's reading of {@code path} at {@code at}. */
  static JsonNode read(RunningGateway at, String path) throws Exception {
    return Json.mapper().readTree(at.get("regulator", path).body());
  }

  /** The outcome of an action in a form or queue entry, which must be done. */
  static WebElement done(WebElement entry) {
    WebElement o = outcome(entry);
    assertThat(o.getAttribute("data-outcome")).as(o.getText()).isEqualTo("done");
    return o;
  }

  /** Checks the page with axe-core, then takes it whole on a desktop and on a phone. */
  static void shown(String name) throws Exception {
    chromium.accessible(name);
    chromium.pageShots(name);
  }

  /** Runs an async function body in the page with {@code arguments}; answers its result as JSON text. */
  static String inPage(String body, String... arguments) {
    Object result = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "(async function () {" + body + "}).apply(null, Array.from(arguments).slice(0, -1))"
            + ".then((r) => done(JSON.stringify(r)), (e) => done('failed: ' + (e.message || e) + ' ' + JSON.stringify(e.problem || '')));",
        (Object[]) arguments);
    assertThat(String.valueOf(result)).doesNotStartWith("failed:");
    return String.valueOf(result);
  }

  /** Opens the console and signs in with an identity directory (cert.pem, key.pem). */
  static void signIn(Path identity) {
    signIn(gateway, identity);
  }

  static void signIn(RunningGateway at, Path identity) {
    signIn(at.base(), identity);
  }

  static void signIn(String base, Path identity) {
    browser.get(base + "/console.html");
    choose(identity.resolve("cert.pem"), identity.resolve("key.pem"));
    chromium.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-signed-in")));
    chromium.loaded();
    assertThat(browser.findElement(By.id("error")).isDisplayed()).as("an error after signing in").isFalse();
  }

  static void choose(Path certificate, Path key) {
    browser.findElement(By.id("certificate-file")).sendKeys(certificate.toAbsolutePath().toString());
    browser.findElement(By.id("key-file")).sendKeys(key.toAbsolutePath().toString());
    browser.findElement(By.id("sign-in-button")).click();
  }

  static String error() {
    return chromium.until(d -> {
      WebElement e = d.findElement(By.id("error"));
      return e.isDisplayed() ? e.getText() : null;
    });
  }

  /** Fills in the holder's application form for {@code data} with its signed compliance undertaking, and applies. */
  static void apply(WebElement form, byte[] data, byte[] undertaking) throws Exception {
    type(form, "name", "信用评估+企业经营数据");
    type(form, "industry", "I64");
    type(form, "coverageArea", "天津市");
    date(form, "from", "2021-01-01");
    new Select(form.findElement(By.name("source"))).selectByValue("ENTERPRISE");
    type(form, "scenarios", "信用评估，授信审批");
    type(form, "scope", "天津市内金融机构授信");
    type(form, "algorithmSummary", "去标识化后汇总");
    form.findElement(By.id("evidence-file")).sendKeys(Files.write(Files.createTempFile("part-1", ".csv"), data).toAbsolutePath().toString());
    // TJ-DIP (the default profile) asks for the signed compliance undertaking, by hash.
    new Select(form.findElement(By.name("attachmentKind"))).selectByValue("COMPLIANCE_UNDERTAKING");
    type(form, "attachmentIssuer", "甲公司");
    date(form, "attachmentDate", "2026-03-01");
    form.findElement(By.id("attachment-file"))
        .sendKeys(Files.write(Files.createTempFile("undertaking", ".pdf"), undertaking).toAbsolutePath().toString());
    form.findElement(By.cssSelector("button[data-action=apply]")).click();
  }

  /** In the queue of a status, on one registration: writes the opinion (if any), clicks the action, expects it done. */
  static WebElement act(String status, String regNo, String action, String opinion) {
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=" + status + "] li[data-reg-no='" + regNo + "']"));
    if (opinion != null) {
      type(entry, "opinion", opinion);
    }
    entry.findElement(By.cssSelector("button[data-action=" + action + "]")).click();
    WebElement done = outcome(entry);
    assertThat(done.getAttribute("data-outcome")).as(action + ": " + done.getText()).isEqualTo("done");
    return done;
  }

  static void type(WebElement form, String name, String text) {
    WebElement input = form.findElement(By.name(name));
    input.clear();
    input.sendKeys(text);
  }

  /** Sets a date input's value, which typing would enter in the browser's locale. */
  static void date(WebElement form, String name, String isoDate) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", form.findElement(By.name(name)), isoDate);
  }

  /** The outcome of an action in a queue entry or form, once it has one. */
  static WebElement outcome(WebElement entry) {
    WebElement outcome = chromium.until(d -> {
      WebElement o = entry.findElement(By.className("outcome"));
      return o.getAttribute("data-outcome") != null ? o : null;
    });
    // In view for the screenshots.
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", outcome);
    return outcome;
  }

  /** The outcome of a download button in a form: done, naming the file saved. */
  static byte[] downloaded(WebElement form) throws Exception {
    WebElement o = done(form);
    String name = o.findElement(By.cssSelector("[data-downloaded]")).getAttribute("data-downloaded");
    Path file = downloads.resolve(name);
    chromium.until(d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")) ? true : null);
    return Files.readAllBytes(file);
  }

  /**
   * As the registrar, in the queue of objections during notice: writes the decision's words on
   * {@code objectionNo} of {@code regNo} and clicks {@code action}; answers the outcome, which must be done.
   */
  static WebElement decideObjection(String regNo, String objectionNo, String words, String action) throws Exception {
    signIn(gateway.identity("registrar"));
    WebElement entry = browser.findElement(By.cssSelector("[data-queue=OBJECTION_PENDING] li[data-reg-no='" + regNo + "']"));
    WebElement item = chromium.until(d -> entry.findElements(By.cssSelector("li[data-objection='" + objectionNo + "']")).stream().findFirst().orElse(null));
    type(item, "outcome", words);
    click(item, action);
    return done(entry);
  }

  /** Clicks the button of {@code action} in {@code form}. */
  static void click(WebElement form, String action) {
    form.findElement(By.cssSelector("button[data-action=" + action + "]")).click();
  }
}

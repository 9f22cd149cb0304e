package io.dareg.gateway.documents;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The verify page's act check as a reader fills it in: the act, the roots trusted for authors (as --trust), a Fabric
 * network's CA roots and their MSP ids (as --fabric-trust), the log's and witnesses' keys and the quorum (as --log-key,
 * --witness, --quorum), and whether to check against the gateway's log too (as --online); and what the page then shows, line by line.
 */
final class ActPage {
  private final HeadlessBrowser chromium;
  private final WebDriver browser;
  private final String page;
  private boolean online;

  /** The act check of the verify page at {@code base}, in {@code chromium}. */
  ActPage(HeadlessBrowser chromium, String base) {
    this.chromium = chromium;
    this.browser = chromium.driver();
    this.page = base + "/verify.html";
  }

  /** With {@code on}, the reader also ticks the check against the gateway's log (as --online) from now on. */
  ActPage online(boolean on) {
    this.online = on;
    return this;
  }

  /** What the reader gives beside the act; every member may be empty. */
  record Given(List<Path> roots, List<Path> fabricRoots, String msps, Path logKey, List<Path> witnesses, String quorum) {
    static Given roots(Path... roots) {
      return new Given(List.of(roots), List.of(), "", null, List.of(), "");
    }

    Given fabric(Path... fabric) {
      return new Given(roots, List.of(fabric), msps, logKey, witnesses, quorum);
    }

    Given log(Path key, String quorum, Path... witnesses) {
      return new Given(roots, fabricRoots, msps, key, List.of(witnesses), quorum);
    }
  }

  /** Chooses the act and what is {@code given}, and checks; answers the verdict, "true" or "false". */
  String check(byte[] act, Given given) throws Exception {
    fill(Files.write(Files.createTempFile("act", ".json"), act), given);
    return chromium.until(d -> {
      WebElement o = d.findElement(By.id("act-outcome"));
      return o.getAttribute("data-valid") != null && o.isDisplayed() ? o.getAttribute("data-valid") : null;
    });
  }

  /** Chooses the act and what is {@code given}, and checks; answers the page's refusal. */
  String refusal(byte[] act, Given given) throws Exception {
    fill(Files.write(Files.createTempFile("act", ".json"), act), given);
    return chromium.until(d -> {
      WebElement e = d.findElement(By.id("error"));
      return e.isDisplayed() ? e.getText() : null;
    });
  }

  private void fill(Path act, Given given) {
    if (!browser.getCurrentUrl().equals(page)) {
      browser.get(page);
    }
    files("act-file", List.of(act));
    files("act-roots", given.roots());
    files("act-fabric-roots", given.fabricRoots());
    files("act-log-key", given.logKey() == null ? List.of() : List.of(given.logKey()));
    files("act-witnesses", given.witnesses());
    text("act-fabric-msps", given.msps());
    text("act-quorum", given.quorum());
    WebElement online = browser.findElement(By.id("act-online"));
    if (online.isSelected() != this.online) {
      online.click();
    }
    ((JavascriptExecutor) browser).executeScript("document.getElementById('act-outcome').removeAttribute('data-valid');"
        + "document.getElementById('error').hidden = true;");
    browser.findElement(By.id("act-button")).click();
  }

  private void files(String id, List<Path> paths) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    if (!paths.isEmpty()) {
      input.sendKeys(paths.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining("\n")));
    }
  }

  private void text(String id, String value) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(value);
  }

  /** Each line's name and outcome, in order (a name shown twice keeps its last outcome). */
  Map<String, String> checks() {
    Map<String, String> out = new LinkedHashMap<>();
    browser.findElements(By.cssSelector("#act-checks li")).forEach(li -> out.put(li.getAttribute("data-check"), li.getAttribute("data-outcome")));
    return out;
  }

  /** The English words of each line, in order, but the log receipt's (which dareg verify-act prints after the act's). */
  List<String> english() {
    List<String> out = new ArrayList<>();
    for (WebElement li : browser.findElements(By.cssSelector("#act-checks li"))) {
      if (!"LOG_RECEIPT".equals(li.getAttribute("data-check"))) {
        out.add(li.findElement(By.cssSelector("p.words span[lang=en]")).getText());
      }
    }
    return out;
  }

  /** The text of the lines named {@code name}, Chinese and English. */
  String line(String name) {
    return browser.findElements(By.cssSelector("#act-checks li[data-check=" + name + "]")).stream().map(WebElement::getText)
        .collect(Collectors.joining("\n"));
  }

  /** A file holding {@code der} as a PEM certificate. */
  static Path pem(byte[] der) throws Exception {
    return Files.writeString(Files.createTempFile("root", ".pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END CERTIFICATE-----\n");
  }

  /**
   * dareg verify-act's lines as the page shows their English: without the "ok: " or "FAILED: " before them, and with
   * runs of spaces shown as one, as a browser renders text.
   */
  static List<String> words(List<String> javaLines) {
    return javaLines.stream().map(l -> l.replaceFirst("^(ok|FAILED): ", "").replaceAll(" {2,}", " ")).toList();
  }
}

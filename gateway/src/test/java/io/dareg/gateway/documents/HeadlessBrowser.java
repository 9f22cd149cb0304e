package io.dareg.gateway.documents;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its chromedriver; the browser tests are skipped, saying
 * why, where either is missing. Screenshots go to target/screenshots/ for review. The page can be
 * checked with axe-core (from its WebJar, a test dependency: injected here, never served), and
 * driven with the keyboard alone.
 */
final class HeadlessBrowser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String AXE = webjar("axe-core", "axe.min.js");

  private final WebDriver driver;

  private HeadlessBrowser(WebDriver driver) {
    this.driver = driver;
  }

  /** A started browser, or the calling test skipped when there is none to start. */
  static HeadlessBrowser start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no headless browser: install the Debian packages chromium and chromium-driver (.ci/run does) to run the pages' tests");
    Path profile = Files.createTempDirectory("dareg-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--window-size=1000,2000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    Files.createDirectories(SCREENSHOTS);
    return new HeadlessBrowser(driver);
  }

  WebDriver driver() {
    return driver;
  }

  /** Waits up to 30 s for a condition to answer something other than null or false. */
  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
  }

  /** Waits until the page marks itself loaded ({@code <body data-loaded="true">}). */
  void loaded() {
    until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
  }

  /** The window as target/screenshots/{@code name}. */
  void screenshot(String name) throws Exception {
    Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  /**
   * The whole page, beyond the window, as target/screenshots/{@code name}.png, and as a phone
   * (390 CSS pixels wide) shows it as {@code name}-phone.png.
   */
  void pageShots(String name) throws Exception {
    Files.write(SCREENSHOTS.resolve(name + ".png"), wholePage());
    cdp("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    try {
      Files.write(SCREENSHOTS.resolve(name + "-phone.png"), wholePage());
    } finally {
      cdp("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /** Saves what pages download into {@code dir}, under the names they give. */
  void downloadsTo(Path dir) {
    cdp("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toAbsolutePath().toString()));
  }

  /** Shows the page as for {@code media} ("print", "screen"), or as usual for "". */
  void media(String media) {
    cdp("Emulation.setEmulatedMedia", Map.of("media", media));
  }

  /** The page as it prints (print media), as target/screenshots/{@code name}.png. */
  void printShot(String name) throws Exception {
    media("print");
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), wholePage());
    } finally {
      media("");
    }
  }

  /** The page printed to PDF on A4, as Chromium prints it. */
  byte[] printPdf() {
    Map<String, Object> pdf = cdp("Page.printToPDF", Map.of("paperWidth", 8.27, "paperHeight", 11.69, "printBackground", false));
    return Base64.getDecoder().decode((String) pdf.get("data"));
  }

  private byte[] wholePage() {
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) cdp("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    double width = ((Number) size.get("width")).doubleValue();
    double height = Math.min(((Number) size.get("height")).doubleValue(), 12000);
    Map<String, Object> shot = cdp("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    return Base64.getDecoder().decode((String) shot.get("data"));
  }

  private Map<String, Object> cdp(String command, Map<String, Object> parameters) {
    return ((ChromeDriver) driver).executeCdpCommand(command, parameters);
  }

  /**
   * Runs axe-core on the page as it is now, on every rule it has; fails on any serious or critical
   * violation, naming its rule, impact, help and the elements it found, each with axe's summary.
   */
  void accessible(String what) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
      js.executeScript(AXE);
    }
    Object found = js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.map((n) => `    at ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\\s+/g, ' ')}`).join("\\n"))))
          .catch((e) => done(['axe-core failed: ' + e]));""");
    assertThat((List<?>) found).as("serious or critical accessibility violations on %s", what).isEmpty();
  }

  /** Presses keys as a keyboard would, on whatever has the focus. */
  void press(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /**
   * Presses Tab until the element {@code css} names has the focus, checking that every element
   * the focus passes through shows it (an outline of at least 2 px); fails after 300 presses.
   */
  void tabTo(String css) {
    tab(css, Keys.TAB);
  }

  /** As {@link #tabTo}, backwards (Shift+Tab). */
  void tabBackTo(String css) {
    tab(css, Keys.chord(Keys.SHIFT, Keys.TAB));
  }

  private void tab(String css, CharSequence key) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    for (int i = 0; i < 300; i++) {
      press(key);
      Object focused = js.executeScript("""
          const e = document.activeElement;
          if (!e || e === document.body) return null;
          const s = getComputedStyle(e);
          const visible = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
          return { matches: e.matches(arguments[0]), visible, what: e.outerHTML.slice(0, 120) };""", css);
      if (focused instanceof Map<?, ?> f) {
        assertThat(f.get("visible")).as("focus is visible on %s", f.get("what")).isEqualTo(true);
        if (Boolean.TRUE.equals(f.get("matches"))) {
          return;
        }
      }
    }
    throw new AssertionError("300 presses of " + (key.length() > 1 ? "Shift+Tab" : "Tab") + " did not reach " + css);
  }

  /** A file of an npm WebJar on the class path, as text. */
  private static String webjar(String artifact, String file) {
    ClassLoader loader = HeadlessBrowser.class.getClassLoader();
    try (InputStream p = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
      Properties properties = new Properties();
      properties.load(p);
      try (InputStream in = loader.getResourceAsStream("META-INF/resources/webjars/" + artifact + "/" + properties.getProperty("version") + "/" + file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}

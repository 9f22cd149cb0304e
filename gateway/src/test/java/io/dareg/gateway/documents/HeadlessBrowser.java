package io.dareg.gateway.documents;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its chromedriver; the browser tests are skipped, saying
 * why, where either is missing. Screenshots go to target/ for review.
 */
final class HeadlessBrowser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

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
    Files.createDirectories(Path.of("target"));
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

  /** The whole window as target/{@code name}. */
  void screenshot(String name) throws Exception {
    Files.write(Path.of("target", name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
  }
}

package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The regulator follows the supervision feed in the console as {@code dareg supervise --follow} follows it (issue 27): with
 * the switch on, acts committed through the gateway and their alerts appear without reloading the page; the position after
 * the last act shown is kept in the browser, so that signing in again resumes there; and the feed starts again from a
 * position given.
 */
class ConsoleSupervisionFollowBrowserTest extends ConsoleBrowser {
  @Test
  void the_regulator_follows_the_feed_sees_new_acts_and_alerts_and_resumes_after_a_reload() throws Exception {
    try (RunningGateway fresh = new RunningGateway()) {
      fresh.issued();
      signIn(fresh, fresh.identity("regulator"));
      long start = fresh.logSize();
      WebElement feed = browser.findElement(By.id("supervision-feed"));
      type(feed, "from", String.valueOf(start));
      // Switched on with the keyboard alone: Tab to the switch, Space.
      chromium.tabTo("#supervision-follow");
      chromium.press(Keys.SPACE);
      following(String.valueOf(start));

      // Acts committed through the gateway while the page follows: they and the revocation's alert appear, no reload.
      String regNo = fresh.issued();
      fresh.revoke(regNo);
      WebElement alert = chromium.until(d -> d.findElements(
          By.cssSelector("#supervision-alerts tr[data-kind=certificate-revoked][data-subject='" + regNo + "']")).stream().findFirst().orElse(null));
      assertThat(alert.getText()).contains("(2026)津01");
      chromium.until(d -> !d.findElements(By.cssSelector("#supervision-acts tr[data-operation=revoke]")).isEmpty());
      assertThat(positions()).allMatch(p -> p >= start).contains(start);
      long next = Long.parseLong(chromium.until(d -> {
        String n = d.findElement(By.id("supervision-follow-state")).getAttribute("data-next");
        return Long.parseLong(n) == fresh.logSize() ? n : null;
      }));
      shown("console-regulator-follow");

      // Signed in again (the key lives in the page's memory only): the page follows on from where it stopped.
      signIn(fresh, fresh.identity("regulator"));
      following(String.valueOf(next));
      String second = fresh.issued();
      fresh.revoke(second);
      chromium.until(d -> !d.findElements(By.cssSelector("#supervision-alerts tr[data-subject='" + second + "']")).isEmpty());
      assertThat(positions()).as("only the acts after the position kept").allMatch(p -> p >= next).contains(next);
      assertThat(browser.findElements(By.cssSelector("#supervision-alerts tr[data-subject='" + regNo + "']"))).isEmpty();

      // Switched off: the page stops asking; started again from position 0, it reads the log from its start.
      browser.findElement(By.id("supervision-follow")).click();
      chromium.until(d -> "false".equals(d.findElement(By.id("supervision-follow-state")).getAttribute("data-following")));
      feed = browser.findElement(By.id("supervision-feed"));
      type(feed, "from", "0");
      click(feed, "restart-follow");
      chromium.until(d -> !d.findElements(By.cssSelector("#supervision-acts tr[data-position='0']")).isEmpty());
      assertThat(browser.findElements(By.cssSelector("#supervision-alerts tr[data-kind=certificate-revoked]"))).hasSize(2);
    }
  }

  /** Waits until the page says it follows the feed from {@code next}. */
  private static void following(String next) {
    chromium.until(d -> {
      WebElement state = d.findElement(By.id("supervision-follow-state"));
      return "true".equals(state.getAttribute("data-following")) && next.equals(state.getAttribute("data-next")) ? true : null;
    });
  }

  /** The log positions of the acts shown. */
  private static List<Long> positions() {
    return browser.findElements(By.cssSelector("#supervision-acts tr[data-position]")).stream()
        .map(r -> Long.parseLong(r.getAttribute("data-position"))).toList();
  }
}

package io.dareg.gateway.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Closing the feed never interrupts its follower: the follower may be inside a read of the transparency log's file, and
 * an interrupted read closes the log's shared channel for every other reader and for the log's last checkpoint.
 */
class SupervisionFeedCloseTest {

  @Test
  void closing_the_feed_does_not_interrupt_a_read_of_the_log() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    SupervisionFeed.Entries entries = new SupervisionFeed.Entries() {
      @Override
      public long size() {
        return 1;
      }

      @Override
      public byte[] entry(long index) {
        reading.countDown();
        // stands for a read of the log's file: waits, as a read may, while the feed is closed
        boolean released = false;
        while (!released) {
          try {
            released = release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
        }
        interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
        return "{}".getBytes(StandardCharsets.UTF_8);
      }
    };
    SupervisionFeed feed = SupervisionFeed.start(entries);
    assertThat(reading.await(10, TimeUnit.SECONDS)).as("the follower reads the entry").isTrue();
    Thread closer = new Thread(feed::close, "closer");
    closer.start();
    // close() tells the follower at once; half a second later it has certainly done so
    Thread.sleep(500);
    release.countDown();
    closer.join(15_000);
    assertThat(closer.isAlive()).as("close returns once the follower has stopped").isFalse();
    assertThat(interrupted).as("the follower was interrupted inside a read").isFalse();
    assertThat(feed.failure()).as("a closed feed is not a failed one").isNull();
  }
}

package io.dareg.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.chaincode.registry.Caller;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.Subscription;
import io.dareg.gateway.ledger.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CommittedEventsTest {

  /**
   * A peer reading through many blocks of other chaincodes delivers nothing of the registry's for a while: the replay
   * waits for the end of the last block instead of taking the pause for the end of the ledger.
   */
  @Test
  void a_long_pause_before_the_last_blocks_loses_no_event() {
    Ledger ledger = new PausingLedger(5, 2_500, Long.MAX_VALUE);
    List<LedgerEvent> replayed = new ArrayList<>();
    assertThat(CommittedEvents.replay(ledger, replayed::add, Duration.ofSeconds(30))).isEqualTo(5);
    assertThat(replayed).extracting(LedgerEvent::txId).containsExactly("tx-0", "tx-1", "tx-4");
  }

  @Test
  void a_feed_that_does_not_reach_the_height_in_time_is_an_error_that_says_how_far_it_got() {
    Ledger ledger = new PausingLedger(5, 0, 2);
    assertThatThrownBy(() -> CommittedEvents.replay(ledger, e -> { }, Duration.ofMillis(500)))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("up to block 4")
        .hasMessageContaining("through block 2");
  }

  /**
   * {@code height} blocks: blocks 0, 1 and the last hold an event each, the others none; after block 1 the feed pauses
   * {@code pauseMillis}; it delivers nothing after block {@code lastDelivered}.
   */
  private static final class PausingLedger implements Ledger {
    private final long height;
    private final long pauseMillis;
    private final long lastDelivered;

    PausingLedger(long height, long pauseMillis, long lastDelivered) {
      this.height = height;
      this.pauseMillis = pauseMillis;
      this.lastDelivered = lastDelivered;
    }

    @Override
    public Subscription events(long fromBlock, EventListener listener) {
      Thread feed = new Thread(() -> {
        try {
          for (long b = fromBlock; b < height && b <= lastDelivered; b++) {
            if (b == 2) {
              Thread.sleep(pauseMillis);
            }
            if (b < 2 || b == height - 1) {
              listener.event(new LedgerEvent(b, "tx-" + b, "depositEvidence", "{}"));
            }
            listener.blockEnd(b);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      feed.setDaemon(true);
      feed.start();
      return feed::interrupt;
    }

    @Override
    public long height() {
      return height;
    }

    @Override
    public CompletableFuture<Committed> submit(Caller submitter, String transaction, String argsJson) {
      throw new UnsupportedOperationException("read only");
    }

    @Override
    public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
      throw new UnsupportedOperationException("read only");
    }

    @Override
    public LedgerHealth health() {
      return new LedgerHealth(LedgerHealth.State.READY, "test");
    }

    @Override
    public void close() {}
  }
}

package io.dareg.gateway.ledger.fabric;

import io.dareg.core.ledger.FabricLogEntries;
import io.dareg.gateway.ledger.LedgerAdministration.CommittedBlock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Whole committed blocks from a block on, as the peer delivers them, turned into the transparency log's entries
 * ({@link FabricLogEntries}). A long catch-up is logged every five seconds with blocks per second.
 */
final class BlockFeed extends ReconnectingFeed<Block> {
  private static final Logger LOG = Logger.getLogger(BlockFeed.class.getName());
  private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Network network;
  private final LongSupplier height;
  private final Consumer<CommittedBlock> listener;
  private long target = -1;
  private long from;
  private long start;
  private long reported;
  private boolean catchingUp;

  BlockFeed(Network network, LongSupplier height, long fromBlock, Consumer<CommittedBlock> listener,
      BooleanSupplier ledgerClosed) {
    super("the Fabric block stream of the transparency log", fromBlock, ledgerClosed);
    this.network = network;
    this.height = height;
    this.listener = listener;
  }

  @Override
  void starting() {
    try {
      target = height.getAsLong();
    } catch (RuntimeException e) {
      LOG.warning("the transparency log cannot ask the peer how many blocks channel " + network.getName() + " holds: "
          + e.getMessage());
    }
    start = System.nanoTime();
    reported = start;
    from = next;
    catchingUp = target - next > 1;
    if (catchingUp) {
      LOG.info("transparency log: catching up with channel " + network.getName() + " from block " + next + " to " + target);
    }
  }

  @Override
  CloseableIterator<Block> open(long fromBlock) {
    return network.newBlockEventsRequest().startBlock(fromBlock).build().getEvents();
  }

  @Override
  void deliver(Block b) {
    long number = b.getHeader().getNumber();
    if (number < next) {
      return; // delivered again after a reconnection
    }
    FabricLogEntries.LogBlock entries = FabricLogEntries.of(b);
    listener.accept(new CommittedBlock(number, entries.headerHash(), entries.entries(), -1));
    next = number + 1;
    long now = System.nanoTime();
    if (catchingUp && (now - reported >= REPORT_NANOS || next >= target)) {
      double seconds = Math.max(1e-9, (now - start) / 1e9);
      LOG.info(String.format("transparency log: %s at block %d of %d, %.0f blocks/s%s", network.getName(), next, target,
          (next - from) / seconds, next >= target ? " - caught up in " + String.format("%.1f s", seconds) : ""));
      reported = now;
      catchingUp = next < target;
    }
  }
}

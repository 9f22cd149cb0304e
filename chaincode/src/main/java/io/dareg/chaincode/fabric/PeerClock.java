package io.dareg.chaincode.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.logging.Logger;

/**
 * The clock a proposal's timestamp is checked against (issue 23): the peer's own. A test network
 * whose time the tests move (notice periods of days, as the embedded ledger's dev clock moves) names
 * a file holding the peer's time in {@code DAREG_TEST_PEER_CLOCK_FILE}; the chaincode then reads its
 * time from there and says so at start. A real network never sets it.
 */
final class PeerClock {
  private static final Logger LOG = Logger.getLogger(PeerClock.class.getName());
  static final String TEST_FILE_VARIABLE = "DAREG_TEST_PEER_CLOCK_FILE";

  private PeerClock() {}

  /** The system clock, or the test network's clock file when {@value #TEST_FILE_VARIABLE} names one. */
  static Clock fromEnvironment() {
    String file = System.getenv(TEST_FILE_VARIABLE);
    if (file == null || file.isBlank()) {
      return Clock.systemUTC();
    }
    LOG.warning("dareg chaincode: the peer's time is read from " + file + " (" + TEST_FILE_VARIABLE
        + "): a test network's clock; never set this on a real network");
    return new FileClock(Path.of(file));
  }

  /** A clock whose time is the instant written in a file, or the system's while the file does not exist. */
  private static final class FileClock extends Clock {
    private final Path file;

    FileClock(Path file) {
      this.file = file;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      try {
        return Files.exists(file) ? Instant.parse(Files.readString(file, StandardCharsets.US_ASCII).trim()) : Instant.now();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the test peer clock " + file, e);
      }
    }
  }
}

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
 * time from there and says so at start. The file holds an instant (the time, fixed until written
 * again) or {@code offset <ISO-8601 duration>} (this machine's time moved by that much, as a dev
 * gateway's clock runs: {@code network/fabric.sh up --dev-clock}). A real network never sets it.
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
    return file(Path.of(file));
  }

  /** The clock whose time {@code file} holds (an instant, or {@value #OFFSET} and a duration), the system's while it does not exist. */
  static Clock file(Path file) {
    return new FileClock(file);
  }

  /** The prefix of a clock file that holds an offset from this machine's time rather than an instant. */
  static final String OFFSET = "offset ";

  /** A clock whose time is the instant (or the system's, moved by the offset) written in a file; the system's while there is none. */
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
        if (!Files.exists(file)) {
          return Instant.now();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        return text.startsWith(OFFSET) ? Instant.now().plus(java.time.Duration.parse(text.substring(OFFSET.length()).trim()))
            : Instant.parse(text);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the test peer clock " + file, e);
      }
    }
  }
}

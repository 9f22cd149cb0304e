package io.dareg.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The clock file a test Fabric network's peers read their time from ({@code network/fabric.sh up --dev-clock}), as
 * {@code serve --dev --fabric} moves it with its dev clock: {@code offset <ISO-8601 duration>}, this machine's time moved
 * by that much (the chaincode's {@code PeerClock} reads it). Dev only; a real network's peers keep real time.
 */
final class DevPeerClock {
  private static final String OFFSET = "offset ";

  private DevPeerClock() {}

  /** The offset the file holds; zero when there is none yet. IllegalStateException when it holds something else. */
  static Duration offset(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Duration.ZERO;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    if (!text.startsWith(OFFSET)) {
      throw new IllegalStateException("the peers' clock file " + file + " holds '" + text + "', not an offset: another tool set the"
          + " network's time; remove the file or bring the network up again with network/fabric.sh up --dev-clock");
    }
    try {
      return Duration.parse(text.substring(OFFSET.length()).trim());
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("the peers' clock file " + file + " holds an unreadable offset: " + text, e);
    }
  }

  /** Writes {@code offset} to the file, whole or not at all. */
  static void write(Path file, Duration offset) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, OFFSET + offset + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

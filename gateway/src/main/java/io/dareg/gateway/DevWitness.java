package io.dareg.gateway;

import io.dareg.core.log.SignedNote;
import io.dareg.core.log.Witness;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.log.Cosignatures;
import io.dareg.gateway.log.TransparencyLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dev mode's one witness (issue 24): a witness key kept under {@code <data>/dev/witness/}, named in the dev ledger's
 * settings (quorum 1), and the same {@link Witness} that {@code dareg witness} runs, stepping every couple of seconds
 * in process against the gateway's own log, so that {@code GET /api/v1/log/checkpoint/witnessed} answers out of the
 * box. It proves nothing a real witness would (it runs beside the log it watches); it shows the protocol working.
 */
public final class DevWitness implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DevWitness.class.getName());
  /** The dev witness's name. */
  public static final String NAME = "dareg.local/dev-witness";

  private final Witness witness;
  private final ScheduledExecutorService timer;

  private DevWitness(Witness witness, ScheduledExecutorService timer) {
    this.witness = witness;
    this.timer = timer;
  }

  /** The dev witness's key in {@code <data>/dev/witness/witness.key}, made on first use (owner-only). */
  public static SignedNote.Signer key(Path dataDir) throws IOException {
    Path dir = dataDir.resolve("dev").resolve("witness");
    OwnerOnlyFiles.directory(dataDir.resolve("dev"));
    OwnerOnlyFiles.directory(dir);
    Path file = dir.resolve("witness.key");
    if (!Files.exists(file)) {
      SignedNote.Signer key = SignedNote.Signer.generate(NAME, SignedNote.COSIGNATURE_V1, new SecureRandom());
      OwnerOnlyFiles.write(file, key + "\n");
      Files.writeString(dir.resolve("witness.vkey"), key.verifier() + "\n", StandardCharsets.US_ASCII);
    }
    return SignedNote.Signer.parse(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /**
   * Starts the witness over {@code api}'s log (which must keep one), stepping every {@code every}; its state is kept in
   * {@code <data>/dev/witness/state}.
   */
  public static DevWitness start(Path dataDir, ApiServer api, Duration every) throws IOException {
    TransparencyLog log = api.log();
    Cosignatures cosignatures = api.cosignatures();
    if (log == null || cosignatures == null) {
      throw new IllegalStateException("the dev witness needs the embedded ledger's transparency log");
    }
    Witness witness = Witness.open(dataDir.resolve("dev").resolve("witness").resolve("state"), key(dataDir), log.verifier(),
        Clock.systemUTC());
    Witness.Log port = cosignatures.inProcess();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dareg-dev-witness");
      t.setDaemon(true);
      return t;
    });
    DevWitness dev = new DevWitness(witness, timer);
    timer.scheduleWithFixedDelay(() -> dev.step(port), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return dev;
  }

  private void step(Witness.Log port) {
    try {
      Witness.Step step = witness.step(port);
      if (step.cosigned()) {
        LOG.fine("dev witness: " + step.what());
      }
    } catch (Witness.ForkException e) {
      LOG.severe("dev witness: THE LOG IS INCONSISTENT WITH WHAT IT COSIGNED: " + e.getMessage() + "; evidence in " + e.evidence()
          + "; the dev witness stops");
      timer.shutdown();
    } catch (IOException | Witness.RefusedException | RuntimeException e) {
      // the log may serve nothing yet (or ever, when it names a rewrite); say so, try again next time
      LOG.log(Level.WARNING, "dev witness: " + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    witness.close();
  }
}

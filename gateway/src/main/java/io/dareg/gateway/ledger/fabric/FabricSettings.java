package io.dareg.gateway.ledger.fabric;

import com.fasterxml.jackson.core.JacksonException;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where a gateway finds its Fabric network, as {@code network/fabric.sh up} writes it
 * ({@code gateway-<org>.json}).
 *
 * @param channel the channel
 * @param chaincode the chaincode's name on the channel
 * @param mspId the gateway's organisation
 * @param peerEndpoint host:port of the organisation's peer (its Fabric Gateway service)
 * @param peerHostOverride the name in the peer's TLS certificate, or null to use the host
 * @param peerTlsRoot the PEM file of the CA that signed the peer's TLS certificate
 * @param identity the directory of the organisation's service identity ({@code cert.pem}, {@code key.pem} in PKCS#8),
 *     with which the gateway signs every proposal (issue 23: it holds no user's key)
 * @param tokenRoots the CA certificates (PEM files) whose users may call the gateway
 * @param devUsers for {@code serve --dev} only, or null: a directory of demo users' own identities, one directory per
 *     user, that the dev demo plays the roles with as their own clients would; proposals are never signed with them
 * @param devPeerClock for {@code serve --dev} only, or null: the file the test network's peers read their time from
 *     ({@code network/fabric.sh up --dev-clock}), which the dev clock moves with it; without it the peers keep real
 *     time and refuse a proposal dated more than the skew away, so the dev clock cannot move on Fabric
 * @param evaluateSeconds deadline of an evaluation
 * @param endorseSeconds deadline of an endorsement
 * @param commitSeconds deadline for submitting and hearing the commit status
 */
public record FabricSettings(
    String channel,
    String chaincode,
    String mspId,
    String peerEndpoint,
    String peerHostOverride,
    Path peerTlsRoot,
    Path identity,
    List<Path> tokenRoots,
    Path devUsers,
    Path devPeerClock,
    Integer evaluateSeconds,
    Integer endorseSeconds,
    Integer commitSeconds) {

  /** Checks every field, naming the one at fault; fills the defaults. */
  public FabricSettings {
    require(channel, "channel");
    require(chaincode, "chaincode");
    require(mspId, "mspId");
    require(peerEndpoint, "peerEndpoint");
    if (!peerEndpoint.matches("[^:\\s]+:\\d{1,5}")) {
      throw new IllegalArgumentException("peerEndpoint must be host:port, not '" + peerEndpoint + "'");
    }
    if (peerTlsRoot == null || !Files.isReadable(peerTlsRoot)) {
      throw new IllegalArgumentException("peerTlsRoot must name a readable PEM file, not " + peerTlsRoot);
    }
    if (identity == null || !Files.isDirectory(identity)) {
      throw new IllegalArgumentException("identity must name the directory of the gateway's service identity (cert.pem,"
          + " key.pem), not " + identity);
    }
    if (devUsers != null && !Files.isDirectory(devUsers)) {
      throw new IllegalArgumentException("devUsers must name a directory of demo users, not " + devUsers);
    }
    tokenRoots = List.copyOf(tokenRoots == null ? List.of() : tokenRoots);
    evaluateSeconds = positive(evaluateSeconds, 10, "evaluateSeconds");
    endorseSeconds = positive(endorseSeconds, 30, "endorseSeconds");
    commitSeconds = positive(commitSeconds, 60, "commitSeconds");
  }

  /** Reads a settings file; IllegalArgumentException saying what is wrong with it. */
  public static FabricSettings read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (Json.mapper().readTree(bytes).has("wallet")) {
        throw new IllegalArgumentException("Fabric settings " + file + " name a wallet of users' keys, which the gateway no"
            + " longer holds (issue 23: writes are their authors' signed requests): replace \"wallet\" and \"serviceIdentity\""
            + " with \"identity\", the directory of the organisation's gateway identity (network/fabric.sh up writes it)");
      }
      return Json.mapper().readValue(bytes, FabricSettings.class);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no Fabric settings at " + file + ": network/fabric.sh up writes them");
    } catch (JacksonException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException("Fabric settings " + file + ": " + cause.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read Fabric settings " + file + ": " + e.getMessage(), e);
    }
  }

  Duration evaluateDeadline() {
    return Duration.ofSeconds(evaluateSeconds);
  }

  Duration endorseDeadline() {
    return Duration.ofSeconds(endorseSeconds);
  }

  Duration commitDeadline() {
    return Duration.ofSeconds(commitSeconds);
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }

  private static int positive(Integer value, int fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value < 1 || value > 3600) {
      throw new IllegalArgumentException(name + " must be 1 to 3600 seconds, not " + value);
    }
    return value;
  }
}

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
 * @param wallet the directory of the organisation's user identities, one directory per user
 *     holding {@code cert.pem} and {@code key.pem} (PKCS#8)
 * @param tokenRoots the CA certificates (PEM files) whose users may call the gateway
 * @param serviceIdentity the wallet entry the gateway uses for its own reads (public pages)
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
    Path wallet,
    List<Path> tokenRoots,
    String serviceIdentity,
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
    if (wallet == null || !Files.isDirectory(wallet)) {
      throw new IllegalArgumentException("wallet must name a directory of identities, not " + wallet);
    }
    tokenRoots = List.copyOf(tokenRoots == null ? List.of() : tokenRoots);
    serviceIdentity = serviceIdentity == null ? "dareg-gateway" : serviceIdentity;
    evaluateSeconds = positive(evaluateSeconds, 10, "evaluateSeconds");
    endorseSeconds = positive(endorseSeconds, 30, "endorseSeconds");
    commitSeconds = positive(commitSeconds, 60, "commitSeconds");
  }

  /** Reads a settings file; IllegalArgumentException saying what is wrong with it. */
  public static FabricSettings read(Path file) {
    try {
      return Json.mapper().readValue(Files.readAllBytes(file), FabricSettings.class);
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

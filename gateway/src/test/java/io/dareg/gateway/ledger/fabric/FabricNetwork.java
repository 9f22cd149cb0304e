package io.dareg.gateway.ledger.fabric;

import io.dareg.chaincode.registry.Caller;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Fabric network for the integration tests of a run, brought up by
 * {@code network/fabric.sh up} on its own ports and state directory (under {@code target/}) and
 * brought down when the JVM exits: the one-registry network ({@link #get()}), or one of several
 * registries ({@link #withRegistries(int)}, issue 25). One runs at a time, as a two-core machine
 * can afford: asking for the other shape brings the running one down first. Tests that need a
 * network are skipped, saying why, when {@code FABRIC_BIN} is not set.
 */
final class FabricNetwork {
  static final String PORT = System.getProperty("dareg.fabric.port", "27050");
  /** Where a network of several registries listens: apart from the one-registry network, so that neither stops the other's leftovers. */
  static final String REGISTRIES_PORT = System.getProperty("dareg.fabric.registries.port", "27150");
  /**
   * The CAs whose roots the network's one ledger trusts for signed requests (issue 23), shared by every test of the run
   * that writes to it: Fabric's MSP authenticates the gateway that proposes, these the authors.
   */
  static final io.dareg.core.act.ThrowawayAuthority AUTHORITY = new io.dareg.core.act.ThrowawayAuthority(
      List.of("RegistryMSP", "ReviewMSP", "RegulatorMSP", "ExchangeMSP", "EnterpriseMSP", "OtherExchangeMSP"));

  /**
   * The author whose certificate {@link #AUTHORITY} issued with the identity of network user {@code who} (same O, CN,
   * role OU and role attribute), so that the role table and accounts, which reads see by the network identity, agree.
   */
  static io.dareg.core.act.ThrowawayAuthority.Author author(Caller who) {
    String id = who.identity().id();
    String user = id.substring(3, id.contains(",") ? id.indexOf(',') : id.length());
    String unit = id.contains(",OU=") && !who.orgAdmin() ? id.substring(id.indexOf(",OU=") + 4) : null;
    return AUTHORITY.author(who.msp(), user, who.roleAttribute(), who.orgAdmin(), unit);
  }

  private static FabricNetwork running;
  private static boolean hooked;

  final Path root;
  final Path state;
  /** How many registries the network has: 1 (RegistryMSP and ExchangeMSP), or more with a regulator organisation. */
  final int registries;
  private final String port;

  private FabricNetwork(Path root, Path state, int registries, String port) {
    this.root = root;
    this.state = state;
    this.registries = registries;
    this.port = port;
  }

  /** The one-registry network, started on first use; skips the calling test when FABRIC_BIN is not set. */
  static FabricNetwork get() throws Exception {
    return withRegistries(1);
  }

  /**
   * A network of {@code registries} registries ({@code network/fabric.sh up --registries N}), started on first use
   * after the running network of another shape, if any, is brought down; skips the calling test when FABRIC_BIN is
   * not set.
   */
  static synchronized FabricNetwork withRegistries(int registries) throws Exception {
    String bin = System.getenv("FABRIC_BIN");
    if (bin == null || bin.isBlank()) {
      String why = "FABRIC_BIN is not set: the Fabric integration tests are skipped (set it to a Fabric 2.4+ bin/ directory to run them)";
      System.out.println(why);
      Assumptions.abort(why);
    }
    if (running != null && running.registries == registries) {
      return running;
    }
    if (running != null) {
      running.script("down");
      running = null;
    }
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    Path state = Path.of(System.getProperty("user.dir"), "target", registries == 1 ? "fabric-it" : "fabric-it-" + registries + "-registries");
    FabricNetwork n = new FabricNetwork(root, state, registries, registries == 1 ? PORT : REGISTRIES_PORT);
    n.script("down");
    long started = System.nanoTime();
    n.script("up", "--registries", Integer.toString(registries));
    System.out.printf("FabricNetwork: %d registr%s up in %d s%n", registries, registries == 1 ? "y" : "ies",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    if (!hooked) {
      hooked = true;
      Runtime.getRuntime().addShutdownHook(new Thread(FabricNetwork::downAtExit));
    }
    running = n;
    return running;
  }

  private static synchronized void downAtExit() {
    if (running != null) {
      try {
        running.script("down");
      } catch (Exception e) {
        System.err.println("could not bring the test network down: " + e.getMessage());
      }
    }
  }

  /**
   * The network's organisations as {@code network/fabric.sh} names them: registry and exchange; with several
   * registries registry, registry2, ..., exchange and regulator.
   */
  List<String> organisations() {
    List<String> orgs = new ArrayList<>(List.of("registry"));
    for (int k = 2; k <= registries; k++) {
      orgs.add("registry" + k);
    }
    orgs.add("exchange");
    if (registries > 1) {
      orgs.add("regulator");
    }
    return orgs;
  }

  /** The MSP id of an organisation of the network: registry -> RegistryMSP, registry2 -> Registry2MSP, regulator -> RegulatorMSP. */
  static String msp(String org) {
    return Character.toUpperCase(org.charAt(0)) + org.substring(1) + "MSP";
  }

  /** Runs {@code network/fabric.sh} with this network's state and ports; fails with its output. */
  void script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(root.resolve("network/fabric.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("DAREG_FABRIC_STATE", state.toString());
    pb.environment().put("DAREG_FABRIC_PORT", port);
    pb.environment().put("DAREG_TEST_PEER_CLOCK_FILE", state.resolve("peer-clock").toString());
    Path log = Files.createTempFile("fabric-sh", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("network/fabric.sh " + String.join(" ", args) + " failed:\n" + Files.readString(log));
    }
    System.out.print(Files.readString(log));
  }

  /** The gateway settings of {@code org} (one of {@link #organisations()}). */
  FabricSettings settings(String org) {
    return FabricSettings.read(state.resolve("gateway-" + org + ".json"));
  }

  /**
   * A ledger through {@code org}'s peer, on {@code clock}: its proposals carry the clock's time, and
   * before each call the network's peers are told that time too (issue 23: the chaincode refuses a
   * proposal timed away from the peer's clock; a test network's peers read theirs from a file).
   */
  io.dareg.gateway.ledger.Ledger ledger(String org, MutableClock clock) {
    return new PeerClockLedger(FabricLedger.open(settings(org), clock, ApiServer.SERVICE_CALLER.identity()), clock, peerClock());
  }

  /** A ledger through {@code org}'s peer whose proposals carry {@code clock}'s time, whatever the peers' clock says. */
  FabricLedger unsynchronisedLedger(String org, java.time.Clock clock) {
    return FabricLedger.open(settings(org), clock, ApiServer.SERVICE_CALLER.identity());
  }

  /** The file the network's chaincode reads the peers' time from. */
  Path peerClock() {
    return state.resolve("peer-clock");
  }

  /** Sets the peers' time. */
  void setPeerTime(Instant t) {
    try {
      Path tmp = state.resolve("peer-clock.tmp");
      Files.writeString(tmp, t.toString());
      Files.move(tmp, peerClock(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The CA roots of the network's organisations (the orderers' and the peers'), by MSP id, as a verifier of an act needs them. */
  List<io.dareg.core.model.TrustedRoot> fabricRoots() throws IOException {
    List<io.dareg.core.model.TrustedRoot> roots = new ArrayList<>(caRoots("OrdererMSP", "ordererOrganizations/orderer.dareg.local"));
    roots.addAll(organisationRoots());
    return roots;
  }

  /**
   * The CA roots of the peers' organisations, by MSP id: the CAs that signed the network users' certificates, which a
   * ledger that trusts them takes signed requests from (the users sign with their own keys, {@link #author(String, String)}).
   */
  List<io.dareg.core.model.TrustedRoot> organisationRoots() throws IOException {
    List<io.dareg.core.model.TrustedRoot> roots = new ArrayList<>();
    for (String org : organisations()) {
      roots.addAll(caRoots(msp(org), "peerOrganizations/" + org + ".dareg.local"));
    }
    return roots;
  }

  private List<io.dareg.core.model.TrustedRoot> caRoots(String msp, String dir) throws IOException {
    List<io.dareg.core.model.TrustedRoot> roots = new ArrayList<>();
    try (var pems = Files.list(state.resolve("crypto").resolve(dir).resolve("ca"))) {
      for (Path pem : pems.filter(f -> f.getFileName().toString().endsWith("-cert.pem")).toList()) {
        roots.add(io.dareg.core.model.TrustedRoot.of(msp, CertificateAuthority.readCertificate(pem)));
      }
    }
    return roots;
  }

  /** A network user as the author of signed requests, with the certificate its organisation's CA signed and its own key. */
  io.dareg.core.act.ThrowawayAuthority.Author author(String org, String user) throws Exception {
    return io.dareg.core.act.ThrowawayAuthority.Author.of(certificate(org, user), key(org, user));
  }

  /** The certificate of {@code org}'s gateway identity, with which its gateway signs every proposal. */
  X509Certificate gatewayCertificate(String org) throws IOException {
    return CertificateAuthority.readCertificate(settings(org).identity().resolve("cert.pem"));
  }

  /** The key of {@code org}'s gateway identity. */
  PrivateKey gatewayKey(String org) throws Exception {
    try (var in = Files.newBufferedReader(settings(org).identity().resolve("key.pem"))) {
      return Identities.readPrivateKey(in);
    }
  }

  /** The caller a network user's certificate makes, as the gateway reads a token. */
  Caller caller(String org, String user) throws IOException {
    return Tokens.caller(certificate(org, user));
  }

  X509Certificate certificate(String org, String user) throws IOException {
    return CertificateAuthority.readCertificate(state.resolve("identities").resolve(org).resolve(user).resolve("cert.pem"));
  }

  PrivateKey key(String org, String user) throws Exception {
    try (var in = Files.newBufferedReader(state.resolve("identities").resolve(org).resolve(user).resolve("key.pem"))) {
      return Identities.readPrivateKey(in);
    }
  }

  /** A bearer token for a network user. */
  String token(String org, String user) throws Exception {
    return Tokens.sign(certificate(org, user), key(org, user), Instant.now(), Duration.ofMinutes(5));
  }
}

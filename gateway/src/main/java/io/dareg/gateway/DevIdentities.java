package io.dareg.gateway;

import io.dareg.core.act.RequestSigner;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.SetLogWitnessesRequest;
import io.dareg.core.log.SignedNote;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.model.TrustedRoot;
import io.dareg.gateway.http.ApiServer;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.Role;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.Ledger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Dev mode's demo identities: one per role, each with a key, a client certificate from the dev CA
 * and a ready token, under {@code <data>/dev/<role>/}; and a ledger initialised for them (registry
 * settings, role table, the demo holder's account and a demo buyer's).
 */
public final class DevIdentities {
  /** How long dev tokens live: long enough for a working day of curl. */
  public static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

  /** The demo identities: role directory, organisation, OU (role) and user name. */
  public static final Map<String, String[]> IDENTITIES = new LinkedHashMap<>();

  static {
    IDENTITIES.put("admin", new String[] {"RegistryMSP", "admin", "registry-admin"});
    IDENTITIES.put("registrar", new String[] {"RegistryMSP", "registrar", "registrar-demo"});
    IDENTITIES.put("reviewer", new String[] {"ReviewMSP", "reviewer", "reviewer-demo"});
    IDENTITIES.put("holder", new String[] {"EnterpriseMSP", "holder", "holder-demo"});
    IDENTITIES.put("exchange", new String[] {"ExchangeMSP", "exchange", "exchange-demo"});
    IDENTITIES.put("regulator", new String[] {"RegulatorMSP", "regulator", "regulator-demo"});
    // issue 27: the README's exchange story needs a buyer with an account of its own
    IDENTITIES.put("buyer", new String[] {"EnterpriseMSP", "holder", "buyer-demo"});
  }

  private DevIdentities() {}

  /** The {@code network/fabric.sh} user that plays each demo role on Fabric. */
  public static final Map<String, String> FABRIC_USERS = Map.of(
      "admin", "registry-admin", "registrar", "registrar", "reviewer", "reviewer", "holder", "holder-demo",
      "regulator", "regulator", "exchange", "exchange-demo", "buyer", "buyer-demo");

  /**
   * On Fabric: the demo roles are played by the network's demo users (the settings' {@code devUsers}), as
   * their own clients would: copies those present into {@code <data>/dev/<role>/} so that {@link #ensure}
   * writes their tokens and the demo signs their requests. Proposals are never signed with them.
   * Returns the roles found.
   */
  public static java.util.Set<String> adoptUsers(Path users, Path dataDir) throws IOException {
    java.util.Set<String> roles = new java.util.TreeSet<>();
    for (Map.Entry<String, String> e : FABRIC_USERS.entrySet()) {
      Path from = users.resolve(e.getValue());
      if (Files.isRegularFile(from.resolve("cert.pem")) && Files.isRegularFile(from.resolve("key.pem"))) {
        Path dir = dataDir.resolve("dev").resolve(e.getKey());
        OwnerOnlyFiles.directory(dir.getParent());
        OwnerOnlyFiles.directory(dir);
        OwnerOnlyFiles.write(dir.resolve("cert.pem"), Files.readString(from.resolve("cert.pem")));
        OwnerOnlyFiles.write(dir.resolve("key.pem"), Files.readString(from.resolve("key.pem")));
        roles.add(e.getKey());
      }
    }
    return roles;
  }

  /** Creates what is missing; refreshes every token. Returns the token of each role. */
  public static Map<String, String> ensure(Path dataDir, CertificateAuthority ca, Instant now) throws IOException {
    return ensure(dataDir, ca, now, IDENTITIES.keySet());
  }

  /** As {@link #ensure(Path, CertificateAuthority, Instant)}, for the given roles only. */
  public static Map<String, String> ensure(Path dataDir, CertificateAuthority ca, Instant now, java.util.Set<String> roles)
      throws IOException {
    Signatures signatures = new Signatures(new BouncyCastleProvider());
    Map<String, String> tokens = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> e : IDENTITIES.entrySet()) {
      if (!roles.contains(e.getKey())) {
        continue;
      }
      Path dir = dataDir.resolve("dev").resolve(e.getKey());
      OwnerOnlyFiles.directory(dir.getParent());
      OwnerOnlyFiles.directory(dir);
      Path keyFile = dir.resolve("key.pem");
      Path certFile = dir.resolve("cert.pem");
      if (!Files.exists(keyFile) || !Files.exists(certFile)) {
        KeyPair keys = signatures.generate(ca.algorithm());
        X509Certificate cert = ca.issueClient(e.getValue()[0], e.getValue()[1], e.getValue()[2], keys.getPublic(), Duration.ofDays(365));
        OwnerOnlyFiles.write(keyFile, Signatures.toPem(keys.getPrivate()));
        OwnerOnlyFiles.write(certFile, CertificateAuthority.pem(cert));
      }
      X509Certificate cert = CertificateAuthority.readCertificate(certFile);
      String token = Tokens.sign(cert, signatures.privateKeyFromPem(Files.readString(keyFile)), now, TOKEN_LIFETIME);
      OwnerOnlyFiles.write(dir.resolve("token"), token + "\n");
      tokens.put(e.getKey(), token);
    }
    return tokens;
  }

  /** The caller a demo identity's certificate makes. */
  public static Caller caller(Path dataDir, String role) throws IOException {
    return Tokens.caller(CertificateAuthority.readCertificate(dataDir.resolve("dev").resolve(role).resolve("cert.pem")));
  }

  /**
   * Initialises a fresh ledger for the demo identities, each act signed by the demo identity whose act
   * it is (issue 23), the ledger trusting, for each demo identity's organisation, the root among
   * {@code roots} that issued its certificate; does nothing on an initialised one. {@code clock} is the
   * ledger's.
   */
  public static void initialise(Ledger ledger, Path dataDir, List<X509Certificate> roots, java.time.Clock clock) throws IOException {
    initialise(ledger, dataDir, roots, clock, null);
  }

  /**
   * As {@link #initialise(Ledger, Path, List, java.time.Clock)}, the settings naming {@code witness} (when not null) as
   * the one witness of the transparency log, quorum 1 (issue 24); a dev ledger initialised before names it now, when it
   * names no witness yet.
   */
  public static void initialise(Ledger ledger, Path dataDir, List<X509Certificate> roots, java.time.Clock clock,
      SignedNote.Verifier witness) throws IOException {
    if (!Files.isRegularFile(dataDir.resolve("dev").resolve("admin").resolve("cert.pem"))) {
      // An organisation with no registry admin among its demo users (an exchange's, a regulator's) leaves the ledger's set-up
      // to a registry's gateway: its own users read and write once that is done.
      return;
    }
    RegistrySettings existing;
    try {
      existing = Json.mapper().readValue(ledger.evaluate(caller(dataDir, "admin"), "getSettings", "{}").join(), RegistrySettings.class);
    } catch (RuntimeException notYet) {
      existing = null; // A fresh ledger: set it up below.
    }
    if (existing != null) {
      if (witness != null && existing.ledgerId() != null && existing.logWitnesses() == null) {
        submit(ledger, author(dataDir, "admin", existing.ledgerId(), clock), "setLogWitnesses",
            new SetLogWitnessesRequest(List.of(witness.toString()), 1));
      }
      return;
    }
    byte[] suffix = new byte[4];
    new java.security.SecureRandom().nextBytes(suffix);
    String ledgerId = "dareg-dev-" + HexFormat.of().formatHex(suffix);
    java.util.Set<TrustedRoot> trusted = new java.util.LinkedHashSet<>();
    for (String role : IDENTITIES.keySet()) {
      Path cert = dataDir.resolve("dev").resolve(role).resolve("cert.pem");
      if (!Files.isRegularFile(cert)) {
        continue;
      }
      X509Certificate c = CertificateAuthority.readCertificate(cert);
      for (X509Certificate root : roots) {
        if (root.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
          trusted.add(TrustedRoot.of(Tokens.caller(c).msp(), root));
        }
      }
    }
    RequestSigner admin = author(dataDir, "admin", ledgerId, clock);
    submit(ledger, admin, "initLedger", new InitLedgerRequest("RegistryMSP", "dareg 演示登记中心", "TJ-DIP", ledgerId,
        List.copyOf(trusted), null, witness == null ? null : List.of(witness.toString()), witness == null ? null : 1));
    submit(ledger, admin, "grantRole", Map.of("identity", caller(dataDir, "reviewer").identity(), "role", Role.REVIEWER));
    submit(ledger, admin, "grantRole", Map.of("identity", caller(dataDir, "regulator").identity(), "role", Role.REGULATOR));
    RequestSigner registrar = author(dataDir, "registrar", ledgerId, clock);
    submit(ledger, registrar, "openAccount", Map.of(
        "creditCodeHash", sha256("91120116MA00000000"), "name", "演示数据科技有限公司", "kind", AccountKind.ENTERPRISE,
        "members", List.of(caller(dataDir, "holder").identity())));
    if (Files.isRegularFile(dataDir.resolve("dev").resolve("buyer").resolve("cert.pem"))) { // not every Fabric network has one
      submit(ledger, registrar, "openAccount", Map.of(
          "creditCodeHash", sha256("91120116MA00000001"), "name", "演示买方科技有限公司", "kind", AccountKind.ENTERPRISE,
          "members", List.of(caller(dataDir, "buyer").identity())));
    }
  }

  /** The demo identity {@code role} (its files under {@code <data>/dev/<role>/}) signing for {@code ledgerId} at {@code clock}'s time. */
  public static RequestSigner author(Path dataDir, String role, String ledgerId, java.time.Clock clock) throws IOException {
    Path dir = dataDir.resolve("dev").resolve(role);
    return new RequestSigner(CertificateAuthority.readCertificate(dir.resolve("cert.pem")),
        new Signatures(new BouncyCastleProvider()).privateKeyFromPem(Files.readString(dir.resolve("key.pem"))), ledgerId, clock);
  }

  private static void submit(Ledger ledger, RequestSigner author, String tx, Object args) {
    String signed = CanonicalJson.toString(author.sign(tx, Json.mapper().valueToTree(args)).toJson());
    ledger.submit(ApiServer.SERVICE_CALLER, tx, signed).join();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}

package io.dareg.client.cli;

import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.TrustedRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dareg ledger init}: the first act of a new ledger (issue 23), signed by an admin of the registry organisation.
 * It names the ledger's identity, which every later signed request must name, and the CA roots of the organisations
 * whose members may write; the admin's own request is checked against them.
 *
 * <pre>{@code
 * dareg ledger init --name "天津数据资产登记中心" --ledger-id dareg:tj-registry:prod-2026 \
 *     --trust RegistryMSP=ca/registry-root.pem --trust ExchangeMSP=ca/exchange-root.pem --identity admin/
 * }</pre>
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"Initialise a new ledger (an admin of the registry organisation, once): its identity, its registry, and"
        + " the CA roots that certify who may write.",
        "Every write is a request signed by its author; the ledger accepts a request only if it names this ledger and its"
            + " author's certificate is issued by one of these roots. An author belongs to the organisation of the root that"
            + " issued their certificate."})
final class LedgerInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--ledger-id", required = true,
      description = "the new ledger's identity, unique among ledgers, e.g. dareg:tj-registry:prod-2026 (letters, digits, : . _ -)")
  String ledgerId;

  @Option(names = "--trust", required = true, paramLabel = "MSP=ROOT.pem",
      description = "a CA root the ledger trusts, and the organisation whose members it certifies (repeat for each;"
          + " at least one for the registry organisation). ROOT.pem: a PEM file of the CA's certificate")
  List<String> trust;

  @Option(names = "--registry-msp", defaultValue = "RegistryMSP", description = "the registry organisation's MSP id (default: ${DEFAULT-VALUE})")
  String registryMsp;

  @Option(names = "--name", required = true, description = "the registry's name, printed on certificates")
  String name;

  @Option(names = "--profile", defaultValue = "TJ-DIP", description = "the profile an application gets when it names none (default: ${DEFAULT-VALUE})")
  String profile;

  @Option(names = "--request-skew", paramLabel = "SECONDS",
      description = "how far a signed request's time may be from the ledger's, 30 to 3600 seconds (default 300)")
  Integer requestSkew;

  @Override
  public Integer call() throws Exception {
    if (connection.identity == null) {
      throw new IllegalArgumentException("give --identity DIR: an admin of " + registryMsp + " signs the ledger's first act");
    }
    List<TrustedRoot> roots = roots(trust);
    if (roots.stream().noneMatch(r -> r.msp().equals(registryMsp))) {
      throw new IllegalArgumentException("no --trust for the registry organisation " + registryMsp + ": give --trust " + registryMsp
          + "=ROOT.pem, the root of its CA (its admins sign this very request)");
    }
    if (requestSkew != null && (requestSkew < 30 || requestSkew > 3600)) {
      throw new IllegalArgumentException("--request-skew " + requestSkew + " is out of range: give 30 to 3600 seconds");
    }
    RegistrySettings s = connection.client().initLedger(new InitLedgerRequest(registryMsp, name, profile, ledgerId, roots, requestSkew));
    Map<String, String> human = new LinkedHashMap<>();
    human.put("ledger", s.ledgerId());
    human.put("registry", s.registryName() + " (" + s.registryMsp() + ")");
    human.put("default profile", s.defaultProfile());
    for (TrustedRoot r : s.trustedRoots()) {
      human.merge("trusted roots", r.msp() + ": " + r.x509().getSubjectX500Principal().getName(), (a, b) -> a + "; " + b);
    }
    human.put("request skew", s.requestSkew().toSeconds() + " s");
    human.put("initialised", s.initialisedAt() + " by " + s.initialisedBy().id());
    Output.print(spec.commandLine().getOut(), connection.json, s, human);
    return 0;
  }

  /** The {@code --trust MSP=ROOT.pem} values as roots, each file read and checked to hold CA certificates. */
  static List<TrustedRoot> roots(List<String> values) throws IOException {
    return roots(values, "--trust");
  }

  /** As {@link #roots(List)}, naming option {@code option} in its errors. */
  static List<TrustedRoot> roots(List<String> values, String option) throws IOException {
    List<TrustedRoot> out = new ArrayList<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq <= 0 || eq == v.length() - 1) {
        throw new IllegalArgumentException(option + " " + v + ": give MSP=ROOT.pem, e.g. " + option + " RegistryMSP=.dareg/ca/root.pem");
      }
      String msp = v.substring(0, eq);
      Path pem = Path.of(v.substring(eq + 1));
      if (!Files.isRegularFile(pem)) {
        throw new IllegalArgumentException(option + " " + v + ": " + pem + " does not exist: give the PEM file of " + msp + "'s CA root");
      }
      List<X509Certificate> certs;
      try {
        certs = Connection.certificates(pem);
      } catch (IOException e) {
        throw new IllegalArgumentException(option + " " + v + ": " + e.getMessage() + "; give the CA root's certificate in PEM"
            + " (-----BEGIN CERTIFICATE-----)", e);
      }
      for (X509Certificate c : certs) {
        if (c.getBasicConstraints() < 0) {
          throw new IllegalArgumentException(option + " " + v + ": " + c.getSubjectX500Principal().getName() + " in " + pem
              + " is not a CA certificate: give the root of the CA that issues " + msp + "'s members their certificates");
        }
        try {
          out.add(TrustedRoot.of(msp, c));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(option + " " + v + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }
}

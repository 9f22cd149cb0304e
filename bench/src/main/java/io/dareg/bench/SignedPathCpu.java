package io.dareg.bench;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.InMemoryWorldState;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.core.act.RequestSigner;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.http.ApiServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * The CPU a signed registration costs on the rules' path (issue 26, item 2), one thread, measured as
 * that thread's CPU time and so hardly moved by what else the machine runs: each registration is
 * LedgerLoad --register's: one {@code register} transaction carrying the deposit and the application
 * (issue 26), or with the two-step form a deposit and then an application, measured alternately; each
 * its holder's signed request ({@code dareg-signed-request/1}, ECDSA P-256 through {@code
 * Signatures.fastest()}), in three parts per registration, as the embedded ledger spends them: <b>sign</b> (the author's side: the
 * request signed and written as canonical JSON), <b>precheck</b> (the submitter's thread verifies
 * the signature ahead of the writer) and <b>rules</b> (the writer: the signed act opened, checked and
 * recorded, the rules run, on an in-memory world state). What the ledger adds beyond the rules (the
 * block's canonical bytes, the state store, the block signature and fsync) is LedgerLoad's.
 *
 * <p>Usage: {@code java -cp ... io.dareg.bench.SignedPathCpu [registrations-per-round] [rounds]}; the
 * first 10,000 registrations of each form warm the JIT up and are not counted.
 */
public final class SignedPathCpu {
  private static final String LEDGER_ID = "dareg-bench-ledger";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final RegistryTransactions rules = RegistryTransactions.standard();
  private final InMemoryWorldState ws = new InMemoryWorldState();
  private final ThrowawayAuthority ca = new ThrowawayAuthority();
  /** The clock requests are signed by and transactions timed at: now, so that the authority's certificates are valid. */
  private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
  private final RequestSigner holder;
  private final Caller holderCaller = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder0"), null, false);
  private long tx;
  private long n;
  private long signNanos;
  private long precheckNanos;
  private long rulesNanos;

  private SignedPathCpu() {
    Caller admin = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
    Caller registrar = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
    run(signer(admin), "initLedger", new InitLedgerRequest("RegistryMSP", "bench", "TJ-DIP", LEDGER_ID, ca.roots()));
    run(signer(registrar), "openAccount", new OpenAccountRequest(Requests.hash("holder0"), "holder 0", AccountKind.ENTERPRISE,
        List.of(holderCaller.identity())));
    holder = signer(holderCaller);
  }

  public static void main(String[] args) {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SignedPathCpu path = new SignedPathCpu();
    path.register(10_000, false);
    path.register(10_000, true);
    System.out.println("# one thread, ECDSA P-256 signed requests, rules on an in-memory world state; CPU per registration, as one"
        + " register transaction (issue 26) and as a depositEvidence then a submit (two-step), alternately, after 10,000 of each"
        + " of warm-up");
    System.out.printf("%-8s %-9s %12s %12s %12s %12s%n", "round", "form", "sign us", "precheck us", "rules us", "total us");
    for (int r = 1; r <= rounds; r++) {
      for (boolean twoStep : r % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        path.signNanos = 0;
        path.precheckNanos = 0;
        path.rulesNanos = 0;
        path.register(perRound, twoStep);
        double sign = path.signNanos / 1e3 / perRound;
        double precheck = path.precheckNanos / 1e3 / perRound;
        double rules = path.rulesNanos / 1e3 / perRound;
        String form = twoStep ? "two-step" : "register";
        System.out.printf("%-8d %-9s %12.1f %12.1f %12.1f %12.1f%n", r, form, sign, precheck, rules, sign + precheck + rules);
        String name = "signed_path." + (twoStep ? "two_step" : "register") + ".r" + r;
        System.out.printf("RESULT %1$s.sign_us_per_reg %2$.1f%nRESULT %1$s.precheck_us_per_reg %3$.1f%n"
            + "RESULT %1$s.rules_us_per_reg %4$.1f%n", name, sign, precheck, rules);
      }
    }
  }

  /** Registers {@code count} times, as LedgerLoad --register's writers do: one register, or a deposit and then an application. */
  private void register(int count, boolean twoStep) {
    for (int i = 0; i < count; i++) {
      long k = ++n;
      if (!twoStep) {
        run(holder, "register", Requests.registration(k));
        continue;
      }
      String deposited = run(holder, "depositEvidence", Requests.deposit(k));
      String evidenceNo;
      try {
        evidenceNo = Json.mapper().readTree(deposited).path("evidenceNo").asText();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      run(holder, "submit", Requests.application(evidenceNo, k));
    }
  }

  /** One transaction: signed by {@code author}, prechecked and run by the rules as the gateway's service identity hands it in. */
  private String run(RequestSigner author, String transaction, Object request) {
    long t0 = THREADS.getCurrentThreadCpuTime();
    String signed = CanonicalJson.toString(author.sign(transaction, Json.mapper().valueToTree(request)).toJson());
    long t1 = THREADS.getCurrentThreadCpuTime();
    rules.precheck(transaction, signed);
    long t2 = THREADS.getCurrentThreadCpuTime();
    ws.begin(txId(++tx), clock.instant(), ApiServer.SERVICE_CALLER);
    RegistryTransactions.Outcome outcome;
    try {
      outcome = rules.run(ws, transaction, signed);
      ws.commit();
    } catch (RuntimeException e) {
      ws.rollback();
      throw e;
    }
    long t3 = THREADS.getCurrentThreadCpuTime();
    signNanos += t1 - t0;
    precheckNanos += t2 - t1;
    rulesNanos += t3 - t2;
    return outcome.result();
  }

  /** 64 hex digits, scattered as transaction ids are, unique per {@code k} in their first 16 (the rules number records from them). */
  private static String txId(long k) {
    String h = HexFormat.of().toHexDigits(Long.reverse(k * 0x9E3779B97F4A7C15L)) + HexFormat.of().toHexDigits(k);
    return h + h;
  }

  private RequestSigner signer(Caller caller) {
    String user = caller.identity().id().substring(3);
    return ca.author(caller.msp(), user, caller.roleAttribute(), caller.orgAdmin()).signer(LEDGER_ID, clock);
  }
}

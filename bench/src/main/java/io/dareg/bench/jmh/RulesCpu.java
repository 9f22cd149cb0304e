package io.dareg.bench.jmh;

import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.InMemoryWorldState;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.core.model.IdentityRef;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The CPU time the rules take per transaction on the in-memory world state, measured as this
 * thread's CPU time, so that, unlike throughput, it hardly depends on what else the machine runs:
 * evidence deposits by 64 holders in turn (what LedgerLoad commits), and registrations from
 * evidence to certificate ({@link RulesStory}, eight transactions each).
 *
 * <p>Usage: {@code java -cp ... io.dareg.bench.jmh.RulesCpu [rounds]}
 */
public final class RulesCpu {
  private static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");
  private static final int HOLDERS = 64;
  private static final int DEPOSITS_PER_ROUND = 50_000;
  private static final int REGISTRATIONS_PER_ROUND = 3_000;

  private RulesCpu() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    Deposits deposits = new Deposits();
    deposits.run(2 * DEPOSITS_PER_ROUND); // warm-up
    for (int r = 0; r < rounds; r++) {
      long cpu = mx.getCurrentThreadCpuTime();
      deposits.run(DEPOSITS_PER_ROUND);
      double us = (mx.getCurrentThreadCpuTime() - cpu) / 1e3 / DEPOSITS_PER_ROUND;
      System.out.printf("depositEvidence        %8.2f cpu us/tx%n", us);
      System.out.printf("RESULT rules.deposit.cpu_us_per_tx %.2f%n", us);
    }

    RulesStory story = new RulesStory(T0);
    for (int i = 0; i < REGISTRATIONS_PER_ROUND; i++) {
      story.register(T0); // warm-up
    }
    for (int r = 0; r < rounds; r++) {
      long cpu = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < REGISTRATIONS_PER_ROUND; i++) {
        story.register(T0);
      }
      double us = (mx.getCurrentThreadCpuTime() - cpu) / 1e3 / REGISTRATIONS_PER_ROUND / 8;
      System.out.printf("registration story     %8.2f cpu us/tx%n", us);
      System.out.printf("RESULT rules.story.cpu_us_per_tx %.2f%n", us);
    }
  }

  /** A registry with 64 holder accounts that deposit evidence in turn. */
  private static final class Deposits {
    private final RegistryTransactions rules = RegistryTransactions.standard();
    private final InMemoryWorldState ws = new InMemoryWorldState();
    private final Caller[] holders = new Caller[HOLDERS];
    private long tx;
    private long deposit;

    Deposits() {
      run(new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true), "initLedger",
          "{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"bench\",\"defaultProfile\":\"TJ-DIP\"}");
      Caller registrar = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
      for (int i = 0; i < HOLDERS; i++) {
        holders[i] = new Caller(new IdentityRef("EnterpriseMSP", "CN=holder" + i), null, false);
        run(registrar, "openAccount", "{\"creditCodeHash\":\"" + hex(-1 - i) + "\",\"name\":\"holder " + i
            + "\",\"kind\":\"ENTERPRISE\",\"members\":[{\"msp\":\"EnterpriseMSP\",\"id\":\"CN=holder" + i + "\"}]}");
      }
    }

    void run(int count) {
      for (int i = 0; i < count; i++, deposit++) {
        run(holders[(int) (deposit % HOLDERS)], "depositEvidence",
            "{\"algorithm\":\"SM3\",\"hash\":\"" + hex(deposit) + "\",\"size\":" + deposit + ",\"channel\":\"bench\"}");
      }
    }

    private void run(Caller who, String name, String args) {
      ws.begin(hex(++tx + (1L << 50)), T0, who);
      rules.invoke(ws, name, args);
      ws.commit();
    }
  }

  /** 64 hex digits, unique per {@code n} in their first 12. */
  private static String hex(long n) {
    String h = HexFormat.of().toHexDigits(Long.reverse(n * 0x9E3779B97F4A7C15L)) + HexFormat.of().toHexDigits(n);
    return h + h;
  }
}

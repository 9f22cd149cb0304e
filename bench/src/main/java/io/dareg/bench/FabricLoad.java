package io.dareg.bench;

import static io.dareg.bench.Percentiles.millis;

import io.dareg.gateway.ledger.fabric.FabricSettings;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.TransactionException;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * Transactions of bench's minimal contract ({@code benchput}, {@link io.dareg.bench.fabric.PutContract}) on
 * {@code network/fabric.sh}'s network, submitted as dareg's gateway submits its own (issue 26, item 3): through
 * {@code org.hyperledger.fabric:fabric-gateway} to the organisation's peer, over one TLS gRPC channel, signed with the
 * organisation's gateway identity, from the same settings file the gateway reads ({@code gateway-<org>.json}); each
 * transaction endorsed (the peer collects the endorsements the policy asks for), submitted, and waited for until its
 * commit status comes back, as {@code FabricLedger.submit} does.
 *
 * <p>Each of the N clients is a thread in a closed loop (the next transaction as soon as the last one committed), so N
 * transactions are in flight, as N callers of dareg's gateway keep N registrations in flight.
 */
final class FabricLoad implements AutoCloseable {
  /** The minimal contract's chaincode name on the channel ({@code network/fabric.sh up --bench-contract}). */
  static final String CHAINCODE = "benchput";

  private final ManagedChannel channel;
  private final Gateway gateway;
  private final Contract contract;
  private final String function;
  private final String[] arguments;

  /** What one level gave: transactions per second, latency from proposal to commit status, errors. */
  record Result(double perSecond, double p50, double p99, long ops, long errors, String firstError) {}

  /**
   * Connects to the peer {@code settings} name, as their gateway identity, to chaincode {@code chaincode}; every
   * transaction puts {@code value}. IllegalArgumentException saying what is wrong with the identity.
   */
  FabricLoad(FabricSettings settings, String chaincode, String value) throws IOException {
    this(settings, chaincode, "put", value);
  }

  /**
   * As {@link #FabricLoad(FabricSettings, String, String)}, every transaction calling {@code function} with
   * {@code arguments} ({@code shaped}, say: {@link io.dareg.bench.fabric.PutContract#shaped}).
   */
  FabricLoad(FabricSettings settings, String chaincode, String function, String... arguments) throws IOException {
    Path dir = settings.identity();
    X509Identity identity;
    org.hyperledger.fabric.client.identity.Signer signer;
    try (Reader cert = Files.newBufferedReader(dir.resolve("cert.pem")); Reader key = Files.newBufferedReader(dir.resolve("key.pem"))) {
      identity = new X509Identity(settings.mspId(), Identities.readX509Certificate(cert));
      signer = Signers.newPrivateKeySigner(Identities.readPrivateKey(key));
    } catch (CertificateException | InvalidKeyException e) {
      throw new IllegalArgumentException("identity " + dir + ": " + e.getMessage(), e);
    }
    ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(settings.peerTlsRoot().toFile()).build();
    var builder = Grpc.newChannelBuilder(settings.peerEndpoint(), tls);
    if (settings.peerHostOverride() != null) {
      builder.overrideAuthority(settings.peerHostOverride());
    }
    this.channel = builder.build();
    this.gateway = Gateway.newInstance().identity(identity).signer(signer).hash(Hash.SHA256).connection(channel).connect();
    this.contract = gateway.getNetwork(settings.channel()).getContract(chaincode);
    this.function = function;
    this.arguments = arguments.clone();
  }

  /** One transaction: endorse, submit, wait for the commit status; IllegalStateException when it was not committed valid. */
  void putOnce() throws TransactionException {
    SubmittedTransaction tx = contract.newProposal(function).addArguments(arguments).build()
        .endorse(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
        .submitAsync(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS));
    Status status = tx.getStatus(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS));
    if (!status.isSuccessful()) {
      throw new IllegalStateException("transaction " + status.getTransactionId() + " was not committed: " + status.getCode());
    }
  }

  /** {@code clients} threads in closed loops for {@code seconds} or {@code max} transactions in all, whichever ends first. */
  Result run(int clients, int seconds, long max) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long[][] latencies = new long[clients][1 << 16];
    int[] counts = new int[clients];
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end && issued.incrementAndGet() <= max) {
          long t0 = System.nanoTime();
          try {
            putOnce();
            if (counts[client] < latencies[client].length) {
              latencies[client][counts[client]++] = System.nanoTime() - t0;
            }
          } catch (TransactionException | RuntimeException e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
          }
        }
      }, "benchput-load-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      // the deadlines above bound a transaction to 150 s
      t.join(TimeUnit.SECONDS.toMillis(seconds + 180L));
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies[c], 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    return new Result(total / elapsed, millis(all, 0.50), millis(all, 0.99), total, errors.get(), firstError.get());
  }

  @Override
  public void close() throws InterruptedException {
    gateway.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The bytes of {@code s} in UTF-8: what the peers write per transaction, for the report. */
  static int size(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}

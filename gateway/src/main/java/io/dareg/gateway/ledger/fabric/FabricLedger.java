package io.dareg.gateway.ledger.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.dareg.chaincode.fabric.ReaderClaim;
import io.dareg.chaincode.registry.Caller;
import io.dareg.chaincode.registry.RegistryTransactions;
import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.ActSource;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.LedgerAdministration.CommittedBlock;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.LogSource;
import io.dareg.gateway.ledger.RefusedException;
import io.dareg.gateway.ledger.Subscription;
import io.dareg.gateway.ledger.UnavailableException;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.ProposedTransaction;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The registry's ledger on a Hyperledger Fabric network, through the organisation's peer and the
 * Fabric Gateway client ({@code org.hyperledger.fabric:fabric-gateway}) over TLS.
 *
 * <p><b>Who signs.</b> The gateway holds one Fabric key, its organisation's service identity
 * ({@link ServiceIdentity}), and no user's (issue 23). A write is its author's signed request, checked
 * by the chaincode's rules, and is proposed with the service identity; the gateway has no other way to
 * write, so a ledger initialised without trusted roots (before issue 23), which would take a write as
 * whoever proposed it, is read-only through the gateway. A query is proposed with the service
 * identity too and names the reader the bearer token authenticated ({@link ReaderClaim}), so the rules
 * answer each reader as before; the peers accept that claim from a gateway identity of the reader's
 * own organisation only, and never on a write.
 *
 * <p><b>Time.</b> Proposals carry the time of the ledger's clock (Fabric takes a transaction's time
 * from its proposal, which the client stamps), so a gateway started with a test or dev clock moves
 * time on Fabric as on the embedded ledger.
 *
 * <p><b>Errors.</b> A refusal by the rules comes back from the peer as the chaincode's message,
 * {@code CODE: [field: ]message}, and is turned back into the same {@link RefusedException} the
 * embedded ledger raises. A read or endorsement conflict at commit (two transactions touched the
 * same keys) is retried with a fresh proposal; any other failure to reach, endorse or commit is an
 * {@link UnavailableException}. No Fabric or gRPC type leaves this package.
 */
public final class FabricLedger implements Ledger, ActSource, LogSource {
  private static final Logger LOG = Logger.getLogger(FabricLedger.class.getName());
  private static final int CONFLICT_RETRIES = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final FabricSettings settings;
  private final Clock clock;
  private final ServiceIdentity service;
  private final IdentityRef serviceCaller;
  private final ManagedChannel channel;
  private final RegistryTransactions rules = RegistryTransactions.standard();
  private final Gateway gateway;
  private final ExecutorService calls;
  private volatile boolean closed;
  private volatile LedgerHealth health = new LedgerHealth(LedgerHealth.State.STARTING, "not yet asked the peer");
  private volatile long healthAt;
  private final AtomicBoolean probing = new AtomicBoolean();

  private FabricLedger(FabricSettings settings, Clock clock, IdentityRef serviceCaller) throws IOException {
    this.settings = settings;
    this.clock = clock;
    this.serviceCaller = serviceCaller;
    this.service = ServiceIdentity.read(settings.identity(), settings.mspId());
    ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(settings.peerTlsRoot().toFile()).build();
    var builder = Grpc.newChannelBuilder(settings.peerEndpoint(), tls);
    if (settings.peerHostOverride() != null) {
      builder.overrideAuthority(settings.peerHostOverride());
    }
    this.channel = builder.build();
    this.gateway = Gateway.newInstance().identity(service.identity()).signer(service.signer()).hash(Hash.SHA256)
        .connection(channel).connect();
    AtomicInteger n = new AtomicInteger();
    this.calls = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fabric-call-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Connects to the network {@code settings} describe. {@code serviceCaller} is the identity the
   * gateway itself passes for its own calls (signed writes it hands in, public reads, sweeps); they
   * are proposed with the service identity and name no other reader.
   * Asks the peer once before returning, so that {@link #health()} reports on the network at once.
   * IllegalArgumentException when the settings or the service identity are unusable.
   */
  public static FabricLedger open(FabricSettings settings, Clock clock, IdentityRef serviceCaller) {
    try {
      FabricLedger ledger = new FabricLedger(settings, clock, serviceCaller);
      ledger.probe(settings.evaluateSeconds()); // so that health() means something from the start
      return ledger;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + settings.peerTlsRoot() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<Committed> submit(Caller submitter, String transaction, String argsJson) {
    return call(() -> {
      if (query(transaction)) {
        throw new RefusedException(RuleException.Code.INVALID, "transaction",
            transaction + " is a query: evaluate it instead of submitting it");
      }
      // issue 23: a signed write is handed in by the gateway as itself; there is no key to write as anyone else with.
      if (!submitter.identity().equals(serviceCaller)) {
        throw new RefusedException(RuleException.Code.FORBIDDEN, null, "this ledger takes writes as " + submitter.identity()
            + " unsigned (it was initialised without trusted roots, before issue 23), and on Fabric the gateway holds no"
            + " user's key to propose them with: propose them with your own Fabric identity, or use a ledger initialised with"
            + " trusted roots, where every write is its author's signed request");
      }
      for (int attempt = 1; ; attempt++) {
        Proposal proposal = proposal(null, transaction, argsJson);
        try {
          SubmittedTransaction tx = proposal
              .endorse(o -> o.withDeadlineAfter(settings.endorseSeconds(), TimeUnit.SECONDS))
              .submitAsync(o -> o.withDeadlineAfter(settings.commitSeconds(), TimeUnit.SECONDS));
          var status = tx.getStatus(o -> o.withDeadlineAfter(settings.commitSeconds(), TimeUnit.SECONDS));
          if (status.isSuccessful()) {
            return new Committed(status.getTransactionId(), status.getBlockNumber(),
                new String(tx.getResult(), StandardCharsets.UTF_8));
          }
          TxValidationCode code = status.getCode();
          if (retriable(code) && attempt < CONFLICT_RETRIES) {
            continue;
          }
          throw new UnavailableException("transaction " + status.getTransactionId() + " was not committed: the peers marked it "
              + code.name() + (retriable(code) ? " after " + attempt + " attempts; try again" : ""), null);
        } catch (GatewayException e) {
          throw translate(transaction, e);
        }
      }
    });
  }

  @Override
  public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
    return call(() -> {
      if (!query(transaction)) {
        throw new RefusedException(RuleException.Code.INVALID, "transaction",
            transaction + " changes state: submit it instead of evaluating it");
      }
      Proposal proposal = proposal(caller.identity().equals(serviceCaller) ? null : caller, transaction, argsJson);
      try {
        return new String(proposal.evaluate(o -> o.withDeadlineAfter(settings.evaluateSeconds(), TimeUnit.SECONDS)),
            StandardCharsets.UTF_8);
      } catch (GatewayException e) {
        throw translate(transaction, e);
      }
    });
  }

  @Override
  public long height() {
    if (closed) {
      throw new UnavailableException("the Fabric ledger was closed", null);
    }
    try {
      // The system chaincode qscc answers the channel's height to any member of the channel.
      byte[] info = gateway.getNetwork(settings.channel()).getContract("qscc")
          .evaluateTransaction("GetChainInfo", settings.channel());
      return BlockchainInfo.parseFrom(info).getHeight();
    } catch (GatewayException e) {
      throw translate("GetChainInfo", e);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new UnavailableException("the peer's answer to GetChainInfo is not a BlockchainInfo: " + e.getMessage(), e);
    }
  }

  /** The act {@code txId} with the whole block that holds it, as this organisation's peer returns it (qscc). */
  @Override
  public byte[] exportAct(String txId) {
    if (closed) {
      throw new UnavailableException("the Fabric ledger was closed", null);
    }
    try {
      byte[] block = gateway.getNetwork(settings.channel()).getContract("qscc")
          .evaluateTransaction("GetBlockByTxID", settings.channel(), txId);
      return io.dareg.core.ledger.FabricActProof.of(settings.channel(), txId, block).toJson();
    } catch (GatewayException e) {
      boolean unknown = String.valueOf(e.getStatus().getDescription()).contains("no such transaction ID")
          || e.getDetails().stream().anyMatch(d -> d.getMessage().contains("no such transaction ID"));
      if (unknown) {
        throw new RefusedException(RuleException.Code.NOT_FOUND, "txId", "no transaction " + txId + " on channel " + settings.channel());
      }
      throw translate("GetBlockByTxID", e);
    }
  }

  @Override
  public Subscription events(long fromBlock, EventListener listener) {
    return ReconnectingFeed.start(new ChaincodeEventFeed(gateway.getNetwork(settings.channel()), settings.chaincode(),
        fromBlock, listener, () -> closed), "fabric-events");
  }

  /** The transparency log's name on this channel: the same for every organisation's gateway, so their checkpoints agree. */
  public String logOrigin() {
    return "dareg.fabric/" + settings.channel();
  }

  /** The dareg chaincode's name on the channel: other chaincodes' transactions are in the log too, but are not the registry's acts. */
  @Override
  public String registryChaincode() {
    return settings.chaincode();
  }

  /** Null: the log keeps the entries it derives from the blocks itself (there is no block file here to point into). */
  @Override
  public Path entryFile() {
    return null;
  }

  /**
   * Every committed block from {@code fromBlock} on, as this organisation's peer delivers it (fabric-gateway block
   * events), turned into its log entries ({@link io.dareg.core.ledger.FabricLogEntries}); reconnects from the next
   * block after a failure. A long catch-up is logged every five seconds with blocks per second.
   */
  @Override
  public Subscription logBlocks(long fromBlock, Consumer<CommittedBlock> listener) {
    return ReconnectingFeed.start(new BlockFeed(gateway.getNetwork(settings.channel()), this::height, fromBlock, listener,
        () -> closed), "fabric-log-blocks");
  }

  /**
   * Ready when the peer answers a read with the service identity (a refusal by the rules is an
   * answer); FAILED with the reason while it does not. Never blocks: answers the last probe's
   * result and, when that is over a second old, starts a new probe in the background.
   */
  @Override
  public LedgerHealth health() {
    if (!closed && System.nanoTime() - healthAt > TimeUnit.SECONDS.toNanos(1) && probing.compareAndSet(false, true)) {
      try {
        calls.execute(() -> {
          try {
            probe(3);
          } finally {
            probing.set(false);
          }
        });
      } catch (RuntimeException rejected) {
        probing.set(false);
      }
    }
    return health;
  }

  /** Asks the peer now, waiting up to {@code seconds}. */
  private void probe(int seconds) {
    LedgerHealth h;
    try {
      proposal(null, "getSettings", "{}").evaluate(o -> o.withDeadlineAfter(seconds, TimeUnit.SECONDS));
      h = ready();
    } catch (GatewayException e) {
      RuntimeException r = translate("getSettings", e);
      h = r instanceof RefusedException ? ready() : new LedgerHealth(LedgerHealth.State.FAILED, r.getMessage());
    } catch (RuntimeException e) {
      h = new LedgerHealth(LedgerHealth.State.FAILED, "cannot ask the peer: " + e.getMessage());
    }
    health = h;
    healthAt = System.nanoTime();
  }

  private LedgerHealth ready() {
    return new LedgerHealth(LedgerHealth.State.READY, "Fabric channel " + settings.channel() + " through "
        + settings.peerEndpoint() + " as " + settings.mspId() + " (gateway identity " + service.ref().id() + ")");
  }

  @Override
  public void close() {
    closed = true;
    gateway.close();
    calls.shutdown();
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  // --- internals ---------------------------------------------------------------------------------

  private interface Call<T> {
    T run();
  }

  private <T> CompletableFuture<T> call(Call<T> body) {
    if (closed) {
      return CompletableFuture.failedFuture(new UnavailableException("the Fabric ledger was closed", null));
    }
    return CompletableFuture.supplyAsync(body::run, calls);
  }

  private boolean query(String transaction) {
    try {
      return rules.isReadOnly(transaction);
    } catch (RuleException e) {
      throw RefusedException.of(e);
    }
  }

  /**
   * A proposal by the service identity stamped with the ledger clock's time, naming {@code reader} (or no one) as the
   * one a query is read for; built here because the Fabric client stamps the machine's time and offers no other way
   * to set it.
   */
  private Proposal proposal(Caller reader, String transaction, String argsJson) {
    ByteString creator = service.creator();
    byte[] nonce = new byte[24];
    RANDOM.nextBytes(nonce);
    String txId = HexFormat.of().formatHex(sha256(nonce, creator));
    Instant now = clock.instant();
    ChaincodeID chaincode = ChaincodeID.newBuilder().setName(settings.chaincode()).build();
    ChannelHeader channelHeader = ChannelHeader.newBuilder()
        .setType(HeaderType.ENDORSER_TRANSACTION.getNumber())
        .setTxId(txId)
        .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setChannelId(settings.channel())
        .setExtension(ChaincodeHeaderExtension.newBuilder().setChaincodeId(chaincode).build().toByteString())
        .build();
    Header header = Header.newBuilder()
        .setChannelHeader(channelHeader.toByteString())
        .setSignatureHeader(SignatureHeader.newBuilder()
            .setCreator(creator).setNonce(ByteString.copyFrom(nonce)).build().toByteString())
        .build();
    ChaincodeInput input = ChaincodeInput.newBuilder()
        .addArgs(ByteString.copyFromUtf8(transaction))
        .addArgs(ByteString.copyFromUtf8(argsJson))
        .build();
    ChaincodeProposalPayload.Builder payload = ChaincodeProposalPayload.newBuilder()
        .setInput(ChaincodeInvocationSpec.newBuilder()
            .setChaincodeSpec(ChaincodeSpec.newBuilder().setChaincodeId(chaincode).setInput(input))
            .build().toByteString());
    if (reader != null) {
      // Transient: endorsers see it, the ledger does not keep it (Fabric leaves it out of the transaction).
      payload.putTransientMap(ReaderClaim.TRANSIENT_KEY, ByteString.copyFrom(ReaderClaim.encode(reader)));
    }
    org.hyperledger.fabric.protos.peer.Proposal proposal = org.hyperledger.fabric.protos.peer.Proposal.newBuilder()
        .setHeader(header.toByteString())
        .setPayload(payload.build().toByteString())
        .build();
    ProposedTransaction proposed = ProposedTransaction.newBuilder()
        .setTransactionId(txId)
        .setProposal(SignedProposal.newBuilder().setProposalBytes(proposal.toByteString()))
        .build();
    return gateway.newProposal(proposed.toByteArray());
  }

  private static byte[] sha256(byte[] a, ByteString b) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(a);
      d.update(b.asReadOnlyByteBuffer());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean retriable(TxValidationCode code) {
    return code == TxValidationCode.MVCC_READ_CONFLICT || code == TxValidationCode.PHANTOM_READ_CONFLICT;
  }

  /** The rules' refusal the peer's error carries, or an outage naming what failed. */
  private RuntimeException translate(String transaction, GatewayException e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
    for (ErrorDetail d : e.getDetails()) {
      var refusal = RuleException.fromWireText(d.getMessage());
      if (refusal.isPresent()) {
        return RefusedException.of(refusal.get());
      }
      text.append("; ").append(d.getMspId()).append(" at ").append(d.getAddress()).append(": ").append(d.getMessage());
    }
    var refusal = RuleException.fromWireText(e.getStatus().getDescription());
    if (refusal.isPresent()) {
      return RefusedException.of(refusal.get());
    }
    Status.Code code = e.getStatus().getCode();
    String why = switch (code) {
      case DEADLINE_EXCEEDED -> "the Fabric network did not answer in time";
      case UNAVAILABLE -> "the organisation's peer cannot be reached";
      default -> "the Fabric network could not run " + transaction;
    };
    return new UnavailableException(why + " (" + code + ": " + text + ")", e);
  }
}

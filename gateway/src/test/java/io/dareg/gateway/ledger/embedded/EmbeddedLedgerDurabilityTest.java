package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.LedgerHealth;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.UnavailableException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger keeps what it acknowledged, and notices any change to its block file. */
class EmbeddedLedgerDurabilityTest {
  static final Caller ADMIN = new Caller(new IdentityRef("RegistryMSP", "CN=admin"), null, true);
  static final Caller REGISTRAR = new Caller(new IdentityRef("RegistryMSP", "CN=registrar"), "registrar", false);
  static final Caller HOLDER = new Caller(new IdentityRef("EnterpriseMSP", "CN=alice"), null, false);

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));

  private Path dir() {
    return tmp.resolve("ledger");
  }

  /**
   * Opens the ledger and waits for the background check of the blocks its state store already held:
   * damage there turns up as FAILED only once that check is over.
   */
  private EmbeddedLedger open() throws Exception {
    return checked(EmbeddedLedger.open(dir(), clock, EmbeddedLedger.Options.defaults()));
  }

  static EmbeddedLedger checked(EmbeddedLedger ledger) throws InterruptedException {
    assertThat(ledger.awaitChainCheck(60, TimeUnit.SECONDS)).as("the background check of the chain ends").isTrue();
    return ledger;
  }

  /** A ledger with a holder account and {@code deposits} evidence deposits, one per block. */
  private List<String> populate(EmbeddedLedger ledger, int deposits) {
    ledger.submit(ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
    ledger.submit(REGISTRAR, "openAccount",
        json(new OpenAccountRequest(hash("a"), "甲公司", AccountKind.ENTERPRISE, List.of(HOLDER.identity())))).join();
    List<String> txIds = new ArrayList<>();
    for (int i = 0; i < deposits; i++) {
      txIds.add(ledger.submit(HOLDER, "depositEvidence", deposit(i)).join().txId());
    }
    return txIds;
  }

  @Test
  void a_reopened_ledger_has_the_same_state_history_and_events() throws Exception {
    String before;
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 3);
      before = ledger.evaluate(HOLDER, "whoAmI", "{}").join();
    }
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).isTrue();
      assertThat(again.height()).isEqualTo(5);
      assertThat(again.evaluate(HOLDER, "whoAmI", "{}").join()).isEqualTo(before);
      List<String> names = new ArrayList<>();
      again.events(0, e -> names.add(e.name())).close();
      assertThat(names).containsExactly("initLedger", "openAccount", "depositEvidence", "depositEvidence", "depositEvidence");
      // And it keeps committing on top.
      assertThat(again.submit(HOLDER, "depositEvidence", deposit(9)).join().blockNumber()).isEqualTo(5);
    }
  }

  @Test
  void concurrent_submissions_share_blocks_and_every_one_is_acknowledged() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 0);
      List<CompletableFuture<Committed>> futures = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        futures.add(ledger.submit(HOLDER, "depositEvidence", deposit(i)));
      }
      List<Committed> done = futures.stream().map(f -> f.orTimeout(30, TimeUnit.SECONDS).join()).toList();
      assertThat(done).extracting(Committed::txId).doesNotHaveDuplicates().hasSize(500);
      long blocks = done.stream().map(Committed::blockNumber).distinct().count();
      assertThat(blocks).as("group commit: fewer blocks than transactions").isLessThan(500);
    }
  }

  @Test
  void a_torn_last_block_is_cut_off_and_the_rest_serves() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 2);
    }
    Path blocks = dir().resolve("blocks.dat");
    long goodSize = Files.size(blocks);
    // A power cut in the middle of the next append: half a frame at the end.
    byte[] frame = BlockFrames.encode("{\"a\":1}".getBytes(StandardCharsets.UTF_8), new byte[400], new byte[70]);
    try (RandomAccessFile f = new RandomAccessFile(blocks.toFile(), "rw")) {
      f.seek(goodSize);
      f.write(frame, 0, frame.length / 2);
    }
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).isTrue();
      assertThat(again.health().detail()).contains("unfinished block 4").contains("offset " + goodSize);
      assertThat(again.height()).isEqualTo(4);
      assertThat(Files.size(blocks)).isEqualTo(goodSize);
    }
  }

  @Test
  void a_flipped_byte_anywhere_stops_the_node_naming_the_block_and_offset() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 3);
    }
    Path blocks = dir().resolve("blocks.dat");
    List<long[]> frames = frames(blocks);
    long[] third = frames.get(2); // block 2: [offset, length]
    for (long position : new long[] {third[0] + 3, third[0] + 20, third[0] + third[1] / 2, third[0] + third[1] - 1}) {
      flip(blocks, position);
      try (EmbeddedLedger again = open()) {
        LedgerHealth h = again.health();
        assertThat(h.state()).isEqualTo(LedgerHealth.State.FAILED);
        assertThat(h.detail()).contains("block 2").contains("offset " + third[0]);
        assertThatThrownBy(() -> again.evaluate(HOLDER, "whoAmI", "{}").join())
            .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> again.submit(HOLDER, "depositEvidence", deposit(7)).join())
            .hasCauseInstanceOf(UnavailableException.class);
      }
      flip(blocks, position);
    }
    try (EmbeddedLedger restored = open()) {
      assertThat(restored.health().ready()).isTrue();
    }
  }

  @Test
  void swapped_blocks_are_detected() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 2);
    }
    Path blocks = dir().resolve("blocks.dat");
    byte[] all = Files.readAllBytes(blocks);
    List<long[]> f = frames(blocks);
    ByteBuffer swapped = ByteBuffer.allocate(all.length);
    swapped.put(all, 0, (int) f.get(2)[0]);
    swapped.put(all, (int) f.get(3)[0], (int) f.get(3)[1]);
    swapped.put(all, (int) f.get(2)[0], (int) f.get(2)[1]);
    Files.write(blocks, swapped.array());
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().state()).isEqualTo(LedgerHealth.State.FAILED);
      assertThat(again.health().detail()).contains("block 2").contains("where 2 belongs");
    }
  }

  @Test
  void a_rehashed_block_without_the_node_signature_is_detected() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 1);
    }
    Path blocks = dir().resolve("blocks.dat");
    byte[] all = Files.readAllBytes(blocks);
    List<long[]> f = frames(blocks);
    long[] last = f.get(f.size() - 1);
    ByteBuffer frame = ByteBuffer.wrap(all, (int) last[0], (int) last[1]);
    frame.position((int) last[0] + 5);
    int headerLen = frame.getInt();
    int bodyLen = frame.getInt();
    int sigLen = Short.toUnsignedInt(frame.getShort());
    byte[] header = new byte[headerLen];
    byte[] body = new byte[bodyLen];
    frame.get(header).get(body);
    // Same header and body, correct checksum, but a signature by another key.
    var other = new io.dareg.core.crypto.Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    var keys = other.generate(io.dareg.core.crypto.SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] forged = BlockFrames.encode(header, body, other.sign(io.dareg.core.crypto.SignatureAlgorithm.ECDSA_P256_SHA256, keys.getPrivate(), header));
    assertThat(sigLen).isPositive();
    ByteBuffer out = ByteBuffer.allocate((int) last[0] + forged.length);
    out.put(all, 0, (int) last[0]).put(forged);
    Files.write(blocks, out.array());
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().state()).isEqualTo(LedgerHealth.State.FAILED);
      assertThat(again.health().detail()).contains("block " + (f.size() - 1)).contains("signature");
    }
  }

  @Test
  void a_fresh_data_directory_and_key_are_owner_only() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      assertThat(ledger.nodeKeyId()).matches("[0-9a-f]{32}");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("node-key.pem")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("blocks.dat")))).isEqualTo("rw-------");
    Files.setPosixFilePermissions(dir().resolve("node-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(this::open).hasMessageContaining("readable by others").hasMessageContaining("chmod 600");
  }

  @Test
  void a_write_the_disk_refuses_leaves_the_node_answering_queries_but_refusing_transactions() throws Exception {
    try (EmbeddedLedger ledger = open()) {
      populate(ledger, 1);
      // The disk goes away under the writer: close the block file's channel behind its back.
      java.lang.reflect.Field f = EmbeddedLedger.class.getDeclaredField("file");
      f.setAccessible(true);
      ((BlockFile) f.get(ledger)).close();
      assertThatThrownBy(() -> ledger.submit(HOLDER, "depositEvidence", deposit(5)).join())
          .hasCauseInstanceOf(UnavailableException.class)
          .hasMessageContaining("cannot write to disk");
      assertThat(ledger.health().state()).isEqualTo(LedgerHealth.State.READ_ONLY);
      assertThat(ledger.health().detail()).contains("cannot write block 3");
      assertThatThrownBy(() -> ledger.submit(HOLDER, "depositEvidence", deposit(6)).join())
          .hasCauseInstanceOf(UnavailableException.class);
      // Reads keep working from the verified state.
      assertThat(ledger.evaluate(HOLDER, "whoAmI", "{}").join()).contains("\"role\":\"HOLDER\"");
    }
    // Restarted on a good disk, the chain verifies and nothing acknowledged is missing.
    try (EmbeddedLedger again = open()) {
      assertThat(again.health().ready()).isTrue();
      assertThat(again.height()).isEqualTo(3);
    }
  }

  @Test
  void a_first_block_whose_length_runs_past_the_end_is_damage_not_a_torn_tail(@TempDir Path dir) throws Exception {
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir, clock, EmbeddedLedger.Options.defaults())) {
      populate(ledger, 3);
    }
    Path blocks = dir.resolve("blocks.dat");
    long size = Files.size(blocks);
    assertThat(size).isLessThan(65_536);
    flip(blocks, 10); // block 0's body length grows by 65,536 bytes: past the end of the file
    try (EmbeddedLedger again = checked(EmbeddedLedger.open(dir, clock, EmbeddedLedger.Options.defaults()))) {
      assertThat(again.health().state()).isEqualTo(LedgerHealth.State.FAILED);
      assertThat(again.health().detail()).contains("block 0").contains("another block starts at offset");
    }
    assertThat(Files.size(blocks)).as("nothing committed is cut").isEqualTo(size);
  }

  @net.jqwik.api.Property(tries = 40)
  void a_flipped_byte_anywhere_never_goes_unnoticed(@net.jqwik.api.ForAll java.util.Random random) throws Exception {
    Path dir = Files.createTempDirectory("dareg-flip");
    try {
      flipOneByte(dir, random);
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void flipOneByte(Path dir, java.util.Random random) throws Exception {
    List<long[]> frames;
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir, clock, EmbeddedLedger.Options.defaults())) {
      populate(ledger, 3);
    }
    Path blocks = dir.resolve("blocks.dat");
    frames = frames(blocks);
    long position = (long) (random.nextDouble() * Files.size(blocks));
    int block = 0;
    while (block + 1 < frames.size() && frames.get(block + 1)[0] <= position) {
      block++;
    }
    flip(blocks, position);
    try (EmbeddedLedger again = checked(EmbeddedLedger.open(dir, clock, EmbeddedLedger.Options.defaults()))) {
      LedgerHealth h = again.health();
      // Damage to the last block's length fields looks like a write cut short, but the committed
      // mark vouches for that block: a loss, never cut as a torn write.
      assertThat(h.state()).as("byte %d in block %d: %s", position, block, h.detail()).isEqualTo(LedgerHealth.State.FAILED);
      assertThat(h.detail()).as("byte %d", position).contains("block " + block).contains("offset " + frames.get(block)[0]);
    }
  }

  /** [offset, length] of every frame. */
  static List<long[]> frames(Path blocks) throws Exception {
    byte[] all = Files.readAllBytes(blocks);
    List<long[]> out = new ArrayList<>();
    int offset = 0;
    while (offset < all.length) {
      ByteBuffer b = ByteBuffer.wrap(all, offset + 5, 10);
      int len = BlockFile.PREFIX + b.getInt() + b.getInt() + Short.toUnsignedInt(b.getShort()) + 4;
      out.add(new long[] {offset, len});
      offset += len;
    }
    return out;
  }

  private static void flip(Path file, long position) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0x01);
    }
  }

  static String deposit(int i) {
    return json(new DepositEvidenceRequest(HashAlgorithm.SM3, hash("data-" + i), null, i, "dareg", null));
  }

  static String json(Object o) {
    return new String(Json.canonical(o), StandardCharsets.UTF_8);
  }

  static String hash(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

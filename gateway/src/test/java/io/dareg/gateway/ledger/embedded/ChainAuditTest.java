package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.frames;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.hash;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.ledger.SignedAuditReport;
import io.dareg.core.model.AccountKind;
import io.dareg.gateway.ledger.MutableClock;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An offline audit of a block file names the first block that fails and what failed. */
class ChainAuditTest {
  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private Path blocks;
  private ChainAudit audit;
  private List<long[]> frames;

  @BeforeEach
  void sixBlocks() throws Exception {
    Path dir = tmp.resolve("ledger");
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir, clock, EmbeddedLedger.Options.defaults())) {
      ledger.submit(EmbeddedLedgerDurabilityTest.ADMIN, "initLedger", json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP"))).join();
      ledger.submit(EmbeddedLedgerDurabilityTest.REGISTRAR, "openAccount", json(new OpenAccountRequest(hash("a"), "甲公司",
          AccountKind.ENTERPRISE, List.of(EmbeddedLedgerDurabilityTest.HOLDER.identity())))).join();
      for (int i = 0; i < 4; i++) {
        ledger.submit(EmbeddedLedgerDurabilityTest.HOLDER, "depositEvidence", deposit(i)).join();
      }
    }
    blocks = dir.resolve("blocks.dat");
    audit = new ChainAudit(SIGNATURES, SIGNATURES.publicKeyFromPem(Files.readString(dir.resolve(NodeKey.PUBLIC_FILE))));
    frames = frames(blocks);
  }

  @Test
  void an_intact_chain_verifies_every_block() throws Exception {
    ChainAudit.Report r = audit.audit(blocks);
    assertThat(r.valid()).isTrue();
    assertThat(r.blocks()).isEqualTo(6);
    assertThat(r.transactions()).isEqualTo(6);
    assertThat(r.bytes()).isEqualTo(Files.size(blocks));
  }

  @Test
  void a_flipped_byte_is_named_by_block() throws Exception {
    byte[] all = Files.readAllBytes(blocks);
    long[] third = frames.get(3);
    all[(int) (third[0] + third[1] / 2)] ^= 0x20;
    Files.write(blocks, all);
    ChainAudit.Report r = audit.audit(blocks);
    assertThat(r.valid()).isFalse();
    assertThat(r.blocks()).isEqualTo(3);
    assertThat(r.finding().block()).isEqualTo(3);
    assertThat(r.finding().offset()).isEqualTo(third[0]);
    assertThat(r.finding().what()).contains("checksum mismatch");
  }

  @Test
  void a_file_truncated_mid_block_is_named_by_block() throws Exception {
    long[] fourth = frames.get(4);
    byte[] all = Files.readAllBytes(blocks);
    Files.write(blocks, java.util.Arrays.copyOf(all, (int) (fourth[0] + fourth[1] / 3)));
    ChainAudit.Report r = audit.audit(blocks);
    assertThat(r.valid()).isFalse();
    assertThat(r.finding().block()).isEqualTo(4);
    assertThat(r.finding().what()).contains("truncated mid-block");
  }

  @Test
  void two_swapped_blocks_are_named_by_block() throws Exception {
    byte[] all = Files.readAllBytes(blocks);
    long[] a = frames.get(2);
    long[] b = frames.get(3);
    ByteBuffer out = ByteBuffer.allocate(all.length);
    out.put(all, 0, (int) a[0]).put(all, (int) b[0], (int) b[1]).put(all, (int) a[0], (int) a[1]);
    out.put(all, (int) (b[0] + b[1]), all.length - (int) (b[0] + b[1]));
    Files.write(blocks, out.array());
    ChainAudit.Report r = audit.audit(blocks);
    assertThat(r.finding().block()).isEqualTo(2);
    assertThat(r.finding().what()).contains("holds number 3 where 2 belongs");
  }

  @Test
  void a_correctly_hashed_block_signed_by_another_key_or_unsigned_is_named_by_block() throws Exception {
    var other = SIGNATURES.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    replaceSignature(1, header -> SIGNATURES.sign(SignatureAlgorithm.ECDSA_P256_SHA256, other.getPrivate(), header));
    ChainAudit.Report forged = audit.audit(blocks);
    assertThat(forged.finding().block()).isEqualTo(1);
    assertThat(forged.finding().what()).contains("signature does not verify with the node key");

    replaceSignature(1, header -> new byte[0]);
    ChainAudit.Report unsigned = audit.audit(blocks);
    assertThat(unsigned.finding().block()).isEqualTo(1);
    assertThat(unsigned.finding().what()).contains("signature does not verify");
  }

  @Test
  void a_signed_report_verifies_and_any_change_to_it_does_not() throws Exception {
    var operator = SIGNATURES.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    var node = SIGNATURES.publicKeyFromPem(Files.readString(blocks.resolveSibling(NodeKey.PUBLIC_FILE)));
    var nodePrivate = SIGNATURES.privateKeyFromPem(Files.readString(blocks.resolveSibling(NodeKey.FILE)));
    JsonNode signed = SignedAuditReport.signWithNodeKey(SIGNATURES, audit.audit(blocks), clock.instant(), "test", node, nodePrivate);
    assertThat(SignedAuditReport.check(SIGNATURES, signed, List.of()).valid()).isTrue();
    // The same report claimed by another key is not the node's.
    JsonNode byOther = SignedAuditReport.signWithNodeKey(SIGNATURES, audit.audit(blocks), clock.instant(), "test",
        operator.getPublic(), operator.getPrivate());
    assertThat(SignedAuditReport.check(SIGNATURES, byOther, List.of()).detail()).contains("not the node key");
    // An edited report does not verify.
    ((com.fasterxml.jackson.databind.node.ObjectNode) signed.path("report").path("audit")).put("blocks", 7);
    SignedAuditReport.Check edited = SignedAuditReport.check(SIGNATURES, signed, List.of());
    assertThat(edited.valid()).isFalse();
    assertThat(edited.detail()).contains("does not verify");
    assertThat(Json.mapper().valueToTree(edited).path("valid").asBoolean()).isFalse();
  }

  @Test
  void a_block_dated_before_the_one_before_it_is_named_by_block() throws Exception {
    // What a ledger whose clock was set back used to write: block 5, signed by the node, dated a day early.
    var nodePrivate = SIGNATURES.privateKeyFromPem(Files.readString(blocks.resolveSibling(NodeKey.FILE)));
    byte[] all = Files.readAllBytes(blocks);
    long[] f = frames.get(5);
    BlockFrames.Frame last = BlockFrames.read(java.nio.channels.FileChannel.open(blocks), f[0], all.length);
    String header = new String(last.header(), java.nio.charset.StandardCharsets.UTF_8);
    String early = header.replace("\"time\":\"2026-03-02T02:00:00Z\"", "\"time\":\"2026-03-01T02:00:00Z\"");
    assertThat(early).isNotEqualTo(header);
    byte[] h = early.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] frame = BlockFrames.encode(h, last.body(), SIGNATURES.sign(SignatureAlgorithm.ECDSA_P256_SHA256, nodePrivate, h));
    ByteBuffer out = ByteBuffer.allocate((int) f[0] + frame.length).put(all, 0, (int) f[0]).put(frame);
    Files.write(blocks, out.array());
    ChainAudit.Report r = audit.audit(blocks);
    assertThat(r.valid()).isFalse();
    assertThat(r.finding().block()).isEqualTo(5);
    assertThat(r.finding().what()).contains("is dated 2026-03-01T02:00:00Z, before the block before it").contains("went backwards");
  }

  private void replaceSignature(int block, java.util.function.Function<byte[], byte[]> signer) throws Exception {
    byte[] all = Files.readAllBytes(blocks);
    long[] f = frames(blocks).get(block);
    ByteBuffer frame = ByteBuffer.wrap(all, (int) f[0], (int) f[1]);
    frame.position((int) f[0] + 5);
    byte[] header = new byte[frame.getInt()];
    byte[] body = new byte[frame.getInt()];
    frame.getShort();
    frame.get(header).get(body);
    byte[] replaced = BlockFrames.encode(header, body, signer.apply(header));
    ByteBuffer out = ByteBuffer.allocate(all.length - (int) f[1] + replaced.length);
    out.put(all, 0, (int) f[0]).put(replaced).put(all, (int) (f[0] + f[1]), all.length - (int) (f[0] + f[1]));
    Files.write(blocks, out.array());
  }
}

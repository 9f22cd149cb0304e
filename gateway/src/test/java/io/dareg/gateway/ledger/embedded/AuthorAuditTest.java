package io.dareg.gateway.ledger.embedded;

import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.checked;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.deposit;
import static io.dareg.gateway.ledger.embedded.EmbeddedLedgerDurabilityTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.act.ThrowawayAuthority;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.AuthorAudit;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.model.IdentityRef;
import io.dareg.gateway.ledger.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23: who signed what is checked again from the block file alone, with the trust the ledger's first act named. */
class AuthorAuditTest {
  private static final String LEDGER = "dareg-test:audit";
  private static final Caller SUBMITTER = new Caller(new IdentityRef("RegistryMSP", "CN=dareg-gateway"), null, false);
  private final ThrowawayAuthority ca = new ThrowawayAuthority();
  private final ThrowawayAuthority.Author admin = ca.author("RegistryMSP", "admin", null, true);
  private final ThrowawayAuthority.Author holder = ca.author("EnterpriseMSP", "alice", null, false);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  @TempDir Path tmp;

  private Path writeLedger() throws Exception {
    Path dir = tmp.resolve("ledger");
    try (EmbeddedLedger ledger = checked(EmbeddedLedger.open(dir, clock, EmbeddedLedger.Options.defaults()))) {
      ledger.submit(SUBMITTER, "initLedger", admin.sign(LEDGER, "initLedger",
          json(new InitLedgerRequest("RegistryMSP", "registry", "TJ-DIP", LEDGER, ca.roots())), clock.instant())).join();
      ledger.submit(SUBMITTER, "sweep", "{}").join(); // the one write that needs no author
      // A holder without an account is refused by the rules; an account is not needed to check signatures of what committed.
      ledger.submit(SUBMITTER, "grantRole", admin.sign(LEDGER, "grantRole",
          "{\"identity\":{\"id\":\"CN=alice\",\"msp\":\"EnterpriseMSP\"},\"role\":\"REGULATOR\"}", clock.instant())).join();
    }
    return dir.resolve("blocks.dat");
  }

  @Test
  void every_signed_act_verifies_again_from_the_block_file_and_the_unsigned_are_counted() throws Exception {
    Path blocks = writeLedger();
    AuthorAudit.Report r = new AuthorAudit(new Signatures(new BouncyCastleProvider())).audit(blocks, Long.MAX_VALUE);
    assertThat(r.problems()).isEmpty();
    assertThat(r.ledgerId()).isEqualTo(LEDGER);
    assertThat(r.signed()).isEqualTo(2);
    assertThat(r.unsigned()).isEqualTo(1);
  }

  @Test
  void an_act_whose_recorded_request_was_changed_afterwards_is_named() throws Exception {
    Path blocks = writeLedger();
    // The operator changes what the admin asked (the role granted) in the block file, after the fact.
    List<byte[]> frames = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(blocks)) {
      BlockFrames.scan(ch, ch.size(), frame -> {
        byte[] body = frame.body();
        try {
          ArrayNode txs = (ArrayNode) Json.mapper().readTree(body);
          for (JsonNode tx : txs) {
            if (tx.path("name").asText().equals("grantRole")) {
              ObjectNode signed = (ObjectNode) Json.mapper().readTree(tx.path("args").asText());
              ((ObjectNode) signed.get("arguments")).put("role", "REGISTRAR");
              ((ObjectNode) tx).put("args", CanonicalJson.toString(signed));
            }
          }
          body = Json.canonical(txs);
        } catch (java.io.IOException e) {
          return e.getMessage();
        }
        frames.add(BlockFrames.encode(frame.header(), body, frame.signature()));
        return null;
      });
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      out.write(f);
    }
    Files.write(blocks, out.toByteArray());
    AuthorAudit.Report r = new AuthorAudit(new Signatures(new BouncyCastleProvider())).audit(blocks, Long.MAX_VALUE);
    assertThat(r.valid()).isFalse();
    assertThat(r.problems()).singleElement().asString().contains("grantRole").contains("changed after signing");
  }
}

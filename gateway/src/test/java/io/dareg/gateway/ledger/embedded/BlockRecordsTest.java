package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.json.CanonicalWriter;
import io.dareg.core.json.Json;
import io.dareg.core.model.IdentityRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A transaction written member by member is byte for byte what the shared mapper's canonical form
 * gives, so blocks written before and after read and verify alike.
 */
class BlockRecordsTest {
  /** One writer for every try, as the ledger's writer thread keeps one. */
  private final CanonicalWriter reused = new CanonicalWriter(16);

  @Property(tries = 500)
  void a_transaction_is_written_as_json_canonical_writes_it(@ForAll("transactions") BlockRecords.Transaction tx) {
    List<byte[]> writeBytes = new ArrayList<>();
    assertThat(BlockRecords.canonical(tx, writeBytes)).isEqualTo(Json.canonical(tx));
    assertThat(writeBytes).hasSameSizeAs(tx.writes());
    for (int i = 0; i < writeBytes.size(); i++) {
      assertThat(writeBytes.get(i)).isEqualTo(Json.canonical(tx.writes().get(i)));
    }
  }

  @Property(tries = 500)
  void a_writer_used_before_writes_the_same_bytes(@ForAll("transactions") BlockRecords.Transaction tx) {
    List<byte[]> fresh = new ArrayList<>();
    List<byte[]> again = new ArrayList<>();
    assertThat(BlockRecords.canonical(reused, tx, again)).isEqualTo(BlockRecords.canonical(tx, fresh));
    assertThat(again).usingElementComparator(java.util.Arrays::compare).isEqualTo(fresh);
  }

  @Property(tries = 500)
  void the_length_of_each_transaction_is_found_in_a_block_body(@ForAll("blocks") List<BlockRecords.Transaction> txs) {
    List<byte[]> txBytes = new ArrayList<>();
    for (BlockRecords.Transaction tx : txs) {
      txBytes.add(BlockRecords.canonical(tx, new ArrayList<>()));
    }
    java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(io.dareg.core.ledger.BlockFrames.bodyLength(txBytes));
    body.put((byte) '[');
    for (int i = 0; i < txBytes.size(); i++) {
      body.put(i > 0 ? new byte[] {','} : new byte[0]).put(txBytes.get(i));
    }
    body.put((byte) ']');
    assertThat(BlockRecords.lengths(body.array())).containsExactly(BlockRecords.lengths(txBytes));
  }

  @Property(tries = 3000)
  void a_time_is_written_as_instant_writes_it(@ForAll("times") Instant time, @ForAll("nanos") int otherNano) {
    assertThat(BlockRecords.text(time)).isEqualTo(time.toString());
    // The same second again, as the next transaction mostly is.
    Instant sameSecond = Instant.ofEpochSecond(time.getEpochSecond(), otherNano);
    assertThat(BlockRecords.text(sameSecond)).isEqualTo(sameSecond.toString());
  }

  @Provide
  Arbitrary<Instant> times() {
    return Combinators.combine(Arbitraries.oneOf(
            Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
            Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L),
            Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L)),
        nanos())
        .as(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<Integer> nanos() {
    return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
        Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000), Arbitraries.integers().between(0, 999_999_999));
  }

  @Provide
  Arbitrary<List<BlockRecords.Transaction>> blocks() {
    return transactions().list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<BlockRecords.Transaction> transactions() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(30),
        Arbitraries.strings().withChars('{', '"', ':', '\\', '\u0000', '\n', '登', '记', '\u20ac').ofMaxLength(30),
        Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(12));
    Arbitrary<String> maybe = Arbitraries.oneOf(text, Arbitraries.just(null));
    Arbitrary<Instant> time = Combinators.combine(
        Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L), Arbitraries.oneOf(
            Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000), Arbitraries.integers().between(0, 999_999_999)))
        .as(Instant::ofEpochSecond);
    Arbitrary<Caller> caller = Combinators.combine(
        Arbitraries.of("RegistryMSP", "EnterpriseMSP", "ExchangeMSP"), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
        Arbitraries.of("registrar", "reviewer", null), Arbitraries.of(true, false))
        .as((msp, id, role, admin) -> new Caller(new IdentityRef(msp, "CN=" + id), role, admin));
    Arbitrary<BlockRecords.Write> write = Combinators.combine(text, Arbitraries.strings().withChars("ABCxyz09+/=").ofMaxLength(40),
        Arbitraries.of(true, false))
        .as((key, value, deleted) -> deleted ? new BlockRecords.Write(key, null, true) : new BlockRecords.Write(key, value, false));
    return Combinators.combine(text, time, caller, text, maybe, maybe, write.list().ofMaxSize(4), maybe)
        .as((id, at, who, name, args, result, writes, event) ->
            new BlockRecords.Transaction(id, at, who, name, args, result, writes, event, event == null ? null : "{\"e\":\"" + id + "\"}"));
  }
}

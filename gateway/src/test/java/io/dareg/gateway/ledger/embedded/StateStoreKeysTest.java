package io.dareg.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The state store's keys are byte for byte what the charset encoder writes, and its history
 * entries what DataOutputStream writes of them, so that they read back with DataInputStream.
 */
class StateStoreKeysTest {
  @Property(tries = 3000)
  void a_key_is_encoded_as_the_charset_encodes_it(@ForAll("keys") String key) {
    byte[] out = new byte[3 + 2 * key.length()];
    assertThat(StateStore.putUtf16(key, out, 1)).isEqualTo(1 + 2 * key.length());
    byte[] expected = key.getBytes(StandardCharsets.UTF_16BE);
    assertThat(ByteBuffer.wrap(out, 1, expected.length)).isEqualTo(ByteBuffer.wrap(expected));
  }

  @Property(tries = 1000)
  void a_history_key_is_the_length_the_key_the_block_and_the_transaction(
      @ForAll("keys") String key, @ForAll long block, @ForAll int tx) {
    byte[] k = key.getBytes(StandardCharsets.UTF_16BE);
    byte[] prefix = ByteBuffer.allocate(5 + k.length).put((byte) 'h').putInt(k.length).put(k).array();
    assertThat(StateStore.historyPrefix(key)).isEqualTo(prefix);
    assertThat(StateStore.historyKey(key, block, tx))
        .isEqualTo(ByteBuffer.allocate(prefix.length + 12).put(prefix).putLong(block).putInt(tx).array());
  }

  @Property(tries = 1000)
  void a_history_entry_is_what_data_output_writes_of_it(
      @ForAll("keys") String txId, @ForAll long seconds, @ForAll int nanos, @ForAll boolean deleted,
      @ForAll long txOffset, @ForAll int txLength, @ForAll int write) throws IOException {
    Instant time = Instant.ofEpochSecond(seconds % 1_000_000_000_000L, Math.floorMod(nanos, 1_000_000_000));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(txId);
      out.writeLong(time.getEpochSecond());
      out.writeInt(time.getNano());
      out.writeBoolean(deleted);
      out.writeLong(txOffset);
      out.writeInt(txLength);
      out.writeInt(write);
    }
    assertThat(StateStore.modificationBytes(txId, time, deleted, txOffset, txLength, write)).isEqualTo(bytes.toByteArray());
  }

  /** Any text, surrogates paired or alone (at the start, the end, before another), NUL, and the BMP at large. */
  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars('a', '\u0000', '\u00e9', '\u07ff', '\u0800', '\u20ac', '\ud83d', '\ude00', '\udbff', '\udc00',
            '\uffff').ofMaxLength(12),
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(60));
  }
}

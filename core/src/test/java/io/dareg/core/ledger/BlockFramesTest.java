package io.dareg.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A block framed from its transactions is byte for byte the frame of its body built apart, as frames were written before. */
class BlockFramesTest {
  @Property(tries = 300)
  void a_frame_from_transactions_is_the_frame_of_their_array(
      @ForAll("bytes") byte[] header, @ForAll("transactions") List<byte[]> transactions, @ForAll("bytes") byte[] signature,
      @ForAll("direct") boolean direct, @ForAll("offsets") int offset) {
    byte[] body = arrayOf(transactions);
    byte[] expected = previousEncode(header, body, signature);
    assertThat(BlockFrames.encode(header, body, signature)).isEqualTo(expected);

    int length = BlockFrames.length(header.length, BlockFrames.bodyLength(transactions), signature.length);
    assertThat(length).isEqualTo(expected.length);
    ByteBuffer out = direct ? ByteBuffer.allocateDirect(offset + length + 7) : ByteBuffer.allocate(offset + length + 7);
    out.position(offset);
    BlockFrames.encode(out, header, transactions, signature);
    assertThat(out.position()).isEqualTo(offset + length);
    byte[] written = new byte[length];
    out.get(offset, written);
    assertThat(written).isEqualTo(expected);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
  }

  @Provide
  Arbitrary<List<byte[]>> transactions() {
    return bytes().list().ofMaxSize(20);
  }

  @Provide
  Arbitrary<Boolean> direct() {
    return Arbitraries.of(true, false);
  }

  @Provide
  Arbitrary<Integer> offsets() {
    return Arbitraries.integers().between(0, 50);
  }

  private static byte[] arrayOf(List<byte[]> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(elements.get(i));
    }
    out.write(']');
    return out.toByteArray();
  }

  /** How frames were encoded before they could be encoded from their transactions. */
  private static byte[] previousEncode(byte[] header, byte[] body, byte[] signature) {
    int total = BlockFrames.PREFIX + header.length + body.length + signature.length + 4;
    ByteBuffer b = ByteBuffer.allocate(total);
    b.put(BlockFrames.MAGIC).put(BlockFrames.VERSION).putInt(header.length).putInt(body.length).putShort((short) signature.length);
    b.put(header).put(body).put(signature);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, total - 4);
    b.putInt((int) crc.getValue());
    return b.array();
  }
}

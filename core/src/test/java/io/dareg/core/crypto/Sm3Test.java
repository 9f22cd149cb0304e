package io.dareg.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;

/**
 * dareg's own SM3 against the standard's examples, against Bouncy Castle's SM3Digest (the
 * implementation it replaced) on random input of every length from 0 to 300 and on large input,
 * against {@code openssl dgst -sm3} output recorded in a resource, and many lanes at once against
 * one at a time.
 */
class Sm3Test {

  private static byte[] bouncyCastle(byte[] data, int off, int len) {
    SM3Digest d = new SM3Digest();
    d.update(data, off, len);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static byte[] pattern(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  void matches_gbt_32905_appendix_a_examples() {
    assertThat(Hashes.toHex(new Sm3().update("abc".getBytes(US_ASCII)).digest()))
        .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    assertThat(Hashes.toHex(new Sm3().update("abcd".repeat(16).getBytes(US_ASCII)).digest()))
        .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  }

  @Test
  void matches_bouncy_castle_for_every_length_up_to_300_at_any_offset() {
    Random random = new Random(26);
    byte[] data = new byte[400];
    for (int length = 0; length <= 300; length++) {
      random.nextBytes(data);
      int off = random.nextInt(64);
      assertThat(new Sm3().update(data, off, length).digest()).as("length %d", length)
          .isEqualTo(bouncyCastle(data, off, length));
    }
  }

  @Property(tries = 200)
  void matches_bouncy_castle_however_the_input_is_split(@ForAll @IntRange(max = 5_000) int length,
      @ForAll @IntRange(max = 5_000) int cut, @ForAll long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    int at = Math.min(cut, length);
    Sm3 split = new Sm3();
    split.update(data, 0, at);
    for (int i = at; i < Math.min(at + 3, length); i++) {
      split.update(data[i]);
    }
    split.update(data, Math.min(at + 3, length), length - Math.min(at + 3, length));
    assertThat(split.digest()).isEqualTo(bouncyCastle(data, 0, length));
  }

  @Test
  void matches_bouncy_castle_on_large_input_from_arrays_and_direct_buffers() {
    byte[] data = new byte[(3 << 20) + 17];
    new Random(7).nextBytes(data);
    byte[] expected = bouncyCastle(data, 0, data.length);
    assertThat(new Sm3().update(data).digest()).isEqualTo(expected);
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
    direct.put(data).flip();
    Sm3 fromBuffers = new Sm3();
    // Slices of odd sizes, so partial blocks are carried between direct reads; little-endian order
    // on one of them must not change what is read.
    int[] sizes = {1, 63, 65, 4096, 100_000};
    int i = 0;
    while (direct.hasRemaining()) {
      ByteBuffer slice = direct.slice().limit(Math.min(sizes[i++ % sizes.length], direct.remaining()));
      if (i % 2 == 0) {
        slice.order(ByteOrder.LITTLE_ENDIAN);
      }
      int n = slice.remaining();
      fromBuffers.update(slice);
      assertThat(slice.hasRemaining()).isFalse();
      direct.position(direct.position() + n);
    }
    assertThat(fromBuffers.digest()).isEqualTo(expected);
  }

  @Test
  void matches_openssl_dgst_sm3_as_recorded() throws Exception {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(getClass().getResourceAsStream("sm3-openssl.txt")), US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.startsWith("#")) {
          rows.add(line.split(" "));
        }
      }
    }
    assertThat(rows).hasSizeGreaterThan(10);
    for (String[] row : rows) {
      assertThat(Hashes.toHex(new Sm3().update(pattern(Integer.parseInt(row[0]))).digest()))
          .as("length %s", row[0]).isEqualTo(row[1]);
    }
  }

  @Test
  void the_message_digest_face_streams_resets_and_clones() throws Exception {
    MessageDigest md = Sm3.newMessageDigest();
    assertThat(md.getAlgorithm()).isEqualTo("SM3");
    assertThat(md.getDigestLength()).isEqualTo(32);
    md.update("ab".getBytes(US_ASCII));
    MessageDigest copy = (MessageDigest) md.clone();
    md.update((byte) 'c');
    assertThat(md.digest()).isEqualTo(new Sm3().update("abc".getBytes(US_ASCII)).digest());
    copy.update("d".getBytes(US_ASCII));
    assertThat(copy.digest()).isEqualTo(new Sm3().update("abd".getBytes(US_ASCII)).digest());
    assertThat(md.digest()).isEqualTo(new Sm3().digest());
    assertThat(Hashes.newDigest(io.dareg.core.model.HashAlgorithm.SM3).digest("abc".getBytes(US_ASCII)))
        .isEqualTo(new Sm3().update("abc".getBytes(US_ASCII)).digest());
  }

  @Test
  void many_lanes_give_each_input_the_digest_it_has_alone() {
    Random random = new Random(5);
    Sm3Lanes lanes = new Sm3Lanes(37);
    int count = 300;
    byte[][] inputs = new byte[count][];
    byte[][] results = new byte[count][];
    int next = 0;
    while (next < count || lanes.active() > 0) {
      while (next < count && lanes.active() < lanes.capacity()) {
        int i = next++;
        byte[] data = new byte[random.nextInt(9_000)];
        random.nextBytes(data);
        inputs[i] = data;
        // Like an evidence chunk leaf: a tag byte, then the data; the lane takes the whole
        // blocks in the middle, the digest itself the head and the tail.
        Sm3 d = new Sm3().update((byte) 0);
        int head = Math.min(63, data.length);
        d.update(data, 0, head);
        int blocks = (data.length - head) / 64;
        lanes.add(d, data, head, blocks, () -> results[i] = d.update(data, head + 64 * blocks, data.length - head - 64 * blocks).digest());
      }
      lanes.runUntilOneDone();
    }
    for (int i = 0; i < count; i++) {
      byte[] tagged = new byte[inputs[i].length + 1];
      System.arraycopy(inputs[i], 0, tagged, 1, inputs[i].length);
      assertThat(results[i]).as("input %d of %d bytes", i, inputs[i].length).isEqualTo(bouncyCastle(tagged, 0, tagged.length));
    }
  }

  @Test
  void lanes_read_direct_buffers_at_any_offset_whatever_their_byte_order() {
    Random random = new Random(11);
    Sm3Lanes lanes = new Sm3Lanes(16);
    int count = 40;
    byte[][] inputs = new byte[count][];
    byte[][] results = new byte[count][];
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[random.nextInt(70_000)];
      random.nextBytes(data);
      inputs[i] = data;
      int off = random.nextInt(64);
      ByteBuffer direct = ByteBuffer.allocateDirect(off + data.length).order(i % 2 == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      direct.position(off);
      direct.put(data);
      int blocks = data.length / 64;
      Sm3 d = new Sm3();
      int index = i;
      lanes.add(d, direct, off, blocks, () -> results[index] = d.update(data, 64 * blocks, data.length - 64 * blocks).digest());
      if (lanes.active() == lanes.capacity()) {
        lanes.runUntilOneDone();
      }
    }
    while (lanes.active() > 0) {
      lanes.runUntilOneDone();
    }
    for (int i = 0; i < count; i++) {
      assertThat(results[i]).as("input %d of %d bytes", i, inputs[i].length).isEqualTo(bouncyCastle(inputs[i], 0, inputs[i].length));
    }
  }

  @Test
  void a_lane_refuses_a_digest_that_stands_inside_a_block() {
    Sm3 d = new Sm3().update((byte) 1);
    assertThatThrownBy(() -> new Sm3Lanes(2).add(d, new byte[64], 0, 1, () -> {}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("partial block");
  }
}

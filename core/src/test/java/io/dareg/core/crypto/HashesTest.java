package io.dareg.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.model.HashAlgorithm;
import org.junit.jupiter.api.Test;

/** Known answers from the published standards. */
class HashesTest {

  @Test
  void sm3_matches_gbt_32905_example_1_abc() {
    assertThat(Hashes.hex(HashAlgorithm.SM3, "abc".getBytes(US_ASCII)))
        .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  }

  @Test
  void sm3_matches_gbt_32905_example_2_sixty_four_bytes() {
    assertThat(Hashes.hex(HashAlgorithm.SM3, "abcd".repeat(16).getBytes(US_ASCII)))
        .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  }

  @Test
  void sha256_matches_fips_180_example_abc() {
    assertThat(Hashes.hex(HashAlgorithm.SHA256, "abc".getBytes(US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void streaming_equals_one_shot() {
    for (HashAlgorithm alg : HashAlgorithm.values()) {
      var md = Hashes.newDigest(alg);
      md.update("ab".getBytes(US_ASCII));
      md.update("c".getBytes(US_ASCII));
      assertThat(md.digest()).isEqualTo(Hashes.digest(alg, "abc".getBytes(US_ASCII)));
    }
  }

  @Test
  void hex_round_trips_and_refuses_bad_text() {
    assertThat(Hashes.fromHex(Hashes.toHex(new byte[] {0, 1, (byte) 0xff}))).containsExactly(0, 1, 0xff);
    assertThat(Hashes.fromHex("ABcd")).containsExactly(0xab, 0xcd);
    assertThatThrownBy(() -> Hashes.fromHex("abc")).hasMessageContaining("odd");
    assertThatThrownBy(() -> Hashes.fromHex("zz")).hasMessageContaining("not hexadecimal");
  }
}

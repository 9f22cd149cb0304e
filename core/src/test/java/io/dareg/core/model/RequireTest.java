package io.dareg.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The identifier and hash checks every record's constructor runs. */
class RequireTest {
  // The grammar the checks implement, written as the patterns they replaced.
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@=,/ -]{0,254}");
  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

  @Test
  void accepts_identifiers_of_letters_digits_and_the_listed_marks_up_to_255_characters() {
    assertThat(Require.identifier("f", "CN=alice, OU=client/x_1.2:3@y-z")).isEqualTo("CN=alice, OU=client/x_1.2:3@y-z");
    assertThat(Require.identifier("f", "a".repeat(255))).hasSize(255);
    assertThatThrownBy(() -> Require.identifier("f", "a".repeat(256))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Require.identifier("f", "-a")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not a valid identifier");
    assertThatThrownBy(() -> Require.identifier("f", "")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Require.identifier("f", "数据")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void folds_a_hash_to_lower_case_and_refuses_anything_but_64_hex_digits() {
    assertThat(Require.hash("h", "AB".repeat(32))).isEqualTo("ab".repeat(32));
    assertThatThrownBy(() -> Require.hash("h", "ab".repeat(31))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("64 hexadecimal characters");
    assertThatThrownBy(() -> Require.hash("h", "g" + "a".repeat(63))).isInstanceOf(InvalidInputException.class);
  }

  @Property
  void an_identifier_is_what_the_grammar_matches(@ForAll("identifiers") String value) {
    assertThat(accepted(() -> Require.identifier("f", value))).isEqualTo(IDENTIFIER.matcher(value).matches());
  }

  @Property
  void a_hash_is_what_the_grammar_matches_after_folding(@ForAll("hashes") String value) {
    assertThat(accepted(() -> Require.hash("h", value)))
        .isEqualTo(HEX_256.matcher(value.toLowerCase(Locale.ROOT)).matches());
  }

  @Provide
  Arbitrary<String> identifiers() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("aZ09._:@=,/ -\u0000\t+é数İ").ofMinLength(0).ofMaxLength(8),
        Arbitraries.strings().withChars("aZ09._:@=,/ -").ofMinLength(250).ofMaxLength(260),
        Arbitraries.strings().all().ofMaxLength(20));
  }

  @Provide
  Arbitrary<String> hashes() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(63).ofMaxLength(65),
        Arbitraries.strings().withChars("0123456789abcdefgGİ\u212a").ofLength(64),
        Arbitraries.strings().all().ofMaxLength(70));
  }

  private static boolean accepted(Runnable check) {
    try {
      check.run();
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }
}

package io.dareg.chaincode.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.model.IdentityRef;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Record numbers made from the transaction's date and id. */
class RecordNumberTest {
  private static final Caller SOMEONE = new Caller(new IdentityRef("EnterpriseMSP", "CN=alice"), null, false);
  // 2026-03-01 18:30 UTC is already 2 March in China.
  private static final Instant EVENING = Instant.parse("2026-03-01T18:30:00Z");

  private static String number(String prefix, String txId) {
    return number(prefix, txId, EVENING);
  }

  private static String number(String prefix, String txId, Instant at) {
    InMemoryWorldState ws = new InMemoryWorldState().begin(txId, at, SOMEONE);
    return new Store(ws, new RecordCodec(1)).number(prefix, 0);
  }

  @Test
  void takes_the_china_date_and_the_first_twelve_letters_and_digits_of_the_id_upper_cased() {
    assertThat(number("EV", "3f9a-b2c4_d5e6:f708a1b2c3d4e5")).isEqualTo("EV-20260302-3F9AB2C4D5E6");
  }

  @Test
  void pads_a_short_id_with_zeros() {
    assertThat(number("TD", "a-1")).isEqualTo("TD-20260302-A10000000000");
    assertThat(number("TD", "--")).isEqualTo("TD-20260302-000000000000");
  }

  @Test
  void an_id_whose_first_twelve_characters_another_record_has_takes_its_next_twelve() {
    // Found at 1,000,000 deposits in one day: two ids sharing their first 48 bits.
    InMemoryWorldState ws = new InMemoryWorldState();
    String first = "3775487829c24fdec3d0ca1aff07a3febce0bd9ebe71cff455d9bbcd36112056";
    String second = "3775487829c248f07514e2d117321b5786d78f4f6683aa927c6c812cca2efcbb";
    ws.begin(first, EVENING, SOMEONE);
    String mine = new Store(ws, new RecordCodec(1)).newNumber("EV", Keys::evidence);
    ws.put(Keys.evidence(mine), new byte[] {'{', '}'});
    ws.commit();
    assertThat(mine).isEqualTo("EV-20260302-3775487829C2");

    ws.begin(second, EVENING, SOMEONE);
    String theirs = new Store(ws, new RecordCodec(1)).newNumber("EV", Keys::evidence);
    ws.rollback();
    assertThat(theirs).isEqualTo("EV-20260302-48F07514E2D1");
    // Another kind of record is numbered on its own.
    ws.begin(second, EVENING, SOMEONE);
    assertThat(new Store(ws, new RecordCodec(1)).newNumber("TD", Keys.TRADE::record)).isEqualTo("TD-20260302-3775487829C2");
    ws.rollback();
  }

  @Test
  void an_id_with_every_number_taken_is_refused() {
    InMemoryWorldState ws = new InMemoryWorldState();
    String id = "ab".repeat(12);
    ws.begin("first", EVENING, SOMEONE);
    ws.put(Keys.evidence("EV-20260302-ABABABABABAB"), new byte[] {'{', '}'});
    ws.commit();
    ws.begin(id, EVENING, SOMEONE);
    Store store = new Store(ws, new RecordCodec(1));
    assertThatThrownBy(() -> store.newNumber("EV", Keys::evidence))
        .isInstanceOf(RuleException.class).hasMessageContaining("is taken");
  }

  @Property
  void keeps_only_ascii_letters_and_digits_of_any_id(@ForAll("ids") String txId) {
    String id = txId.replaceAll("[^0-9A-Za-z]", "");
    String expected = "EV-20260302-" + (id + "000000000000").substring(0, 12).toUpperCase(Locale.ROOT);

    assertThat(number("EV", txId)).isEqualTo(expected);
  }

  @Property
  void dates_the_number_by_the_china_calendar_day_of_any_time(@ForAll("times") Instant at) {
    String day = DateTimeFormatter.BASIC_ISO_DATE.format(at.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate());

    assertThat(number("EV", "ab12", at)).isEqualTo("EV-" + day + "-AB1200000000");
  }

  @Provide
  Arbitrary<Instant> times() {
    // From year 1 to 9999 (the most BASIC_ISO_DATE prints), and densely around midnight in China in this century.
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-62_135_596_800L, 253_402_271_999L).map(Instant::ofEpochSecond),
        Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L).map(s -> Instant.ofEpochSecond(s - s % 86_400 + 57_600 + s % 7 - 3)));
  }

  @Provide
  Arbitrary<String> ids() {
    // Hex ids as Fabric makes them, and anything a client could send: other scripts, digits and case.
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
        Arbitraries.strings().withCharRange('\u0020', '\u024f').withChars("ßﬁ٣İı-_:").ofMinLength(1).ofMaxLength(40));
  }
}

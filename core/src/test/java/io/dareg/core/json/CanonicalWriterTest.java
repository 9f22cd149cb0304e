package io.dareg.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The byte writer behind {@link CanonicalJson} and {@link Json#canonical}: byte for byte what the
 * previous StringBuilder writer produced, whatever the strings hold, and order checked.
 */
class CanonicalWriterTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 3000)
  void escapes_any_string_as_the_previous_writer_did(@ForAll("anyText") String s) {
    ObjectNode node = NODES.objectNode().put("s", s);
    assertSameOutcome(() -> PreviousCanonicalJson.serialize(node), () -> CanonicalJson.serialize(node));
    assertSameOutcome(() -> PreviousCanonicalJson.toString(node).getBytes(StandardCharsets.UTF_8),
        () -> CanonicalJson.toString(node).getBytes(StandardCharsets.UTF_8));
    assertSameOutcome(() -> PreviousCanonicalJson.serialize(node), () -> Json.canonical(Map.of("s", s)));
  }

  @Property(tries = 200)
  void escapes_long_strings_in_several_passes_as_the_previous_writer_did(@ForAll("longText") String s) {
    // Long enough to need several passes and buffer growth, with pairs that may fall on a pass's end.
    ArrayNode node = NODES.arrayNode().add(s).add(s.substring(1));
    assertSameOutcome(() -> PreviousCanonicalJson.serialize(node), () -> CanonicalJson.serialize(node));
  }

  @Provide
  Arbitrary<String> longText() {
    return Arbitraries.of("a", "\"", "\ud83d\ude00", "\u00e9", "\u20ac", "\u0001", "\\", "bc")
        .list().ofMinSize(500).ofMaxSize(6000)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 500)
  void writes_any_tree_as_the_previous_writer_did(@ForAll("trees") JsonNode tree) {
    assertSameOutcome(() -> PreviousCanonicalJson.serialize(tree), () -> CanonicalJson.serialize(tree));
    // Through the token stream too: an ObjectNode serialises its members in insertion order, so
    // the members are put in order after they were written.
    assertSameOutcome(() -> PreviousCanonicalJson.serialize(tree), () -> Json.canonical(tree));
  }

  record Sample(String zeta, long alpha, double ratio, Instant time, List<String> tags, Map<String, Object> extra, String none) {}

  @Property(tries = 300)
  void canonical_of_a_record_is_what_its_tree_gives(
      @ForAll("anyText") String text, @ForAll long number, @ForAll double ratio, @ForAll("trees") JsonNode extra) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("z", extra);
    map.put("a", text);
    Sample sample = new Sample(text, number, ratio, Instant.ofEpochSecond(number % 100_000_000_000L, Math.floorMod(number, 1_000_000_000)),
        List.of(text, "x"), map, null);
    assertSameOutcome(() -> PreviousCanonicalJson.serialize(Json.mapper().valueToTree(sample)), () -> Json.canonical(sample));
  }

  /** Both give the same bytes, or both refuse with the same message. */
  private static void assertSameOutcome(Supplier<byte[]> expected, Supplier<byte[]> actual) {
    byte[] bytes;
    try {
      bytes = expected.get();
    } catch (IllegalArgumentException refused) {
      assertThatThrownBy(actual::get).isInstanceOf(IllegalArgumentException.class).hasMessage(refused.getMessage());
      return;
    }
    assertThat(actual.get()).isEqualTo(bytes);
  }

  @Test
  void writes_numbers_as_the_tree_writer_does() {
    assertThat(new String(Json.canonical(List.of(1.50, 1e30, -0.0, 9007199254740992L, new BigDecimal("4.50"),
        BigInteger.TEN.pow(21), 1.5f)), StandardCharsets.UTF_8))
        .isEqualTo("[1.5,1e+30,0,9007199254740992,4.5,1e+21,1.5]");
    assertThatThrownBy(() -> Json.canonical(List.of(9007199254740993L))).hasMessageContaining("9007199254740992");
    assertThat(Json.canonical(List.of(Long.MIN_VALUE))).isEqualTo(PreviousCanonicalJson.serialize(NODES.arrayNode().add(Long.MIN_VALUE)));
  }

  @Test
  void refuses_an_object_member_out_of_order_or_twice() {
    assertThatThrownBy(() -> new CanonicalWriter().beginObject().name("b").value(1).name("a"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("\"a\" written after \"b\"");
    assertThatThrownBy(() -> new CanonicalWriter().beginObject().name("a").value(1).name("a"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("each once");
    assertThatThrownBy(() -> new CanonicalWriter().beginObject().value(1)).hasMessageContaining("member name first");
  }

  @Test
  void a_reset_writer_writes_the_next_document_as_a_fresh_one_would() {
    CanonicalWriter w = new CanonicalWriter(16);
    // A document left unfinished inside a member, then one whose first member sorts before it.
    w.beginObject().name("z").beginArray().value("a long string that grows the buffer past its start");
    byte[] bytes = w.reset().beginObject().name("a").value(1).name("b").beginArray().endArray().endObject().toByteArray();
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"b\":[]}");
    assertThat(w.size()).isEqualTo(bytes.length);
  }

  @Test
  void writes_nested_values_with_their_separators() {
    byte[] bytes = new CanonicalWriter(16).beginObject()
        .name("a").beginArray().value(1).value("x").beginObject().endObject().beginArray().endArray().nullValue().endArray()
        .name("b").canonicalValue("{\"c\":true}".getBytes(StandardCharsets.UTF_8))
        .name("d").value(false)
        .endObject().toByteArray();
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,\"x\",{},[],null],\"b\":{\"c\":true},\"d\":false}");
  }

  @Provide
  Arbitrary<String> anyText() {
    // ASCII (with every control), Latin-1, the BMP, surrogates alone and in pairs.
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20),
        Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(20),
        Arbitraries.strings().withChars('a', '"', '\\', '\n', '\u001f', '\ud83d', '\ude00', '\u20ac').ofMaxLength(20));
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
        anyText().map(NODES::textNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.longs().between(-(1L << 53), 1L << 53).map(NODES::numberNode),
        Arbitraries.bigDecimals().ofScale(3).between(new BigDecimal("-1e6"), new BigDecimal("1e6")).map(NODES::numberNode),
        Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false)));
    return Arbitraries.recursive(
        () -> leaves,
        inner -> Arbitraries.oneOf(
            inner.list().ofMaxSize(4).map(l -> {
              ArrayNode a = NODES.arrayNode();
              l.forEach(a::add);
              return (JsonNode) a;
            }),
            Arbitraries.maps(anyText().filter(k -> k.length() < 6), inner).ofMaxSize(5).map(m -> {
              ObjectNode o = NODES.objectNode();
              m.forEach(o::set);
              return (JsonNode) o;
            })),
        3);
  }
}

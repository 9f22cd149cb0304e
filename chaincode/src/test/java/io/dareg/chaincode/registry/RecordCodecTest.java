package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.EXCHANGE;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_C;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.AnswerDeliveryRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.json.Json;
import io.dareg.core.model.Account;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Objection;
import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.Review;
import io.dareg.core.model.RoleGrant;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeKind;
import io.dareg.core.model.Transfer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records decoded once and handed out again for the same bytes, and only then; encoded once. */
class RecordCodecTest {
  private static final Key KEY = Key.of("account", "AC-1");

  private static byte[] account(String name, boolean open) {
    return Json.canonical(new Account(
        "AC-1", hash("credit"), name, AccountKind.ENTERPRISE, open,
        List.of(new IdentityRef("EnterpriseMSP", "CN=alice")), Instant.parse("2026-03-02T02:00:00Z"), null));
  }

  @Test
  void the_same_bytes_give_the_record_decoded_before() {
    RecordCodec codec = new RecordCodec(8);
    Account first = codec.decode(KEY, account("甲", true), Account.class);

    // A fresh array with equal content, as a world state returns on every read.
    assertThat(codec.decode(KEY, account("甲", true), Account.class)).isSameAs(first);
    assertThat(first.name()).isEqualTo("甲");
  }

  @Test
  void changed_bytes_give_the_record_they_hold() {
    RecordCodec codec = new RecordCodec(8);
    Account open = codec.decode(KEY, account("甲", true), Account.class);

    Account closed = codec.decode(KEY, account("甲", false), Account.class);

    assertThat(closed).isNotSameAs(open);
    assertThat(closed.open()).isFalse();
    assertThat(codec.decode(KEY, account("甲", false), Account.class)).isSameAs(closed);
    Account reopened = codec.decode(KEY, account("甲", true), Account.class);
    assertThat(reopened.open()).isTrue();
    assertThat(reopened).isNotSameAs(open).isEqualTo(open);
  }

  @Test
  void the_same_bytes_under_another_key_are_another_record() {
    RecordCodec codec = new RecordCodec(8);
    byte[] bytes = account("甲", true);
    Account first = codec.decode(KEY, bytes, Account.class);

    assertThat(codec.decode(Key.of("account", "AC-2"), bytes, Account.class)).isNotSameAs(first).isEqualTo(first);
    assertThat(codec.size()).isEqualTo(2);
  }

  @Test
  void holds_at_most_its_capacity_and_forgets_the_least_recently_read() {
    RecordCodec codec = new RecordCodec(2);
    Key a = Key.of("account", "A");
    Key b = Key.of("account", "B");
    Key c = Key.of("account", "C");
    Account ra = codec.decode(a, account("a", true), Account.class);
    Account rb = codec.decode(b, account("b", true), Account.class);
    assertThat(codec.decode(a, account("a", true), Account.class)).isSameAs(ra);

    codec.decode(c, account("c", true), Account.class);

    assertThat(codec.size()).isEqualTo(2);
    assertThat(codec.decode(a, account("a", true), Account.class)).isSameAs(ra);
    assertThat(codec.decode(b, account("b", true), Account.class)).isNotSameAs(rb).isEqualTo(rb);
  }

  @Test
  void mutable_types_are_decoded_afresh_on_every_read() {
    RecordCodec codec = new RecordCodec(8);
    byte[] bytes = account("甲", true);

    JsonNode first = codec.decode(KEY, bytes, JsonNode.class);

    assertThat(codec.decode(KEY, bytes, JsonNode.class)).isNotSameAs(first).isEqualTo(first);
    assertThat(codec.size()).isZero();
    assertThat(RecordCodec.shareable(JsonNode.class)).isFalse();
    assertThat(RecordCodec.shareable(Map.class)).isFalse();
    assertThat(RecordCodec.shareable(byte[].class)).isFalse();
    // Only the model's records are known to copy their lists into unmodifiable ones.
    assertThat(RecordCodec.shareable(Outside.class)).isFalse();
  }

  record Outside(String name, List<String> items) {}

  @Test
  void a_stored_record_is_what_its_bytes_read_back_as_until_they_change() {
    RecordCodec codec = new RecordCodec(8);
    Account stored = Json.read(account("甲", true), Account.class);

    byte[] bytes = codec.encode(KEY, stored, true);

    assertThat(codec.decode(KEY, bytes.clone(), Account.class)).isSameAs(stored);
    assertThat(codec.decode(KEY, account("甲", false), Account.class)).isNotSameAs(stored).extracting(Account::open)
        .isEqualTo(false);
    assertThat(codec.decode(Key.of("account", "AC-2"), bytes.clone(), Account.class)).isNotSameAs(stored);
  }

  @Test
  void a_new_record_is_not_remembered_as_decoded() {
    RecordCodec codec = new RecordCodec(8);
    Account stored = Json.read(account("甲", true), Account.class);

    byte[] bytes = codec.encode(KEY, stored, false);

    assertThat(codec.size()).isZero();
    assertThat(codec.decode(KEY, bytes.clone(), Account.class)).isNotSameAs(stored).isEqualTo(stored);
  }

  @Test
  void a_stored_record_is_serialised_once_and_any_other_value_every_time() {
    RecordCodec codec = new RecordCodec(8);
    Account account = Json.read(account("甲", true), Account.class);
    byte[] first = codec.encode(KEY, account, false);

    assertThat(codec.encode(account)).isSameAs(first);
    Account equal = Json.read(account("甲", true), Account.class);
    assertThat(codec.encode(equal)).isNotSameAs(first).isEqualTo(first);
    Map<String, String> mutable = new java.util.TreeMap<>(Map.of("a", "1"));
    byte[] before = codec.encode(mutable);
    mutable.put("b", "2");
    assertThat(new String(codec.encode(mutable), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(new String(before, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"1\"}");
    assertThat(first).isEqualTo(Json.canonical(account));
  }

  /**
   * Every kind of record the rules store decodes to a deeply immutable value, so the one instance
   * handed to every transaction that reads the same bytes cannot be changed by any of them.
   */
  @Test
  void every_record_the_rules_store_is_shareable_and_deeply_immutable() {
    RegistryFixture f = storyWithEveryKindOfRecord();
    Map<String, Class<?>> stored = Map.ofEntries(
        Map.entry("settings", RegistrySettings.class), Map.entry("role", RoleGrant.class),
        Map.entry("account", Account.class), Map.entry("evidence", Evidence.class),
        Map.entry("reg", Registration.class), Map.entry("review", Review.class),
        Map.entry("objection", Objection.class), Map.entry("cert", CertificateRecord.class),
        Map.entry("enc", Encumbrance.class), Map.entry("transfer", Transfer.class),
        Map.entry("trade", Trade.class), Map.entry("delivery", Delivery.class),
        Map.entry("listing", ListingCheck.class));

    f.ws.begin("inspect", f.now, REGISTRAR);
    for (Map.Entry<String, Class<?>> kind : stored.entrySet()) {
      assertThat(RecordCodec.shareable(kind.getValue())).as(kind.getValue().getSimpleName()).isTrue();
      List<WorldState.Entry> entries = f.ws.scan(Key.of(kind.getKey()));
      assertThat(entries).as("the story stores some " + kind.getKey()).isNotEmpty();
      for (WorldState.Entry e : entries) {
        assertDeeplyImmutable(Json.read(e.value(), kind.getValue()), e.key().toString());
      }
    }
    f.ws.rollback();
  }

  private static RegistryFixture storyWithEveryKindOfRecord() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = f.issued(HOLDER_A, null, "story");
    Registration noticed = f.toNotice(HOLDER_B, null, "objected");
    f.call(HOLDER_C, "raiseObjection",
        new RaiseObjectionRequest(noticed.regNo(), ObjectionKind.GENERAL, hash("grounds"), hash("evidence")));
    f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()));
    Trade lic = f.call(EXCHANGE, "recordTrade", new RecordTradeRequest(
        r.regNo(), f.accountA, f.accountB, TradeKind.LICENCE, "monthly credit scores", List.of("信用评估"),
        new TimeSpan(f.date(), f.date().plusYears(1)), hash("licence"), hash("amount"), null, "negotiated"), Trade.class);
    Delivery d = f.call(HOLDER_A, "recordDelivery", new RecordDeliveryRequest(
        lic.tradeNo(), DeliveryMode.FILE, "信用评估", HashAlgorithm.SHA256, hash("payload"), 4096, 1), Delivery.class);
    f.call(HOLDER_B, "answerDelivery", new AnswerDeliveryRequest(d.deliveryNo(), true, hash("received")));
    f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()));
    f.call(EXCHANGE, "recordTrade", new RecordTradeRequest(
        r.regNo(), f.accountA, f.accountC, TradeKind.TRANSFER, "the whole right", List.of(), null,
        hash("transfer"), hash("amount"), 5_000_000L, "auction"));
    f.call(HOLDER_C, "getTrade", new IdRequest(lic.tradeNo()));
    return f;
  }

  private static void assertDeeplyImmutable(Object value, String where) {
    if (value instanceof Collection<?> c) {
      assertThatThrownBy(c::clear).as(where + " can be changed").isInstanceOf(UnsupportedOperationException.class);
      for (Object item : c) {
        assertDeeplyImmutable(item, where);
      }
    } else if (value instanceof Record r) {
      for (var component : r.getClass().getRecordComponents()) {
        try {
          assertDeeplyImmutable(component.getAccessor().invoke(r), where + "." + component.getName());
        } catch (ReflectiveOperationException e) {
          throw new AssertionError("cannot read " + where + "." + component.getName(), e);
        }
      }
    }
  }
}

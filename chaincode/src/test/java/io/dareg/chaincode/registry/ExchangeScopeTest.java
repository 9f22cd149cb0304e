package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.EXCHANGE;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.REGULATOR;
import static io.dareg.chaincode.registry.RegistryFixture.REVIEWER;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.ConfidentialAccess;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.RecordDeliveryRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SettleTradeRequest;
import io.dareg.core.api.TradeDisputeRequest;
import io.dareg.core.api.TradeView;
import io.dareg.core.model.DeliveryMode;
import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Registration;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an exchange may read of what others recorded (issue 21 item 9, issue 20 item 7). */
class ExchangeScopeTest {
  private static final Caller OTHER_EXCHANGE = RegistryFixture.caller("OtherExchangeMSP", "exchange-2", "exchange", false);
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");

  private Trade trade(Caller exchange, Registration r, String contract) {
    return f.call(exchange, "recordTrade", new RecordTradeRequest(r.regNo(), f.accountA, f.accountB, TradeKind.LICENCE, "monthly scores",
        List.of("信用评估"), new TimeSpan(f.date(), f.date().plusYears(1)), hash(contract), hash("amount"), null, "negotiated"), Trade.class);
  }

  private String delivery(Trade t, String payload) {
    return f.call(HOLDER_A, "recordDelivery", new RecordDeliveryRequest(t.tradeNo(), DeliveryMode.FILE, "信用评估", HashAlgorithm.SM3,
        hash(payload), 4096, 1)).get("deliveryNo").asText();
  }

  @Test
  void another_exchange_is_refused_a_trade_its_deliveries_and_a_listing_check_it_did_not_record() {
    Registration r = f.issued(HOLDER_A, null, "own trades");
    ListingCheck check = f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()), ListingCheck.class);
    Trade t = trade(EXCHANGE, r, "own");
    String deliveryNo = delivery(t, "own");
    assertThat(f.call(EXCHANGE, "getTrade", new IdRequest(t.tradeNo()), TradeView.class).deliveries()).hasSize(1);
    assertThat(f.refused(Code.FORBIDDEN, OTHER_EXCHANGE, "getTrade", new IdRequest(t.tradeNo())).getMessage())
        .contains("recorded by ExchangeMSP");
    f.refused(Code.FORBIDDEN, OTHER_EXCHANGE, "getDelivery", new IdRequest(deliveryNo));
    f.refused(Code.FORBIDDEN, OTHER_EXCHANGE, "getListingCheck", new IdRequest(check.checkNo()));
    // Regulators, the registry and the parties read as before.
    for (Caller who : List.of(REGULATOR, REGISTRAR, HOLDER_A, HOLDER_B)) {
      assertThat(f.call(who, "getTrade", new IdRequest(t.tradeNo()), TradeView.class).trade().tradeNo()).isEqualTo(t.tradeNo());
      assertThat(f.call(who, "getListingCheck", new IdRequest(check.checkNo()), ListingCheck.class)).isEqualTo(check);
    }
  }

  @Test
  void a_listing_check_opens_confidential_material_to_its_exchange_for_thirty_days() {
    Registration r = f.issued(HOLDER_A, null, "confidential by check");
    assertThat(f.refused(Code.FORBIDDEN, EXCHANGE, "getConfidentialAccess", new RegNoRequest(r.regNo())).getMessage())
        .contains("open listing check");
    ListingCheck check = f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()), ListingCheck.class);
    ConfidentialAccess access = f.call(EXCHANGE, "getConfidentialAccess", new RegNoRequest(r.regNo()), ConfidentialAccess.class);
    assertThat(access.basis()).contains(check.checkNo());
    assertThat(access.confidentialHash()).isEqualTo(r.confidentialHash());
    f.refused(Code.FORBIDDEN, OTHER_EXCHANGE, "getConfidentialAccess", new RegNoRequest(r.regNo()));
    f.advance(Duration.ofDays(30).minusMinutes(1));
    f.call(EXCHANGE, "getConfidentialAccess", new RegNoRequest(r.regNo()), ConfidentialAccess.class);
    f.advance(Duration.ofMinutes(1));
    f.refused(Code.FORBIDDEN, EXCHANGE, "getConfidentialAccess", new RegNoRequest(r.regNo()));
  }

  @Test
  void a_trade_keeps_confidential_material_open_to_its_exchange_until_it_is_settled_and_delivered() {
    Registration r = f.issued(HOLDER_A, null, "confidential by trade");
    f.call(EXCHANGE, "recordListingCheck", new RegNoRequest(r.regNo()), ListingCheck.class);
    Trade t = trade(EXCHANGE, r, "open trade");
    f.advance(Duration.ofDays(31));
    Caller exchange = EXCHANGE;
    RegNoRequest asset = new RegNoRequest(r.regNo());
    assertThat(f.call(exchange, "getConfidentialAccess", asset, ConfidentialAccess.class).basis()).isEqualTo("trade " + t.tradeNo());
    f.call(exchange, "recordSettlement", new SettleTradeRequest(t.tradeNo(), hash("paid")));
    // Settled, but nothing delivered yet: still open.
    f.call(exchange, "getConfidentialAccess", asset, ConfidentialAccess.class);
    String deliveryNo = delivery(t, "delivered");
    f.call(exchange, "getConfidentialAccess", asset, ConfidentialAccess.class);
    f.call(HOLDER_A, "completeDelivery", new IdRequest(deliveryNo));
    f.call(exchange, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.DISPUTED, hash("complaint")));
    // Delivered and settled, but disputed: still open.
    f.call(exchange, "getConfidentialAccess", asset, ConfidentialAccess.class);
    f.call(exchange, "recordDispute", new TradeDisputeRequest(t.tradeNo(), DisputeStatus.RESOLVED, hash("outcome")));
    f.refused(Code.FORBIDDEN, exchange, "getConfidentialAccess", asset);
  }

  @Test
  void holders_the_registry_and_regulators_read_confidential_material_and_nobody_else_does() {
    Registration r = f.issued(HOLDER_A, null, "confidential readers");
    assertThat(f.call(HOLDER_A, "getConfidentialAccess", new RegNoRequest(r.regNo()), ConfidentialAccess.class).basis()).startsWith("holder");
    assertThat(f.call(REGISTRAR, "getConfidentialAccess", new RegNoRequest(r.regNo()), ConfidentialAccess.class).basis()).isEqualTo("registrar");
    assertThat(f.call(REGULATOR, "getConfidentialAccess", new RegNoRequest(r.regNo()), ConfidentialAccess.class).basis()).isEqualTo("regulator");
    f.refused(Code.FORBIDDEN, HOLDER_B, "getConfidentialAccess", new RegNoRequest(r.regNo()));
    f.refused(Code.FORBIDDEN, REVIEWER, "getConfidentialAccess", new RegNoRequest(r.regNo()));
    f.refused(Code.FORBIDDEN, RegistryFixture.FOREIGN_REGISTRAR, "getConfidentialAccess", new RegNoRequest(r.regNo()));
  }
}

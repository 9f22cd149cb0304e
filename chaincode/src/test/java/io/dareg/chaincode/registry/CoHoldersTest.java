package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.EXCHANGE;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_C;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static io.dareg.chaincode.registry.RegistryFixture.STRANGER;
import static io.dareg.chaincode.registry.RegistryFixture.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.AddEncumbranceRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.api.ProposeTransferRequest;
import io.dareg.core.api.RecordTradeRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.RegistrationView;
import io.dareg.core.api.ReleaseEncumbranceRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.json.Json;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.Consent;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.EncumbranceStatus;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HolderShare;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RightType;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeKind;
import io.dareg.core.model.Transfer;
import io.dareg.core.model.TransferStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A jointly held asset: every co-holder consents to its transfer, pledge, licence or trust; shares are recorded. */
class CoHoldersTest {
  private final RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
  /** A stranger's account, to receive rights. */
  private final String accountS = f.openAccount("丁科技有限公司", STRANGER);

  private Registration joint(String data) {
    return f.issuedJointly(HOLDER_A, List.of(HOLDER_B), List.of(f.accountB), List.of(), data);
  }

  private RegistrationView view(String regNo) {
    return f.call(REGISTRAR, "getRegistration", new RegNoRequest(regNo), RegistrationView.class);
  }

  private AddEncumbranceRequest licence(String regNo, String to, List<String> scenarios) {
    return new AddEncumbranceRequest(regNo, EncumbranceKind.LICENCE, to, "monthly scores", scenarios, false,
        new TimeSpan(f.date(), f.date().plusYears(1)), hash("licence " + regNo + to), f.date());
  }

  @Test
  void a_transfer_of_a_jointly_held_asset_completes_only_when_every_co_holder_has_consented() {
    Registration r = joint("joint transfer");
    Transfer t = f.call(HOLDER_A, "proposeTransfer", new ProposeTransferRequest(r.regNo(), accountS, hash("contract")), Transfer.class);
    assertThat(t.consents()).extracting(Consent::account).containsExactly(f.accountA);

    Transfer accepted = f.call(STRANGER, "acceptTransfer", new IdRequest(t.transferNo()), Transfer.class);
    assertThat(accepted.status()).as("the recipient's acceptance alone does not drop co-holder B").isEqualTo(TransferStatus.PROPOSED);
    assertThat(accepted.awaitingConsent()).containsExactly(f.accountB);
    assertThat(f.registration(r.regNo()).holders()).containsExactly(f.accountA, f.accountB);
    f.refused(Code.CONFLICT, STRANGER, "acceptTransfer", new IdRequest(t.transferNo()));
    f.refused(Code.FORBIDDEN, HOLDER_C, "consentToTransfer", new IdRequest(t.transferNo()));
    f.refused(Code.CONFLICT, HOLDER_A, "consentToTransfer", new IdRequest(t.transferNo()));

    Transfer done = f.call(HOLDER_B, "consentToTransfer", new IdRequest(t.transferNo()), Transfer.class);
    assertThat(done.status()).isEqualTo(TransferStatus.COMPLETED);
    assertThat(done.consents()).extracting(Consent::account).containsExactly(f.accountA, f.accountB);
    assertThat(done.consents()).allMatch(c -> c.at() != null);
    assertThat(f.registration(r.regNo()).holders()).containsExactly(accountS);
  }

  @Test
  void co_holders_may_consent_before_the_recipient_accepts_and_any_of_them_may_decline() {
    Registration r = joint("joint consent first");
    Transfer t = f.call(HOLDER_B, "proposeTransfer", new ProposeTransferRequest(r.regNo(), accountS, hash("c1")), Transfer.class);
    Transfer consented = f.call(HOLDER_A, "consentToTransfer", new IdRequest(t.transferNo()), Transfer.class);
    assertThat(consented.status()).as("waiting for the recipient").isEqualTo(TransferStatus.PROPOSED);
    assertThat(f.call(STRANGER, "acceptTransfer", new IdRequest(t.transferNo()), Transfer.class).status()).isEqualTo(TransferStatus.COMPLETED);

    Registration r2 = joint("joint declined");
    Transfer t2 = f.call(HOLDER_A, "proposeTransfer", new ProposeTransferRequest(r2.regNo(), accountS, hash("c2")), Transfer.class);
    assertThat(f.call(HOLDER_B, "declineTransfer", new IdRequest(t2.transferNo()), Transfer.class).status()).isEqualTo(TransferStatus.DECLINED);
    f.refused(Code.CONFLICT, STRANGER, "acceptTransfer", new IdRequest(t2.transferNo()));
    assertThat(f.registration(r2.regNo()).holders()).containsExactly(f.accountA, f.accountB);
  }

  @Test
  void a_sole_holder_transfers_on_the_recipients_acceptance_as_before() {
    Registration r = f.issued(HOLDER_A, null, "sole transfer");
    Transfer t = f.call(HOLDER_A, "proposeTransfer", new ProposeTransferRequest(r.regNo(), accountS, hash("c")), Transfer.class);
    assertThat(f.call(STRANGER, "acceptTransfer", new IdRequest(t.transferNo()), Transfer.class).status()).isEqualTo(TransferStatus.COMPLETED);
  }

  @Test
  void a_pledge_by_one_co_holder_is_pending_consent_and_not_in_force_until_the_last_co_holder_consents() {
    Registration r = f.issuedJointly(HOLDER_A, List.of(HOLDER_B, HOLDER_C), List.of(f.accountB, f.accountC), List.of(), "joint pledge");
    Encumbrance e = f.call(HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), accountS), Encumbrance.class);
    assertThat(e.status()).isEqualTo(EncumbranceStatus.PENDING_CONSENT);
    assertThat(e.active()).isFalse();
    assertThat(e.awaitingConsent()).containsExactly(f.accountB, f.accountC);
    RegistrationView v = view(r.regNo());
    assertThat(v.encumbrances()).as("not in force").isEmpty();
    assertThat(v.pendingEncumbrances()).extracting(Encumbrance::encumbranceNo).containsExactly(e.encumbranceNo());
    // not in force: it does not stop a licence trade that every co-holder signs
    f.listingCheck(r.regNo());

    Encumbrance half = f.call(HOLDER_B, "consentToEncumbrance", new IdRequest(e.encumbranceNo()), Encumbrance.class);
    assertThat(half.status()).isEqualTo(EncumbranceStatus.PENDING_CONSENT);
    f.refused(Code.CONFLICT, HOLDER_B, "consentToEncumbrance", new IdRequest(e.encumbranceNo()));
    f.refused(Code.FORBIDDEN, STRANGER, "consentToEncumbrance", new IdRequest(e.encumbranceNo()));

    Encumbrance inForce = f.call(HOLDER_C, "consentToEncumbrance", new IdRequest(e.encumbranceNo()), Encumbrance.class);
    assertThat(inForce.status()).isEqualTo(EncumbranceStatus.IN_FORCE);
    assertThat(inForce.active()).isTrue();
    assertThat(inForce.consents()).extracting(Consent::account).containsExactly(f.accountA, f.accountB, f.accountC);
    assertThat(view(r.regNo()).encumbrances()).extracting(Encumbrance::encumbranceNo).containsExactly(e.encumbranceNo());
    f.refused(Code.CONFLICT, HOLDER_C, "consentToEncumbrance", new IdRequest(e.encumbranceNo()));
  }

  @Test
  void a_licence_or_trust_of_a_jointly_held_asset_also_waits_and_a_co_holder_may_withdraw_it_instead() {
    Registration r = joint("joint licence");
    Encumbrance lic = f.call(HOLDER_B, "addEncumbrance", licence(r.regNo(), accountS, List.of("信用评估")), Encumbrance.class);
    assertThat(lic.status()).isEqualTo(EncumbranceStatus.PENDING_CONSENT);
    Encumbrance withdrawn = f.call(HOLDER_A, "releaseEncumbrance", new ReleaseEncumbranceRequest(lic.encumbranceNo(), hash("withdrawn")), Encumbrance.class);
    assertThat(withdrawn.status()).isEqualTo(EncumbranceStatus.RELEASED);
    f.refused(Code.CONFLICT, HOLDER_A, "consentToEncumbrance", new IdRequest(lic.encumbranceNo()));

    Encumbrance trust = f.call(HOLDER_A, "addEncumbrance", new AddEncumbranceRequest(r.regNo(), EncumbranceKind.TRUST, accountS,
        "the whole asset", List.of(), false, new TimeSpan(f.date(), null), hash("trust deed"), f.date()), Encumbrance.class);
    assertThat(trust.status()).isEqualTo(EncumbranceStatus.PENDING_CONSENT);
    assertThat(f.call(HOLDER_B, "consentToEncumbrance", new IdRequest(trust.encumbranceNo()), Encumbrance.class).status())
        .isEqualTo(EncumbranceStatus.IN_FORCE);
  }

  @Test
  void a_sole_holders_pledge_is_in_force_at_once() {
    Registration r = f.issued(HOLDER_A, null, "sole pledge");
    Encumbrance e = f.call(HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), accountS), Encumbrance.class);
    assertThat(e.status()).isEqualTo(EncumbranceStatus.IN_FORCE);
    assertThat(e.consents()).extracting(Consent::account).containsExactly(f.accountA);
  }

  @Test
  void shares_are_recorded_at_application_and_must_name_every_holder_and_sum_to_100_percent() {
    Registration r = f.issuedJointly(HOLDER_A, List.of(HOLDER_B), List.of(f.accountB),
        List.of(new HolderShare(f.accountA, 6000), new HolderShare(f.accountB, 4000)), "shares");
    assertThat(r.shares()).containsExactly(new HolderShare(f.accountA, 6000), new HolderShare(f.accountB, 4000));
    assertThat(r.shareOf(f.accountA)).isEqualTo("60.00%");
    assertThat(view(r.regNo()).registration().shareOf(f.accountB)).isEqualTo("40.00%");
    assertThat(joint("no shares").shareOf(f.accountA)).isEqualTo("unspecified");

    Evidence e = f.deposit(HOLDER_A, "bad shares");
    f.refused(Code.INVALID, HOLDER_A, "submit", new SubmitRequest(null, RightType.HOLDING, RegistryFixture.asset(ClassificationLevel.GENERAL),
        List.of(f.accountB), List.of(e.evidenceNo()), null, List.of(new HolderShare(f.accountA, 5000), new HolderShare(f.accountC, 5000))));
    String overHundred = new String(Json.canonical(new SubmitRequest(null, RightType.HOLDING, RegistryFixture.asset(ClassificationLevel.GENERAL),
        List.of(f.accountB), List.of(e.evidenceNo()), null, List.of())), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"shares\":[]", "\"shares\":[{\"account\":\"" + f.accountA + "\",\"basisPoints\":6000},{\"account\":\"" + f.accountB + "\",\"basisPoints\":6000}]");
    RuleException sum = f.refused(Code.INVALID, HOLDER_A, "submit", overHundred);
    assertThat(sum.getMessage()).contains("10000");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new HolderShare(f.accountA, 0))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_trade_of_a_jointly_held_asset_needs_every_co_holder_as_a_seller() {
    Registration r = joint("joint trade");
    f.listingCheck(r.regNo());
    RecordTradeRequest bySellerAlone = new RecordTradeRequest(r.regNo(), f.accountA, accountS, TradeKind.TRANSFER, "the whole right",
        List.of(), null, hash("sale"), hash("amount"), null, "negotiated");
    RuleException e = f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", bySellerAlone);
    assertThat(e.getMessage()).contains("every co-holder").contains(f.accountB).contains("coSellers");
    RecordTradeRequest licenceAlone = new RecordTradeRequest(r.regNo(), f.accountA, accountS, TradeKind.LICENCE, "scores",
        List.of("信用评估"), new TimeSpan(f.date(), f.date().plusYears(1)), hash("lic"), hash("amount"), null, "negotiated");
    f.refused(Code.CONFLICT, EXCHANGE, "recordTrade", licenceAlone);
    RecordTradeRequest strangerAsCoSeller = new RecordTradeRequest(r.regNo(), f.accountA, accountS, TradeKind.TRANSFER, "the whole right",
        List.of(), null, hash("sale"), hash("amount"), null, "negotiated", List.of(f.accountC));
    f.refused(Code.INVALID, EXCHANGE, "recordTrade", strangerAsCoSeller);

    RecordTradeRequest jointSale = new RecordTradeRequest(r.regNo(), f.accountA, accountS, TradeKind.TRANSFER, "the whole right",
        List.of(), null, hash("sale"), hash("amount"), null, "negotiated", List.of(f.accountB));
    Trade t = f.call(EXCHANGE, "recordTrade", jointSale, Trade.class);
    assertThat(t.coSellers()).containsExactly(f.accountB);
    Transfer done = f.call(REGISTRAR, "getTransfer", new IdRequest(t.transferNo()), Transfer.class);
    assertThat(done.consents()).extracting(Consent::account).containsExactly(f.accountA, f.accountB);
    assertThat(f.registration(r.regNo()).holders()).containsExactly(accountS);
  }
}

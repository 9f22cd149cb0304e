// An exchange's pages: record a listing check of an asset (what the ledger says now, and whether it
// may be listed), record a trade concluded on the exchange, read a trade with its deliveries, and
// record its settlement or a dispute and its resolution.
import { bilingual, chinaTime, el } from './dom.js';
import { RIGHT_TYPE, STATUS, TRADE_KIND, TRADE_STATUS, badge, named } from './labels.js';
import { sha256 } from './session.js';
import { button, certificateLinks, details, field, jsonFile, outcomeBox, registrationLink, required, section, showDone, values } from './ui.js';

function listingCheck(session, registries) {
  const box = outcomeBox();
  const voucher = el('input', { type: 'file', id: 'listing-voucher-file', accept: '.json,application/json' });
  const form = el('div', { class: 'form', id: 'listing-check' }, field('登记编号', 'Reg. no.', 'regNo'),
    field('交易场所依据的登记机构（可选）', 'Registry the venue relies on (optional)', 'venue',
      { options: { '': ['不指定', 'none'], ...Object.fromEntries(registries.map((r) => [r.code, [`${r.code} ${r.name}`, '']])) } }),
    el('label', {}, ...bilingual('其他账本登记机构的挂牌核验凭证（JSON，核验其登记的资产时提交）', 'A peer registry\u2019s listing-check voucher (JSON, for an asset it registered)'), voucher));
  form.append(button('挂牌核验', 'Check for listing', box, async () => {
    const v = values(form);
    const body = { ...(v.venue ? { venue: v.venue } : {}) };
    if (voucher.files[0]) body.voucher = await jsonFile(voucher.files[0]);
    const c = await session.post(`/registrations/${encodeURIComponent(required(form, 'regNo', '登记编号', 'registration number'))}/listing-checks`, body);
    showDone(box, el('strong', { 'data-listable': String(c.listable), 'data-check-no': c.checkNo }, ...(c.listable
      ? bilingual('可以挂牌交易。', 'Listable: nothing stands in the way of a trade.')
      : bilingual('不可挂牌交易。', 'Not listable.'))), details([
      ['核验编号', 'Check no.', c.checkNo],
      ['核验时间', 'Checked at', chinaTime(c.checkedAt)],
      ['登记', 'Registration', registrationLink(c.regNo)],
      ['状态', 'Status', badge(STATUS, c.status)],
      ['权利类型', 'Right', named(RIGHT_TYPE, c.rightType)],
      ['权利人账户', 'Holder accounts', c.holders.join('；')],
      ['现行证书', 'Certificate', c.certificateNo ? el('span', {}, certificateLinks(c.certificateNo), c.certificateValid ? ' ✔' : ' ✘') : '—'],
      ['质权人', 'Pledged to', c.pledgedTo.join('；')],
      ['被许可人', 'Licensed to', c.licensedTo.join('；')],
      ['待处理异议', 'Pending objections', c.pendingObjections.join('；')],
      ['交易场所依据的登记机构', 'Venue\u2019s registry', c.venue],
      ['依据的互认协议', 'Recognition agreement relied on', c.recognition ? el('span', { 'data-recognition': c.recognition }, c.recognition) : null],
      ['障碍', 'Obstacles', c.obstacles.join('；')],
    ]));
  }, { 'data-action': 'listing-check' }), box);
  return section('挂牌核验', 'Listing check', el('p', { class: 'note' }, ...bilingual(
    '指定交易场所依据的登记机构时，其他登记机构的资产须有生效的互认协议覆盖；其他账本登记的资产须提交对方当日的核验凭证。',
    'With a venue registry, an asset of another registry needs a recognition agreement in force that covers it; an asset of another ledger needs that registry\u2019s voucher of today.')), form);
}

function trade(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'trade' },
    field('登记编号', 'Reg. no.', 'regNo'),
    field('卖方账户', 'Seller account', 'seller'),
    field('买方账户', 'Buyer account', 'buyer'),
    field('交易类型', 'Kind', 'kind', { options: TRADE_KIND }),
    field('许可范围', 'Scope', 'scope'),
    field('许可场景（逗号分隔，空为不限）', 'Scenarios (comma separated; empty: any)', 'scenarios'),
    field('许可期限起', 'Term from', 'from', { type: 'date' }),
    field('许可期限止', 'Term until', 'until', { type: 'date' }),
    field('合同编号或文本', 'Contract reference or text', 'contract'),
    field('金额（分）', 'Amount (fen)', 'amount', { type: 'number' }),
    field('定价方式', 'Pricing', 'pricingMethod', { value: 'negotiated' }),
    field('公开金额', 'Publish the amount', 'publish', { type: 'checkbox' }));
  form.append(button('记录交易', 'Record the trade', box, async () => {
    const v = values(form);
    const licence = v.kind === 'LICENCE';
    const t = await session.post(`/registrations/${encodeURIComponent(v.regNo)}/trades`, {
      seller: v.seller, buyer: v.buyer, kind: v.kind, scope: v.scope,
      scenarios: licence ? v.scenarios.split(/[,，、]+/).map((x) => x.trim()).filter(Boolean) : [],
      term: licence ? { from: v.from || null, until: v.until || null } : null,
      // As dareg trade record: the contract and "AMOUNT:CONTRACT" are recorded as SHA-256.
      contractHash: await sha256(v.contract), amountHash: await sha256(`${v.amount}:${v.contract}`),
      amount: v.publish ? Number(v.amount) : null, pricingMethod: v.pricingMethod,
    });
    showDone(box, el('span', { 'data-trade-no': t.tradeNo }, ...bilingual(`交易已记录：${t.tradeNo}`, `Trade recorded: ${t.tradeNo}`)));
  }, { 'data-action': 'trade' }), box);
  return section('记录交易', 'Record a trade', form, el('p', { class: 'note' }, ...bilingual(
    '交付由交易的卖方在其控制台记录，买方确认。', 'Deliveries are recorded by the trade\u2019s seller in their console, and answered by the buyer.')));
}

function tradeLookup(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'trade-lookup' }, field('交易编号', 'Trade no.', 'tradeNo'));
  form.append(button('查看交易', 'Show the trade', box, async () => {
    const view = await session.get(`/trades/${encodeURIComponent(values(form).tradeNo)}`);
    const t = view.trade;
    showDone(box, details([
      ['交易编号', 'Trade no.', t.tradeNo],
      ['登记', 'Registration', registrationLink(t.regNo)],
      ['类型', 'Kind', named(TRADE_KIND, t.kind)],
      ['卖方 / 买方', 'Seller / buyer', `${t.seller} / ${t.buyer}`],
      ['成交时间', 'Traded at', chinaTime(t.tradedAt)],
      ['交付', 'Deliveries', (view.deliveries || []).map((d) => `${d.deliveryNo}（${d.mode}，${d.size} B）`).join('；')],
    ]));
  }), box);
  return section('查看交易', 'Look up a trade', form);
}

function settlement(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'settle' },
    el('p', { class: 'note' }, ...bilingual('记录本所交易的结算或争议；凭证原文留在本机，链上记录其 SHA-256。有争议的交易暂停交付，直至记录争议已解决。',
      'Record the settlement or a dispute of a trade this exchange recorded; the documents stay here, the ledger records their SHA-256. A disputed trade’s deliveries are frozen until the dispute is recorded resolved.')),
    field('交易编号', 'Trade no.', 'tradeNo'),
    field('结算凭证（如银行流水号）或争议文件', 'Settlement reference (e.g. the bank’s) or dispute document', 'document'));
  const at = () => `/trades/${encodeURIComponent(values(form).tradeNo)}`;
  const shown = (t, zh, en) => showDone(box, el('span', { 'data-trade-no': t.tradeNo, 'data-dispute': t.dispute || '', 'data-settled': String(!!t.settledAt) },
    ...bilingual(`交易 ${t.tradeNo}：${zh}`, `Trade ${t.tradeNo}: ${en}`)), ' ', t.dispute ? badge(TRADE_STATUS, t.dispute) : t.settledAt ? badge(TRADE_STATUS, 'SETTLED') : '');
  const dispute = (status, zh, en, doneZh, doneEn) => button(zh, en, box, async () => {
    shown(await session.post(`${at()}/dispute`, { status, documentHash: await sha256(values(form).document) }), doneZh, doneEn);
  }, { 'data-action': `trade-${status}` });
  form.append(button('记录结算', 'Record the settlement', box, async () => {
    const t = await session.post(`${at()}/settlement`, { settlementHash: await sha256(values(form).document) });
    shown(t, `已结算，${chinaTime(t.settledAt)}`, `settled at ${t.settledAt}`);
  }, { 'data-action': 'settle' }), dispute('DISPUTED', '记录争议', 'Record a dispute', '已记录争议，交付暂停', 'disputed, deliveries frozen'),
    dispute('RESOLVED', '争议已解决', 'Record the dispute resolved', '争议已解决', 'dispute resolved'), box);
  return section('结算与争议', 'Settlement and disputes', form);
}

export async function render(session) {
  return el('div', {}, listingCheck(session, await session.get('/registries')), trade(session), tradeLookup(session), settlement(session));
}

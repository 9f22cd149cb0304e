// Trades and deliveries, paged from the gateway's query index (GET /trades, GET /deliveries): a
// regulator sees all, an exchange what it recorded, a holder the trades it sells or buys in.
import { bilingual, chinaTime, el } from './dom.js';
import { DELIVERY_MODE, DELIVERY_STATUS, TRADE_KIND, TRADE_STATUS, named } from './labels.js';
import { button, field, labelled, outcomeBox, registrationLink, section, showDone, values } from './ui.js';

function header(columns) {
  return el('thead', {}, el('tr', {}, ...columns.map(([zh, en]) => el('th', {}, ...bilingual(zh, en)))));
}

function tradeRows(items) {
  return items.map((t) => el('tr', { 'data-trade-no': t.tradeNo },
    el('td', {}, t.tradeNo), el('td', {}, registrationLink(t.regNo)), el('td', {}, named(TRADE_KIND, t.kind)),
    el('td', {}, t.seller), el('td', {}, t.buyer), el('td', {}, t.exchange), el('td', {}, chinaTime(t.tradedAt)),
    el('td', {}, t.dispute ? named(TRADE_STATUS, t.dispute) : t.settledAt ? chinaTime(t.settledAt) : '—')));
}

function deliveryRows(items) {
  return items.map((d) => el('tr', { 'data-delivery-no': d.deliveryNo },
    el('td', {}, d.deliveryNo), el('td', {}, d.tradeNo), el('td', {}, named(DELIVERY_MODE, d.mode)),
    el('td', {}, `${d.size} B`), el('td', {}, chinaTime(d.deliveredAt)),
    el('td', {}, d.accepted == null ? '—' : d.accepted ? '✔' : '✘')));
}

export function render(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'trade-list' },
    field('类别', 'List', 'list', { options: { trades: ['交易', 'trades'], deliveries: ['交付', 'deliveries'] } }),
    field('交易所（组织标识）', 'Exchange (MSP id)', 'exchange'),
    field('当事方账户', 'Party account', 'party'),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('状态', 'Status', 'status', { options: { '': ['（不限）', '(any)'], ...TRADE_STATUS, ...DELIVERY_STATUS } }),
    field('起（含）', 'From', 'from', { type: 'date' }),
    field('止（含）', 'To', 'to', { type: 'date' }));
  const show = async (bookmark, rows) => {
    const v = values(form);
    const query = new URLSearchParams({ pageSize: '50' });
    for (const k of ['exchange', 'party', 'regNo', 'status', 'from', 'to']) if (v[k]) query.set(k, v[k]);
    if (bookmark) query.set('bookmark', bookmark);
    const page = await session.get(`/${v.list}?${query}`);
    const trades = v.list === 'trades';
    rows.push(...(trades ? tradeRows(page.items) : deliveryRows(page.items)));
    const table = labelled(el('table', { class: 'registrations', id: 'trade-results' },
      header(trades
        ? [['交易编号', 'Trade'], ['登记', 'Registration'], ['类型', 'Kind'], ['卖方', 'Seller'], ['买方', 'Buyer'], ['交易所', 'Exchange'], ['交易时间', 'Traded'], ['结算或争议', 'Settled or disputed']]
        : [['交付编号', 'Delivery'], ['交易编号', 'Trade'], ['方式', 'Mode'], ['大小', 'Size'], ['交付时间', 'Delivered'], ['验收', 'Accepted']]),
      el('tbody', {}, ...rows)));
    const more = page.bookmark
      ? button('下一页', 'Next page', box, () => show(page.bookmark, rows), { 'data-action': 'trade-list-more' })
      : el('span');
    showDone(box, el('span', {}, ...bilingual(`已显示 ${rows.length} 项`, `${rows.length} shown`),
      ...(page.behind ? ['；', ...bilingual('索引正在追赶账本，结果可能不全', 'the index is catching up with the ledger: results may be incomplete')] : [])),
    table, more);
  };
  form.append(button('列出', 'List', box, () => show(null, []), { 'data-action': 'trade-list' }), box);
  return section('交易与交付', 'Trades and deliveries', form, el('p', { class: 'note' }, ...bilingual(
    '按时间排列；监管机构可见全部，交易所可见其记录的交易，权利人可见其作为买卖方的交易。',
    'In time order; a regulator sees all, an exchange the trades it recorded, a holder those it sells or buys in.')));
}

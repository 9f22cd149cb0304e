// Searching the registry (a regulator reads everything; any signed-in caller may search): by
// registration number, by holder account, by status, or by a data hash or Merkle root.
import { bilingual, chinaTime, el } from './dom.js';
import { STATUS } from './labels.js';
import { button, field, outcomeBox, registrationTable, section, showDone, values } from './ui.js';

export function render(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'search' },
    field('登记编号', 'Reg. no.', 'regNo'),
    field('权利人账户', 'Holder account', 'holder'),
    field('状态', 'Status', 'status', { options: { '': ['（不限）', '(any)'], ...STATUS } }),
    field('数据摘要或默克尔根', 'Data hash or Merkle root', 'hash'));
  const list = async (query) => {
    const page = await session.get(`/registrations?${query}&pageSize=200`);
    showDone(box, el('span', {}, ...bilingual(`共 ${page.items.length} 项`, `${page.items.length} found`), page.bookmark ? '（仅显示前 200 项 first 200 shown）' : ''),
      registrationTable(page.items, 'results'));
  };
  form.append(button('查询', 'Search', box, async () => {
    const v = values(form);
    if (v.regNo) {
      window.location.hash = `registration/${encodeURIComponent(v.regNo)}`;
    } else if (v.holder) {
      await list(`holder=${encodeURIComponent(v.holder)}`);
    } else if (v.status) {
      await list(`status=${encodeURIComponent(v.status)}`);
    } else if (v.hash) {
      const m = await session.get(`/hashes/${encodeURIComponent(v.hash.toLowerCase())}`);
      showDone(box, el('ul', { id: 'results' },
        ...m.evidence.map((e) => el('li', {}, ...bilingual('存证', 'evidence'), ` ${e.evidenceNo}：${e.declaredBy}，${chinaTime(e.depositedAt)}，${e.size} B`)),
        ...m.deliveries.map((d) => el('li', {}, ...bilingual('交付', 'delivery'), ` ${d.deliveryNo}：`, ...bilingual('交易', 'trade'), ` ${d.tradeNo}`))),
        ...(m.evidence.length + m.deliveries.length ? [] : bilingual('没有记录携带此摘要。', 'No record carries this hash.')));
    } else {
      throw Object.assign(new Error('nothing to search by'), { zh: '请填写一项查询条件。', en: 'Fill in one of the fields to search by.' });
    }
  }, { 'data-action': 'search' }), box);
  return section('查询', 'Search', form, el('p', { class: 'note' }, ...bilingual('按所填的第一项查询。', 'Searches by the first field filled in.')));
}

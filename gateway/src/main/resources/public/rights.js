// A holder's rights over a registered asset, as dareg transfer / pledge / licence / encumbrance do:
// propose a transfer, file a pledge, licence or trust, and answer either one by its number (the
// recipient accepts, a co-holder consents, a party declines; the counterparty releases). Contracts
// and documents stay here; only their SHA-256 goes on the ledger.
import { bilingual, el } from './dom.js';
import { ENCUMBRANCE } from './labels.js';
import { sha256 } from './session.js';
import { button, field, outcomeBox, section, showDone, values } from './ui.js';

const list = (text) => text.split(/[,，、]+/).map((x) => x.trim()).filter(Boolean);

/** Whose consent a pending transfer or encumbrance still waits for (the record's awaitingConsent), in words. */
function awaiting(record) {
  if (!['PROPOSED', 'PENDING_CONSENT'].includes(record.status)) return [];
  const consented = (record.consents || []).map((c) => c.account);
  const waiting = (record.from || record.holders || []).filter((h) => !consented.includes(h));
  return waiting.length ? bilingual(`；待共有人同意：${waiting.join('、')}`, `; awaiting the consent of ${waiting.join(', ')}`) : [];
}

function transferForm(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'transfer' },
    el('p', { class: 'note' }, ...bilingual('权利人提出转让；受让方接受、其他共有人同意后转让完成。',
      'The holder proposes a transfer; it completes once the recipient accepts and every co-holder consents.')),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('受让方账户', 'Recipient account', 'to'),
    field('合同编号或文本（记录其 SHA-256）', 'Contract reference or text (its SHA-256 is recorded)', 'contract'));
  form.append(button('提出转让', 'Propose the transfer', box, async () => {
    const v = values(form);
    const t = await session.post(`/registrations/${encodeURIComponent(v.regNo)}/transfers`, { to: v.to, documentHash: await sha256(v.contract) });
    showDone(box, el('span', { 'data-transfer-no': t.transferNo }, ...bilingual(`转让已提出：${t.transferNo}`, `Transfer proposed: ${t.transferNo}`), ...awaiting(t)));
  }, { 'data-action': 'propose-transfer' }), box);
  return section('转让', 'Transfer', form);
}

function transferAnswer(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'transfer-answer' },
    el('p', { class: 'note' }, ...bilingual('受让方接受转让；共同权利人同意转让；任一方可拒绝。',
      'The recipient accepts; a co-holder consents; either may decline.')),
    field('转让编号', 'Transfer no.', 'transferNo'));
  const act = (step, zh, en, doneZh, doneEn) => button(zh, en, box, async () => {
    const t = await session.post(`/transfers/${encodeURIComponent(values(form).transferNo)}/${step}`);
    showDone(box, el('span', { 'data-status': t.status }, ...bilingual(`转让 ${t.transferNo}：${doneZh}（${t.status}）`, `Transfer ${t.transferNo}: ${doneEn} (${t.status})`), ...awaiting(t)));
  }, { 'data-action': `transfer-${step}` });
  form.append(act('acceptance', '接受转让', 'Accept', '已接受', 'accepted'), act('consent', '同意转让（共有人）', 'Consent as a co-holder', '已同意', 'consented'),
    act('declination', '拒绝', 'Decline', '已拒绝', 'declined'), box);
  return section('答复转让', 'Answer a transfer', form);
}

function encumbranceForm(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'encumber' },
    el('p', { class: 'note' }, ...bilingual('质押和许可须在合同签订后 10 个工作日内登记；共有资产须其他共有人同意后生效。',
      'A pledge or licence is filed within 10 working days of its contract; on a jointly held asset it takes effect once every co-holder consents.')),
    field('类型', 'Kind', 'kind', { options: ENCUMBRANCE }),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('质权人、被许可人或受托人账户', 'Pledgee, licensee or trustee account', 'counterparty'),
    field('范围', 'Scope', 'scope', { value: '全部数据资产' }),
    field('许可场景（逗号分隔）', 'Licensed scenarios (comma separated)', 'scenarios'),
    field('独占许可', 'Exclusive licence', 'exclusive', { type: 'checkbox' }),
    field('期限起', 'Term from', 'from', { type: 'date' }),
    field('期限止（可空）', 'Term until (may be empty)', 'until', { type: 'date' }),
    field('合同编号或文本（记录其 SHA-256）', 'Contract reference or text (its SHA-256 is recorded)', 'contract'),
    field('合同签订日期', 'Contract signed on', 'contractDate', { type: 'date' }));
  form.append(button('登记', 'File it', box, async () => {
    const v = values(form);
    const e = await session.post(`/registrations/${encodeURIComponent(v.regNo)}/encumbrances`, {
      kind: v.kind, counterparty: v.counterparty, scope: v.scope, scenarios: v.kind === 'LICENCE' ? list(v.scenarios) : [],
      exclusive: v.kind === 'LICENCE' && v.exclusive, term: { from: v.from || null, until: v.until || null },
      contractHash: await sha256(v.contract), contractDate: v.contractDate || null,
    });
    showDone(box, el('span', { 'data-encumbrance-no': e.encumbranceNo, 'data-status': e.status },
      ...bilingual(`已登记：${e.encumbranceNo}（${e.status}）`, `Filed: ${e.encumbranceNo} (${e.status})`), ...awaiting(e)));
  }, { 'data-action': 'encumber' }), box);
  return section('质押、许可、信托', 'Pledge, licence, trust', form);
}

function encumbranceAnswer(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'encumbrance-answer' },
    el('p', { class: 'note' }, ...bilingual('共同权利人同意质押、许可或信托；质权人等相对方凭解除文件解除。',
      'A co-holder consents to a pledge, licence or trust; the counterparty releases it with the release document.')),
    field('权利负担编号', 'Encumbrance no.', 'encumbranceNo'),
    field('解除文件（记录其 SHA-256）', 'Release document (its SHA-256 is recorded)', 'document'));
  const at = () => `/encumbrances/${encodeURIComponent(values(form).encumbranceNo)}`;
  form.append(
    button('同意（共有人）', 'Consent as a co-holder', box, async () => {
      const e = await session.post(`${at()}/consent`);
      showDone(box, el('span', { 'data-status': e.status }, ...bilingual(`${e.encumbranceNo}：已同意（${e.status}）`, `${e.encumbranceNo}: consented (${e.status})`), ...awaiting(e)));
    }, { 'data-action': 'encumbrance-consent' }),
    button('解除', 'Release', box, async () => {
      const e = await session.post(`${at()}/release`, { documentHash: await sha256(values(form).document) });
      showDone(box, el('span', { 'data-status': e.status }, ...bilingual(`${e.encumbranceNo}：已解除`, `${e.encumbranceNo}: released (${e.status})`)));
    }, { 'data-action': 'encumbrance-release' }), box);
  return section('答复质押、许可、信托', 'Answer a pledge, licence or trust', form);
}

/** The holder's rights sections. */
export function render(session) {
  return [transferForm(session), transferAnswer(session), encumbranceForm(session), encumbranceAnswer(session)];
}

// The registry's decisions on a registration outside the queues, as dareg cancel and the API's
// suspend, resume and recordTransfer do: cancel (registrar), suspend and resume (registrar, regulator),
// record a transfer by inheritance, judgment or change of name (registrar), revoke by a court or
// regulator's order (regulator, as dareg revoke --basis ORDER; the registrar revokes from its queue),
// and the sweep that records expiries and lapsed objections (registrar, registry admin). Reasons and documents stay here; the
// ledger records the public reason and their SHA-256.
import { bilingual, chinaTime, el } from './dom.js';
import { sha256 } from './session.js';
import { button, details, field, outcomeBox, required, section, showDone, showRegistration, values } from './ui.js';

const CANCELLATION = { HOLDER_REQUEST: ['权利人申请注销', 'at the holder\u2019s request'], JUDGMENT: ['依生效判决注销', 'by a judgment'] };
const UNILATERAL = { INHERITANCE: ['继承', 'inheritance'], COURT_JUDGMENT: ['法院判决', 'court judgment'], NAME_CHANGE: ['名称变更', 'change of name'] };

const at = (form, step) => `/registrations/${encodeURIComponent(required(form, 'regNo', '登记编号', 'registration number'))}/${step}`;

/** Suspend and resume (and, for a registrar, cancel) with the public reason. */
function standing(session, registrar) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'standing' },
    field('登记编号', 'Reg. no.', 'regNo'),
    ...(registrar ? [field('注销依据', 'Basis of cancellation', 'basis', { options: CANCELLATION })] : []),
    field('理由（公开）', 'Reason (public)', 'reason', { rows: 2 }));
  const act = (step, zh, en, doneZh, doneEn, extra = () => ({})) => button(zh, en, box, async () => {
    const path = at(form, step);
    const reason = required(form, 'reason', '理由', 'reason');
    showRegistration(box, await session.post(path, { reason, reasonHash: await sha256(reason), ...extra() }), doneZh, doneEn);
  }, { 'data-action': step });
  form.append(act('suspension', '中止登记', 'Suspend', '已中止', 'suspended'), act('resumption', '恢复登记', 'Resume', '已恢复', 'resumed'),
    ...(registrar ? [act('cancellation', '注销登记', 'Cancel', '已注销，记录保留', 'cancelled (records kept)', () => ({ basis: values(form).basis }))] : []), box);
  return section(registrar ? '中止、恢复、注销' : '中止、恢复', registrar ? 'Suspend, resume, cancel' : 'Suspend, resume', el('p', { class: 'note' }, ...bilingual(
    '中止期间证书不能通过查验；恢复后重新有效。注销后登记终止，记录保留。',
    'While suspended the certificate does not verify; resumed, it does again. A cancelled registration ends; its records are kept.')), form);
}

/** A regulator revokes a registration by a court's or regulator's order, naming the order. */
function revocationByOrder(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'revoke-by-order' },
    el('p', { class: 'note' }, ...bilingual('依法院或监管机关的决定撤销登记；证书随之失效，记录保留。',
      'Revoke a registration by a court’s or regulator’s order; its certificate stops verifying and the records are kept.')),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('决定文号', 'Order reference', 'orderRef'),
    field('理由（公开）', 'Reason (public)', 'reason', { rows: 2 }));
  form.append(button('撤销登记', 'Revoke', box, async () => {
    const path = at(form, 'revocation');
    const orderRef = required(form, 'orderRef', '决定文号', 'order reference');
    const reason = required(form, 'reason', '理由', 'reason');
    showRegistration(box, await session.post(path, { basis: 'ORDER', orderRef, reason, reasonHash: await sha256(reason) }), '已依决定撤销', 'revoked by order');
  }, { 'data-action': 'revoke-by-order' }), box);
  return section('依决定撤销', 'Revoke by order', form);
}

function unilateralTransfer(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'record-transfer' },
    el('p', { class: 'note' }, ...bilingual('依继承、法院判决或名称变更记录转移，无需原权利人同意；原证书被替换，请再签发新证书。',
      'Record a transfer by inheritance, judgment or change of name, which needs no holder\u2019s consent; the certificate is superseded, so sign the new one.')),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('依据', 'Basis', 'basis', { options: UNILATERAL }),
    field('受让方账户', 'Recipient account', 'to'),
    field('依据文件（判决书、继承公证书等的编号或文本）', 'Document (judgment, notarised inheritance, …), reference or text', 'document'));
  form.append(button('记录转移', 'Record the transfer', box, async () => {
    const path = at(form, 'transfers/unilateral');
    const v = values(form);
    const t = await session.post(path, { basis: v.basis, to: required(form, 'to', '受让方账户', 'recipient account'), documentHash: await sha256(required(form, 'document', '依据文件', 'document')) });
    showDone(box, el('span', { 'data-transfer-no': t.transferNo, 'data-status': t.status },
      ...bilingual(`转移已记录：${t.transferNo}（${t.status}）`, `Transfer recorded: ${t.transferNo} (${t.status})`)));
  }, { 'data-action': 'record-transfer' }), box);
  return section('记录非合意转移', 'Record a transfer by law', form);
}

/** The sweep and what it changed. */
export function sweep(session) {
  const box = outcomeBox();
  const list = (items) => items.join('、');
  const form = el('div', { class: 'form', id: 'sweep' },
    el('p', { class: 'note' }, ...bilingual('记录已到期的登记（规则配置要求时注销）和逾期未起诉的异议，并列出逾期未转送的异议和逾期未决定的变更申请。',
      'Records expiries (cancelling where the profile says so) and lapsed objections, and lists objections not forwarded and change applications not decided in time.')));
  form.append(button('执行清理', 'Run the sweep', box, async () => {
    const s = await session.post('/ledger/sweep');
    showDone(box, el('span', { 'data-swept': String(s.expired.length + s.cancelled.length + s.lapsedObjections.length) },
      ...bilingual(`已清理（${chinaTime(s.sweptAt)}）`, `Swept${s.more ? '; more remain: run it again' : ''}`)), details([
      ['已到期', 'Expired', list(s.expired)],
      ['已注销', 'Cancelled', list(s.cancelled)],
      ['逾期未起诉的异议', 'Lapsed objections', list(s.lapsedObjections)],
      ['逾期未转送的异议', 'Objections not forwarded in time', list(s.overdueForwarding)],
      ['逾期未决定的变更', 'Change applications past their due date', list(s.overdueChangeReviews)],
    ]));
  }, { 'data-action': 'sweep' }), box);
  return section('到期清理', 'Sweep', form);
}

/** A registrar's decisions; a regulator's (suspend and resume, revoke by order) when registrar is false. */
export function render(session, registrar) {
  return registrar ? [standing(session, true), unilateralTransfer(session), sweep(session)] : [standing(session, false), revocationByOrder(session)];
}

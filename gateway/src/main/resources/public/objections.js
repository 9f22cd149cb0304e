// An objector's part, as dareg objection raise / objection file: raise an objection to a
// registration (during its notice, or after issue), with its grounds and evidence kept here and only
// their SHA-256 on the ledger; and, when an ownership objection is referred to court, record the
// court filing. Anyone identified may object, except a holder to its own registration.
import { bilingual, el } from './dom.js';
import { OBJECTION_KIND, OBJECTION_STATUS } from './labels.js';
import { sha256 } from './session.js';
import { button, field, outcomeBox, required, section, showRecord, values } from './ui.js';

/** The SHA-256 of the text typed in a form's field, or a refusal in words when it is empty. */
const hashOf = (form, name, zh, en) => sha256(required(form, name, zh, en));

const shown = (box, o, zh, en) => showRecord(box, o.objectionNo, { 'data-objection-no': o.objectionNo }, [`异议 ${zh}`, `objection ${en}`], OBJECTION_STATUS, o.status);

function raise(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'raise-objection' },
    el('p', { class: 'note' }, ...bilingual('对公示中或已登记的登记提出异议；异议书和证据原文留在本机，链上只记录其 SHA-256。',
      'Object to a registration in notice or issued; the grounds and evidence stay here, the ledger records their SHA-256.')),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('异议类型', 'Kind', 'kind', { options: OBJECTION_KIND }),
    field('异议理由', 'Grounds', 'grounds', { rows: 3 }),
    field('证据说明或编号', 'Evidence, described or referenced', 'evidence', { rows: 2 }));
  form.append(button('提出异议', 'Raise the objection', box, async () => {
    const regNo = required(form, 'regNo', '登记编号', 'registration number');
    const o = await session.post(`/registrations/${encodeURIComponent(regNo)}/objections`, {
      kind: values(form).kind, groundsHash: await hashOf(form, 'grounds', '异议理由', 'grounds'), evidenceHash: await hashOf(form, 'evidence', '证据', 'evidence'),
    });
    shown(box, o, `已对 ${o.regNo} 提出`, `raised against ${o.regNo}`);
  }, { 'data-action': 'raise-objection' }), box);
  return section('提出异议', 'Raise an objection', form);
}

function courtFiling(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'court-filing' },
    el('p', { class: 'note' }, ...bilingual('权属异议移送法院后，异议人在期限内记录已向法院起诉（受理通知书的 SHA-256）。',
      'After an ownership objection is referred to court, the objector records the court filing in time (the SHA-256 of the court\u2019s acceptance notice).')),
    field('异议编号', 'Objection no.', 'objectionNo'),
    field('法院受理通知书（编号或文本）', 'The court\u2019s acceptance notice (reference or text)', 'document'));
  form.append(button('记录起诉', 'Record the court filing', box, async () => {
    const objectionNo = required(form, 'objectionNo', '异议编号', 'objection number');
    const o = await session.post(`/objections/${encodeURIComponent(objectionNo)}/court-filing`, { documentHash: await hashOf(form, 'document', '法院受理通知书', 'court\u2019s notice') });
    shown(box, o, '已记录起诉', 'court filing recorded');
  }, { 'data-action': 'court-filing' }), box);
  return section('记录起诉', 'Record a court filing', form);
}

/** The objector's sections. */
export function render(session) {
  return [raise(session), courtFiling(session)];
}

// An applicant's further steps on an application or a registration, as the API offers them: a
// co-holder confirms a joint application, the applicant attaches a document (by its SHA-256; the file
// stays here) or withdraws the application, and a holder abandons an issued right. Reasons go on the
// ledger in words and by hash, as dareg does.
import { bilingual, el } from './dom.js';
import { ATTACHMENT_KIND } from './labels.js';
import { sha256 } from './session.js';
import { button, field, outcomeBox, required, section, showRegistration, values } from './ui.js';

const at = (regNo, step) => `/registrations/${encodeURIComponent(regNo)}/${step}`;

const regNoOf = (form) => required(form, 'regNo', '登记编号', 'registration number');

function confirmation(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'confirm-joint' },
    el('p', { class: 'note' }, ...bilingual('共同申请须每一位共有人确认后，登记机构才受理。', 'A joint application is accepted for review only once every co-holder has confirmed it.')),
    field('登记编号', 'Reg. no.', 'regNo'));
  form.append(button('确认共同申请', 'Confirm the joint application', box, async () => {
    showRegistration(box, await session.post(at(regNoOf(form), 'confirmation')), '已确认共同申请', 'joint application confirmed');
  }, { 'data-action': 'confirm-joint' }), box);
  return section('确认共同申请', 'Confirm a joint application', form);
}

function attachment(session) {
  const box = outcomeBox();
  const file = el('input', { type: 'file', id: 'attach-file' });
  const form = el('div', { class: 'form', id: 'attach' },
    el('p', { class: 'note' }, ...bilingual('颁发前补充文件；只提交文件的 SHA-256，原件留存本单位。', 'Attach a document before issue; only its SHA-256 is sent, keep the original.')),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('文件类型', 'Document', 'kind', { options: ATTACHMENT_KIND }),
    field('出具人', 'Issued by', 'issuer'),
    field('签署日期', 'Dated', 'date', { type: 'date' }),
    el('label', {}, ...bilingual('选择文件（在本机计算 SHA-256，文件不上传）', 'pick the document (SHA-256 computed here, the file is not sent)'), file));
  form.append(button('补充文件', 'Attach the document', box, async () => {
    const regNo = regNoOf(form);
    const v = values(form);
    if (!file.files[0]) throw { zh: '请选择要补充的文件。', en: 'Pick the document to attach.' };
    const hash = await sha256(new Uint8Array(await file.files[0].arrayBuffer()));
    const r = await session.post(at(regNo, 'attachments'), { attachment: { kind: v.kind, issuer: v.issuer, algorithm: 'SHA256', hash, date: v.date || null } });
    showRegistration(box, r, `已补充文件，摘要 ${hash.slice(0, 16)}…`, `document attached, SHA-256 ${hash.slice(0, 16)}…`);
  }, { 'data-action': 'attach' }), box);
  return section('补充文件', 'Attach a document', form);
}

function endings(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'withdraw-abandon' },
    el('p', { class: 'note' }, ...bilingual('申请人可在颁发前撤回申请；权利人可放弃已登记的权利，登记随之终止，记录保留。',
      'The applicant may withdraw before issue; a holder may abandon a registered right, which ends the registration (its records are kept).')),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('理由（公开）', 'Reason (public)', 'reason', { rows: 2 }));
  const end = (step, zh, en, doneZh, doneEn) => button(zh, en, box, async () => {
    const regNo = regNoOf(form);
    const reason = required(form, 'reason', '理由', 'reason');
    showRegistration(box, await session.post(at(regNo, step), { reason, reasonHash: await sha256(reason) }), doneZh, doneEn);
  }, { 'data-action': step });
  form.append(end('withdrawal', '撤回申请', 'Withdraw the application', '申请已撤回', 'withdrawn'),
    end('abandonment', '放弃权利', 'Abandon the right', '已放弃', 'abandoned'), box);
  return section('撤回或放弃', 'Withdraw or abandon', form);
}

/** The applicant's sections. */
export function render(session) {
  return [confirmation(session), attachment(session), endings(session)];
}

// A holder's work on a registration already applied for, as dareg does: respond to a correction
// request (the registration's reason shown, new evidence or a changed description sent), apply to
// change or correct an issued registration (dareg change apply), and answer an objection.
import { bilingual, chinaTime, el } from './dom.js';
import { FREQUENCY, OBJECTION_STATUS, badge } from './labels.js';
import { sha256 } from './session.js';
import { button, field, outcomeBox, registrationLink, section, showDone, values } from './ui.js';

const words = (text) => text.split(/[,，、\s]+/).filter(Boolean);

/** Fields for the parts of the public description a holder commonly changes; empty ones keep what is registered. */
function assetFields() {
  return [
    field('新的资产名称（空为不变）', 'New asset name (empty: unchanged)', 'name'),
    field('新的版本（空为不变）', 'New version (empty: unchanged)', 'version'),
    field('新的适用范围（空为不变）', 'New scope of use (empty: unchanged)', 'scope'),
    field('新的应用场景（逗号分隔，空为不变）', 'New scenarios (comma separated; empty: unchanged)', 'scenarios'),
    field('新的更新频率', 'New update frequency', 'updateFrequency', { options: { '': ['（不变）', '(unchanged)'], ...FREQUENCY } }),
  ];
}

/** The registered description with the form's changes over it, or null when nothing changed. */
function changedAsset(asset, v) {
  const changes = {};
  for (const k of ['name', 'version', 'scope', 'updateFrequency']) if (v[k]) changes[k] = v[k];
  if (v.scenarios) changes.scenarios = v.scenarios.split(/[,，、]+/).map((x) => x.trim()).filter(Boolean);
  return Object.keys(changes).length ? { ...asset, ...changes } : null;
}

/** Evidence numbers typed in, plus a deposit of the picked file's SHA-256 (the file is not sent). */
async function evidence(session, typed, file) {
  const numbers = words(typed);
  if (file.files[0]) {
    const bytes = new Uint8Array(await file.files[0].arrayBuffer());
    numbers.push((await session.post('/evidence', { algorithm: 'SHA256', hash: await sha256(bytes), size: bytes.length, channel: 'dareg' })).evidenceNo);
  }
  return numbers;
}

/** One registration that needs correction: what the registry asked, and the corrected application. */
function correction(session, r) {
  const box = outcomeBox();
  const file = el('input', { type: 'file', name: 'evidenceFile' });
  const form = el('div', { class: 'form' },
    el('p', {}, ...bilingual('补正理由', 'What to correct'), `：${r.reason || '—'}`),
    el('p', {}, ...bilingual('补正期限', 'Correct by'), ` ${chinaTime(r.correctionDeadline)}`),
    ...assetFields(),
    field('补充存证编号（逗号分隔，空为不变）', 'Evidence numbers (comma separated; empty: unchanged)', 'evidenceNos'),
    el('label', {}, ...bilingual('或选择数据文件存证（在本机计算 SHA-256）', 'or pick the data file to deposit (SHA-256 computed here)'), file));
  form.append(button('提交补正', 'Submit the correction', box, async () => {
    const v = values(form);
    const numbers = await evidence(session, v.evidenceNos, file);
    const next = await session.post(`/registrations/${encodeURIComponent(r.regNo)}/correction`, {
      asset: changedAsset(r.asset, v), evidenceNos: numbers.length ? [...new Set([...r.evidenceNos, ...numbers])] : null,
    });
    showDone(box, ...bilingual(`已补正，${r.regNo} 重新进入形式审查。`, `Corrected: ${r.regNo} is in formal review again (${next.status}).`));
  }, { 'data-action': 'correct' }), box);
  return el('li', { 'data-reg-no': r.regNo }, el('h3', {}, `${r.asset.name} `, registrationLink(r.regNo)), form);
}

function corrections(session, items) {
  const due = items.filter((r) => r.status === 'NEEDS_CORRECTION');
  return section('待补正', 'Corrections asked for', due.length
    ? el('ol', { class: 'queue', id: 'corrections' }, ...due.map((r) => correction(session, r)))
    : el('p', { class: 'empty', id: 'corrections' }, ...bilingual('没有需要补正的申请。', 'No application needs correction.')));
}

function changeForm(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'change' },
    el('p', { class: 'note' }, ...bilingual('已登记的数据发生变化（变更登记）或登记有误（更正登记）时申请；批准后原证书被替换，登记机构签发新证书。',
      'Apply when registered data has changed (变更) or was recorded wrongly (更正); once approved the certificate is superseded and the registry signs a new one.')),
    field('登记编号', 'Reg. no.', 'regNo'),
    field('申请类型', 'Kind', 'kind', { options: { CHANGE: ['变更登记', 'change'], CORRECTION: ['更正登记', 'correction'] } }),
    ...assetFields(),
    field('授权协议新的截止日', 'New end of the authorisation agreement', 'authorisationEnds', { type: 'date' }),
    field('数据新的有效期至', 'New end of the data\u2019s validity', 'dataValidUntil', { type: 'date' }),
    field('理由（公开）', 'Reason (public)', 'reason', { rows: 2 }),
    field('证明文件说明（记录其 SHA-256）', 'Supporting documents, described (their SHA-256 is recorded)', 'documents'));
  form.append(button('提交申请', 'Apply', box, async () => {
    const v = values(form);
    const path = `/registrations/${encodeURIComponent(v.regNo)}`;
    const asset = changedAsset((await session.get(path)).registration.asset, v);
    const c = await session.post(`${path}/changes`, {
      kind: v.kind, asset, authorisationEnds: v.authorisationEnds || null, dataValidUntil: v.dataValidUntil || null,
      reason: v.reason, reasonHash: v.documents ? await sha256(v.documents) : null,
    });
    showDone(box, el('span', { 'data-change-no': c.changeNo }, ...bilingual(`申请已提交：${c.changeNo}，登记机构应于 ${chinaTime(c.reviewDue)} 前决定。`,
      `Applied: ${c.changeNo}; the registry decides by ${c.reviewDue}.`)));
  }, { 'data-action': 'apply-change' }), box);
  return section('变更、更正登记', 'Change or correct a registration', form);
}

function objectionAnswer(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'answer-objection' },
    el('p', { class: 'note' }, ...bilingual('权利人答复对其登记的异议；答复原文留在本机，链上记录其 SHA-256。',
      'The holder answers an objection to its registration; the answer stays here, the ledger records its SHA-256.')),
    field('异议编号', 'Objection no.', 'objectionNo'),
    field('答复', 'Answer', 'answer', { rows: 2 }));
  form.append(button('答复异议', 'Answer the objection', box, async () => {
    const v = values(form);
    const o = await session.post(`/objections/${encodeURIComponent(v.objectionNo)}/answer`, { documentHash: await sha256(v.answer) });
    showDone(box, ...bilingual(`异议 ${o.objectionNo} 已答复。`, `Objection ${o.objectionNo} answered.`), ' ', badge(OBJECTION_STATUS, o.status));
  }, { 'data-action': 'answer-objection' }), box);
  return section('答复异议', 'Answer an objection', form);
}

/** The holder's sections for registrations applied for or issued; items are the account's registrations. */
export function render(session, items) {
  return [corrections(session, items), changeForm(session), objectionAnswer(session)];
}

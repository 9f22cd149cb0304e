// One registration as any signed-in reader may see it: its details, the certificate in force, the
// encumbrances, what is pending (a transfer or encumbrance awaiting consent, a change application),
// pending objections, its provenance timeline (getProvenance) in time order, and its signed documents to save.
import { bilingual, chinaTime, el } from './dom.js';
import { ASSET_CLASS, ASSET_FORM, ENCUMBRANCE, OBJECTION_STATUS, RECORD, RIGHT_TYPE, SOURCE, STATUS, badge, named } from './labels.js';
import { downloadButton } from './downloads.js';
import { certificateLinks, details, outcomeBox, registrationLink, section } from './ui.js';

/** Account names by id, as far as the caller may read them. */
export async function accountNames(session, ids) {
  const names = {};
  await Promise.all(ids.map(async (id) => {
    try {
      names[id] = (await session.get(`/accounts/${encodeURIComponent(id)}`)).name;
    } catch {
      names[id] = null;
    }
  }));
  return names;
}

export async function render(session, regNo) {
  const path = `/registrations/${encodeURIComponent(regNo)}`;
  const [view, provenance] = await Promise.all([session.get(path), session.get(`${path}/provenance`)]);
  const r = view.registration;
  const a = r.asset;
  const names = await accountNames(session, r.holders);
  const holders = r.holders.map((id) => (names[id] ? `${names[id]}（${id}）` : id)).join('；');
  const page = el('article', { id: 'registration', 'data-reg-no': r.regNo, 'data-status': view.effectiveStatus },
    el('h2', {}, `${a.name}（${r.regNo}）`),
    details([
      ['状态', 'Status', badge(STATUS, view.effectiveStatus)],
      ['权利人', 'Holders', holders],
      ['权利类型', 'Right', named(RIGHT_TYPE, r.rightType)],
      ['资产类别与形态', 'Class and form', `${named(ASSET_CLASS, a.assetClass)}；${named(ASSET_FORM, a.form)}`],
      ['版本', 'Version', a.version],
      ['行业', 'Industry', a.industry],
      ['数据来源', 'Sources', (a.sources || []).map((s) => named(SOURCE, s)).join('；')],
      ['应用场景', 'Scenarios', (a.scenarios || []).join('、')],
      ['适用范围', 'Scope', a.scope],
      ['规则配置', 'Profile', r.profile],
      ['存证', 'Evidence', (r.evidenceNos || []).join('、')],
      ['提交时间', 'Submitted', chinaTime(r.submittedAt)],
      ['公示期', 'Notice', r.noticeStart ? `${chinaTime(r.noticeStart)} — ${chinaTime(r.noticeEnd)}` : '—'],
      ['登记时间', 'Registered', chinaTime(r.issuedAt)],
      ['有效期至', 'Valid until', r.issuedAt ? (r.validUntil ? chinaTime(r.validUntil) : '长期 no end') : '—'],
      ['现行证书', 'Certificate in force', view.certificate ? certificateLinks(view.certificate.certNo) : '—'],
      ['理由', 'Reason', r.reason],
    ]));
  if ((r.duplicateOf || []).length) {
    // 一数多登: the same evidence hash rests under another registry's registration (docs/recognition.md).
    page.insertBefore(el('p', { class: 'warning', id: 'duplicate-of' }, ...bilingual('一数多登：此登记所依据的数据已在其他登记机构登记：',
      'Registered elsewhere: the data this registration rests on is already registered at another registry:'), ' ',
    ...r.duplicateOf.flatMap((n, i) => [...(i ? ['、'] : []), registrationLink(n)])), page.children[1]);
  }
  if (view.encumbrances.length) {
    page.append(section('权利负担', 'Encumbrances', el('ul', {}, ...view.encumbrances.map((e) =>
      el('li', {}, `${e.encumbranceNo}：${named(ENCUMBRANCE, e.kind)}，${names[e.counterparty] || e.counterparty}，${e.scope}`)))));
  }
  const pending = [
    ...(view.pendingTransfer ? [el('li', { 'data-transfer-no': view.pendingTransfer.transferNo }, ...bilingual('转让', 'Transfer'),
      ` ${view.pendingTransfer.transferNo}：→ ${names[view.pendingTransfer.to] || view.pendingTransfer.to}，`, ...waiting(view.pendingTransfer, view.pendingTransfer.from))] : []),
    ...(view.pendingEncumbrances || []).map((e) => el('li', { 'data-encumbrance-no': e.encumbranceNo },
      `${e.encumbranceNo}：${named(ENCUMBRANCE, e.kind)}，${names[e.counterparty] || e.counterparty}，`, ...waiting(e, e.holders))),
    ...(view.pendingChange ? [el('li', { 'data-change-no': view.pendingChange.changeNo }, ...bilingual('变更或更正申请', 'Change or correction'),
      ` ${view.pendingChange.changeNo}：${view.pendingChange.reason}；`, ...bilingual('应于此前决定', 'decided by'), ` ${chinaTime(view.pendingChange.reviewDue)}`)] : []),
  ];
  if (pending.length) {
    page.append(section('待办', 'Pending', el('ul', { id: 'pending' }, ...pending)));
  }
  if (view.objections.length) {
    page.append(section('待处理异议', 'Pending objections', el('ul', {}, ...view.objections.map((o) =>
      el('li', {}, `${o.objectionNo}：${named(OBJECTION_STATUS, o.status)}，${chinaTime(o.raisedAt)}`)))));
  }
  page.append(section('溯源时间线', 'Provenance timeline', timeline(provenance)), documents(session, r));
  return page;
}

/** The registration's signed documents to save: its judicial extract and each evidence deposit's report. */
function documents(session, r) {
  const box = outcomeBox();
  const n = encodeURIComponent(r.regNo);
  return section('文件', 'Documents', el('div', { class: 'actions', id: 'registration-documents' },
    downloadButton(session, '司法存证摘录', 'Judicial extract (PDF)', box, () => [`/registrations/${n}/extract`, `${r.regNo}-extract.pdf`], { 'data-action': 'download-extract' }),
    ...(r.evidenceNos || []).map((e) => downloadButton(session, `存证报告书 ${e}`, `Evidence report ${e} (PDF)`, box,
      () => [`/evidence/${encodeURIComponent(e)}/report`, `${e}-report.pdf`], { 'data-action': 'download-evidence-report', 'data-evidence-no': e }))), box);
}

/** Whose consent a pending transfer or encumbrance waits for, in words. */
function waiting(record, parties) {
  const consented = (record.consents || []).map((c) => c.account);
  const missing = (parties || []).filter((h) => !consented.includes(h));
  return missing.length ? bilingual(`待同意：${missing.join('、')}`, `awaiting the consent of ${missing.join(', ')}`) : bilingual('各方均已同意', 'everyone has consented');
}

/** The timeline: every write to every record of the asset, oldest first, with its transaction. */
function timeline(entries) {
  if (!entries.length) return el('p', {}, ...bilingual('没有记录。', 'No records.'));
  return el('ol', { id: 'provenance', class: 'timeline' }, ...entries.map((e) =>
    el('li', { 'data-record': e.record, 'data-state': e.state },
      el('time', { datetime: e.time }, chinaTime(e.time)),
      el('span', { class: 'what' }, `${named(RECORD, e.record)} ${e.number}`),
      el('span', { class: 'state' }, STATUS[e.state] ? badge(STATUS, e.state) : e.state),
      el('span', { class: 'tx' }, ...bilingual('交易', 'tx'), ` ${e.txId}`))));
}

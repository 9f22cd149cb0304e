// The registrar's work on issued registrations (issue 20): change and correction applications
// (approve, then sign the new certificate; or refuse with grounds) and objections registered after
// issue (forward to the holder, decide). The ledger keeps no list of them by status, so this queue
// reads the view of each issued registration and keeps those with something pending.
import { bilingual, chinaTime, el } from './dom.js';
import { OBJECTION_KIND, OBJECTION_STATUS, STATUS, badge, named } from './labels.js';
import { sha256 } from './session.js';
import { button, certificateLinks, field, outcomeBox, registrationLink, showDone, values } from './ui.js';

const KIND = { CHANGE: ['变更登记', 'change'], CORRECTION: ['更正登记', 'correction'] };

function change(s, r, c, box) {
  const form = el('div', { class: 'form' }, field('决定（原文留在本机）', 'Decision (kept here)', 'decision', { rows: 2 }),
    field('不予变更的理由（公开）', 'Grounds for refusal (public)', 'grounds'));
  const at = `/changes/${encodeURIComponent(c.changeNo)}`;
  return el('div', { class: 'change', 'data-change': c.changeNo },
    el('h4', {}, `${c.changeNo}：${named(KIND, c.kind)}`),
    el('p', {}, ...bilingual('理由', 'Reason'), `：${c.reason}`),
    el('p', {}, ...bilingual('应于此前决定', 'Decide by'), ` ${chinaTime(c.reviewDue)}`),
    form,
    button('批准', 'Approve', box, async () => {
      const v = values(form);
      const decided = await s.post(`${at}/approval`, { decisionHash: v.decision ? await sha256(v.decision) : null });
      const sign = button('签发新证书', 'Sign the new certificate', box, async () => {
        const certificate = await s.post(`/registrations/${encodeURIComponent(r.regNo)}/certificates`);
        showDone(box, ...bilingual('新证书已签发：', 'New certificate issued:'), ' ', certificateLinks(certificate.payload.certNo));
      }, { 'data-action': 'sign-after-change' });
      showDone(box, ...bilingual(`变更已批准，原证书 ${decided.supersededCertificate || ''} 被替换。`,
        `Approved: certificate ${decided.supersededCertificate || ''} is superseded.`), ' ', sign);
      sign.focus();
    }, { 'data-action': 'change-approve' }),
    button('不予变更', 'Refuse', box, async () => {
      const v = values(form);
      await s.post(`${at}/refusal`, { reason: v.grounds, decisionHash: await sha256(v.grounds) });
      showDone(box, ...bilingual('已决定不予变更。', 'Refused.'));
    }, { 'data-action': 'change-refuse' }));
}

function objection(s, o, box) {
  const form = el('div', { class: 'form' }, field('决定、判决或转送函', 'Decision, judgment or forwarding letter', 'outcome', { rows: 2 }));
  const at = `/objections/${encodeURIComponent(o.objectionNo)}`;
  const hashOrNull = async () => (values(form).outcome ? sha256(values(form).outcome) : null);
  const resolve = (outcome, zh, en) => button(zh, en, box, async () => {
    await s.post(`${at}/resolution`, { outcome, outcomeHash: await sha256(values(form).outcome) });
    showDone(box, ...bilingual(`异议 ${o.objectionNo}：${OBJECTION_STATUS[outcome][0]}`, `Objection ${o.objectionNo}: ${OBJECTION_STATUS[outcome][1]}.`));
  }, { 'data-action': `objection-${outcome}` });
  return el('div', { class: 'objection', 'data-objection': o.objectionNo },
    el('h4', {}, `${o.objectionNo}：${named(OBJECTION_KIND, o.kind)} `, badge(OBJECTION_STATUS, o.status)),
    el('p', {}, ...bilingual('提出', 'Raised'), ` ${chinaTime(o.raisedAt)}；`, ...bilingual('转送期限', 'forward by'), ` ${chinaTime(o.forwardDue)}；`,
      ...bilingual('已转送', 'forwarded'), ` ${chinaTime(o.forwardedAt)}；`, ...bilingual('起诉期限', 'court filing by'), ` ${chinaTime(o.filingDeadline)}`),
    form,
    ...(o.forwardedAt ? [] : [button('已转送权利人', 'Forwarded to the holder', box, async () => {
      const f = await s.post(`${at}/forwarding`, { documentHash: await hashOrNull() });
      showDone(box, ...bilingual(`已记录转送，权利人应于 ${chinaTime(f.answerDue)} 前答复。`, `Forwarding recorded: the holder answers by ${f.answerDue}.`));
    }, { 'data-action': 'objection-forward' })]),
    resolve('DISMISSED', '异议不成立', 'Dismiss'), resolve('UPHELD', '异议成立', 'Uphold'), resolve('LAPSED', '逾期未起诉', 'Lapsed'));
}

/** Issued registrations with a pending change or objection, each with its decisions. */
export async function render(session) {
  const items = [];
  let bookmark = '';
  do {
    const page = await session.get(`/registrations?status=ISSUED&pageSize=200${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`);
    items.push(...page.items);
    bookmark = page.bookmark || '';
  } while (bookmark && items.length < 1000);
  const views = await Promise.all(items.map((r) => session.get(`/registrations/${encodeURIComponent(r.regNo)}`)));
  const pending = views.filter((v) => v.pendingChange || v.objections.length);
  const list = el('ol', { class: 'queue' }, ...pending.map((v) => {
    const r = v.registration;
    const box = outcomeBox();
    return el('li', { 'data-reg-no': r.regNo, 'data-status': v.effectiveStatus },
      el('h3', {}, `${r.asset.name} `, registrationLink(r.regNo)),
      el('p', { class: 'meta' }, badge(STATUS, v.effectiveStatus), ' · ', ...(v.certificate ? [certificateLinks(v.certificate.certNo)] : ['—'])),
      el('div', { class: 'actions' }, ...(v.pendingChange ? [change(session, r, v.pendingChange, box)] : []),
        ...v.objections.map((o) => objection(session, o, box))), box);
  }));
  return el('section', { 'data-queue': 'AFTER_ISSUE' },
    el('h3', {}, '变更、更正申请与登记后异议', el('span', { class: 'count' }, `（${pending.length}）`), ' ',
      el('span', { lang: 'en' }, 'Change and correction applications, objections after issue')),
    pending.length ? list : el('p', { class: 'empty' }, ...bilingual('无待办。', 'Nothing to do.')));
}

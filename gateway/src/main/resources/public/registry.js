// The registry's work queue: registrations by status that need a registrar's (or a reviewer's) step,
// each step a button calling the API. Written opinions and grounds stay here; only their SHA-256
// goes on the ledger, as with the dareg command line.
import { bilingual, chinaTime, el } from './dom.js';
import { OBJECTION_KIND, OBJECTION_STATUS, REVOCATION, STATUS, badge, named } from './labels.js';
import * as afterIssue from './afterissue.js';
import { sha256 } from './session.js';
import { button, certificateLinks, field, outcomeBox, registrationLink, section, showDone, values } from './ui.js';

const path = (regNo, step) => `/registrations/${encodeURIComponent(regNo)}${step}`;
const hashOrNull = async (text) => (text ? sha256(text) : null);

/** Issues the registration if it is still in notice, then signs its certificate; shows the certificate. */
async function issueAndSign(session, r, box) {
  if (r.status !== 'ISSUED') {
    await session.post(path(r.regNo, '/issue'));
    r.status = 'ISSUED';
  }
  const certificate = await session.post(path(r.regNo, '/certificates'));
  showDone(box, ...bilingual('证书已签发：', 'Certificate issued:'), ' ', certificateLinks(certificate.payload.certNo));
}

function formalReview(s, r, box) {
  const form = el('div', { class: 'form' }, field('审查意见', 'Opinion', 'opinion', { rows: 2 }),
    field('补正或驳回理由（公开）', 'Reason, for correction or rejection (public)', 'reason'));
  const decide = (outcome, zh, en) => button(zh, en, box, async () => {
    const v = values(form);
    await s.post(path(r.regNo, '/formal-review'), { outcome, opinionHash: await sha256(v.opinion), reason: v.reason || null });
    showDone(box, ...bilingual('形式审查结论已记录。', 'The formal review decision is recorded.'));
  }, { 'data-action': `formal-${outcome}` });
  return [form, decide('PASS', '通过', 'Pass'), decide('NEEDS_CORRECTION', '需补正', 'Needs correction'), decide('REJECT', '驳回', 'Reject')];
}

/**
 * Steps for each status a registrar acts on: [queue, heading zh, heading en, controls, query]; the
 * query defaults to the registrations in that status.
 */
const REGISTRAR_STEPS = [
  ['OVERDUE', '超期的形式审查', 'Formal reviews past their due date (the registry is late)', formalReview, 'overdue=true'],
  ['SUBMITTED', '待受理', 'To accept for formal review', (s, r, box) => [
    button('受理', 'Accept for review', box, async () => {
      await s.post(path(r.regNo, '/formal-review/start'));
      showDone(box, ...bilingual('已受理，进入形式审查。', 'Accepted: now in formal review.'));
    }, { 'data-action': 'start' })]],
  ['FORMAL_REVIEW', '形式审查', 'Formal review', formalReview],
  ['SUBSTANTIVE_REVIEW', '待公示', 'To publish the notice (after a passing substantive opinion)', (s, r, box) => {
    const form = el('div', { class: 'form' }, field('不予登记理由（公开）', 'Grounds for rejection (public)', 'reason'));
    return [
      button('发布公示', 'Publish the notice', box, async () => {
        const reg = await s.post(path(r.regNo, '/notice'));
        showDone(box, ...bilingual(`已公示，至 ${chinaTime(reg.noticeEnd)}。`, `In public notice until ${reg.noticeEnd}.`));
      }, { 'data-action': 'notice' }),
      form,
      button('不予登记', 'Reject', box, async () => {
        const reason = values(form).reason;
        await s.post(path(r.regNo, '/rejection'), { reason, reasonHash: await hashOrNull(reason) });
        showDone(box, ...bilingual('已决定不予登记。', 'Rejected.'));
      }, { 'data-action': 'reject' })];
  }],
  ['PUBLIC_NOTICE', '公示中', 'In public notice: issue once it has ended', (s, r, box) => [
    el('p', {}, ...bilingual('公示期至', 'Notice ends'), ' ', chinaTime(r.noticeEnd)),
    button('颁发证书', 'Issue the certificate', box, () => issueAndSign(s, r, box), { 'data-action': 'issue' })]],
  ['OBJECTION_PENDING', '异议处理', 'Objections to decide', (s, r, box) => [objections(s, r, box)]],
  ['ISSUED', '已登记', 'Registered: certificate, renewal, revocation', (s, r, box) => {
    const form = el('div', { class: 'form' }, field('撤销依据', 'Basis of revocation', 'basis', { options: { '': ['（请选择）', '(choose one)'], ...REVOCATION } }),
      field('决定文号（依决定撤销时）', 'Order reference (for an order)', 'orderRef'), field('撤销理由（公开）', 'Reason (public)', 'reason'));
    return [
      ...(r.certificateNo ? [el('p', {}, ...bilingual('现行证书', 'Certificate'), ' ', certificateLinks(r.certificateNo))]
        : [button('签发证书', 'Sign the certificate', box, () => issueAndSign(s, r, box), { 'data-action': 'sign' })]),
      button('续展', 'Renew', box, async () => {
        const reg = await s.post(path(r.regNo, '/renewal'));
        showDone(box, ...bilingual(`已续展至 ${chinaTime(reg.validUntil)}；请签发新证书。`, 'Renewed: sign the new certificate.'));
      }, { 'data-action': 'renew' }),
      form,
      button('撤销登记', 'Revoke', box, async () => {
        const v = values(form);
        await s.post(path(r.regNo, '/revocation'), { basis: v.basis, orderRef: v.orderRef || null, reason: v.reason, reasonHash: await sha256(v.reason) });
        showDone(box, ...bilingual('登记已撤销，证书随之失效。', 'Revoked: its certificate is no longer in force.'));
      }, { 'data-action': 'revoke' })];
  }],
];

const REVIEWER_STEPS = [
  ['SUBSTANTIVE_REVIEW', '实质审查', 'Substantive review', (s, r, box) => {
    const form = el('div', { class: 'form' }, field('审查意见', 'Opinion', 'opinion', { rows: 2 }));
    const decide = (outcome, zh, en) => button(zh, en, box, async () => {
      await s.post(path(r.regNo, '/substantive-review'), { outcome, opinionHash: await sha256(values(form).opinion) });
      showDone(box, ...bilingual('审查意见已记录。', 'The opinion is recorded.'));
    }, { 'data-action': `substantive-${outcome}` });
    return [form, decide('PASS', '通过', 'Pass'), decide('REJECT', '不通过', 'Reject')];
  }],
];

/** The pending objections of a registration, each with the registrar's decisions. */
function objections(s, r, box) {
  const list = el('ul', { class: 'objections' });
  s.get(path(r.regNo, '')).then((view) => list.replaceChildren(...view.objections.map((o) => {
    const form = el('div', { class: 'form' }, field('决定或判决', 'Decision or judgment', 'outcome', { rows: 2 }));
    const at = `/objections/${encodeURIComponent(o.objectionNo)}`;
    const resolve = (outcome, zh, en) => button(zh, en, box, async () => {
      await s.post(`${at}/resolution`, { outcome, outcomeHash: await sha256(values(form).outcome) });
      showDone(box, ...bilingual(`异议 ${o.objectionNo}：${OBJECTION_STATUS[outcome][0]}`, `Objection ${o.objectionNo}: ${OBJECTION_STATUS[outcome][1]}.`));
    }, { 'data-action': `objection-${outcome}` });
    return el('li', { 'data-objection': o.objectionNo },
      `${o.objectionNo}（${named(OBJECTION_KIND, o.kind)}，${named(OBJECTION_STATUS, o.status)}，${chinaTime(o.raisedAt)}）`, form,
      resolve('DISMISSED', '异议不成立', 'Dismiss'), resolve('UPHELD', '异议成立', 'Uphold'), resolve('LAPSED', '逾期未起诉', 'Lapsed'),
      ...(o.kind === 'OWNERSHIP' ? [button('移送法院', 'Refer to court', box, async () => {
        await s.post(`${at}/referral`, { documentHash: await hashOrNull(values(form).outcome) });
        showDone(box, ...bilingual('已告知双方向法院起诉。', 'Referred: the objector has 15 days to file in court.'));
      }, { 'data-action': 'objection-refer' })] : []));
  })), (e) => list.replaceChildren(el('li', {}, String(e.message))));
  return list;
}

/** One queue section: the registrations in a status, each with its controls, 50 at a time. */
async function stage(session, [status, zh, en, controls, query = `status=${status}`]) {
  const list = el('ol', { class: 'queue' });
  const count = el('span', { class: 'count' });
  const more = el('button', { type: 'button', class: 'more', hidden: '' }, ...bilingual('下一页', 'Next 50'));
  let bookmark = '';
  const load = async () => {
    const page = await session.get(`/registrations?${query}&pageSize=50${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`);
    list.append(...page.items.map((r) => {
      const box = outcomeBox();
      return el('li', { 'data-reg-no': r.regNo, 'data-status': r.status },
        el('h3', {}, `${r.asset.name} `, registrationLink(r.regNo)),
        el('p', { class: 'meta' }, badge(STATUS, r.status), ` · ${chinaTime(r.updatedAt)}`,
          ...(r.status === 'FORMAL_REVIEW' && r.formalReviewDue ? [' · ', ...bilingual('审查期限', 'due'), ` ${chinaTime(r.formalReviewDue)}`] : [])),
        el('div', { class: 'actions' }, ...controls(session, r, box)), box);
    }));
    bookmark = page.bookmark || '';
    more.hidden = !bookmark;
    count.textContent = `（${list.children.length}${bookmark ? '+' : ''}）`;
  };
  more.addEventListener('click', () => load().catch((e) => more.replaceWith(el('p', { class: 'detail' }, String(e.message)))));
  await load();
  return el('section', { 'data-queue': status },
    el('h3', {}, zh, count, ' ', el('span', { lang: 'en' }, en)),
    list.children.length ? list : el('p', { class: 'empty' }, ...bilingual('无待办。', 'Nothing to do.')), more);
}

/** The queue for a registrar or a reviewer. */
export async function render(session, who) {
  const steps = who.role === 'REVIEWER' ? REVIEWER_STEPS : REGISTRAR_STEPS;
  const sections = await Promise.all([...steps.map((s) => stage(session, s)), ...(who.role === 'REVIEWER' ? [] : [afterIssue.render(session)])]);
  return section('工作队列', 'Work queue', el('p', { class: 'note' }, ...bilingual(
    '意见、理由和决定的原文留在本机，登记链上只记录其 SHA-256 摘要。', 'Opinions, grounds and decisions stay here; the ledger records only their SHA-256.')), ...sections);
}

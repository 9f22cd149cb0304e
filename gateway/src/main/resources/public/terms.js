// What the registry admin publishes and enforces, as dareg prohibited-list set and the API's
// setPublicTerms: the prohibited list (禁止交易清单) that listing checks and trades obey, and the fee
// schedule and operating rules the public fees page shows. Each form starts from what is in force.
import { bilingual, chinaTime, el } from './dom.js';
import { ASSET_CLASS, ASSET_FORM, SOURCE } from './labels.js';
import { sha256 } from './session.js';
import { button, choices, details, field, outcomeBox, required, section, showDone, ticked, values } from './ui.js';

const words = (text) => text.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean);


function prohibitedList(session, current) {
  const box = outcomeBox();
  const p = current || { assetClasses: [], forms: [], industries: [], sources: [], regNos: [] };
  const form = el('div', { class: 'form', id: 'prohibited-list' },
    ...(current ? [details([['现行清单设定', 'In force since', `${chinaTime(current.setAt)}，${current.setBy ? current.setBy.id : '—'}`]])] : []),
    choices('资产类别', 'Asset classes', 'assetClasses', ASSET_CLASS, p.assetClasses),
    choices('形态', 'Forms', 'forms', ASSET_FORM, p.forms),
    choices('数据来源', 'Sources', 'sources', SOURCE, p.sources),
    field('行业代码（逗号分隔，前缀匹配，如 I64）', 'Industry codes (comma separated; a code covers those it begins, e.g. I64)', 'industries', { value: p.industries.join(', ') }),
    field('登记编号（逗号分隔）', 'Registration numbers (comma separated)', 'regNos', { value: p.regNos.join(', ') }),
    field('依据的决定或通知（编号或文本，记录其 SHA-256）', 'The decision or notice it rests on (reference or text; its SHA-256 is recorded)', 'basis'));
  form.append(button('保存禁止交易清单', 'Save the prohibited list', box, async () => {
    const v = values(form);
    const s = await session.post('/settings/prohibited-list', {
      assetClasses: ticked(form, 'assetClasses'), forms: ticked(form, 'forms'), sources: ticked(form, 'sources'),
      industries: words(v.industries), regNos: words(v.regNos), basisHash: await sha256(required(form, 'basis', '依据', 'basis')),
    });
    const n = s.prohibited;
    const count = n.assetClasses.length + n.forms.length + n.sources.length + n.industries.length + n.regNos.length;
    showDone(box, el('span', { 'data-prohibited': String(count) }, ...bilingual(`已保存：${count} 项禁止挂牌交易。`, `Saved: ${count} entries may not be listed or traded.`)));
  }, { 'data-action': 'set-prohibited-list' }), box);
  return section('禁止交易清单', 'Prohibited list', el('p', { class: 'note' }, ...bilingual(
    '挂牌核验将匹配项记为障碍，匹配资产的交易被拒绝。', 'A listing check records a match as an obstacle; a trade of a matching asset is refused.')), form);
}

/** "item | amount | basis" lines as fee items, or a refusal naming the line that is not one. */
function fees(text) {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line, i) => {
    const [item, amount, basis] = line.split('|').map((x) => x.trim());
    if (!item || !amount || !basis) throw { zh: `第 ${i + 1} 行应为“项目 | 金额 | 依据”。`, en: `Line ${i + 1} should be 'item | amount | basis'.` };
    return { item, amount, basis };
  });
}

function publicTerms(session, settings) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'public-terms' },
    field('收费标准（每行：项目 | 金额 | 依据）', 'Fees, one a line: item | amount | basis', 'fees',
      { rows: 4, value: (settings.fees || []).map((f) => `${f.item} | ${f.amount} | ${f.basis}`).join('\n'), placeholder: '首次登记 | 免费 | 津发改价〔2024〕1号' }),
    field('业务规则', 'Operating rules', 'operatingRules', { rows: 5, value: settings.operatingRules || '' }));
  form.append(button('发布', 'Publish', box, async () => {
    const s = await session.post('/settings/public-terms', { fees: fees(values(form).fees), operatingRules: required(form, 'operatingRules', '业务规则', 'operating rules') });
    showDone(box, el('span', { 'data-fees': String(s.fees.length) }, ...bilingual(`已发布：${s.fees.length} 项收费，${chinaTime(s.termsUpdatedAt)}。`,
      `Published: ${s.fees.length} fees.`)), ' ', el('a', { href: '/api/v1/public/fees' }, ...bilingual('公开页面', 'public page')));
  }, { 'data-action': 'set-public-terms' }), box);
  return section('收费标准与业务规则', 'Fees and operating rules', el('p', { class: 'note' }, ...bilingual(
    '向公众公开（GET /api/v1/public/fees）。', 'Published to everyone (GET /api/v1/public/fees).')), form);
}

/** The registry admin's published terms, from the settings in force. */
export function render(session, settings) {
  return [prohibitedList(session, settings.prohibited), publicTerms(session, settings)];
}
